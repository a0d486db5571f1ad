#include "wast/script_runner.h"

#include <map>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "gtest/gtest.h"
#include "wast/script_parser.h"

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
    if (name == "missing") {
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
  void SetUp() override { options_.check_module = FakeCheck; }

  // Runs a script given as .wast text.
  ScriptResult Run(const std::string& text) {
    source_ = text;  // the script's tokens view into it
    absl::StatusOr<Script> script = ParseScript(source_);
    EXPECT_TRUE(script.ok()) << script.status();
    if (!script.ok()) return {};
    return RunScript(*script, options_);
  }

  // Runs one command and returns its report (a passed command has none).
  CommandReport RunOne(const std::string& command) {
    ScriptResult r = Run(command);
    EXPECT_EQ(r.passed + r.failed + r.skipped + r.not_run, 1);
    if (r.reports.empty()) return {Outcome::kPassed, 0, "", ""};
    return r.reports[0];
  }

  std::string source_;
  ScriptOptions options_;
  FakeEngine engine_;
};

constexpr char kInvokeAdd[] =
    "\n\n\n\n\n\n(assert_return (invoke \"add\" (i32.const 1) (i32.const -1)) (i32.const 0))";

TEST_F(ScriptRunnerTest, ModulesWithoutEngine) {
  ScriptResult r = Run(R"(
      (module binary "good")
      (module binary "ba" "d!")
      (assert_invalid (module binary "bad!") "type mismatch")
      (assert_invalid (module binary "good") "type mismatch")
      (assert_malformed (module binary "bad!") "anything")
      (assert_malformed (module quote "(func") "unexpected end")
      (assert_invalid (module quote "(func") "type mismatch")
      (module (func)))");
  EXPECT_EQ(r.passed, 5);
  EXPECT_EQ(r.failed, 3);
  ASSERT_EQ(r.reports.size(), 3u);
  EXPECT_EQ(r.reports[0].line, 3);
  EXPECT_EQ(r.reports[0].type, "module");
  EXPECT_EQ(r.reports[0].reason, "module rejected: type mismatch (at byte offset 3)");
  EXPECT_EQ(r.reports[1].reason, "module accepted, expected error \"type mismatch\"");
  // Invalid modules must be well-formed: weft's text parser must read them.
  EXPECT_EQ(r.reports[2].reason,
            "weft's text parser rejects the module: 1:6: expected ')' but found "
            "end of input (in func 0)");
}

TEST_F(ScriptRunnerTest, AssertMalformedTextAcceptedByParserGoesToDecoder) {
  // Well-formed text: the binary reaches the checker, which accepts it.
  EXPECT_EQ(RunOne(R"w((assert_malformed (module quote "(func)") "x"))w").reason,
            "module accepted, expected error \"x\"");
}

TEST_F(ScriptRunnerTest, CheckErrorText) {
  const char* cmd = R"((assert_invalid (module binary "bad!") "unknown type"))";
  EXPECT_EQ(RunOne(cmd).outcome, Outcome::kPassed);
  options_.check_error_text = true;
  EXPECT_EQ(RunOne(cmd).reason,
            "rejected with \"type mismatch (at byte offset 3)\", expected error "
            "\"unknown type\"");
  EXPECT_EQ(RunOne(R"((assert_invalid (module binary "bad!") "type mismatch"))").outcome,
            Outcome::kPassed);
}

