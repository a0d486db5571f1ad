// weft's deterministic choice for each relaxed SIMD instruction, on the
// inputs where the spec allows more than one result (docs/relaxed_simd.md).
// The spec testsuite's relaxed_*.wast files accept any allowed result, so
// these pin which one weft gives.
#include "interp/simd/relaxed_ops.h"

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>

#include "gtest/gtest.h"

namespace weft::interp::simd {
namespace {

V128 B16(std::initializer_list<int> bytes) {
  U8x16 v{};
  int i = 0;
  for (int b : bytes) v[i++] = uint8_t(b);
  return As<V128>(v);
}
V128 F4(float a, float b, float c, float d) { return As<V128>(F32x4{a, b, c, d}); }
V128 D2(double a, double b) { return As<V128>(F64x2{a, b}); }
V128 H8(int a, int b, int c, int d, int e, int f, int g, int h) {
  return As<V128>(I16x8{int16_t(a), int16_t(b), int16_t(c), int16_t(d), int16_t(e), int16_t(f),
                        int16_t(g), int16_t(h)});
}
V128 W4(int32_t a, int32_t b, int32_t c, int32_t d) { return As<V128>(I32x4{a, b, c, d}); }
bool Same(V128 a, V128 b) { return a[0] == b[0] && a[1] == b[1]; }
uint32_t Bits(float f) {
  uint32_t u;
  std::memcpy(&u, &f, 4);
  return u;
}
uint64_t Bits(double d) {
  uint64_t u;
  std::memcpy(&u, &d, 8);
  return u;
}
const float kNaN = std::numeric_limits<float>::quiet_NaN();
const float kInf = std::numeric_limits<float>::infinity();
const double kNaN64 = std::numeric_limits<double>::quiet_NaN();

TEST(RelaxedOpsTest, SwizzleOutOfRangeIndicesGiveZero) {
  const V128 a = B16({10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25});
  // In range selects; 16..127 (where the spec also allows a[i % 16]) and
  // 128..255 (negative as i8) give 0, as i8x16.swizzle.
  const U8x16 r = As<U8x16>(
      I8x16RelaxedSwizzle(a, B16({15, 0, 16, 17, 31, 127, 128, 255, 0x8F, 5, 0, 0, 0, 0, 0, 0})));
  EXPECT_EQ(r[0], 25);
  EXPECT_EQ(r[1], 10);
  for (int i = 2; i <= 8; ++i) EXPECT_EQ(r[i], 0) << "lane " << i;
  EXPECT_EQ(r[9], 15);
  const V128 s = B16({3, 200, 16, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11});
  EXPECT_TRUE(Same(I8x16RelaxedSwizzle(a, s), I8x16Swizzle(a, s)));
}

TEST(RelaxedOpsTest, TruncF32x4SaturatesLikeTruncSat) {
  I32x4 r = As<I32x4>(I32x4RelaxedTruncF32x4S(F4(kNaN, kInf, -kInf, 3e9f)));
  EXPECT_EQ(r[0], 0);
  EXPECT_EQ(r[1], INT32_MAX);
  EXPECT_EQ(r[2], INT32_MIN);
  EXPECT_EQ(r[3], INT32_MAX);
  r = As<I32x4>(I32x4RelaxedTruncF32x4S(F4(-3e9f, -1.9f, 2.7f, -0.0f)));
  EXPECT_EQ(r[0], INT32_MIN);
  EXPECT_EQ(r[1], -1);
  EXPECT_EQ(r[2], 2);
  EXPECT_EQ(r[3], 0);
  U32x4 u = As<U32x4>(I32x4RelaxedTruncF32x4U(F4(kNaN, -1.5f, -kInf, 5e9f)));
  EXPECT_EQ(u[0], 0u);
  EXPECT_EQ(u[1], 0u);  // -1 is out of range: the spec allows 0 or UINT32_MAX
  EXPECT_EQ(u[2], 0u);
  EXPECT_EQ(u[3], UINT32_MAX);
  u = As<U32x4>(I32x4RelaxedTruncF32x4U(F4(kInf, 4294967040.0f, -0.9f, 1.99f)));
  EXPECT_EQ(u[0], UINT32_MAX);
  EXPECT_EQ(u[1], 4294967040u);
  EXPECT_EQ(u[2], 0u);  // truncates to -0: in range
  EXPECT_EQ(u[3], 1u);
}

TEST(RelaxedOpsTest, TruncF64x2ZeroSaturatesAndZeroesHighLanes) {
  I32x4 r = As<I32x4>(I32x4RelaxedTruncF64x2SZero(D2(kNaN64, 1e10)));
  EXPECT_EQ(r[0], 0);
  EXPECT_EQ(r[1], INT32_MAX);
  EXPECT_EQ(r[2], 0);
  EXPECT_EQ(r[3], 0);
  r = As<I32x4>(I32x4RelaxedTruncF64x2SZero(D2(-2147483648.9, 2147483647.9)));
  EXPECT_EQ(r[0], INT32_MIN);  // truncates into range
  EXPECT_EQ(r[1], INT32_MAX);
  r = As<I32x4>(I32x4RelaxedTruncF64x2SZero(D2(-1e300, -std::numeric_limits<double>::infinity())));
  EXPECT_EQ(r[0], INT32_MIN);
  EXPECT_EQ(r[1], INT32_MIN);
  U32x4 u = As<U32x4>(I32x4RelaxedTruncF64x2UZero(D2(kNaN64, -1.0)));
  EXPECT_EQ(u[0], 0u);
  EXPECT_EQ(u[1], 0u);
  EXPECT_EQ(u[2], 0u);
  EXPECT_EQ(u[3], 0u);
  u = As<U32x4>(I32x4RelaxedTruncF64x2UZero(D2(4294967295.9, 1e20)));
  EXPECT_EQ(u[0], UINT32_MAX);
  EXPECT_EQ(u[1], UINT32_MAX);
}

// 1 + 2^-12 squared is 1 + 2^-11 + 2^-24; rounded to f32 (a tie) it is
// 1 + 2^-11. So a*b + c with c = -(1 + 2^-11) is 0 unfused but 2^-24 fused.
TEST(RelaxedOpsTest, MaddIsUnfused) {
  const float x = 1.0f + 0x1p-12f, p = 1.0f + 0x1p-11f;
  F32x4 r = As<F32x4>(F32x4RelaxedMadd(F4(x, 2, kInf, 1), F4(x, 3, 0, 1), F4(-p, 1, 1, kNaN)));
  EXPECT_EQ(Bits(r[0]), Bits(0.0f));  // an FMA would give 0x1p-24
  EXPECT_EQ(r[1], 7.0f);
  EXPECT_TRUE(std::isnan(r[2]));      // inf * 0
  EXPECT_TRUE(std::isnan(r[3]));
  // nmadd(a, b, c) = -(a*b) + c: 0 unfused, -2^-24 fused.
  r = As<F32x4>(F32x4RelaxedNmadd(F4(x, 2, 0.0f, -0.0f), F4(x, 3, 1, 1), F4(p, 1, -0.0f, 0.0f)));
  EXPECT_EQ(Bits(r[0]), Bits(0.0f));
  EXPECT_EQ(r[1], -5.0f);
  EXPECT_EQ(Bits(r[2]), Bits(-0.0f));  // -(0*1) + -0 = -0 + -0
  EXPECT_EQ(Bits(r[3]), Bits(0.0f));   // -(-0*1) + 0 = 0 + 0
  // f64: (1 + 2^-27)^2 = 1 + 2^-26 + 2^-54 rounds to 1 + 2^-26.
  const double y = 1.0 + 0x1p-27, q = 1.0 + 0x1p-26;
  F64x2 d = As<F64x2>(F64x2RelaxedMadd(D2(y, -0.0), D2(y, 5), D2(-q, -0.0)));
  EXPECT_EQ(Bits(d[0]), Bits(0.0));  // fused: 0x1p-54
  EXPECT_EQ(Bits(d[1]), Bits(-0.0));
  d = As<F64x2>(F64x2RelaxedNmadd(D2(y, 2), D2(y, kNaN64), D2(q, 1)));
  EXPECT_EQ(Bits(d[0]), Bits(0.0));  // fused: -0x1p-54
  EXPECT_TRUE(std::isnan(d[1]));
}

TEST(RelaxedOpsTest, LaneselectIsBitwiseForMixedMasks) {
  const V128 ones = B16({0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
                         0xFF, 0xFF, 0xFF, 0xFF});
  const V128 zeros = V128{0, 0};
  // A mask with only the top bit (or only low bits) set in a lane: the
  // spec allows a's whole lane or the bitwise mix; weft gives the mix, so
  // selecting all-ones against zeros returns the mask itself.
  const V128 mixed = V128{0x8000000000000001ull, 0x0F0F80807F7F0000ull};
  for (auto op : {I8x16RelaxedLaneselect, I16x8RelaxedLaneselect, I32x4RelaxedLaneselect,
                  I64x2RelaxedLaneselect}) {
    EXPECT_TRUE(Same(op(ones, zeros, mixed), mixed));
    EXPECT_TRUE(Same(op(zeros, ones, mixed), ~mixed));
  }
  // All-ones / all-zeros lanes select whole lanes.
  const V128 a = W4(1, 2, 3, 4), b = W4(5, 6, 7, 8);
  const I32x4 r = As<I32x4>(I32x4RelaxedLaneselect(a, b, W4(-1, 0, 0, -1)));
  EXPECT_EQ(r[0], 1);
  EXPECT_EQ(r[1], 6);
  EXPECT_EQ(r[2], 7);
  EXPECT_EQ(r[3], 4);
  const V128 m = V128{0x00FF00FF12345678ull, 0xFFFFFFFF00000000ull};
  EXPECT_TRUE(Same(I16x8RelaxedLaneselect(a, b, m), V128Bitselect(a, b, m)));
}

TEST(RelaxedOpsTest, MinMaxPropagateNaNAndOrderZeros) {
  F32x4 mn = As<F32x4>(F32x4RelaxedMin(F4(kNaN, 1, 0.0f, -0.0f), F4(1, kNaN, -0.0f, 0.0f)));
  EXPECT_TRUE(std::isnan(mn[0]));
  EXPECT_TRUE(std::isnan(mn[1]));
  EXPECT_EQ(Bits(mn[2]), Bits(-0.0f));
  EXPECT_EQ(Bits(mn[3]), Bits(-0.0f));
  F32x4 mx = As<F32x4>(F32x4RelaxedMax(F4(kNaN, 1, 0.0f, -0.0f), F4(1, kNaN, -0.0f, 0.0f)));
  EXPECT_TRUE(std::isnan(mx[0]));
  EXPECT_TRUE(std::isnan(mx[1]));
  EXPECT_EQ(Bits(mx[2]), Bits(0.0f));
  EXPECT_EQ(Bits(mx[3]), Bits(0.0f));
  F64x2 dn = As<F64x2>(F64x2RelaxedMin(D2(kNaN64, -0.0), D2(2, 0.0)));
  EXPECT_TRUE(std::isnan(dn[0]));
  EXPECT_EQ(Bits(dn[1]), Bits(-0.0));
  F64x2 dx = As<F64x2>(F64x2RelaxedMax(D2(3, 0.0), D2(kNaN64, -0.0)));
  EXPECT_TRUE(std::isnan(dx[0]));
  EXPECT_EQ(Bits(dx[1]), Bits(0.0));
}

TEST(RelaxedOpsTest, Q15mulrSaturatesTheOneOverflow) {
  const I16x8 r = As<I16x8>(I16x8RelaxedQ15mulrS(H8(-32768, -32768, 32767, 16384, 1, -1, 0, 3),
                                                 H8(-32768, 32767, 32767, 16384, 16384, 16384,
                                                    -32768, -10923)));
  EXPECT_EQ(r[0], 32767);   // -32768 * -32768: the spec allows 32767 or -32768
  EXPECT_EQ(r[1], -32767);
  EXPECT_EQ(r[2], 32766);
  EXPECT_EQ(r[3], 8192);
  EXPECT_EQ(r[4], 1);       // (16384 + 2^14) >> 15 rounds half up
  EXPECT_EQ(r[5], 0);       // (-16384 + 2^14) >> 15
  EXPECT_EQ(r[6], 0);
  EXPECT_EQ(r[7], -1);
}

TEST(RelaxedOpsTest, DotReadsTheSecondOperandSigned) {
  // Simple values.
  I16x8 r = As<I16x8>(I16x8RelaxedDotI8x16I7x16S(
      B16({0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15}),
      B16({0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15})));
  const int want[8] = {1, 13, 41, 85, 145, 221, 313, 421};
  for (int i = 0; i < 8; ++i) EXPECT_EQ(r[i], want[i]);
  // b's top bit set: -128 * 0x81 is -128 * -127 (signed) = 16256, not
  // -128 * 129; two of them sum to 32512. 0x80 read signed is -128, and
  // two (-128)(-128) products (32768) saturate to 32767. 1 * 0xFF = -1.
  r = As<I16x8>(I16x8RelaxedDotI8x16I7x16S(
      B16({0x80, 0x80, 0x80, 0x80, 1, 0, 0x7F, 0x7F, 0x80, 0x80, 0, 0, 0, 0, 0, 0}),
      B16({0x81, 0x81, 0x80, 0x80, 0xFF, 0, 0x7F, 0x7F, 0x7F, 0x7F, 0, 0, 0, 0, 0, 0})));
  EXPECT_EQ(r[0], 32512);
  EXPECT_EQ(r[1], 32767);
  EXPECT_EQ(r[2], -1);
  EXPECT_EQ(r[3], 32258);
  EXPECT_EQ(r[4], -32512);
  for (int i = 5; i < 8; ++i) EXPECT_EQ(r[i], 0);
}

TEST(RelaxedOpsTest, DotAddSumsSaturatedPairsThenWrapsTheAccumulate) {
  I32x4 r = As<I32x4>(I32x4RelaxedDotI8x16I7x16AddS(
      B16({0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15}),
      B16({0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15}), W4(0, 1, 2, 3)));
  EXPECT_EQ(r[0], 14);
  EXPECT_EQ(r[1], 127);
  EXPECT_EQ(r[2], 368);
  EXPECT_EQ(r[3], 737);
  // Four -128 * -128 products: each i16 pair saturates to 32767 first (the
  // spec's intermediate i16 sum), so the i32 lane is 65534, not 65536.
  // -128 * 0x81 (signed: -127) four times: 65024. Then + c, wrapping.
  r = As<I32x4>(I32x4RelaxedDotI8x16I7x16AddS(
      B16({0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0, 0, 0, 0}),
      B16({0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x81, 0x81, 0x81, 0x81, 0, 0, 0, 0}),
      W4(0, INT32_MAX, 1, INT32_MIN)));
  EXPECT_EQ(r[0], 65534);
  EXPECT_EQ(r[1], int32_t(0x8000FFFDu));  // INT32_MAX + 65534 wraps
  EXPECT_EQ(r[2], 65025);
  EXPECT_EQ(r[3], INT32_MIN);
}

}  // namespace
}  // namespace weft::interp::simd
