#include "cli/invoke_values.h"

#include <cmath>
#include <cstring>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "weft/gc.h"

namespace weft::cli {
namespace {

using ::testing::HasSubstr;

// The value's bits (i32 and f32 zero-extended), 0xdeadbeef on failure.
uint64_t Ok(ValType t, absl::string_view text) {
  absl::StatusOr<Value> v = ParseArgValue(t, text);
  EXPECT_TRUE(v.ok()) << text << ": " << v.status();
  if (!v.ok()) return 0xdeadbeef;
  EXPECT_EQ(v->type(), t);
  switch (t) {
    case ValType::kI32: return uint32_t(v->i32());
    case ValType::kI64: return uint64_t(v->i64());
    case ValType::kF32: return v->f32_bits();
    case ValType::kF64: return v->f64_bits();
    default: return 0xdeadbeef;
  }
}

void Refused(ValType t, absl::string_view text) {
  absl::StatusOr<Value> v = ParseArgValue(t, text);
  ASSERT_FALSE(v.ok()) << "\"" << text << "\" was accepted as " << FormatResult(*v);
  EXPECT_EQ(v.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(v.status().message(), HasSubstr("is not a valid"));
}

TEST(InvokeValuesTest, IntegersDecimalAndHex) {
  EXPECT_EQ(Ok(ValType::kI32, "0"), 0u);
  EXPECT_EQ(Ok(ValType::kI32, "42"), 42u);
  EXPECT_EQ(Ok(ValType::kI32, "+1"), 1u);
  EXPECT_EQ(Ok(ValType::kI32, "-1"), 0xffffffffu);
  EXPECT_EQ(Ok(ValType::kI32, "-2147483648"), 0x80000000u);
  EXPECT_EQ(Ok(ValType::kI32, "4294967295"), 0xffffffffu);
  EXPECT_EQ(Ok(ValType::kI32, "0x10"), 16u);
  EXPECT_EQ(Ok(ValType::kI32, "0XfF"), 255u);
  EXPECT_EQ(Ok(ValType::kI32, "-0x10"), 0xfffffff0u);
  EXPECT_EQ(Ok(ValType::kI32, "0xffffffff"), 0xffffffffu);
  EXPECT_EQ(Ok(ValType::kI64, "-9223372036854775808"), 0x8000000000000000u);
  EXPECT_EQ(Ok(ValType::kI64, "18446744073709551615"), UINT64_MAX);
  EXPECT_EQ(Ok(ValType::kI64, "0xffffffffffffffff"), UINT64_MAX);
  EXPECT_EQ(Ok(ValType::kI64, "-1"), UINT64_MAX);
}

TEST(InvokeValuesTest, IntegersRefusedForms) {
  for (ValType t : {ValType::kI32, ValType::kI64}) {
    // Bare hex, exponents, other radixes: once read as hex, now refused.
    for (const char* text : {"ff", "abc", "1e3", "0b101", "0o7", "5x", "0x",
                             "-0x", "", "+", "-", " 1", "1 ", "\t1", "1\n",
                             "1.0", "--1", "+-1", "0x-1", "1_000", "١"}) {
      SCOPED_TRACE(text);
      Refused(t, text);
    }
  }
  Refused(ValType::kI32, "4294967296");
  Refused(ValType::kI32, "-2147483649");
  Refused(ValType::kI32, "0x100000000");
  Refused(ValType::kI64, "18446744073709551616");
  Refused(ValType::kI64, "-9223372036854775809");
  Refused(ValType::kI64, "0x10000000000000000");
  Refused(ValType::kI64, "99999999999999999999999");
}

TEST(InvokeValuesTest, Floats) {
  auto f32 = [](absl::string_view text) {
    uint32_t bits = uint32_t(Ok(ValType::kF32, text));
    float f;
    std::memcpy(&f, &bits, sizeof f);
    return f;
  };
  auto f64 = [](absl::string_view text) {
    uint64_t bits = Ok(ValType::kF64, text);
    double d;
    std::memcpy(&d, &bits, sizeof d);
    return d;
  };
  EXPECT_EQ(f32("1.5"), 1.5f);
  EXPECT_EQ(f32("-0x1p-2"), -0.25f);
  EXPECT_TRUE(std::isinf(f32("inf")));
  EXPECT_TRUE(std::isinf(f32("-inf")));
  EXPECT_TRUE(std::isnan(f32("nan")));
  EXPECT_EQ(f64("1e300"), 1e300);
  EXPECT_EQ(f64("-2.5"), -2.5);
  // Finite literals that would silently become infinity are refused.
  Refused(ValType::kF32, "1e40");
  Refused(ValType::kF64, "1e400");
  for (ValType t : {ValType::kF32, ValType::kF64}) {
    for (const char* text : {"", " 1", "1 ", "1.0x", "abc", "--1"}) {
      SCOPED_TRACE(text);
      Refused(t, text);
    }
  }
}

TEST(InvokeValuesTest, ReferencesCannotBeGiven) {
  absl::StatusOr<Value> v = ParseArgValue(ValType::kFuncRef, "0");
  ASSERT_FALSE(v.ok());
  EXPECT_EQ(v.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(v.status().message(), "parameters of type funcref cannot be given on the command line");
}

TEST(InvokeValuesTest, FormatsResults) {
  EXPECT_EQ(FormatResult(Value::I32(-1)), "i32:-1");
  EXPECT_EQ(FormatResult(Value::I64(5)), "i64:5");
  EXPECT_EQ(FormatResult(Value::F64(0.5)), "f64:0.5");
  EXPECT_EQ(FormatResult(Value::V128(0x0102, 0xff00000000000000)),
            "v128:0xff000000000000000000000000000102");
  EXPECT_EQ(FormatResult(Value::NullRef(ValType::kFuncRef)), "funcref:null");
  EXPECT_EQ(FormatResult(Value::Ref(ValType::kExternRef, 7)), "externref:0x7");
}

// Every reference type prints: the 3.0 ones once printed "?".
TEST(InvokeValuesTest, FormatsEveryReferenceType) {
  EXPECT_EQ(FormatResult(Value::NullRef(ValType::kExnRef)), "exnref:null");
  EXPECT_EQ(FormatResult(Value::NullRef(ValType::kNullFuncRef)), "nullfuncref:null");
  EXPECT_EQ(FormatResult(Value::NullRef(MakeRefType(true, HeapType::kAny))), "anyref:null");
  EXPECT_EQ(FormatResult(Value::NullRef(MakeConcreteRefType(true, 3))), "(ref null 3):null");
  const Value i31 = MakeI31(-5);
  EXPECT_EQ(FormatResult(i31), ValTypeName(i31.type()) + ":(ref.i31 -5)");
}

}  // namespace
}  // namespace weft::cli
