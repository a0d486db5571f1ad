#include "wast/script_parser.h"

#include <string>

#include "gtest/gtest.h"

namespace weft::wast {
namespace {

using Kind = Command::Kind;

Script Parse(const std::string& text) {
  static std::string* keep = new std::string;  // tokens view into the source
  *keep = text;
  absl::StatusOr<Script> s = ParseScript(*keep);
  EXPECT_TRUE(s.ok()) << s.status();
  return s.ok() ? *std::move(s) : Script();
}

TEST(ScriptParserTest, ModuleForms) {
  Script s = Parse(R"w(
(module $M (func))
(module binary "\00asm" "\01\00\00\00")
(module $Q quote "(func" ")")
(module definition $D (memory 1))
(module instance $I $D)
(module instance))w");
  ASSERT_EQ(s.commands.size(), 6u);
  const Command& text = s.commands[0];
  EXPECT_EQ(text.kind, Kind::kModule);
  EXPECT_EQ(text.line, 2u);
  EXPECT_EQ(text.module.name, "M");
  EXPECT_EQ(text.module.form, ScriptModule::Form::kText);
  absl::StatusOr<std::vector<uint8_t>> bytes = EncodeModule(text.module);
  ASSERT_TRUE(bytes.ok()) << bytes.status();
  EXPECT_EQ(bytes->size(), 8u + 6 + 4 + 6);  // header, type, func, code sections

  const Command& binary = s.commands[1];
  EXPECT_EQ(binary.module.form, ScriptModule::Form::kBinary);
  EXPECT_EQ(*EncodeModule(binary.module),
            (std::vector<uint8_t>{0, 'a', 's', 'm', 1, 0, 0, 0}));

  const Command& quote = s.commands[2];
  EXPECT_EQ(quote.module.form, ScriptModule::Form::kQuote);
  EXPECT_EQ(quote.module.name, "Q");
  EXPECT_EQ(quote.module.source, "(func)");
  EXPECT_TRUE(EncodeModule(quote.module).ok());

  const Command& definition = s.commands[3];
  EXPECT_EQ(definition.kind, Kind::kModuleDefinition);
  EXPECT_EQ(definition.module.name, "D");
  ASSERT_TRUE(EncodeModule(definition.module).ok())
      << EncodeModule(definition.module).status();

  EXPECT_EQ(s.commands[4].kind, Kind::kModuleInstance);
  EXPECT_EQ(s.commands[4].instance, "I");
  EXPECT_EQ(s.commands[4].as, "D");
  EXPECT_EQ(s.commands[5].instance, "");
  EXPECT_EQ(s.commands[5].as, "");
}

TEST(ScriptParserTest, ModuleTextErrorsNameScriptLines) {
  Script s = Parse("(module)\n\n(module\n  (func (i32.const)))\n");
  ASSERT_EQ(s.commands.size(), 2u);
  absl::StatusOr<std::vector<uint8_t>> bytes = EncodeModule(s.commands[1].module);
  ASSERT_FALSE(bytes.ok());
  EXPECT_EQ(bytes.status().message(),
            "4:19: expected i32 literal but found ')' (in func 0)")
      << bytes.status();
}

TEST(ScriptParserTest, Values) {
  Script s = Parse(R"w((invoke $M "f" (i32.const -1) (i64.const 0x8000_0000_0000_0000)
  (f32.const -0x1p-1) (f64.const nan:0x4) (v128.const i16x8 1 2 3 4 5 6 7 -1)
  (ref.null func) (ref.null extern) (ref.extern 12)))w");
  ASSERT_EQ(s.commands.size(), 1u);
  const Command& c = s.commands[0];
  ASSERT_EQ(c.kind, Kind::kAction) << c.error;
  EXPECT_FALSE(c.action.is_get);
  EXPECT_EQ(c.action.module, "M");
  EXPECT_EQ(c.action.field, "f");
  ASSERT_EQ(c.action.args.size(), 8u);
  EXPECT_EQ(c.action.args[0], Value::I32(0xFFFFFFFF));
  EXPECT_EQ(c.action.args[1], Value::I64(0x8000000000000000ull));
  EXPECT_EQ(c.action.args[2], Value::F32Bits(0xBF000000));
  EXPECT_EQ(c.action.args[3], Value::F64Bits(0x7FF0000000000004ull));
  EXPECT_EQ(c.action.args[4], Value::V128(0x0004000300020001ull, 0xFFFF000700060005ull));
  EXPECT_EQ(c.action.args[5], Value::NullRef(ValType::kFuncRef));
  EXPECT_EQ(c.action.args[6], Value::NullRef(ValType::kExternRef));
  EXPECT_EQ(c.action.args[7], Value::ExternRef(12));
}

TEST(ScriptParserTest, ResultsWithPatternsAndEither) {
  Script s = Parse(R"w((assert_return (get "g")
  (f32.const nan:canonical)
  (v128.const f64x2 nan:arithmetic 1.5)
  (either (i32.const 1) (ref.func))
  (ref.null any) (ref.i31)))w");
  const Command& c = s.commands[0];
  ASSERT_EQ(c.kind, Kind::kAssertReturn) << c.error;
  EXPECT_TRUE(c.action.is_get);
  ASSERT_EQ(c.expected.size(), 5u);
  EXPECT_EQ(c.expected[0].any_of[0].nan[0], NanPattern::kCanonical);
  EXPECT_EQ(c.expected[1].any_of[0].nan[0], NanPattern::kArithmetic);
  EXPECT_EQ(c.expected[1].any_of[0].nan[1], NanPattern::kNone);
  EXPECT_EQ(c.expected[1].any_of[0].value.bits_hi, 0x3FF8000000000000ull);
  ASSERT_EQ(c.expected[2].any_of.size(), 2u);
  EXPECT_EQ(c.expected[2].any_of[1].ref, RefPattern::kFunc);
  EXPECT_EQ(c.expected[3].any_of[0].ref, RefPattern::kNull);
  EXPECT_EQ(c.expected[4].any_of[0].ref, RefPattern::kI31);
}

