#include "wast/script_runner.h"

#include <algorithm>
#include <optional>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/string_view.h"
#include "base/file_util.h"
#include "wast/subprocess.h"

namespace weft::wast {
namespace {

struct Verdict {
  Outcome outcome;
  std::string reason;
};

Verdict Pass() { return {Outcome::kPassed, ""}; }
Verdict Fail(std::string why) { return {Outcome::kFailed, std::move(why)}; }
Verdict Skip(std::string why) { return {Outcome::kSkipped, std::move(why)}; }
Verdict NotRun() { return {Outcome::kNotRun, "needs an execution engine"}; }

std::string Quoted(absl::string_view s) { return absl::StrCat("\"", s, "\""); }

const char* InstantiateKindName(InstantiateOutcome::Kind k) {
  switch (k) {
    case InstantiateOutcome::Kind::kOk: return "ok";
    case InstantiateOutcome::Kind::kLinkError: return "link error";
    case InstantiateOutcome::Kind::kTrap: return "trap";
    case InstantiateOutcome::Kind::kError: return "error";
  }
  return "?";
}

std::string ValuesToString(const std::vector<Value>& values) {
  return absl::StrCat(
      "[", absl::StrJoin(values, ", ", [](std::string* out, const Value& v) {
        out->append(v.ToString());
      }), "]");
}

std::string DescribeOutcome(const ActionOutcome& o) {
  switch (o.kind) {
    case ActionOutcome::Kind::kOk:
      return absl::StrCat("returned ", ValuesToString(o.results));
    case ActionOutcome::Kind::kTrap:
      return absl::StrCat("trapped ", Quoted(o.message));
    case ActionOutcome::Kind::kExhaustion:
      return absl::StrCat("exhausted ", Quoted(o.message));
    case ActionOutcome::Kind::kError:
      return absl::StrCat("error ", Quoted(o.message));
  }
  return "?";
}

// A script action, parsed before anything runs so that script errors are
// found even without an engine.
struct Action {
  bool is_get = false;
  std::string module;  // empty: current module
  std::string field;
  std::vector<Value> args;
};

absl::StatusOr<Action> ParseAction(const json::Value& cmd) {
  const json::Value* a = cmd.Find("action");
  if (a == nullptr || !a->is_object()) {
    return absl::InvalidArgumentError("missing \"action\"");
  }
  const json::Value* type = a->Find("type");
  const json::Value* field = a->Find("field");
  if (type == nullptr || field == nullptr || !field->is_string()) {
    return absl::InvalidArgumentError("action without \"type\" or \"field\"");
  }
  Action action;
  action.field = field->string_value();
  if (const json::Value* m = a->Find("module"); m != nullptr) {
    if (!m->is_string()) return absl::InvalidArgumentError("bad action \"module\"");
    action.module = m->string_value();
  }
  if (type->string_value() == "get") {
    action.is_get = true;
    return action;
  }
  if (type->string_value() != "invoke") {
    return absl::InvalidArgumentError(
        absl::StrCat("unknown action type ", Quoted(type->string_value())));
  }
  const json::Value* args = a->Find("args");
  if (args == nullptr || !args->is_array()) {
    return absl::InvalidArgumentError("invoke without \"args\"");
  }
  for (const json::Value& arg : args->items()) {
    absl::StatusOr<Value> v = ParseValue(arg);
    if (!v.ok()) return v.status();
    action.args.push_back(*v);
  }
  return action;
}

absl::StatusOr<std::vector<Expected>> ParseExpectedList(const json::Value& cmd) {
  const json::Value* e = cmd.Find("expected");
  if (e == nullptr || !e->is_array()) {
    return absl::InvalidArgumentError("missing \"expected\"");
  }
  std::vector<Expected> out;
  for (const json::Value& item : e->items()) {
    absl::StatusOr<Expected> x = ParseExpected(item);
    if (!x.ok()) return x.status();
    out.push_back(*x);
  }
  return out;
}

std::string StringField(const json::Value& cmd, absl::string_view key) {
  const json::Value* v = cmd.Find(key);
  return v != nullptr ? v->string_value() : std::string();
}

class Runner {
 public:
  Runner(const std::string& dir, const ScriptOptions& options)
      : dir_(dir), options_(options), engine_(options.engine) {}

  Verdict Run(const json::Value& cmd, const std::string& type) {
    if (type == "module") return RunModule(cmd);
    if (type == "assert_malformed" || type == "assert_invalid") {
      return RunAssertRejected(cmd);
    }
    if (type == "assert_unlinkable") {
      return RunAssertInstantiationFails(cmd, InstantiateOutcome::Kind::kLinkError);
    }
    if (type == "assert_uninstantiable") {
      return RunAssertInstantiationFails(cmd, InstantiateOutcome::Kind::kTrap);
    }
    if (type == "register") return RunRegister(cmd);
    if (type == "action" || type == "assert_return" || type == "assert_trap" ||
        type == "assert_exhaustion") {
      return RunActionCommand(cmd, type);
    }
    return Fail(absl::StrCat("unknown command type ", Quoted(type)));
  }

