#include "wast/script_runner.h"

#include <fstream>
#include <map>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "gtest/gtest.h"
#include "wast/subprocess.h"

namespace weft::wast {
namespace {

// Test checker: a "module" is accepted unless its bytes start with "bad".
absl::Status FakeCheck(absl::Span<const uint8_t> bytes) {
  if (bytes.size() >= 3 && bytes[0] == 'b' && bytes[1] == 'a' && bytes[2] == 'd') {
    return absl::InvalidArgumentError("type mismatch (at byte offset 3)");
  }
  return absl::OkStatus();
}

// A scripted engine: instantiation outcome chosen by the module bytes,
// action outcomes by export name; every call is logged.
class FakeEngine : public ScriptEngine {
 public:
  InstantiateOutcome Instantiate(absl::Span<const uint8_t> wasm,
                                 absl::string_view name) override {
    const std::string bytes(wasm.begin(), wasm.end());
    log.push_back(absl::StrCat("instantiate ", bytes, " as '", name, "'"));
    if (bytes == "link") {
      return InstantiateOutcome::Fail(InstantiateOutcome::Kind::kLinkError,
                                      "unknown import: m.f");
    }
    if (absl::Status s = FakeCheck(wasm); !s.ok()) {  // an engine loads, so it checks
      return InstantiateOutcome::Fail(InstantiateOutcome::Kind::kError,
                                      absl::StrCat("module rejected: ", s.message()));
    }
    if (bytes == "trap") {
      return InstantiateOutcome::Fail(InstantiateOutcome::Kind::kTrap,
                                      "out of bounds memory access");
    }
    return InstantiateOutcome::Ok();
  }
  bool Register(absl::string_view name, absl::string_view as,
                std::string* error) override {
    log.push_back(absl::StrCat("register '", name, "' as ", as));
    if (name == "$missing") {
      *error = "no module $missing";
      return false;
    }
    return true;
  }
  ActionOutcome Invoke(absl::string_view module, absl::string_view field,
                       absl::Span<const Value> args) override {
    std::vector<std::string> a;
    for (const Value& v : args) a.push_back(v.ToString());
    log.push_back(absl::StrCat("invoke '", module, "' ", field, "(",
                               absl::StrJoin(a, ", "), ")"));
    return Lookup(std::string(field));
  }
  ActionOutcome Get(absl::string_view module, absl::string_view field) override {
    log.push_back(absl::StrCat("get '", module, "' ", field));
    return Lookup(absl::StrCat("get:", field));
  }

  ActionOutcome Lookup(const std::string& key) {
    auto it = outcomes.find(key);
    if (it == outcomes.end()) {
      return ActionOutcome::Fail(ActionOutcome::Kind::kError, "no export " + key);
    }
    return it->second;
  }

  std::map<std::string, ActionOutcome> outcomes;
  std::vector<std::string> log;
};

class ScriptRunnerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto dir = TempDir::Create();
    ASSERT_TRUE(dir.ok());
    dir_.emplace(std::move(*dir));
    Write("good.wasm", "good");
    Write("bad.wasm", "bad!");
    Write("link.wasm", "link");
    Write("trap.wasm", "trap");
    options_.check_module = FakeCheck;
  }

  void Write(const std::string& name, const std::string& content) {
    std::ofstream(dir_->path() + "/" + name, std::ios::binary) << content;
  }

  // Runs a script made of the given command objects.
  ScriptResult Run(const std::string& commands) {
    auto script = json::Parse(absl::StrCat("{\"commands\": [", commands, "]}"));
    EXPECT_TRUE(script.ok()) << script.status();
    if (!script.ok()) return {};
    return RunScript(*script, dir_->path(), options_);
  }

  // Runs one command and returns its report (a passed command has none).
  CommandReport RunOne(const std::string& command) {
    ScriptResult r = Run(command);
    EXPECT_EQ(r.passed + r.failed + r.skipped + r.not_run, 1);
    if (r.reports.empty()) return {Outcome::kPassed, 0, "", ""};
    return r.reports[0];
  }

  std::optional<TempDir> dir_;
  ScriptOptions options_;
  FakeEngine engine_;
};