TEST(ScriptParserTest, AssertionsKeepTheirMessage) {
  Script s = Parse(R"w(
(assert_trap (invoke "f") "unreachable")
(assert_trap (module (start 0)) "out of bounds")
(assert_malformed (module quote "x") "unknown operator")
(assert_invalid (module (func (result i32))) "type mismatch")
(assert_unlinkable (module (import "a" "b" (func))) "unknown import")
(assert_exhaustion (invoke "f") "call stack exhausted")
(assert_exception (invoke "f"))
(register "M" $N))w");
  ASSERT_EQ(s.commands.size(), 8u);
  EXPECT_EQ(s.commands[0].kind, Kind::kAssertTrap);
  EXPECT_EQ(s.commands[0].text, "unreachable");
  EXPECT_EQ(s.commands[1].kind, Kind::kAssertUninstantiable);
  EXPECT_EQ(s.commands[1].text, "out of bounds");
  EXPECT_EQ(s.commands[2].kind, Kind::kAssertMalformed);
  EXPECT_EQ(s.commands[3].kind, Kind::kAssertInvalid);
  EXPECT_EQ(s.commands[4].kind, Kind::kAssertUnlinkable);
  EXPECT_EQ(s.commands[5].kind, Kind::kAssertExhaustion);
  EXPECT_EQ(s.commands[6].kind, Kind::kAssertException);
  EXPECT_EQ(s.commands[7].kind, Kind::kRegister);
  EXPECT_EQ(s.commands[7].as, "M");
  EXPECT_EQ(s.commands[7].instance, "N");
}

TEST(ScriptParserTest, BadCommandsAreBrokenNotFatal) {
  Script s = Parse(R"w((assert_return (invoke "f" (i32.const 4294967296)))
(assert_return (invoke "f") (f32.const nan:canonical) extra)
(invoke "f" (f32.const nan:canonical))
(thread $T (invoke "f"))
(assert_trap (invoke "f"))
(module))w");
  ASSERT_EQ(s.commands.size(), 6u);
  EXPECT_EQ(s.commands[0].kind, Kind::kBroken);
  EXPECT_EQ(s.commands[0].error, "1:39: constant out of range: 4294967296");
  EXPECT_EQ(s.commands[1].kind, Kind::kBroken);
  EXPECT_EQ(s.commands[1].error, "2:55: expected a result but found keyword 'extra'");
  EXPECT_EQ(s.commands[2].kind, Kind::kBroken);  // patterns are not arguments
  EXPECT_EQ(s.commands[2].error,
            "3:24: expected a number but found keyword 'nan:canonical'");
  EXPECT_EQ(s.commands[3].kind, Kind::kUnsupported);
  EXPECT_EQ(s.commands[3].error, "weft does not run `thread` commands");
  EXPECT_EQ(s.commands[4].kind, Kind::kBroken);
  EXPECT_EQ(s.commands[4].error, "5:26: expected the expected message but found ')'");
  EXPECT_EQ(s.commands[5].kind, Kind::kModule);
}

