#include "wast/spec_value.h"

#include <string>

#include "gtest/gtest.h"

namespace weft::wast {
namespace {

json::Value J(const char* text) {
  absl::StatusOr<json::Value> v = json::Parse(text);
  EXPECT_TRUE(v.ok()) << v.status();
  return v.ok() ? *v : json::Value();
}

// A refused value: InvalidArgument with exactly `message`.
template <typename T>
void ExpectRefused(const absl::StatusOr<T>& v, const std::string& message) {
  ASSERT_FALSE(v.ok()) << "accepted; expected " << message;
  EXPECT_EQ(v.status().code(), absl::StatusCode::kInvalidArgument) << v.status();
  EXPECT_EQ(v.status().message(), message);
}

TEST(SpecValueTest, ParsesScalars) {
  EXPECT_EQ(*ParseValue(J(R"({"type": "i32", "value": "4294967295"})")),
            Value::I32(0xFFFFFFFF));
  EXPECT_EQ(*ParseValue(J(R"({"type": "i64", "value": "18446744073709551615"})")),
            Value::I64(UINT64_MAX));
  EXPECT_EQ(*ParseValue(J(R"({"type": "f32", "value": "2143289344"})")),
            Value::F32Bits(0x7FC00000));
  EXPECT_EQ(*ParseValue(J(R"({"type": "f64", "value": "9221120237041090560"})")),
            Value::F64Bits(0x7FF8000000000000ull));
}

TEST(SpecValueTest, ParsesRefs) {
  EXPECT_EQ(*ParseValue(J(R"({"type": "funcref", "value": "null"})")),
            Value::NullRef(ValType::kFuncRef));
  EXPECT_EQ(*ParseValue(J(R"({"type": "externref", "value": "null"})")),
            Value::NullRef(ValType::kExternRef));
  EXPECT_EQ(*ParseValue(J(R"({"type": "externref", "value": "42"})")),
            Value::ExternRef(42));
  ExpectRefused(ParseValue(J(R"({"type": "funcref", "value": "3"})")),
                "funcref values other than null cannot be written in scripts");
}

TEST(SpecValueTest, ParsesV128LanesLittleEndian) {
  auto i8 = ParseValue(J(R"({"type": "v128", "lane_type": "i8", "value":
      ["0","1","2","3","4","5","6","7","8","9","10","11","12","13","14","255"]})"));
  ASSERT_TRUE(i8.ok()) << i8.status();
  EXPECT_EQ(i8->bits, 0x0706050403020100ull);
  EXPECT_EQ(i8->bits_hi, 0xFF0E0D0C0B0A0908ull);
  auto i32 = ParseValue(J(R"({"type": "v128", "lane_type": "i32", "value":
      ["1", "2", "3", "4294967295"]})"));
  ASSERT_TRUE(i32.ok());
  EXPECT_EQ(i32->bits, 0x0000000200000001ull);
  EXPECT_EQ(i32->bits_hi, 0xFFFFFFFF00000003ull);
  auto i64 = ParseValue(J(R"({"type": "v128", "lane_type": "i64", "value":
      ["1", "18446744073709551615"]})"));
  ASSERT_TRUE(i64.ok());
  EXPECT_EQ(i64->bits, 1u);
  EXPECT_EQ(i64->bits_hi, UINT64_MAX);
  auto i16 = ParseValue(J(R"({"type": "v128", "lane_type": "i16", "value":
      ["1","2","3","4","5","6","7","65535"]})"));
  ASSERT_TRUE(i16.ok());
  EXPECT_EQ(i16->bits, 0x0004000300020001ull);
  EXPECT_EQ(i16->bits_hi, 0xFFFF000700060005ull);
}

TEST(SpecValueTest, RejectsBadValues) {
  struct Case {
    const char* text;
    const char* message;
  };
  const Case bad[] = {
      {R"({"type": "i32", "value": "4294967296"})",      // out of range
       "number out of range: 4294967296"},
      {R"({"type": "i32", "value": "-1"})", R"(bad number "-1")"},  // sign
      {R"({"type": "i32", "value": ""})", R"(bad number "")"},
      {R"({"type": "i32", "value": "0x10"})", R"(bad number "0x10")"},
      {R"({"type": "i32", "value": 5})", "value is not a string"},
      {R"({"type": "i64", "value": "18446744073709551616"})",
       "number out of range: 18446744073709551616"},
      {R"({"type": "f32", "value": "4294967296"})", "number out of range: 4294967296"},
      {R"({"type": "f32", "value": "nan:canonical"})",   // pattern as argument
       R"(unexpected "nan:canonical")"},
      {R"({"type": "i32", "value": "nan:canonical"})", R"(bad number "nan:canonical")"},
      {R"({"type": "i128", "value": "0"})", R"(unknown value type "i128")"},
      {R"({"value": "0"})", R"(value without a "type")"},
      {R"({"type": "i32"})", R"(value without a "value")"},
      {R"({"type": "v128", "value": ["0","0","0","0"]})",  // no lane_type
       R"(v128 value without a "lane_type")"},
      {R"({"type": "v128", "lane_type": "i32", "value": ["0","0","0"]})",
       "v128 value needs 4 lanes"},
      {R"({"type": "v128", "lane_type": "i8", "value":
          ["256","0","0","0","0","0","0","0","0","0","0","0","0","0","0","0"]})",
       "number out of range: 256"},
      {R"({"type": "v128", "lane_type": "i33", "value": ["0","0","0","0"]})",
       R"(unknown lane type "i33")"},
      {R"({"type": "externref", "value": "x"})", R"(bad number "x")"},
      {R"(["i32", "1"])", "value is not an object"},
  };
  for (const Case& c : bad) {
    SCOPED_TRACE(c.text);
    ExpectRefused(ParseValue(J(c.text)), c.message);
  }
  // Patterns: only "nan:canonical" and "nan:arithmetic", only in float lanes.
  ExpectRefused(ParseExpected(J(R"({"type": "f32", "value": "nan:signalling"})")),
                R"(unexpected "nan:signalling")");
  ExpectRefused(ParseExpected(J(R"({"type": "v128", "lane_type": "i32",
      "value": ["nan:canonical","0","0","0"]})")),
                R"(bad number "nan:canonical")");
}