TEST_F(ScriptRunnerTest, CustomAnnotationAssertions) {
  EXPECT_EQ(RunOne(R"w((assert_malformed_custom (module quote "(@custom)")
                        "@custom annotation: missing section name"))w")
                .outcome,
            Outcome::kPassed);
  EXPECT_EQ(RunOne(R"w((assert_invalid_custom (module (func (@metadata.code.branch_hint "\01") nop))
                        "@metadata.code.branch_hint annotation: invalid target"))w")
                .outcome,
            Outcome::kPassed);
  // The wrong kind of annotation error, or no annotation error at all.
  EXPECT_EQ(RunOne(R"w((assert_malformed_custom (module (func (@metadata.code.branch_hint "\01") nop)) "x"))w")
                .reason,
            "expected malformed custom annotation \"x\", text parser said \"1:40: "
            "@metadata.code.branch_hint annotation: invalid target nop (only if and br_if take a "
            "hint)\"");
  EXPECT_EQ(RunOne(R"w((assert_invalid_custom (module quote "(func bogus)") "x"))w").reason,
            "expected invalid custom annotation \"x\", text parser said \"1:7: expected "
            "instruction but found keyword \"bogus\" (in func 0)\"");
  EXPECT_EQ(RunOne(R"w((assert_invalid_custom (module (func)) "x"))w").reason,
            "module accepted, expected invalid custom annotation \"x\"");
  options_.check_error_text = true;
  EXPECT_EQ(RunOne(R"w((assert_malformed_custom (module quote "(@custom)") "missing placement"))w")
                .reason,
            "rejected with \"1:1: @custom annotation: missing section name\", expected error "
            "\"missing placement\"");
}