// Commands used below.
constexpr char kInvokeAdd[] =
    R"({"type": "assert_return", "line": 7, "action": {"type": "invoke",
        "field": "add", "args": [{"type": "i32", "value": "1"},
        {"type": "i32", "value": "4294967295"}]},
        "expected": [{"type": "i32", "value": "0"}]})";

TEST_F(ScriptRunnerTest, ModulesWithoutEngine) {
  ScriptResult r = Run(R"(
      {"type": "module", "line": 1, "filename": "good.wasm"},
      {"type": "module", "line": 2, "filename": "bad.wasm"},
      {"type": "assert_invalid", "line": 3, "filename": "bad.wasm",
       "text": "type mismatch", "module_type": "binary"},
      {"type": "assert_malformed", "line": 4, "filename": "good.wasm",
       "text": "unexpected end", "module_type": "binary"},
      {"type": "module", "line": 5, "filename": "absent.wasm"},
      {"type": "module", "line": 6, "filename": "../etc/passwd"})");
  EXPECT_EQ(r.passed, 2);
  EXPECT_EQ(r.failed, 4);
  ASSERT_EQ(r.reports.size(), 4u);
  EXPECT_EQ(r.reports[0].line, 2);
  EXPECT_EQ(r.reports[0].reason, "module rejected: type mismatch (at byte offset 3)");
  EXPECT_EQ(r.reports[1].line, 4);
  EXPECT_EQ(r.reports[1].type, "assert_malformed");
  EXPECT_EQ(r.reports[1].reason,
            "module accepted, expected error \"unexpected end\"");
  EXPECT_NE(r.reports[2].reason.find("no such file"), std::string::npos);
  EXPECT_NE(r.reports[3].reason.find("filename"), std::string::npos);
}

TEST_F(ScriptRunnerTest, CheckErrorText) {
  const char* cmd = R"({"type": "assert_invalid", "line": 3, "filename":
      "bad.wasm", "text": "unknown global", "module_type": "binary"})";
  EXPECT_EQ(RunOne(cmd).outcome, Outcome::kPassed);  // any rejection will do
  options_.check_error_text = true;
  EXPECT_EQ(RunOne(cmd).reason,
            "rejected with \"type mismatch (at byte offset 3)\", expected "
            "error \"unknown global\"");
  EXPECT_EQ(RunOne(R"({"type": "assert_invalid", "line": 3, "filename":
      "bad.wasm", "text": "type mismatch", "module_type": "binary"})").outcome,
            Outcome::kPassed);
}

TEST_F(ScriptRunnerTest, ExecutionCommandsAreNotRunWithoutEngine) {
  ScriptResult r = Run(absl::StrCat(kInvokeAdd, R"(,
      {"type": "assert_trap", "line": 8, "action": {"type": "invoke",
       "field": "f", "args": []}, "text": "unreachable", "expected": []},
      {"type": "assert_exhaustion", "line": 9, "action": {"type": "invoke",
       "field": "f", "args": []}, "text": "call stack exhausted", "expected": []},
      {"type": "action", "line": 10, "action": {"type": "invoke",
       "field": "f", "args": []}, "expected": []},
      {"type": "assert_return", "line": 11, "action": {"type": "get",
       "field": "g"}, "expected": [{"type": "i32", "value": "1"}]},
      {"type": "register", "line": 12, "as": "M"},
      {"type": "assert_unlinkable", "line": 13, "filename": "link.wasm",
       "text": "unknown import", "module_type": "binary"},
      {"type": "assert_uninstantiable", "line": 14, "filename": "trap.wasm",
       "text": "out of bounds", "module_type": "binary"})"));
  EXPECT_EQ(r.passed, 0);
  EXPECT_EQ(r.failed, 0);
  EXPECT_EQ(r.not_run, 8);
  EXPECT_EQ(r.reports[0].reason, "needs an execution engine");
}

TEST_F(ScriptRunnerTest, ScriptErrorsFailEvenWithoutEngine) {
  EXPECT_EQ(RunOne(R"({"type": "assert_return", "line": 1, "action":
      {"type": "invoke", "field": "f", "args": [{"type": "i32", "value": "x"}]},
      "expected": []})").outcome, Outcome::kFailed);
  EXPECT_EQ(RunOne(R"({"type": "assert_return", "line": 1, "action":
      {"type": "invoke", "field": "f", "args": []},
      "expected": [{"type": "f32", "value": "nan:weird"}]})").outcome,
            Outcome::kFailed);
  EXPECT_EQ(RunOne(R"({"type": "assert_return", "line": 1, "action":
      {"type": "call", "field": "f", "args": []}, "expected": []})").outcome,
            Outcome::kFailed);
  EXPECT_EQ(RunOne(R"({"type": "register", "line": 1})").outcome, Outcome::kFailed);
  CommandReport unknown = RunOne(R"({"type": "assert_frobnicate", "line": 3})");
  EXPECT_EQ(unknown.outcome, Outcome::kFailed);
  EXPECT_EQ(unknown.reason, "unknown command type \"assert_frobnicate\"");
  // Modules that must decode still fail when they do not, engine or not.
  EXPECT_EQ(RunOne(R"({"type": "assert_unlinkable", "line": 1, "filename":
      "bad.wasm", "text": "unknown import", "module_type": "binary"})").outcome,
            Outcome::kFailed);
}