 private:
  // The module's binary, or a verdict when it cannot be had (a text module
  // wat2wasm cannot convert is skipped; a missing file fails).
  struct Loaded {
    std::string bytes;
    std::optional<Verdict> verdict;
  };

  Loaded LoadModule(const json::Value& cmd) {
    Loaded out;
    const std::string filename = StringField(cmd, "filename");
    if (filename.empty() || filename.find('/') != std::string::npos) {
      out.verdict = Fail("script error: bad or missing \"filename\"");
      return out;
    }
    std::string path = absl::StrCat(dir_, "/", filename);
    const std::string module_type = StringField(cmd, "module_type");
    if (module_type == "text") {
      if (options_.wat2wasm.empty()) {
        out.verdict = Skip("text module: wat2wasm not found on PATH");
        return out;
      }
      const std::string wasm_path = path + ".wasm";
      // --no-check: wat2wasm's own validation must not hide the module from
      // weft; only what it cannot parse or encode is skipped.
      absl::StatusOr<ProcessResult> r = RunProcess(
          {options_.wat2wasm, "--no-check", path, "-o", wasm_path});
      if (!r.ok()) {
        out.verdict = Fail(absl::StrCat("cannot run wat2wasm: ", r.status().message()));
        return out;
      }
      if (r->exit_code != 0) {
        std::string first =
            absl::StrReplaceAll(FirstLine(r->output), {{dir_ + "/", ""}});
        out.verdict = Skip(absl::StrCat(
            "text module wast2json/wat2wasm cannot convert: ", first));
        return out;
      }
      path = wasm_path;
    } else if (!module_type.empty() && module_type != "binary") {
      out.verdict = Fail(absl::StrCat("script error: unknown module_type ",
                                      Quoted(module_type)));
      return out;
    }
    absl::StatusOr<std::string> bytes = ReadWholeFile(path);
    if (!bytes.ok()) {
      out.verdict = Fail(std::string(bytes.status().message()));
      return out;
    }
    out.bytes = std::move(*bytes);
    return out;
  }

  absl::Status Check(const std::string& bytes) {
    return options_.check_module(absl::MakeConstSpan(
        reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size()));
  }

  InstantiateOutcome Instantiate(const std::string& bytes, absl::string_view name) {
    return engine_->Instantiate(
        absl::MakeConstSpan(reinterpret_cast<const uint8_t*>(bytes.data()),
                            bytes.size()),
        name);
  }

  // With an engine, instantiating loads (decodes and validates) the module
  // itself: checking it first would do that work twice.
  Verdict RunModule(const json::Value& cmd) {
    Loaded m = LoadModule(cmd);
    if (m.verdict) return *m.verdict;
    if (engine_ == nullptr) {
      absl::Status s = Check(m.bytes);
      return s.ok() ? Pass() : Fail(absl::StrCat("module rejected: ", s.message()));
    }
    InstantiateOutcome o = Instantiate(m.bytes, StringField(cmd, "name"));
    if (o.kind != InstantiateOutcome::Kind::kOk) {
      return Fail(absl::StrCat("instantiation failed (", InstantiateKindName(o.kind),
                               "): ", o.message));
    }
    return Pass();
  }

  Verdict RunAssertRejected(const json::Value& cmd) {
    Loaded m = LoadModule(cmd);
    if (m.verdict) return *m.verdict;
    const std::string text = StringField(cmd, "text");
    absl::Status s = Check(m.bytes);
    if (s.ok()) {
      return Fail(absl::StrCat("module accepted, expected error ", Quoted(text)));
    }
    if (options_.check_error_text && !absl::StrContains(s.message(), text)) {
      return Fail(absl::StrCat("rejected with ", Quoted(s.message()),
                               ", expected error ", Quoted(text)));
    }
    return Pass();
  }

