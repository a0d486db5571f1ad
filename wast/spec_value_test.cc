#include "wast/spec_value.h"

#include <string>

#include "gtest/gtest.h"

namespace weft::wast {
namespace {

Expected Exactly(Value v) {
  Expected e;
  e.value = v;
  return e;
}

Expected Nan(ValType type, NanPattern p) {
  Expected e;
  e.value.type = type;
  e.nan[0] = p;
  return e;
}

Expected Ref(RefPattern p) {
  Expected e;
  e.ref = p;
  return e;
}

TEST(SpecValueTest, SetLaneIsLittleEndian) {
  Value v = Value::V128(0, 0);
  for (int i = 0; i < 16; ++i) v.SetLane(8, i, i == 15 ? 0xFF : i);
  EXPECT_EQ(v.bits, 0x0706050403020100ull);
  EXPECT_EQ(v.bits_hi, 0xFF0E0D0C0B0A0908ull);
  Value w = Value::V128(0, 0);
  w.SetLane(64, 0, 1);
  w.SetLane(64, 1, UINT64_MAX);
  EXPECT_EQ(w.bits, 1u);
  EXPECT_EQ(w.bits_hi, UINT64_MAX);
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
  Expected canon = Nan(ValType::kF32, NanPattern::kCanonical);
  EXPECT_TRUE(canon.Matches(Value::F32Bits(0xFFC00000)));
  EXPECT_FALSE(canon.Matches(Value::F32Bits(0x7FC00001)));
  EXPECT_FALSE(canon.Matches(Value::F64Bits(0x7FF8000000000000ull)));  // type
  EXPECT_EQ(canon.ToString(), "f32:nan:canonical");

  Expected exact = Exactly(Value::F32Bits(0x7FC00001));
  EXPECT_TRUE(exact.Matches(Value::F32Bits(0x7FC00001)));  // bit-exact NaN
  EXPECT_FALSE(exact.Matches(Value::F32Bits(0x7FC00000)));

  Expected neg_zero = Exactly(Value::F64Bits(0x8000000000000000ull));
  EXPECT_FALSE(neg_zero.Matches(Value::F64Bits(0)));  // -0 is not +0

  Expected i32 = Exactly(Value::I32(7));
  EXPECT_TRUE(i32.Matches(Value::I32(7)));
  EXPECT_FALSE(i32.Matches(Value::I64(7)));
}

TEST(SpecValueTest, RefExpectations) {
  Expected null_ext = Exactly(Value::NullRef(ValType::kExternRef));
  EXPECT_TRUE(null_ext.Matches(Value::NullRef(ValType::kExternRef)));
  EXPECT_FALSE(null_ext.Matches(Value::ExternRef(0)));
  EXPECT_FALSE(null_ext.Matches(Value::NullRef(ValType::kFuncRef)));
  Expected ext1 = Exactly(Value::ExternRef(1));
  EXPECT_TRUE(ext1.Matches(Value::ExternRef(1)));
  EXPECT_FALSE(ext1.Matches(Value::ExternRef(2)));
  EXPECT_FALSE(ext1.Matches(Value::NullRef(ValType::kExternRef)));
  Expected null_func = Exactly(Value::NullRef(ValType::kFuncRef));
  EXPECT_TRUE(null_func.Matches(Value::NullRef(ValType::kFuncRef)));
  const Value some_func{ValType::kFuncRef, 5, 0, false};
  EXPECT_FALSE(null_func.Matches(some_func));

  // 3.0 reference classes.
  EXPECT_TRUE(Ref(RefPattern::kNull).Matches(Value::NullRef(ValType::kFuncRef)));
  EXPECT_TRUE(Ref(RefPattern::kNull).Matches(Value::NullRef(ValType::kExternRef)));
  EXPECT_FALSE(Ref(RefPattern::kNull).Matches(some_func));
  EXPECT_FALSE(Ref(RefPattern::kNull).Matches(Value::I32(0)));
  EXPECT_TRUE(Ref(RefPattern::kFunc).Matches(some_func));
  EXPECT_FALSE(Ref(RefPattern::kFunc).Matches(Value::NullRef(ValType::kFuncRef)));
  EXPECT_FALSE(Ref(RefPattern::kFunc).Matches(Value::ExternRef(5)));
  EXPECT_TRUE(Ref(RefPattern::kExtern).Matches(Value::ExternRef(5)));
  EXPECT_FALSE(Ref(RefPattern::kExtern).Matches(Value::NullRef(ValType::kExternRef)));
  EXPECT_FALSE(Ref(RefPattern::kStruct).Matches(some_func));
  EXPECT_EQ(Ref(RefPattern::kI31).ToString(), "ref.i31");
}

TEST(SpecValueTest, EitherMatchesAnyAlternative) {
  ExpectedResult r{{Exactly(Value::I32(1)), Nan(ValType::kF32, NanPattern::kArithmetic)}};
  EXPECT_TRUE(r.Matches(Value::I32(1)));
  EXPECT_TRUE(r.Matches(Value::F32Bits(0x7FC00001)));
  EXPECT_FALSE(r.Matches(Value::I32(2)));
  EXPECT_EQ(r.ToString(), "either(i32:0x00000001 (1) | f32:nan:arithmetic)");
  ExpectedResult one{{Exactly(Value::I32(1))}};
  EXPECT_EQ(one.ToString(), "i32:0x00000001 (1)");
}

TEST(SpecValueTest, V128PerLaneNanRules) {
  Expected e;
  e.value = Value::V128(0, 0);
  e.shape = LaneShape::kF32;
  e.nan = {NanPattern::kCanonical, NanPattern::kNone, NanPattern::kArithmetic,
           NanPattern::kNone};
  e.value.SetLane(32, 1, 0x3F800000);
  // lanes: canonical NaN (negative), 1.0f, arithmetic NaN with payload, +0.
  Value ok = Value::V128(0x3F800000FFC00000ull, 0x000000007FC12345ull);
  EXPECT_TRUE(e.Matches(ok));
  Value lane0_bad = Value::V128(0x3F8000007FC00001ull, 0x000000007FC12345ull);
  EXPECT_FALSE(e.Matches(lane0_bad));
  Value lane2_bad = Value::V128(0x3F800000FFC00000ull, 0x000000007F812345ull);
  EXPECT_FALSE(e.Matches(lane2_bad));
  Value lane3_bad = Value::V128(0x3F800000FFC00000ull, 0x800000007FC12345ull);
  EXPECT_FALSE(e.Matches(lane3_bad));
  EXPECT_EQ(e.ToString(), "v128:f32x4[nan:canonical 0x3f800000 nan:arithmetic 0x0]");

  Expected d;
  d.value = Value::V128(0x3FF0000000000000ull, 0);
  d.shape = LaneShape::kF64;
  d.nan[1] = NanPattern::kCanonical;
  EXPECT_TRUE(d.Matches(Value::V128(0x3FF0000000000000ull, 0xFFF8000000000000ull)));
  EXPECT_FALSE(d.Matches(Value::V128(0x3FF0000000000000ull, 0x7FF8000000000001ull)));
  EXPECT_FALSE(d.Matches(Value::I64(0)));

  Expected ints;
  ints.value = Value::V128(0x0004000300020001ull, 0x0008000700060005ull);
  ints.shape = LaneShape::kI16;
  EXPECT_TRUE(ints.Matches(Value::V128(0x0004000300020001ull, 0x0008000700060005ull)));
  EXPECT_FALSE(ints.Matches(Value::V128(0x0004000300020001ull, 0x0008000700060006ull)));
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