TEST(SpecValueTest, NanRules) {
  EXPECT_TRUE(F32MatchesNan(0x7FC00000, NanPattern::kCanonical));
  EXPECT_TRUE(F32MatchesNan(0xFFC00000, NanPattern::kCanonical));
  EXPECT_FALSE(F32MatchesNan(0x7FC00001, NanPattern::kCanonical));
  EXPECT_FALSE(F32MatchesNan(0x7FA00000, NanPattern::kCanonical));
  EXPECT_TRUE(F32MatchesNan(0x7FC00001, NanPattern::kArithmetic));
  EXPECT_TRUE(F32MatchesNan(0xFFE00000, NanPattern::kArithmetic));
  EXPECT_FALSE(F32MatchesNan(0x7F800001, NanPattern::kArithmetic));  // signalling
  EXPECT_FALSE(F32MatchesNan(0x7F800000, NanPattern::kArithmetic));  // inf
  EXPECT_FALSE(F32MatchesNan(0x3F800000, NanPattern::kArithmetic));
  EXPECT_TRUE(F64MatchesNan(0x7FF8000000000000ull, NanPattern::kCanonical));
  EXPECT_TRUE(F64MatchesNan(0xFFF8000000000000ull, NanPattern::kCanonical));
  EXPECT_FALSE(F64MatchesNan(0x7FF8000000000001ull, NanPattern::kCanonical));
  EXPECT_TRUE(F64MatchesNan(0x7FF8000000000001ull, NanPattern::kArithmetic));
  EXPECT_FALSE(F64MatchesNan(0x7FF0000000000001ull, NanPattern::kArithmetic));
}

TEST(SpecValueTest, ScalarExpectations) {
  auto canon = ParseExpected(J(R"({"type": "f32", "value": "nan:canonical"})"));
  ASSERT_TRUE(canon.ok());
  EXPECT_TRUE(canon->Matches(Value::F32Bits(0xFFC00000)));
  EXPECT_FALSE(canon->Matches(Value::F32Bits(0x7FC00001)));
  EXPECT_FALSE(canon->Matches(Value::F64Bits(0x7FF8000000000000ull)));  // type
  EXPECT_EQ(canon->ToString(), "f32:nan:canonical");

  auto exact = ParseExpected(J(R"({"type": "f32", "value": "2143289345"})"));
  ASSERT_TRUE(exact.ok());
  EXPECT_TRUE(exact->Matches(Value::F32Bits(0x7FC00001)));  // bit-exact NaN
  EXPECT_FALSE(exact->Matches(Value::F32Bits(0x7FC00000)));

  auto neg_zero = ParseExpected(J(R"({"type": "f64", "value": "9223372036854775808"})"));
  ASSERT_TRUE(neg_zero.ok());
  EXPECT_FALSE(neg_zero->Matches(Value::F64Bits(0)));  // -0 is not +0

  auto i32 = ParseExpected(J(R"({"type": "i32", "value": "7"})"));
  EXPECT_TRUE(i32->Matches(Value::I32(7)));
  EXPECT_FALSE(i32->Matches(Value::I64(7)));
}