TEST_F(ScriptRunnerTest, ExecutionCommandsAreNotRunWithoutEngine) {
  ScriptResult r = Run(absl::StrCat(kInvokeAdd, R"(
      (assert_trap (invoke "f") "unreachable")
      (assert_exhaustion (invoke "f") "call stack exhausted")
      (assert_exception (invoke "f"))
      (invoke "f")
      (get "g")
      (register "M")
      (assert_unlinkable (module binary "good") "unknown import")
      (assert_uninstantiable (module binary "good") "unreachable")
      (assert_trap (module binary "good") "unreachable")
      (module definition $D binary "good")
      (module instance $I $D))"));
  EXPECT_EQ(r.not_run, 11);
  EXPECT_EQ(r.passed, 1);  // the definition: checked without an engine
  EXPECT_EQ(r.failed, 0);
  for (const CommandReport& c : r.reports) {
    EXPECT_EQ(c.reason, "needs an execution engine") << c.type;
  }
}

TEST_F(ScriptRunnerTest, UnreadableAndUnknownCommandsFailAndTheRestRuns) {
  ScriptResult r = Run(R"(
      (assert_return (invoke "f" (i32.const 1__0)))
      (assert_frobnicate (invoke "f"))
      (register)
      (assert_return (invoke "f" (ref.struct)))
      (module binary "good"))");
  EXPECT_EQ(r.failed, 4);
  EXPECT_EQ(r.passed, 1);
  ASSERT_EQ(r.reports.size(), 4u);
  EXPECT_EQ(r.reports[0].reason,
            "cannot read command: 2:45: expected an integer but found reserved token '1__0'");
  EXPECT_EQ(r.reports[0].type, "assert_return");
  EXPECT_EQ(r.reports[1].reason, "weft does not run `assert_frobnicate` commands");
  EXPECT_EQ(r.reports[2].reason,
            "cannot read command: 4:16: expected a module name string but found ')'");
  EXPECT_EQ(r.reports[3].reason,
            "cannot read command: 5:35: weft cannot pass a `ref.struct` argument");
}

TEST_F(ScriptRunnerTest, ModulesAndRegisterWithEngine) {
  options_.engine = &engine_;
  ScriptResult r = Run(R"(
      (module $M binary "good")
      (register "M" $M)
      (register "N")
      (register "X" $missing)
      (module binary "link")
      (module binary "bad!"))");
  EXPECT_EQ(r.passed, 3);
  EXPECT_EQ(r.failed, 3);
  EXPECT_EQ(r.reports[0].reason, "register failed: no module $missing");
  EXPECT_EQ(r.reports[1].reason,
            "instantiation failed (link error): unknown import: m.f");
  EXPECT_EQ(r.reports[2].reason,
            "instantiation failed (error): module rejected: type mismatch (at byte offset 3)");
  EXPECT_EQ(engine_.log, (std::vector<std::string>{
                             "instantiate good as 'M'",
                             "register 'M' as M",
                             "register '' as N",
                             "register 'missing' as X",
                             "instantiate link as ''",
                             "instantiate bad! as ''",
                         }));  // the engine's own load rejects bad!
}

TEST_F(ScriptRunnerTest, DefinitionsAreCheckedAndInstantiatedOnlyByInstance) {
  options_.engine = &engine_;
  ScriptResult r = Run(R"(
      (module definition $D binary "good")
      (module definition $B binary "bad!")
      (module instance $I $D)
      (module instance $J)
      (module instance $K $nope))");
  EXPECT_EQ(r.passed, 3);
  EXPECT_EQ(r.failed, 2);
  EXPECT_EQ(r.reports[0].reason, "module rejected: type mismatch (at byte offset 3)");
  EXPECT_EQ(r.reports[1].reason, "script error: no module definition $nope");
  EXPECT_EQ(engine_.log, (std::vector<std::string>{
                             "instantiate good as 'I'",
                             "instantiate good as 'J'",
                         }));
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

TEST_F(ScriptRunnerTest, AssertReturnNanEitherRefsAndGet) {
  options_.engine = &engine_;
  engine_.outcomes["nan"] = ActionOutcome::Values(
      {Value::F32Bits(0xFFC00000), Value::F64Bits(0x7FF800000000BEEFull)});
  const char* nan_cmd =
      R"((assert_return (invoke $N "nan") (f32.const nan:canonical) (f64.const nan:arithmetic)))";
  EXPECT_EQ(RunOne(nan_cmd).outcome, Outcome::kPassed);
  EXPECT_EQ(engine_.log.back(), "invoke 'N' nan()");
  engine_.outcomes["nan"] = ActionOutcome::Values(
      {Value::F32Bits(0xFFC00000), Value::F64Bits(0x7FF000000000BEEFull)});
  EXPECT_EQ(RunOne(nan_cmd).reason,
            "result 1: expected f64:nan:arithmetic, got f64:0x7ff000000000beef (nan)");

  const char* either_cmd =
      R"((assert_return (invoke "e") (either (i32.const 1) (i32.const 2))))";
  engine_.outcomes["e"] = ActionOutcome::Values({Value::I32(2)});
  EXPECT_EQ(RunOne(either_cmd).outcome, Outcome::kPassed);
  engine_.outcomes["e"] = ActionOutcome::Values({Value::I32(3)});
  EXPECT_EQ(RunOne(either_cmd).reason,
            "result 0: expected either(i32:0x00000001 (1) | i32:0x00000002 (2)), "
            "got i32:0x00000003 (3)");

  engine_.outcomes["get:g"] = ActionOutcome::Values({Value::ExternRef(3)});
  EXPECT_EQ(RunOne(R"((assert_return (get $G "g") (ref.extern 3)))").outcome,
            Outcome::kPassed);
  EXPECT_EQ(engine_.log.back(), "get 'G' g");
  EXPECT_EQ(RunOne(R"((assert_return (get $G "g") (ref.extern)))").outcome,
            Outcome::kPassed);
  EXPECT_EQ(RunOne(R"((assert_return (get $G "g") (ref.extern 4)))").outcome,
            Outcome::kFailed);
  EXPECT_EQ(RunOne(R"((assert_return (get $G "g") (ref.null)))").outcome,
            Outcome::kFailed);

  engine_.outcomes["get:f"] =
      ActionOutcome::Values({Value{ValType::kFuncRef, 9, 0, false}});
  EXPECT_EQ(RunOne(R"((assert_return (get "f") (ref.func)))").outcome, Outcome::kPassed);
  EXPECT_EQ(RunOne(R"((assert_return (get "f") (ref.null func)))").outcome,
            Outcome::kFailed);
  // weft produces no GC references: such an expectation cannot be met.
  EXPECT_EQ(RunOne(R"((assert_return (get "f") (ref.struct)))").reason,
            "result 0: expected ref.struct, got funcref:9");
  engine_.outcomes["get:f"] = ActionOutcome::Values({Value::NullRef(ValType::kFuncRef)});
  EXPECT_EQ(RunOne(R"((assert_return (get "f") (ref.null func)))").outcome,
            Outcome::kPassed);
  EXPECT_EQ(RunOne(R"((assert_return (get "f") (ref.null extern)))").outcome,
            Outcome::kFailed);
  EXPECT_EQ(RunOne(R"((assert_return (get "f") (ref.null)))").outcome, Outcome::kPassed);
}

TEST_F(ScriptRunnerTest, AssertTrapExhaustionAndException) {
  options_.engine = &engine_;
  const char* trap_cmd = R"((assert_trap (invoke "div") "integer divide by zero"))";
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

  const char* exhaust_cmd = R"((assert_exhaustion (invoke "runaway") "call stack exhausted"))";
  engine_.outcomes["runaway"] =
      ActionOutcome::Fail(ActionOutcome::Kind::kExhaustion, "call stack exhausted");
  EXPECT_EQ(RunOne(exhaust_cmd).outcome, Outcome::kPassed);
  // A trap with the right words is still not exhaustion.
  engine_.outcomes["runaway"] =
      ActionOutcome::Fail(ActionOutcome::Kind::kTrap, "call stack exhausted");
  EXPECT_EQ(RunOne(exhaust_cmd).outcome, Outcome::kFailed);

  const char* exception_cmd = R"((assert_exception (invoke "throw")))";
  engine_.outcomes["throw"] =
      ActionOutcome::Fail(ActionOutcome::Kind::kException, "uncaught exception $e");
  EXPECT_EQ(RunOne(exception_cmd).outcome, Outcome::kPassed);
  engine_.outcomes["throw"] = ActionOutcome::Fail(ActionOutcome::Kind::kTrap, "unreachable");
  EXPECT_EQ(RunOne(exception_cmd).reason,
            "expected an exception, trapped \"unreachable\"");
}

TEST_F(ScriptRunnerTest, Action) {
  options_.engine = &engine_;
  const char* cmd =
      R"((invoke "fill" (v128.const i8x16 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16) (ref.null func)))";
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
  EXPECT_EQ(RunOne(R"((assert_unlinkable (module binary "link") "unknown import"))").outcome,
            Outcome::kPassed);
  EXPECT_EQ(
      RunOne(R"((assert_unlinkable (module binary "link") "incompatible import type"))").reason,
      "expected link error \"incompatible import type\", got \"unknown import: m.f\"");
  EXPECT_EQ(RunOne(R"((assert_unlinkable (module binary "trap") "unknown import"))").reason,
            "expected link error \"unknown import\", got trap "
            "\"out of bounds memory access\"");
  EXPECT_EQ(RunOne(R"((assert_uninstantiable (module binary "trap") "out of bounds"))").outcome,
            Outcome::kPassed);
  // 3.0 scripts write assert_trap on a module for the same thing.
  EXPECT_EQ(RunOne(R"((assert_trap (module binary "trap") "out of bounds"))").outcome,
            Outcome::kPassed);
  EXPECT_EQ(RunOne(R"((assert_uninstantiable (module binary "good") "unreachable"))").reason,
            "expected trap \"unreachable\", got success");
}

TEST_F(ScriptRunnerTest, SavedModulesAndSaveFailures) {
  std::vector<std::string> saved;
  options_.save_module = [&](const Command& cmd, const std::vector<uint8_t>& bytes) {
    saved.push_back(absl::StrCat(cmd.line, ":", std::string(bytes.begin(), bytes.end())));
    return bytes.size() == 4 && bytes[0] == 'l' ? absl::InternalError("disk full")
                                                 : absl::OkStatus();
  };
  ScriptResult r = Run(R"(
      (module binary "good")
      (assert_malformed (module binary "link") "x")
      (assert_malformed (module quote "(func") "x"))");
  EXPECT_EQ(saved, (std::vector<std::string>{"2:good", "3:link"}));
  EXPECT_EQ(r.passed, 2);
  ASSERT_EQ(r.failed, 1);
  // The save failure is what the command reports, whatever its verdict.
  EXPECT_EQ(r.reports[0].reason, "cannot save module: disk full");
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