TEST_F(ScriptRunnerTest, NoCommandsArray) {
  auto script = json::Parse("{\"source_filename\": \"x\"}");
  ScriptResult r = RunScript(*script, dir_->path(), options_);
  EXPECT_EQ(r.failed, 1);
}

TEST_F(ScriptRunnerTest, ModulesAndRegisterWithEngine) {
  options_.engine = &engine_;
  ScriptResult r = Run(R"(
      {"type": "module", "line": 1, "name": "$M", "filename": "good.wasm"},
      {"type": "register", "line": 2, "name": "$M", "as": "M"},
      {"type": "register", "line": 3, "as": "N"},
      {"type": "register", "line": 4, "name": "$missing", "as": "X"},
      {"type": "module", "line": 5, "filename": "link.wasm"},
      {"type": "module", "line": 6, "filename": "bad.wasm"})");
  EXPECT_EQ(r.passed, 3);
  EXPECT_EQ(r.failed, 3);
  EXPECT_EQ(r.reports[0].reason, "register failed: no module $missing");
  EXPECT_EQ(r.reports[1].reason,
            "instantiation failed (link error): unknown import: m.f");
  EXPECT_EQ(r.reports[2].reason,
            "instantiation failed (error): module rejected: type mismatch (at byte offset 3)");
  EXPECT_EQ(engine_.log, (std::vector<std::string>{
                             "instantiate good as '$M'",
                             "register '$M' as M",
                             "register '' as N",
                             "register '$missing' as X",
                             "instantiate link as ''",
                             "instantiate bad! as ''",
                         }));  // the engine's own load rejects bad.wasm
}

TEST_F(ScriptRunnerTest, AssertReturn) {
  options_.engine = &engine_;
  engine_.outcomes["add"] = ActionOutcome::Values({Value::I32(0)});
  EXPECT_EQ(RunOne(kInvokeAdd).outcome, Outcome::kPassed);
  EXPECT_EQ(engine_.log.back(),
            "invoke '' add(i32:0x00000001 (1), i32:0xffffffff (-1))");

  engine_.outcomes["add"] = ActionOutcome::Values({Value::I32(5)});
  CommandReport wrong = RunOne(kInvokeAdd);
  EXPECT_EQ(wrong.outcome, Outcome::kFailed);
  EXPECT_EQ(wrong.line, 7);
  EXPECT_EQ(wrong.reason,
            "result 0: expected i32:0x00000000 (0), got i32:0x00000005 (5)");

  engine_.outcomes["add"] = ActionOutcome::Values({Value::I64(0)});
  EXPECT_EQ(RunOne(kInvokeAdd).outcome, Outcome::kFailed);  // wrong type

  engine_.outcomes["add"] = ActionOutcome::Values({});
  EXPECT_EQ(RunOne(kInvokeAdd).reason, "expected 1 results, returned []");

  engine_.outcomes["add"] =
      ActionOutcome::Fail(ActionOutcome::Kind::kTrap, "integer overflow");
  EXPECT_EQ(RunOne(kInvokeAdd).reason, "trapped \"integer overflow\"");

  engine_.outcomes.erase("add");
  EXPECT_EQ(RunOne(kInvokeAdd).reason, "error \"no export add\"");
}