TEST(SpecValueTest, RefExpectations) {
  auto null_ext = ParseExpected(J(R"({"type": "externref", "value": "null"})"));
  EXPECT_TRUE(null_ext->Matches(Value::NullRef(ValType::kExternRef)));
  EXPECT_FALSE(null_ext->Matches(Value::ExternRef(0)));
  EXPECT_FALSE(null_ext->Matches(Value::NullRef(ValType::kFuncRef)));
  auto ext1 = ParseExpected(J(R"({"type": "externref", "value": "1"})"));
  EXPECT_TRUE(ext1->Matches(Value::ExternRef(1)));
  EXPECT_FALSE(ext1->Matches(Value::ExternRef(2)));
  EXPECT_FALSE(ext1->Matches(Value::NullRef(ValType::kExternRef)));
  auto null_func = ParseExpected(J(R"({"type": "funcref", "value": "null"})"));
  EXPECT_TRUE(null_func->Matches(Value::NullRef(ValType::kFuncRef)));
  Value some_func{ValType::kFuncRef, 5, 0, false};
  EXPECT_FALSE(null_func->Matches(some_func));
}

TEST(SpecValueTest, V128PerLaneNanRules) {
  auto e = ParseExpected(J(R"({"type": "v128", "lane_type": "f32", "value":
      ["nan:canonical", "1065353216", "nan:arithmetic", "0"]})"));
  ASSERT_TRUE(e.ok()) << e.status();
  // lanes: canonical NaN (negative), 1.0f, arithmetic NaN with payload, +0.
  Value ok = Value::V128(0x3F800000FFC00000ull, 0x000000007FC12345ull);
  EXPECT_TRUE(e->Matches(ok));
  Value lane0_bad = Value::V128(0x3F8000007FC00001ull, 0x000000007FC12345ull);
  EXPECT_FALSE(e->Matches(lane0_bad));
  Value lane2_bad = Value::V128(0x3F800000FFC00000ull, 0x000000007F812345ull);
  EXPECT_FALSE(e->Matches(lane2_bad));
  Value lane3_bad = Value::V128(0x3F800000FFC00000ull, 0x800000007FC12345ull);
  EXPECT_FALSE(e->Matches(lane3_bad));
  EXPECT_EQ(e->ToString(),
            "v128:f32x4[nan:canonical 0x3f800000 nan:arithmetic 0x0]");

  auto d = ParseExpected(J(R"({"type": "v128", "lane_type": "f64", "value":
      ["4607182418800017408", "nan:canonical"]})"));
  ASSERT_TRUE(d.ok());
  EXPECT_TRUE(d->Matches(Value::V128(0x3FF0000000000000ull, 0xFFF8000000000000ull)));
  EXPECT_FALSE(d->Matches(Value::V128(0x3FF0000000000000ull, 0x7FF8000000000001ull)));
  EXPECT_FALSE(d->Matches(Value::I64(0)));

  auto ints = ParseExpected(J(R"({"type": "v128", "lane_type": "i16", "value":
      ["1","2","3","4","5","6","7","8"]})"));
  EXPECT_TRUE(ints->Matches(Value::V128(0x0004000300020001ull, 0x0008000700060005ull)));
  EXPECT_FALSE(ints->Matches(Value::V128(0x0004000300020001ull, 0x0008000700060006ull)));
}

TEST(SpecValueTest, ToString) {
  EXPECT_EQ(Value::I32(0xFFFFFFFF).ToString(), "i32:0xffffffff (-1)");
  EXPECT_EQ(Value::F32Bits(0x3F800000).ToString(), "f32:0x3f800000 (1)");
  EXPECT_EQ(Value::NullRef(ValType::kExternRef).ToString(), "externref:null");
  EXPECT_EQ(Value::ExternRef(7).ToString(), "externref:7");
  EXPECT_EQ(Value::V128(1, 2).ToString(),
            "v128:0x00000000000000020000000000000001");
}

}  // namespace
}  // namespace weft::wast
