#include "base/numeric.h"

#include <cmath>
#include <cstdint>
#include <limits>

#include "gtest/gtest.h"

namespace weft::numeric {
namespace {

uint32_t F32Bits(float f) { return BitCast<uint32_t>(f); }
uint64_t F64Bits(double d) { return BitCast<uint64_t>(d); }

TEST(NumericTest, IntegerDivision) {
  uint32_t r = 7;
  EXPECT_EQ(DivS<uint32_t>(1, 0, &r), TrapKind::kDivideByZero);
  EXPECT_EQ(DivU<uint32_t>(1, 0, &r), TrapKind::kDivideByZero);
  EXPECT_EQ(RemS<uint32_t>(1, 0, &r), TrapKind::kDivideByZero);
  EXPECT_EQ(RemU<uint32_t>(1, 0, &r), TrapKind::kDivideByZero);
  EXPECT_EQ(DivS<uint32_t>(0x80000000u, 0xFFFFFFFFu, &r), TrapKind::kIntegerOverflow);
  ASSERT_EQ(RemS<uint32_t>(0x80000000u, 0xFFFFFFFFu, &r), TrapKind::kNone);
  EXPECT_EQ(r, 0u);
  ASSERT_EQ(DivS<uint32_t>(uint32_t(-7), 2, &r), TrapKind::kNone);
  EXPECT_EQ(int32_t(r), -3);  // truncates toward zero
  ASSERT_EQ(RemS<uint32_t>(uint32_t(-7), 2, &r), TrapKind::kNone);
  EXPECT_EQ(int32_t(r), -1);  // sign of the dividend
  ASSERT_EQ(DivU<uint32_t>(uint32_t(-7), 2, &r), TrapKind::kNone);
  EXPECT_EQ(r, 0x7FFFFFFCu);
  uint64_t q = 0;
  EXPECT_EQ(DivS<uint64_t>(uint64_t(INT64_MIN), uint64_t(-1), &q), TrapKind::kIntegerOverflow);
  ASSERT_EQ(RemS<uint64_t>(uint64_t(INT64_MIN), uint64_t(-1), &q), TrapKind::kNone);
  EXPECT_EQ(q, 0u);
}

TEST(NumericTest, ShiftsAndRotatesTakeCountModuloWidth) {
  EXPECT_EQ(Shl<uint32_t>(1, 33), 2u);
  EXPECT_EQ(ShrU<uint32_t>(0x80000000u, 63), 1u);
  EXPECT_EQ(ShrS<uint32_t>(0x80000000u, 31), 0xFFFFFFFFu);
  EXPECT_EQ(Shl<uint64_t>(1, 64), 1u);
  EXPECT_EQ(ShrS<uint64_t>(uint64_t(INT64_MIN), 65), 0xC000000000000000ull);
  EXPECT_EQ(Rotl<uint32_t>(0x80000001u, 1), 3u);
  EXPECT_EQ(Rotr<uint32_t>(3, 33), 0x80000001u);
  EXPECT_EQ(Rotl<uint32_t>(0x12345678u, 0), 0x12345678u);
  EXPECT_EQ(Rotl<uint64_t>(0x8000000000000000ull, 65), 1u);
  EXPECT_EQ(Rotr<uint64_t>(1, 1), 0x8000000000000000ull);
}

TEST(NumericTest, BitCounts) {
  EXPECT_EQ(Clz<uint32_t>(0), 32u);
  EXPECT_EQ(Clz<uint32_t>(1), 31u);
  EXPECT_EQ(Ctz<uint32_t>(0), 32u);
  EXPECT_EQ(Ctz<uint32_t>(0x80000000u), 31u);
  EXPECT_EQ(Clz<uint64_t>(0), 64u);
  EXPECT_EQ(Ctz<uint64_t>(0), 64u);
  EXPECT_EQ(Popcnt<uint32_t>(0xFFFFFFFFu), 32u);
  EXPECT_EQ(Popcnt<uint64_t>(0xF0F0ull), 8u);
}

TEST(NumericTest, SignExtension) {
  EXPECT_EQ(I32Extend8S(0x80), 0xFFFFFF80u);
  EXPECT_EQ(I32Extend8S(0x17F), 0x7Fu);
  EXPECT_EQ(I32Extend16S(0x8000), 0xFFFF8000u);
  EXPECT_EQ(I64Extend8S(0xFF), ~0ull);
  EXPECT_EQ(I64Extend16S(0x7FFF), 0x7FFFull);
  EXPECT_EQ(I64Extend32S(0x80000000ull), 0xFFFFFFFF80000000ull);
  EXPECT_EQ(I64ExtendI32S(0xFFFFFFFFu), ~0ull);
  EXPECT_EQ(I64ExtendI32U(0xFFFFFFFFu), 0xFFFFFFFFull);
}

TEST(NumericTest, MinMaxNaNAndSignedZero) {
  const float nan = std::numeric_limits<float>::quiet_NaN();
  EXPECT_TRUE(std::isnan(FMin(nan, 1.0f)));
  EXPECT_TRUE(std::isnan(FMax(1.0f, nan)));
  EXPECT_EQ(F32Bits(FMin(0.0f, -0.0f)), F32Bits(-0.0f));
  EXPECT_EQ(F32Bits(FMin(-0.0f, 0.0f)), F32Bits(-0.0f));
  EXPECT_EQ(F32Bits(FMax(-0.0f, 0.0f)), F32Bits(0.0f));
  EXPECT_EQ(F64Bits(FMax(0.0, -0.0)), F64Bits(0.0));
  EXPECT_EQ(FMin(-1.0, 2.0), -1.0);
  EXPECT_EQ(FMax(-1.0, 2.0), 2.0);
  // A signalling NaN input yields a quiet (arithmetic) NaN.
  float snan = BitCast<float>(0x7FA00000u);
  EXPECT_NE(F32Bits(FMin(snan, 1.0f)) & 0x00400000u, 0u);
}

TEST(NumericTest, NearestRoundsHalfToEven) {
  EXPECT_EQ(FNearest(0.5f), 0.0f);
  EXPECT_EQ(FNearest(1.5f), 2.0f);
  EXPECT_EQ(FNearest(2.5), 2.0);
  EXPECT_EQ(FNearest(-3.5), -4.0);
  EXPECT_EQ(F64Bits(FNearest(-0.4)), F64Bits(-0.0));
  EXPECT_EQ(F32Bits(FNearest(-0.0f)), F32Bits(-0.0f));
  EXPECT_EQ(FNearest(8388609.0f), 8388609.0f);
  EXPECT_EQ(FNearest(4503599627370497.0), 4503599627370497.0);
  EXPECT_TRUE(std::isinf(FNearest(-INFINITY)));
}

TEST(NumericTest, SignBitOpsKeepNaNPayloads) {
  float nan = BitCast<float>(0x7FA00001u);
  EXPECT_EQ(F32Bits(FNeg(nan)), 0xFFA00001u);
  EXPECT_EQ(F32Bits(FAbs(BitCast<float>(0xFFA00001u))), 0x7FA00001u);
  EXPECT_EQ(F32Bits(FCopysign(nan, -1.0f)), 0xFFA00001u);
  EXPECT_EQ(F64Bits(FCopysign(1.0, -0.0)), F64Bits(-1.0));
  EXPECT_EQ(F64Bits(FNeg(0.0)), F64Bits(-0.0));
}

TEST(NumericTest, TrappingTruncation) {
  int32_t i = 0;
  uint32_t u = 0;
  int64_t l = 0;
  uint64_t ul = 0;
  EXPECT_EQ(Trunc<int32_t>(NAN, &i), TrapKind::kInvalidConversion);
  EXPECT_EQ(Trunc<int32_t>(2147483648.0f, &i), TrapKind::kIntegerOverflow);
  ASSERT_EQ(Trunc<int32_t>(-2147483648.0f, &i), TrapKind::kNone);
  EXPECT_EQ(i, INT32_MIN);
  ASSERT_EQ(Trunc<int32_t>(-2147483648.9, &i), TrapKind::kNone);
  EXPECT_EQ(i, INT32_MIN);
  EXPECT_EQ(Trunc<int32_t>(-2147483649.0, &i), TrapKind::kIntegerOverflow);
  ASSERT_EQ(Trunc<int32_t>(2147483647.9, &i), TrapKind::kNone);
  EXPECT_EQ(i, INT32_MAX);
  ASSERT_EQ(Trunc<uint32_t>(-0.9f, &u), TrapKind::kNone);
  EXPECT_EQ(u, 0u);
  EXPECT_EQ(Trunc<uint32_t>(-1.0f, &u), TrapKind::kIntegerOverflow);
  EXPECT_EQ(Trunc<uint32_t>(4294967296.0, &u), TrapKind::kIntegerOverflow);
  ASSERT_EQ(Trunc<uint32_t>(4294967295.5, &u), TrapKind::kNone);
  EXPECT_EQ(u, 0xFFFFFFFFu);
  EXPECT_EQ(Trunc<int64_t>(9223372036854775808.0, &l), TrapKind::kIntegerOverflow);
  ASSERT_EQ(Trunc<int64_t>(-9223372036854775808.0f, &l), TrapKind::kNone);
  EXPECT_EQ(l, INT64_MIN);
  EXPECT_EQ(Trunc<uint64_t>(18446744073709551616.0, &ul), TrapKind::kIntegerOverflow);
  ASSERT_EQ(Trunc<uint64_t>(18446744073709549568.0, &ul), TrapKind::kNone);
  EXPECT_EQ(ul, 18446744073709549568ull);
  EXPECT_EQ(Trunc<uint64_t>(INFINITY, &ul), TrapKind::kIntegerOverflow);
}

TEST(NumericTest, SaturatingTruncation) {
  EXPECT_EQ(TruncSat<int32_t>(NAN), 0);
  EXPECT_EQ(TruncSat<int32_t>(3e9f), INT32_MAX);
  EXPECT_EQ(TruncSat<int32_t>(-3e9), INT32_MIN);
  EXPECT_EQ(TruncSat<uint32_t>(-5.0), 0u);
  EXPECT_EQ(TruncSat<uint32_t>(5e9), UINT32_MAX);
  EXPECT_EQ(TruncSat<int64_t>(-INFINITY), INT64_MIN);
  EXPECT_EQ(TruncSat<uint64_t>(INFINITY), UINT64_MAX);
  EXPECT_EQ(TruncSat<int64_t>(-1.5), -1);
}

TEST(NumericTest, ConversionsRoundToNearestEven) {
  // 2^24 + 1 is not representable in f32: ties to even -> 2^24.
  EXPECT_EQ(Convert<float>(int32_t(16777217)), 16777216.0f);
  EXPECT_EQ(Convert<float>(uint32_t(0xFFFFFFFFu)), 4294967296.0f);
  // u64 -> f32 needs the sticky bit: 2^63 + 2^39 + 1 rounds up.
  EXPECT_EQ(Convert<float>(uint64_t(0x8000008000000001ull)), 9223373136366403584.0f);
  EXPECT_EQ(Convert<float>(uint64_t(0xFFFFFFFFFFFFFFFFull)), 18446744073709551616.0f);
  EXPECT_EQ(Convert<double>(uint64_t(0xFFFFFFFFFFFFFFFFull)), 18446744073709551616.0);
  EXPECT_EQ(Convert<double>(int64_t(INT64_MIN)), -9223372036854775808.0);
  EXPECT_EQ(Convert<double>(uint64_t(9007199254740993ull)), 9007199254740992.0);
  EXPECT_EQ(F32DemoteF64(1e300), INFINITY);
  EXPECT_EQ(F64PromoteF32(1.5f), 1.5);
}

}  // namespace
}  // namespace weft::numeric