TEST(ScriptParserTest, WholeFileErrors) {
  EXPECT_EQ(ParseScript("(module)\n  )").status().message(), "2:3: unexpected ')'");
  EXPECT_EQ(ParseScript("(module\n(func").status().message(), "2:1: unclosed '('");
  EXPECT_EQ(ParseScript("(module \"abc").status().message(), "1:9: unterminated string");
  EXPECT_EQ(ParseScript("module").status().message(),
            "1:1: expected a command '(' but found keyword 'module'");
}

TEST(ScriptParserTest, AnnotationsAreIgnoredAnywhere) {
  Script s = Parse("(@note (anything here)) ((@a) module (@b) $m (func (@c))) (@x)");
  ASSERT_EQ(s.commands.size(), 1u);
  EXPECT_EQ(s.commands[0].kind, Kind::kModule);
  EXPECT_EQ(s.commands[0].module.name, "m");
  EXPECT_TRUE(EncodeModule(s.commands[0].module).ok());
  EXPECT_EQ(ParseScript("(module) (@x (y)").status().message(), "1:10: unclosed annotation");
}

TEST(ScriptParserTest, ModulesKeepTheirOwnAnnotations) {
  // The text parser reads a module's @custom; the script's own are dropped.
  Script s = Parse(R"w((@x) (module $m (@custom "c" "d") (func (@y)))
(module definition (@custom "e"))
(assert_malformed_custom (module quote "(@custom)") "@custom annotation: missing section name")
(assert_invalid_custom (module (func)) "x"))w");
  ASSERT_EQ(s.commands.size(), 4u);
  EXPECT_EQ(s.commands[0].module.name, "m");
  absl::StatusOr<std::vector<uint8_t>> bytes = EncodeModule(s.commands[0].module);
  ASSERT_TRUE(bytes.ok()) << bytes.status();
  EXPECT_EQ(std::vector<uint8_t>(bytes->end() - 5, bytes->end()),
            (std::vector<uint8_t>{0x00, 0x03, 0x01, 'c', 'd'}));
  EXPECT_EQ(s.commands[1].kind, Kind::kModuleDefinition);
  bytes = EncodeModule(s.commands[1].module);
  ASSERT_TRUE(bytes.ok()) << bytes.status();
  EXPECT_EQ(bytes->size(), 8u + 4u);  // the custom section alone
  EXPECT_EQ(s.commands[2].kind, Kind::kAssertMalformedCustom);
  EXPECT_EQ(s.commands[2].text, "@custom annotation: missing section name");
  EXPECT_EQ(s.commands[3].kind, Kind::kAssertInvalidCustom);
  // A bare module keeps its annotations too.
  Script bare = Parse(R"((@custom "c") (func))");
  ASSERT_EQ(bare.commands.size(), 1u);
  bytes = EncodeModule(bare.commands[0].module);
  ASSERT_TRUE(bytes.ok()) << bytes.status();
  EXPECT_EQ(std::vector<uint8_t>(bytes->end() - 4, bytes->end()),
            (std::vector<uint8_t>{0x00, 0x02, 0x01, 'c'}));
}

TEST(ScriptParserTest, BareModuleFieldsAreOneModule) {
  Script s = Parse("(func) (memory 0) (func (export \"f\"))");
  ASSERT_EQ(s.commands.size(), 1u);
  EXPECT_EQ(s.commands[0].kind, Kind::kModule);
  absl::StatusOr<std::vector<uint8_t>> bytes = EncodeModule(s.commands[0].module);
  ASSERT_TRUE(bytes.ok()) << bytes.status();
  EXPECT_GT(bytes->size(), 8u);
}

}  // namespace
}  // namespace weft::wast
