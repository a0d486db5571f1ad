// Edge cases of the float SIMD semantics: NaN and signed-zero rules,
// rounding, saturating conversions. (The spec testsuite's simd_*.wast
// files run every op through the interpreter.)
#include "interp/simd/float_ops.h"

#include <cmath>
#include <limits>

#include "gtest/gtest.h"

namespace weft::interp::simd {
namespace {

V128 F4(float a, float b, float c, float d) { return As<V128>(F32x4{a, b, c, d}); }
F32x4 AsF4(V128 v) { return As<F32x4>(v); }
const float kNaN = std::numeric_limits<float>::quiet_NaN();
const float kInf = std::numeric_limits<float>::infinity();

TEST(FloatOpsTest, MinMaxPropagateNaNAndOrderZeros) {
  const F32x4 mn = AsF4(F32x4Min(F4(kNaN, 0.0f, -0.0f, 1), F4(1, -0.0f, 0.0f, kNaN)));
  EXPECT_TRUE(std::isnan(mn[0]));
  EXPECT_TRUE(std::signbit(mn[1]));
  EXPECT_TRUE(std::signbit(mn[2]));
  EXPECT_TRUE(std::isnan(mn[3]));
  const F32x4 mx = AsF4(F32x4Max(F4(0.0f, -0.0f, 2, 3), F4(-0.0f, 0.0f, 1, 4)));
  EXPECT_FALSE(std::signbit(mx[0]));
  EXPECT_FALSE(std::signbit(mx[1]));
  EXPECT_EQ(mx[2], 2);
  EXPECT_EQ(mx[3], 4);
}

TEST(FloatOpsTest, PminPmaxAreSelects) {
  // pmin(a, b) = b < a ? b : a: NaN or equal operands give a.
  const F32x4 p = AsF4(F32x4Pmin(F4(kNaN, 0.0f, 1, 5), F4(1, -0.0f, kNaN, 2)));
  EXPECT_TRUE(std::isnan(p[0]));
  EXPECT_FALSE(std::signbit(p[1]));
  EXPECT_EQ(p[2], 1);
  EXPECT_EQ(p[3], 2);
  const F32x4 q = AsF4(F32x4Pmax(F4(-0.0f, 1, kNaN, 1), F4(0.0f, kNaN, 3, 2)));
  EXPECT_TRUE(std::signbit(q[0]));
  EXPECT_EQ(q[1], 1);
  EXPECT_TRUE(std::isnan(q[2]));
  EXPECT_EQ(q[3], 2);
}

TEST(FloatOpsTest, ComparisonsWithNaN) {
  const I32x4 ne = As<I32x4>(F32x4Ne(F4(kNaN, 1, 1, 1), F4(kNaN, 1, 2, 1)));
  EXPECT_EQ(ne[0], -1);
  EXPECT_EQ(ne[1], 0);
  EXPECT_EQ(ne[2], -1);
  EXPECT_EQ(As<I32x4>(F32x4Eq(F4(kNaN, 0, 0, 0), F4(kNaN, -0.0f, 0, 0)))[0], 0);
  EXPECT_EQ(As<I32x4>(F32x4Eq(F4(kNaN, 0, 0, 0), F4(kNaN, -0.0f, 0, 0)))[1], -1);
}

TEST(FloatOpsTest, RoundingAndSignBitOps) {
  const F32x4 n = AsF4(F32x4Nearest(F4(2.5f, -0.5f, 3.5f, -2.5f)));
  EXPECT_EQ(n[0], 2);
  EXPECT_TRUE(std::signbit(n[1]) && n[1] == 0);
  EXPECT_EQ(n[2], 4);
  EXPECT_EQ(n[3], -2);
  // neg/abs keep NaN payloads.
  const V128 nan_bits = F32x4Splat(0x7fa00001);
  EXPECT_EQ(As<U32x4>(F32x4Neg(nan_bits))[0], 0xffa00001u);
  EXPECT_EQ(As<U32x4>(F32x4Abs(F32x4Neg(nan_bits)))[3], 0x7fa00001u);
  EXPECT_EQ(As<U64x2>(F64x2Neg(F64x2Splat(0)))[1], 0x8000000000000000u);
}

TEST(FloatOpsTest, SaturatingTruncationAndConversion) {
  const I32x4 s = As<I32x4>(I32x4TruncSatF32x4S(F4(kNaN, 1e10f, -1e10f, -3.9f)));
  EXPECT_EQ(s[0], 0);
  EXPECT_EQ(s[1], INT32_MAX);
  EXPECT_EQ(s[2], INT32_MIN);
  EXPECT_EQ(s[3], -3);
  const U32x4 u = As<U32x4>(I32x4TruncSatF32x4U(F4(-1, kInf, 4294967040.0f, 0.9f)));
  EXPECT_EQ(u[0], 0u);
  EXPECT_EQ(u[1], 0xFFFFFFFFu);
  EXPECT_EQ(u[2], 4294967040u);
  EXPECT_EQ(u[3], 0u);
  const U32x4 z = As<U32x4>(I32x4TruncSatF64x2UZero(As<V128>(F64x2{5e9, 7.5})));
  EXPECT_EQ(z[0], 0xFFFFFFFFu);
  EXPECT_EQ(z[1], 7u);
  EXPECT_EQ(z[2], 0u);
  EXPECT_EQ(z[3], 0u);
  EXPECT_EQ(AsF4(F32x4ConvertI32x4U(As<V128>(U32x4{0xFFFFFFFF, 0xFFFFFFFF, 0xFFFFFFFF, 0xFFFFFFFF})))[0], 4294967296.0f);
  EXPECT_EQ(As<F64x2>(F64x2ConvertLowI32x4U(As<V128>(U32x4{0xFFFFFFFF, 0xFFFFFFFF, 0xFFFFFFFF, 0xFFFFFFFF})))[1], 4294967295.0);
  EXPECT_EQ(As<F64x2>(F64x2ConvertLowI32x4S(As<V128>(U32x4{0xFFFFFFFF, 0xFFFFFFFF, 0xFFFFFFFF, 0xFFFFFFFF})))[0], -1.0);
}

TEST(FloatOpsTest, DemotePromote) {
  const F32x4 d = AsF4(F32x4DemoteF64x2Zero(As<V128>(F64x2{1e300, 0.1})));
  EXPECT_EQ(d[0], kInf);
  EXPECT_EQ(d[1], 0.1f);
  EXPECT_EQ(d[2], 0.0f);
  EXPECT_FALSE(std::signbit(d[3]));
  const F64x2 p = As<F64x2>(F64x2PromoteLowF32x4(F4(kNaN, 0.5f, 9, 9)));
  EXPECT_TRUE(std::isnan(p[0]));
  EXPECT_EQ(p[1], 0.5);
}

}  // namespace
}  // namespace weft::interp::simd