TEST_F(ScriptRunnerTest, AssertReturnNanAndMultiValueAndGet) {
  options_.engine = &engine_;
  engine_.outcomes["nan"] = ActionOutcome::Values(
      {Value::F32Bits(0xFFC00000), Value::F64Bits(0x7FF800000000BEEFull)});
  const char* nan_cmd = R"({"type": "assert_return", "line": 1, "action":
      {"type": "invoke", "module": "$N", "field": "nan", "args": []},
      "expected": [{"type": "f32", "value": "nan:canonical"},
                   {"type": "f64", "value": "nan:arithmetic"}]})";
  EXPECT_EQ(RunOne(nan_cmd).outcome, Outcome::kPassed);
  EXPECT_EQ(engine_.log.back(), "invoke '$N' nan()");
  engine_.outcomes["nan"] = ActionOutcome::Values(
      {Value::F32Bits(0xFFC00000), Value::F64Bits(0x7FF000000000BEEFull)});
  EXPECT_EQ(RunOne(nan_cmd).reason,
            "result 1: expected f64:nan:arithmetic, got f64:0x7ff000000000beef (nan)");

  engine_.outcomes["get:g"] = ActionOutcome::Values({Value::ExternRef(3)});
  EXPECT_EQ(RunOne(R"({"type": "assert_return", "line": 2, "action":
      {"type": "get", "module": "$G", "field": "g"},
      "expected": [{"type": "externref", "value": "3"}]})").outcome,
            Outcome::kPassed);
  EXPECT_EQ(engine_.log.back(), "get '$G' g");
}

TEST_F(ScriptRunnerTest, AssertTrapAndExhaustion) {
  options_.engine = &engine_;
  const char* trap_cmd = R"({"type": "assert_trap", "line": 1, "action":
      {"type": "invoke", "field": "div", "args": []},
      "text": "integer divide by zero", "expected": [{"type": "i32"}]})";
  engine_.outcomes["div"] = ActionOutcome::Fail(
      ActionOutcome::Kind::kTrap, "integer divide by zero in function 3");
  EXPECT_EQ(RunOne(trap_cmd).outcome, Outcome::kPassed);  // prefix match

  engine_.outcomes["div"] =
      ActionOutcome::Fail(ActionOutcome::Kind::kTrap, "integer overflow");
  EXPECT_EQ(RunOne(trap_cmd).reason,
            "expected trap \"integer divide by zero\", trapped \"integer overflow\"");

  engine_.outcomes["div"] = ActionOutcome::Values({Value::I32(1)});
  EXPECT_EQ(RunOne(trap_cmd).reason,
            "expected trap \"integer divide by zero\", returned [i32:0x00000001 (1)]");

  const char* exhaust_cmd = R"({"type": "assert_exhaustion", "line": 2,
      "action": {"type": "invoke", "field": "runaway", "args": []},
      "text": "call stack exhausted", "expected": []})";
  engine_.outcomes["runaway"] =
      ActionOutcome::Fail(ActionOutcome::Kind::kExhaustion, "call stack exhausted");
  EXPECT_EQ(RunOne(exhaust_cmd).outcome, Outcome::kPassed);
  // A trap with the right words is still not exhaustion.
  engine_.outcomes["runaway"] =
      ActionOutcome::Fail(ActionOutcome::Kind::kTrap, "call stack exhausted");
  EXPECT_EQ(RunOne(exhaust_cmd).outcome, Outcome::kFailed);
}