  Verdict RunAssertInstantiationFails(const json::Value& cmd,
                                      InstantiateOutcome::Kind want) {
    Loaded m = LoadModule(cmd);
    if (m.verdict) return *m.verdict;
    if (engine_ == nullptr) {
      absl::Status s = Check(m.bytes);
      return s.ok() ? NotRun() : Fail(absl::StrCat("module rejected: ", s.message()));
    }
    const std::string text = StringField(cmd, "text");
    InstantiateOutcome o = Instantiate(m.bytes, "");
    if (o.kind != want) {
      return Fail(absl::StrCat("expected ", InstantiateKindName(want), " ",
                               Quoted(text), ", got ",
                               o.kind == InstantiateOutcome::Kind::kOk
                                   ? "success"
                                   : absl::StrCat(InstantiateKindName(o.kind), " ",
                                                  Quoted(o.message))));
    }
    if (!MessageMatches(o.message, text)) {
      return Fail(absl::StrCat("expected ", InstantiateKindName(want), " ",
                               Quoted(text), ", got ", Quoted(o.message)));
    }
    return Pass();
  }

  Verdict RunRegister(const json::Value& cmd) {
    const json::Value* as = cmd.Find("as");
    if (as == nullptr || !as->is_string()) {
      return Fail("script error: register without \"as\"");
    }
    if (engine_ == nullptr) return NotRun();
    std::string error;
    if (!engine_->Register(StringField(cmd, "name"), as->string_value(), &error)) {
      return Fail(absl::StrCat("register failed: ", error));
    }
    return Pass();
  }

  Verdict RunActionCommand(const json::Value& cmd, const std::string& type) {
    absl::StatusOr<Action> action = ParseAction(cmd);
    if (!action.ok()) {
      return Fail(absl::StrCat("script error: ", action.status().message()));
    }
    std::vector<Expected> expected;
    if (type == "assert_return") {
      absl::StatusOr<std::vector<Expected>> e = ParseExpectedList(cmd);
      if (!e.ok()) return Fail(absl::StrCat("script error: ", e.status().message()));
      expected = std::move(*e);
    }
    if (engine_ == nullptr) return NotRun();

    ActionOutcome o = action->is_get
                          ? engine_->Get(action->module, action->field)
                          : engine_->Invoke(action->module, action->field,
                                            action->args);
    if (type == "action") {
      if (o.kind == ActionOutcome::Kind::kOk) return Pass();
      return Fail(DescribeOutcome(o));
    }
    if (type == "assert_return") return CheckReturn(o, expected);
    const ActionOutcome::Kind want = type == "assert_trap"
                                         ? ActionOutcome::Kind::kTrap
                                         : ActionOutcome::Kind::kExhaustion;
    const std::string text = StringField(cmd, "text");
    if (o.kind != want || !MessageMatches(o.message, text)) {
      return Fail(absl::StrCat(
          "expected ", want == ActionOutcome::Kind::kTrap ? "trap " : "exhaustion ",
          Quoted(text), ", ", DescribeOutcome(o)));
    }
    return Pass();
  }

  static Verdict CheckReturn(const ActionOutcome& o,
                             const std::vector<Expected>& expected) {
    if (o.kind != ActionOutcome::Kind::kOk) return Fail(DescribeOutcome(o));
    if (o.results.size() != expected.size()) {
      return Fail(absl::StrCat("expected ", expected.size(), " results, ",
                               DescribeOutcome(o)));
    }
    for (size_t i = 0; i < expected.size(); ++i) {
      if (!expected[i].Matches(o.results[i])) {
        return Fail(absl::StrCat("result ", i, ": expected ",
                                 expected[i].ToString(), ", got ",
                                 o.results[i].ToString()));
      }
    }
    return Pass();
  }

  const std::string& dir_;
  const ScriptOptions& options_;
  ScriptEngine* engine_;
};

}  // namespace

void ScriptResult::Add(CommandReport r) {
  switch (r.outcome) {
    case Outcome::kPassed: ++passed; return;  // not kept
    case Outcome::kFailed: ++failed; break;
    case Outcome::kSkipped: ++skipped; break;
    case Outcome::kNotRun: ++not_run; break;
  }
  reports.push_back(std::move(r));
}

bool MessageMatches(absl::string_view actual, absl::string_view expected) {
  return absl::StartsWith(actual, expected);
}

ScriptResult RunScript(const json::Value& script, const std::string& dir,
                       const ScriptOptions& options) {
  ScriptResult result;
  const json::Value* commands = script.Find("commands");
  if (commands == nullptr || !commands->is_array()) {
    result.Add({Outcome::kFailed, 0, "script", "no \"commands\" array"});
    return result;
  }
  Runner runner(dir, options);
  for (const json::Value& cmd : commands->items()) {
    const json::Value* line = cmd.Find("line");
    const int64_t line_no =
        line != nullptr && line->AsUint64().ok()
            ? static_cast<int64_t>(std::min<uint64_t>(*line->AsUint64(), INT64_MAX))
            : 0;
    const std::string type = StringField(cmd, "type");
    Verdict v = runner.Run(cmd, type);
    result.Add({v.outcome, line_no, type, std::move(v.reason)});
  }
  return result;
}

}  // namespace weft::wast
