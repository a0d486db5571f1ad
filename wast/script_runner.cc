#include "wast/script_runner.h"

#include <map>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/string_view.h"
#include "text/parser.h"

namespace weft::wast {
namespace {

struct Verdict {
  Outcome outcome;
  std::string reason;
};

Verdict Pass() { return {Outcome::kPassed, ""}; }
Verdict Fail(std::string why) { return {Outcome::kFailed, std::move(why)}; }
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
    case ActionOutcome::Kind::kException:
      return absl::StrCat("threw ", Quoted(o.message));
    case ActionOutcome::Kind::kError:
      return absl::StrCat("error ", Quoted(o.message));
  }
  return "?";
}

class Runner {
 public:
  explicit Runner(const ScriptOptions& options)
      : options_(options), engine_(options.engine) {}

  Verdict Run(const Command& cmd) {
    save_error_.clear();
    Verdict v = Carry(cmd);
    if (!save_error_.empty()) return Fail(absl::StrCat("cannot save module: ", save_error_));
    return v;
  }

 private:
  Verdict Carry(const Command& cmd) {
    using Kind = Command::Kind;
    switch (cmd.kind) {
      case Kind::kModule: return RunModule(cmd);
      case Kind::kModuleDefinition: return RunDefinition(cmd);
      case Kind::kModuleInstance: return RunInstance(cmd);
      case Kind::kRegister: return RunRegister(cmd);
      case Kind::kAction:
      case Kind::kAssertReturn:
      case Kind::kAssertTrap:
      case Kind::kAssertExhaustion:
      case Kind::kAssertException: return RunActionCommand(cmd);
      case Kind::kAssertMalformed: return RunAssertMalformed(cmd);
      case Kind::kAssertInvalid: return RunAssertInvalid(cmd);
      case Kind::kAssertMalformedCustom:
        return RunAssertCustom(cmd, text::AnnotationError::kMalformed);
      case Kind::kAssertInvalidCustom:
        return RunAssertCustom(cmd, text::AnnotationError::kInvalid);
      case Kind::kAssertUnlinkable:
        return RunAssertInstantiationFails(cmd, InstantiateOutcome::Kind::kLinkError);
      case Kind::kAssertUninstantiable:
        return RunAssertInstantiationFails(cmd, InstantiateOutcome::Kind::kTrap);
      case Kind::kUnsupported: return Fail(cmd.error);
      case Kind::kBroken: return Fail(absl::StrCat("cannot read command: ", cmd.error));
    }
    return Fail("unknown command");
  }

  // The command's module as binary; handed to options_.save_module too.
  // A module that cannot be saved fails its command whatever else happens
  // (see Run), so no saved set is silently incomplete.
  absl::StatusOr<std::vector<uint8_t>> Encode(const Command& cmd) {
    absl::StatusOr<std::vector<uint8_t>> bytes = EncodeModule(cmd.module);
    if (bytes.ok() && options_.save_module) {
      if (absl::Status s = options_.save_module(cmd, *bytes); !s.ok()) {
        save_error_ = std::string(s.message());
      }
    }
    return bytes;
  }

  static Verdict TextRejected(const absl::Status& s) {
    return Fail(absl::StrCat("weft's text parser rejects the module: ", s.message()));
  }

  absl::Status Check(const std::vector<uint8_t>& bytes) {
    return options_.check_module(absl::MakeConstSpan(bytes));
  }

  // With an engine, instantiating loads (decodes and validates) the module
  // itself: checking it first would do that work twice.
  Verdict Instantiated(const std::vector<uint8_t>& bytes, absl::string_view name) {
    if (engine_ == nullptr) {
      absl::Status s = Check(bytes);
      return s.ok() ? Pass() : Fail(absl::StrCat("module rejected: ", s.message()));
    }
    InstantiateOutcome o = engine_->Instantiate(absl::MakeConstSpan(bytes), name);
    if (o.kind != InstantiateOutcome::Kind::kOk) {
      return Fail(absl::StrCat("instantiation failed (", InstantiateKindName(o.kind),
                               "): ", o.message));
    }
    return Pass();
  }

  Verdict RunModule(const Command& cmd) {
    absl::StatusOr<std::vector<uint8_t>> bytes = Encode(cmd);
    if (!bytes.ok()) return TextRejected(bytes.status());
    return Instantiated(*bytes, cmd.module.name);
  }

  // A definition must be valid; it runs only when a `module instance`
  // names it.
  Verdict RunDefinition(const Command& cmd) {
    absl::StatusOr<std::vector<uint8_t>> bytes = Encode(cmd);
    if (!bytes.ok()) return TextRejected(bytes.status());
    absl::Status s = Check(*bytes);
    if (!s.ok()) return Fail(absl::StrCat("module rejected: ", s.message()));
    last_definition_ = *bytes;
    if (!cmd.module.name.empty()) definitions_[cmd.module.name] = *std::move(bytes);
    return Pass();
  }

  Verdict RunInstance(const Command& cmd) {
    const std::vector<uint8_t>* bytes = &last_definition_;
    if (!cmd.as.empty()) {
      auto it = definitions_.find(cmd.as);
      if (it == definitions_.end()) {
        return Fail(absl::StrCat("script error: no module definition $", cmd.as));
      }
      bytes = &it->second;
    } else if (last_definition_.empty()) {
      return Fail("script error: no module definition before `module instance`");
    }
    if (engine_ == nullptr) return NotRun();
    return Instantiated(*bytes, cmd.instance);
  }

  // Malformed text is the expected outcome when the text parser refuses
  // it; otherwise the binary must be refused by the decoder.
  Verdict RunAssertMalformed(const Command& cmd) {
    absl::StatusOr<std::vector<uint8_t>> bytes = Encode(cmd);
    if (!bytes.ok()) return Pass();
    return ExpectRejected(*bytes, cmd.text);
  }