TEST_F(ScriptRunnerTest, Action) {
  options_.engine = &engine_;
  const char* cmd = R"({"type": "action", "line": 1, "action": {"type":
      "invoke", "field": "fill", "args": [{"type": "v128", "lane_type": "i8",
      "value": ["1","2","3","4","5","6","7","8","9","10","11","12","13","14",
      "15","16"]}, {"type": "funcref", "value": "null"}]}, "expected": []})";
  engine_.outcomes["fill"] = ActionOutcome::Values({Value::I32(9)});
  EXPECT_EQ(RunOne(cmd).outcome, Outcome::kPassed);  // results ignored
  EXPECT_EQ(engine_.log.back(),
            "invoke '' fill(v128:0x100f0e0d0c0b0a090807060504030201, funcref:null)");
  engine_.outcomes["fill"] =
      ActionOutcome::Fail(ActionOutcome::Kind::kTrap, "out of bounds memory access");
  EXPECT_EQ(RunOne(cmd).outcome, Outcome::kFailed);
}

TEST_F(ScriptRunnerTest, UnlinkableAndUninstantiable) {
  options_.engine = &engine_;
  EXPECT_EQ(RunOne(R"({"type": "assert_unlinkable", "line": 1, "filename":
      "link.wasm", "text": "unknown import", "module_type": "binary"})").outcome,
            Outcome::kPassed);
  EXPECT_EQ(RunOne(R"({"type": "assert_unlinkable", "line": 1, "filename":
      "link.wasm", "text": "incompatible import type", "module_type": "binary"})")
                .reason,
            "expected link error \"incompatible import type\", got "
            "\"unknown import: m.f\"");
  EXPECT_EQ(RunOne(R"({"type": "assert_unlinkable", "line": 1, "filename":
      "trap.wasm", "text": "unknown import", "module_type": "binary"})").reason,
            "expected link error \"unknown import\", got trap "
            "\"out of bounds memory access\"");
  EXPECT_EQ(RunOne(R"({"type": "assert_uninstantiable", "line": 1, "filename":
      "trap.wasm", "text": "out of bounds memory access",
      "module_type": "binary"})").outcome, Outcome::kPassed);
  EXPECT_EQ(RunOne(R"({"type": "assert_uninstantiable", "line": 1, "filename":
      "good.wasm", "text": "unreachable", "module_type": "binary"})").reason,
            "expected trap \"unreachable\", got success");
}

TEST_F(ScriptRunnerTest, TextModulesGoThroughWat2wasm) {
  std::optional<std::string> wat2wasm = FindOnPath("wat2wasm");
  if (!wat2wasm) GTEST_SKIP() << "wat2wasm not on PATH";
  options_.wat2wasm = *wat2wasm;
  Write("unparsable.wat", "(module (func (i32.const)))");
  Write("parsable.wat", "(module (func (result i32) (i64.const 0)))");
  ScriptResult r = Run(R"(
      {"type": "assert_malformed", "line": 1, "filename": "unparsable.wat",
       "text": "unexpected token", "module_type": "text"},
      {"type": "assert_malformed", "line": 2, "filename": "parsable.wat",
       "text": "whatever", "module_type": "text"})");
  EXPECT_EQ(r.skipped, 1);
  ASSERT_FALSE(r.reports.empty());
  EXPECT_EQ(r.reports[0].outcome, Outcome::kSkipped);
  EXPECT_TRUE(absl::StartsWith(
      r.reports[0].reason,
      "text module wast2json/wat2wasm cannot convert: unparsable.wat:"))
      << r.reports[0].reason;
  // The parsable one became "\0asm..." which FakeCheck accepts: a failure.
  EXPECT_EQ(r.failed, 1);

  options_.wat2wasm.clear();
  EXPECT_EQ(RunOne(R"({"type": "assert_malformed", "line": 1, "filename":
      "parsable.wat", "text": "x", "module_type": "text"})").reason,
            "text module: wat2wasm not found on PATH");
}

TEST(MessageMatchesTest, IsPrefix) {
  EXPECT_TRUE(MessageMatches("out of bounds memory access", "out of bounds"));
  EXPECT_TRUE(MessageMatches("unreachable", "unreachable"));
  EXPECT_TRUE(MessageMatches("anything", ""));
  EXPECT_FALSE(MessageMatches("trap: unreachable", "unreachable"));
  EXPECT_FALSE(MessageMatches("unreach", "unreachable"));
}

}  // namespace
}  // namespace weft::wast
