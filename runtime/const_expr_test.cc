#include "runtime/const_expr.h"

#include <string>
#include <vector>

#include "gtest/gtest.h"

namespace weft::runtime {
namespace {

// A module whose bytes are just `code`, with 2 imported globals and 3
// imported functions so global.get / ref.func indices can be checked.
Module ModuleWith(std::vector<uint8_t> code) {
  Module m;
  m.bytes = std::move(code);
  m.num_imported_globals = 2;
  m.num_imported_funcs = 3;
  return m;
}

ConstExpr Whole(const Module& m) {
  return ConstExpr{ByteRange{0, uint32_t(m.bytes.size())}};
}

ConstExprContext TestContext() {
  ConstExprContext c;
  c.global_get = [](uint32_t i) { return Value::I32(int32_t(100 + i)); };
  c.ref_func = [](uint32_t i) { return Value::Ref(ValType::kFuncRef, 1000 + i); };
  return c;
}

Value Eval(std::vector<uint8_t> code) {
  Module m = ModuleWith(std::move(code));
  absl::StatusOr<Value> v = EvalConstExpr(m, Whole(m), TestContext());
  EXPECT_TRUE(v.ok()) << v.status();
  return v.ok() ? *v : Value();
}

TEST(ConstExprTest, NumericConstants) {
  EXPECT_EQ(Eval({0x41, 0x7F, 0x0B}), Value::I32(-1));
  EXPECT_EQ(Eval({0x42, 0x80, 0x01, 0x0B}), Value::I64(128));
  EXPECT_EQ(Eval({0x43, 0x00, 0x00, 0xC0, 0x7F, 0x0B}),
            Value::F32Bits(0x7FC00000u));
  EXPECT_EQ(Eval({0x44, 0, 0, 0, 0, 0, 0, 0xF0, 0x3F, 0x0B}), Value::F64(1.0));
}

TEST(ConstExprTest, V128IsLittleEndian) {
  std::vector<uint8_t> code = {0xFD, 0x0C};
  for (int i = 0; i < 16; ++i) code.push_back(uint8_t(i + 1));
  code.push_back(0x0B);
  Value v = Eval(code);
  EXPECT_EQ(v.type(), ValType::kV128);
  EXPECT_EQ(v.v128_lo(), 0x0807060504030201ull);
  EXPECT_EQ(v.v128_hi(), 0x100F0E0D0C0B0A09ull);
}

TEST(ConstExprTest, RefsAndGlobals) {
  EXPECT_EQ(Eval({0xD0, 0x70, 0x0B}), Value::NullRef(ValType::kFuncRef));
  EXPECT_EQ(Eval({0xD0, 0x6F, 0x0B}), Value::NullRef(ValType::kExternRef));
  EXPECT_EQ(Eval({0xD2, 0x02, 0x0B}), Value::Ref(ValType::kFuncRef, 1002));
  EXPECT_EQ(Eval({0x23, 0x01, 0x0B}), Value::I32(101));
}

// Extended constant expressions: i32/i64 add, sub, mul, wrapping.
TEST(ConstExprTest, ExtendedArithmeticWraps) {
  // (i32.add (global.get 1) (i32.const 1)): global 1 is 101 here.
  EXPECT_EQ(Eval({0x23, 0x01, 0x41, 0x01, 0x6A, 0x0B}), Value::I32(102));
  // ((20 * 2) - 2) + 4, as in the spec's global.wast.
  EXPECT_EQ(Eval({0x41, 20, 0x41, 2, 0x6C, 0x41, 2, 0x6B, 0x41, 4, 0x6A, 0x0B}), Value::I32(42));
  // INT32_MAX + 1, INT32_MIN - 1, 0x10000 * 0x10000.
  EXPECT_EQ(Eval({0x41, 0xFF, 0xFF, 0xFF, 0xFF, 0x07, 0x41, 0x01, 0x6A, 0x0B}),
            Value::I32(INT32_MIN));
  EXPECT_EQ(Eval({0x41, 0x80, 0x80, 0x80, 0x80, 0x78, 0x41, 0x01, 0x6B, 0x0B}),
            Value::I32(INT32_MAX));
  EXPECT_EQ(Eval({0x41, 0x80, 0x80, 0x04, 0x41, 0x80, 0x80, 0x04, 0x6C, 0x0B}), Value::I32(0));
  // i64: 0 - 1 = -1; INT64_MAX * 2 = -2; 3 + 4 = 7.
  EXPECT_EQ(Eval({0x42, 0x00, 0x42, 0x01, 0x7D, 0x0B}), Value::I64(-1));
  EXPECT_EQ(Eval({0x42, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x00, 0x42, 0x02,
                  0x7E, 0x0B}),
            Value::I64(-2));
  EXPECT_EQ(Eval({0x42, 0x03, 0x42, 0x04, 0x7C, 0x0B}), Value::I64(7));
}

// A global the context cannot give yet (defined, not initialised) is an
// error, not a read past the instance's globals.
TEST(ConstExprTest, GlobalNotYetThereIsAnError) {
  ConstExprContext c = TestContext();
  c.global_get = [](uint32_t i) -> std::optional<Value> {
    if (i >= 2) return std::nullopt;
    return Value::I32(int32_t(i));
  };
  Module m = ModuleWith({0x23, 0x02, 0x0B});
  m.globals.resize(2);  // globals 2 and 3 exist in the module
  absl::StatusOr<Value> v = EvalConstExpr(m, Whole(m), c);
  ASSERT_FALSE(v.ok());
  EXPECT_EQ(v.status().message(), "unknown global (at byte offset 0)");
}

TEST(ConstExprTest, BadInputIsAnErrorNotACrash) {
  ConstExprContext c = TestContext();
  struct Case {
    std::vector<uint8_t> code;
    std::string message;  // the whole message, offset included
  };
  for (const Case& t : std::vector<Case>{
           {{}, "unexpected end (at byte offset 0)"},                    // nothing
           {{0x41, 0x01}, "unexpected end (at byte offset 2)"},          // missing end
           {{0x41}, "unexpected end (at byte offset 1)"},                // truncated immediate
           {{0x0B}, "type mismatch (at byte offset 0)"},                 // no value
           {{0x41, 0x01, 0x41, 0x02, 0x0B},                              // two values
            "type mismatch (at byte offset 4)"},
           {{0x6A, 0x0B}, "type mismatch (at byte offset 0)"},           // i32.add of nothing
           {{0x41, 0x01, 0x42, 0x01, 0x6A, 0x0B},                        // i32.add of i32, i64
            "type mismatch (at byte offset 4)"},
           {{0x41, 0x01, 0x41, 0x01, 0x7C, 0x0B},                        // i64.add of i32s
            "type mismatch (at byte offset 4)"},
           {{0x41, 0x01, 0x41, 0x01, 0x6D, 0x0B},                        // i32.div_s
            "constant expression required (at byte offset 4)"},
           {{0x23, 0x05, 0x0B}, "unknown global (at byte offset 0)"},
           {{0xD2, 0x09, 0x0B}, "unknown function (at byte offset 0)"},
       }) {
    Module m = ModuleWith(t.code);
    absl::StatusOr<Value> v = EvalConstExpr(m, Whole(m), c);
    ASSERT_FALSE(v.ok()) << t.message;
    EXPECT_EQ(v.status().code(), absl::StatusCode::kInvalidArgument) << v.status();
    EXPECT_EQ(v.status().message(), t.message);
  }
  Module m = ModuleWith({0x41, 0x00, 0x0B});
  absl::StatusOr<Value> v = EvalConstExpr(m, ConstExpr{ByteRange{0, 10}}, c);
  ASSERT_FALSE(v.ok());
  EXPECT_EQ(v.status().code(), absl::StatusCode::kInvalidArgument) << v.status();
  EXPECT_EQ(v.status().message(), "constant expression out of range (at byte offset 0)");
}

}  // namespace
}  // namespace weft::runtime
