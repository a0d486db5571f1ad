// Edge cases of the integer SIMD semantics, checked lane by lane. (The
// spec testsuite's simd_*.wast files run every op through the interpreter;
// these pin the cases where a vector-extension shortcut could go wrong.)
#include "interp/simd/int_ops.h"

#include "gtest/gtest.h"

namespace weft::interp::simd {
namespace {

I8x16 S8(V128 v) { return As<I8x16>(v); }
U8x16 U8(V128 v) { return As<U8x16>(v); }
I16x8 S16(V128 v) { return As<I16x8>(v); }
I32x4 S32(V128 v) { return As<I32x4>(v); }
I64x2 S64(V128 v) { return As<I64x2>(v); }

TEST(IntOpsTest, WrappingArithmeticAndAbsOfMin) {
  const V128 max8 = I8x16Splat(127), min8 = I8x16Splat(0x80);
  EXPECT_EQ(S8(I8x16Add(max8, I8x16Splat(1)))[3], -128);
  EXPECT_EQ(S8(I8x16Abs(min8))[0], -128);
  EXPECT_EQ(S8(I8x16Neg(min8))[15], -128);
  EXPECT_EQ(S32(I32x4Mul(I32x4Splat(0x10000), I32x4Splat(0x10000)))[2], 0);
  EXPECT_EQ(S64(I64x2Abs(I64x2Splat(uint64_t(INT64_MIN))))[1], INT64_MIN);
}

TEST(IntOpsTest, SaturationAndAverage) {
  EXPECT_EQ(S8(I8x16AddSatS(I8x16Splat(100), I8x16Splat(100)))[0], 127);
  EXPECT_EQ(S8(I8x16SubSatS(I8x16Splat(0x9c), I8x16Splat(100)))[0], -128);  // -100 - 100
  EXPECT_EQ(U8(I8x16AddSatU(I8x16Splat(200), I8x16Splat(100)))[0], 255);
  EXPECT_EQ(U8(I8x16SubSatU(I8x16Splat(5), I8x16Splat(6)))[0], 0);
  EXPECT_EQ(U8(I8x16AvgrU(I8x16Splat(255), I8x16Splat(254)))[0], 255);  // rounds up
  EXPECT_EQ(As<U16x8>(I16x8AvgrU(I16x8Splat(1), I16x8Splat(2)))[0], 2);
}

TEST(IntOpsTest, ShiftCountsWrapAtLaneWidth) {
  EXPECT_EQ(S8(I8x16Shl(I8x16Splat(1), 9))[0], 2);
  EXPECT_EQ(S8(I8x16ShrS(I8x16Splat(0x80), 7))[0], -1);
  EXPECT_EQ(U8(I8x16ShrU(I8x16Splat(0x80), 7))[0], 1);
  EXPECT_EQ(S64(I64x2ShrS(I64x2Splat(uint64_t(-8)), 65))[0], -4);
}

TEST(IntOpsTest, SignedAndUnsignedCompares) {
  const V128 minus1 = I32x4Splat(0xFFFFFFFF), one = I32x4Splat(1);
  EXPECT_EQ(S32(I32x4LtS(minus1, one))[0], -1);
  EXPECT_EQ(S32(I32x4LtU(minus1, one))[0], 0);
  EXPECT_EQ(S64(I64x2GeS(I64x2Splat(uint64_t(-1)), I64x2Splat(0)))[0], 0);
}

TEST(IntOpsTest, NarrowExtendBitmaskSwizzle) {
  const V128 wide = As<V128>(I16x8{300, -300, 127, -128, 255, 0, -1, 1});
  const I8x16 s = S8(I8x16NarrowI16x8S(wide, wide));
  EXPECT_EQ(s[0], 127);
  EXPECT_EQ(s[1], -128);
  EXPECT_EQ(s[8], 127);  // second operand fills the high half
  const U8x16 u = U8(I8x16NarrowI16x8U(wide, wide));
  EXPECT_EQ(u[0], 255);
  EXPECT_EQ(u[1], 0);
  EXPECT_EQ(u[4], 255);
  EXPECT_EQ(S32(I32x4ExtendHighI16x8S(wide))[2], -1);
  EXPECT_EQ(S32(I32x4ExtendHighI16x8U(wide))[2], 65535);
  EXPECT_EQ(I8x16Bitmask(As<V128>(I8x16{-1, 0, -1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, -128})),
            0x8005u);
  const V128 idx = As<V128>(U8x16{15, 16, 0, 255, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1});
  const U8x16 sw = U8(I8x16Swizzle(As<V128>(U8x16{10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20,
                                                  21, 22, 23, 24, 25}),
                                   idx));
  EXPECT_EQ(sw[0], 25);
  EXPECT_EQ(sw[1], 0);
  EXPECT_EQ(sw[2], 10);
  EXPECT_EQ(sw[3], 0);
}

TEST(IntOpsTest, ExtendedAndPairwiseArithmetic) {
  const V128 min16 = I16x8Splat(0x8000);
  EXPECT_EQ(S16(I16x8Q15mulrSatS(min16, min16))[0], 32767);
  EXPECT_EQ(S32(I32x4DotI16x8S(min16, min16))[0], INT32_MIN);  // 2^31 wraps
  EXPECT_EQ(S32(I32x4ExtmulLowI16x8S(min16, min16))[0], 1 << 30);
  EXPECT_EQ(As<U32x4>(I32x4ExtmulHighI16x8U(I16x8Splat(0xFFFF), I16x8Splat(0xFFFF)))[3],
            0xFFFE0001u);
  EXPECT_EQ(S64(I64x2ExtmulLowI32x4S(I32x4Splat(0x80000000), I32x4Splat(0x80000000)))[0],
            int64_t{1} << 62);
  EXPECT_EQ(S16(I16x8ExtaddPairwiseI8x16S(I8x16Splat(0x80)))[0], -256);
  EXPECT_EQ(S16(I16x8ExtaddPairwiseI8x16U(I8x16Splat(0xFF)))[7], 510);
  EXPECT_EQ(U8(I8x16Popcnt(I8x16Splat(0xF7)))[5], 7);
}

TEST(IntOpsTest, BitwiseAndReductions) {
  const V128 a = MakeV128(0xF0F0, 0), b = MakeV128(0xFF00, 1), c = MakeV128(0x0FF0, ~0ull);
  EXPECT_EQ(V128Bitselect(a, b, c)[0], 0x0FF0u & 0xF0F0u | (0xFF00u & ~0x0FF0ull));
  EXPECT_EQ(V128Andnot(a, b)[0], 0xF0F0u & ~0xFF00ull);
  EXPECT_EQ(V128AnyTrue(MakeV128(0, 1)), 1u);
  EXPECT_EQ(V128AnyTrue(MakeV128(0, 0)), 0u);
  EXPECT_EQ(I32x4AllTrue(MakeV128(0x0000000100000001, 0x0000000100000000)), 0u);
  EXPECT_EQ(I16x8AllTrue(I16x8Splat(0x100)), 1u);
}

}  // namespace
}  // namespace weft::interp::simd