  // Invalid modules are well-formed: the text parser must accept them.
  Verdict RunAssertInvalid(const Command& cmd) {
    absl::StatusOr<std::vector<uint8_t>> bytes = Encode(cmd);
    if (!bytes.ok()) return TextRejected(bytes.status());
    return ExpectRejected(*bytes, cmd.text);
  }

  // Custom annotations are the text parser's to read and check (weft
  // keeps binary custom sections opaque, as the spec lets it): it must
  // reject the module for its annotations, with the error kind `want`.
  Verdict RunAssertCustom(const Command& cmd, text::AnnotationError want) {
    absl::StatusOr<std::vector<uint8_t>> bytes = Encode(cmd);
    const char* want_name = want == text::AnnotationError::kMalformed ? "malformed" : "invalid";
    if (bytes.ok()) {
      return Fail(absl::StrCat("module accepted, expected ", want_name,
                               " custom annotation ", Quoted(cmd.text)));
    }
    const text::AnnotationError got = text::GetAnnotationError(bytes.status());
    if (got != want) {
      return Fail(absl::StrCat("expected ", want_name, " custom annotation ", Quoted(cmd.text),
                               ", text parser said ", Quoted(bytes.status().message())));
    }
    if (options_.check_error_text && !absl::StrContains(bytes.status().message(), cmd.text)) {
      return Fail(absl::StrCat("rejected with ", Quoted(bytes.status().message()),
                               ", expected error ", Quoted(cmd.text)));
    }
    return Pass();
  }

  Verdict ExpectRejected(const std::vector<uint8_t>& bytes, const std::string& text) {
    absl::Status s = Check(bytes);
    if (s.ok()) {
      return Fail(absl::StrCat("module accepted, expected error ", Quoted(text)));
    }
    if (options_.check_error_text && !absl::StrContains(s.message(), text)) {
      return Fail(absl::StrCat("rejected with ", Quoted(s.message()),
                               ", expected error ", Quoted(text)));
    }
    return Pass();
  }

  Verdict RunAssertInstantiationFails(const Command& cmd,
                                      InstantiateOutcome::Kind want) {
    absl::StatusOr<std::vector<uint8_t>> bytes = Encode(cmd);
    if (!bytes.ok()) return TextRejected(bytes.status());
    if (engine_ == nullptr) {
      absl::Status s = Check(*bytes);
      return s.ok() ? NotRun() : Fail(absl::StrCat("module rejected: ", s.message()));
    }
    InstantiateOutcome o = engine_->Instantiate(absl::MakeConstSpan(*bytes), "");
    if (o.kind != want) {
      return Fail(absl::StrCat("expected ", InstantiateKindName(want), " ",
                               Quoted(cmd.text), ", got ",
                               o.kind == InstantiateOutcome::Kind::kOk
                                   ? "success"
                                   : absl::StrCat(InstantiateKindName(o.kind), " ",
                                                  Quoted(o.message))));
    }
    if (!MessageMatches(o.message, cmd.text)) {
      return Fail(absl::StrCat("expected ", InstantiateKindName(want), " ",
                               Quoted(cmd.text), ", got ", Quoted(o.message)));
    }
    return Pass();
  }

  Verdict RunRegister(const Command& cmd) {
    if (engine_ == nullptr) return NotRun();
    std::string error;
    if (!engine_->Register(cmd.instance, cmd.as, &error)) {
      return Fail(absl::StrCat("register failed: ", error));
    }
    return Pass();
  }

  Verdict RunActionCommand(const Command& cmd) {
    using Kind = Command::Kind;
    if (engine_ == nullptr) return NotRun();
    const Action& action = cmd.action;
    ActionOutcome o = action.is_get
                          ? engine_->Get(action.module, action.field)
                          : engine_->Invoke(action.module, action.field, action.args);
    switch (cmd.kind) {
      case Kind::kAction:
        if (o.kind == ActionOutcome::Kind::kOk) return Pass();
        return Fail(DescribeOutcome(o));
      case Kind::kAssertReturn:
        return CheckReturn(o, cmd.expected);
      case Kind::kAssertException:
        if (o.kind == ActionOutcome::Kind::kException) return Pass();
        return Fail(absl::StrCat("expected an exception, ", DescribeOutcome(o)));
      default:
        break;
    }
    const ActionOutcome::Kind want = cmd.kind == Kind::kAssertTrap
                                         ? ActionOutcome::Kind::kTrap
                                         : ActionOutcome::Kind::kExhaustion;
    if (o.kind != want || !MessageMatches(o.message, cmd.text)) {
      return Fail(absl::StrCat(
          "expected ", want == ActionOutcome::Kind::kTrap ? "trap " : "exhaustion ",
          Quoted(cmd.text), ", ", DescribeOutcome(o)));
    }
    return Pass();
  }

  static Verdict CheckReturn(const ActionOutcome& o,
                             const std::vector<ExpectedResult>& expected) {
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

  const ScriptOptions& options_;
  ScriptEngine* engine_;
  std::string save_error_;  // of the command being run
  std::vector<uint8_t> last_definition_;
  std::map<std::string, std::vector<uint8_t>> definitions_;
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

ScriptResult RunScript(const Script& script, const ScriptOptions& options) {
  ScriptResult result;
  Runner runner(options);
  for (const Command& cmd : script.commands) {
    Verdict v = runner.Run(cmd);
    result.Add({v.outcome, static_cast<int64_t>(cmd.line), cmd.keyword,
                std::move(v.reason)});
  }
  return result;
}

}  // namespace weft::wast
