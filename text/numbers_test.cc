#include "text/numbers.h"

#include <cstdint>
#include <string>

#include "gtest/gtest.h"

namespace weft::text {
namespace {

template <typename T>
T Ok(const absl::StatusOr<T>& value, absl::string_view text) {
  EXPECT_TRUE(value.ok()) << text << ": " << value.status();
  return value.ok() ? *value : T{0xDEAD};
}

template <typename T>
std::string Err(const absl::StatusOr<T>& value) {
  EXPECT_FALSE(value.ok());
  if (value.ok()) return "<ok>";
  EXPECT_EQ(value.status().code(), absl::StatusCode::kInvalidArgument);
  return std::string(value.status().message());
}

uint32_t I32(absl::string_view t) { return Ok(ParseI32(t), t); }
uint64_t I64(absl::string_view t) { return Ok(ParseI64(t), t); }
uint32_t F32(absl::string_view t) { return Ok(ParseF32(t), t); }
uint64_t F64(absl::string_view t) { return Ok(ParseF64(t), t); }

TEST(ClassifyNumberTest, SyntaxAlone) {
  EXPECT_EQ(ClassifyNumber("0"), NumberSyntax::kNat);
  EXPECT_EQ(ClassifyNumber("1_000"), NumberSyntax::kNat);
  EXPECT_EQ(ClassifyNumber("0xFF_ff"), NumberSyntax::kNat);
  EXPECT_EQ(ClassifyNumber("0x1_0000_0000_0000_0000_0000"), NumberSyntax::kNat);
  EXPECT_EQ(ClassifyNumber("+1"), NumberSyntax::kInt);
  EXPECT_EQ(ClassifyNumber("-0x8000_0000"), NumberSyntax::kInt);
  for (const char* f : {"1.", "1.5", "1e5", "1.e5", "1E-5", "1.5e+5", "0x1p3",
                        "0x1.", "0x1.8", "0x1.p3", "0x1.8P-3", "inf", "+inf",
                        "-nan", "nan:0x1", "nan:0x0", "-nan:0xff_ff",
                        "1_0.0_1e1_0"}) {
    EXPECT_EQ(ClassifyNumber(f), NumberSyntax::kFloat) << f;
  }
  for (const char* n : {"", "+", "-", "_1", "1_", "1__0", "0x", "0x_1", "0X1",
                        "++1", "+-1", ".5", "1._5", "1_.5", "1e", "1e+",
                        "1e_5", "0x1p", "1p3", "infinity", "nan:",
                        "nan:0x", "nan:0x_1", "nan:1", "Inf", "NaN", "1a",
                        "0x1g", "1.5.5", "1e5e5", "$1", "i32", "0x1.8g"}) {
    EXPECT_EQ(ClassifyNumber(n), NumberSyntax::kNone) << n;
  }
  // `0x1e` is the hex integer 30, not an exponent.
  EXPECT_EQ(ClassifyNumber("0x1e"), NumberSyntax::kNat);
}

TEST(IntegerTest, I32Range) {
  EXPECT_EQ(I32("0"), 0u);
  EXPECT_EQ(I32("4294967295"), 0xFFFFFFFFu);
  EXPECT_EQ(I32("0xffff_ffff"), 0xFFFFFFFFu);
  EXPECT_EQ(I32("-0x8000_0000"), 0x80000000u);
  EXPECT_EQ(I32("-2147483648"), 0x80000000u);
  EXPECT_EQ(I32("+2147483647"), 0x7FFFFFFFu);
  EXPECT_EQ(I32("-1"), 0xFFFFFFFFu);
  EXPECT_EQ(I32("-0"), 0u);
  EXPECT_EQ(I32("1_000_000"), 1000000u);
  EXPECT_EQ(I32("0x0000000000000000000000001"), 1u);
  EXPECT_EQ(Err(ParseI32("0x1_0000_0000")),
            "constant out of range: 0x1_0000_0000");
  EXPECT_EQ(Err(ParseI32("4294967296")), "constant out of range: 4294967296");
  EXPECT_EQ(Err(ParseI32("-0x8000_0001")),
            "constant out of range: -0x8000_0001");
  EXPECT_EQ(Err(ParseI32("-2147483649")), "constant out of range: -2147483649");
  // A sign makes it sN: +2^31 does not fit although 2^31 does.
  EXPECT_EQ(I32("2147483648"), 0x80000000u);
  EXPECT_EQ(Err(ParseI32("+2147483648")), "constant out of range: +2147483648");
  EXPECT_EQ(Err(ParseI32("+0x8000_0000")),
            "constant out of range: +0x8000_0000");
  EXPECT_EQ(Err(ParseI32("99999999999999999999999999")),
            "constant out of range: 99999999999999999999999999");
}

TEST(IntegerTest, I64Range) {
  EXPECT_EQ(I64("0xffff_ffff_ffff_ffff"), 0xFFFFFFFFFFFFFFFFu);
  EXPECT_EQ(I64("18446744073709551615"), 0xFFFFFFFFFFFFFFFFu);
  EXPECT_EQ(I64("-0x8000_0000_0000_0000"), 0x8000000000000000u);
  EXPECT_EQ(I64("-9223372036854775808"), 0x8000000000000000u);
  EXPECT_EQ(I64("+9223372036854775807"), 0x7FFFFFFFFFFFFFFFu);
  EXPECT_EQ(I64("-1"), 0xFFFFFFFFFFFFFFFFu);
  EXPECT_EQ(Err(ParseI64("0x1_0000_0000_0000_0000")),
            "constant out of range: 0x1_0000_0000_0000_0000");
  EXPECT_EQ(Err(ParseI64("18446744073709551616")),
            "constant out of range: 18446744073709551616");
  EXPECT_EQ(Err(ParseI64("-9223372036854775809")),
            "constant out of range: -9223372036854775809");
  EXPECT_EQ(Err(ParseI64("+9223372036854775808")),
            "constant out of range: +9223372036854775808");
}

TEST(IntegerTest, SmallWidthsForLanes) {
  EXPECT_EQ(*ParseUninterpreted("255", 8), 255u);
  EXPECT_EQ(*ParseUninterpreted("-128", 8), 0x80u);
  EXPECT_EQ(Err(ParseUninterpreted("256", 8)), "constant out of range: 256");
  EXPECT_EQ(Err(ParseUninterpreted("-129", 8)), "constant out of range: -129");
  EXPECT_EQ(*ParseUninterpreted("-0x8000", 16), 0x8000u);
  EXPECT_EQ(Err(ParseUninterpreted("0x1_0000", 16)),
            "constant out of range: 0x1_0000");
}

TEST(IntegerTest, UnsignedRejectsSigns) {
  EXPECT_EQ(Ok(ParseU32("0xffff_ffff"), "u32"), 0xFFFFFFFFu);
  EXPECT_EQ(Ok(ParseU64("18446744073709551615"), "u64"), UINT64_MAX);
  EXPECT_EQ(Err(ParseU32("+1")), "malformed integer: +1");
  EXPECT_EQ(Err(ParseU32("-0")), "malformed integer: -0");
  EXPECT_EQ(Err(ParseU32("4294967296")), "constant out of range: 4294967296");
}

TEST(IntegerTest, Malformed) {
  EXPECT_EQ(Err(ParseI32("1__0")), "malformed integer: 1__0");
  EXPECT_EQ(Err(ParseI32("_1")), "malformed integer: _1");
  EXPECT_EQ(Err(ParseI32("1_")), "malformed integer: 1_");
  EXPECT_EQ(Err(ParseI32("0x")), "malformed integer: 0x");
  EXPECT_EQ(Err(ParseI32("0x_1")), "malformed integer: 0x_1");
  EXPECT_EQ(Err(ParseI32("")), "malformed integer: ");
  EXPECT_EQ(Err(ParseI32("1.0")), "malformed integer: 1.0");
  EXPECT_EQ(Err(ParseI32("1e3")), "malformed integer: 1e3");
  EXPECT_EQ(Err(ParseI32("nan")), "malformed integer: nan");
  EXPECT_EQ(Err(ParseI64("--1")), "malformed integer: --1");
  EXPECT_EQ(Err(ParseI32("1\n")), "malformed integer: 1\\n");
  EXPECT_EQ(Err(ParseI32(std::string(100, '_'))),
            "malformed integer: " + std::string(48, '_') + "...");
}

TEST(FloatTest, SpecialValuesAndSigns) {
  EXPECT_EQ(F32("inf"), 0x7F800000u);
  EXPECT_EQ(F32("+inf"), 0x7F800000u);
  EXPECT_EQ(F32("-inf"), 0xFF800000u);
  EXPECT_EQ(F64("-inf"), 0xFFF0000000000000u);
  EXPECT_EQ(F32("nan"), 0x7FC00000u);
  EXPECT_EQ(F32("-nan"), 0xFFC00000u);
  EXPECT_EQ(F64("nan"), 0x7FF8000000000000u);
  EXPECT_EQ(F64("-nan"), 0xFFF8000000000000u);
  EXPECT_EQ(F32("0"), 0u);
  EXPECT_EQ(F32("-0"), 0x80000000u);
  EXPECT_EQ(F32("-0.0"), 0x80000000u);
  EXPECT_EQ(F64("-0x0p0"), 0x8000000000000000u);
  EXPECT_EQ(F64("+0x0.0"), 0u);
}

TEST(FloatTest, NanPayloads) {
  EXPECT_EQ(F32("nan:0x1"), 0x7F800001u);
  EXPECT_EQ(F32("nan:0x400000"), 0x7FC00000u);
  EXPECT_EQ(F32("nan:0x7f_ffff"), 0x7FFFFFFFu);
  EXPECT_EQ(F32("-nan:0x1"), 0xFF800001u);
  EXPECT_EQ(F32("+nan:0x00000000000000000000000001"), 0x7F800001u);
  EXPECT_EQ(Err(ParseF32("nan:0x800000")),
            "constant out of range: nan:0x800000");
  EXPECT_EQ(Err(ParseF32("nan:0x1_0000_0000_0000_0000_0000")),
            "constant out of range: nan:0x1_0000_0000_0000_0000_0000");
  EXPECT_EQ(Err(ParseF32("nan:0x0")), "malformed float: nan:0x0");
  EXPECT_EQ(Err(ParseF64("-nan:0x0_0")), "malformed float: -nan:0x0_0");
  EXPECT_EQ(F64("nan:0x1"), 0x7FF0000000000001u);
  EXPECT_EQ(F64("nan:0xf_ffff_ffff_ffff"), 0x7FFFFFFFFFFFFFFFu);
  EXPECT_EQ(F64("nan:0x8_0000_0000_0000"), 0x7FF8000000000000u);
  EXPECT_EQ(Err(ParseF64("nan:0x10_0000_0000_0000")),
            "constant out of range: nan:0x10_0000_0000_0000");
  EXPECT_EQ(Err(ParseF32("nan:0x")), "malformed float: nan:0x");
  EXPECT_EQ(Err(ParseF32("nan:0x_1")), "malformed float: nan:0x_1");
}

TEST(FloatTest, Decimal) {
  EXPECT_EQ(F32("1"), 0x3F800000u);
  EXPECT_EQ(F32("1."), 0x3F800000u);
  EXPECT_EQ(F32("1.5"), 0x3FC00000u);
  EXPECT_EQ(F32("-1.5E+2"), 0xC3160000u);
  EXPECT_EQ(F32("1.e1"), 0x41200000u);
  EXPECT_EQ(F32("0.1"), 0x3DCCCCCDu);
  EXPECT_EQ(F64("0.1"), 0x3FB999999999999Au);
  EXPECT_EQ(F64("1_000.000_1"), F64("1000.0001"));
  EXPECT_EQ(F32("1_0e1_0"), F32("10e10"));
  EXPECT_EQ(F32("3.4028234663852886e38"), 0x7F7FFFFFu);
  EXPECT_EQ(F32("1.4e-45"), 0x00000001u);
  EXPECT_EQ(F32("1e-50"), 0u);
  EXPECT_EQ(F32("-1e-50"), 0x80000000u);
  EXPECT_EQ(F64("4.9406564584124654e-324"), 1u);
  EXPECT_EQ(F64("1.7976931348623157e308"), 0x7FEFFFFFFFFFFFFFu);
  EXPECT_EQ(F64("1e-400"), 0u);
}

TEST(FloatTest, DecimalF32IsRoundedOnceNotViaDouble) {
  // 1 + 2^-24 + 1e-30: via double this becomes the tie 1 + 2^-24 and then
  // rounds to even (1.0); rounded once it is above the tie.
  EXPECT_EQ(F32("1.000000059604644775390625000001"), 0x3F800001u);
  // Exact ties go to even.
  EXPECT_EQ(F32("1.000000059604644775390625"), 0x3F800000u);
  EXPECT_EQ(F32("1.000000178813934326171875"), 0x3F800002u);
}

TEST(FloatTest, DecimalOutOfRange) {
  EXPECT_EQ(Err(ParseF32("1e39")), "constant out of range: 1e39");
  EXPECT_EQ(Err(ParseF32("-1e39")), "constant out of range: -1e39");
  EXPECT_EQ(Err(ParseF32("3.4028236e38")), "constant out of range: 3.4028236e38");
  EXPECT_EQ(F64("1e39"), 0x48078287F49C4A1Du);
  EXPECT_EQ(Err(ParseF64("1e309")), "constant out of range: 1e309");
  EXPECT_EQ(Err(ParseF64("1e99999999999999999999")),
            "constant out of range: 1e99999999999999999999");
  EXPECT_EQ(F64("1e-99999999999999999999"), 0u);
}

TEST(FloatTest, HexExact) {
  EXPECT_EQ(F32("0x1.8p3"), 0x41400000u);
  EXPECT_EQ(F64("0x1.8p3"), 0x4028000000000000u);
  EXPECT_EQ(F32("0x1p3"), 0x41000000u);
  EXPECT_EQ(F32("0x1.p3"), 0x41000000u);
  EXPECT_EQ(F32("0x1P+3"), 0x41000000u);
  EXPECT_EQ(F32("0x10"), 0x41800000u);
  EXPECT_EQ(Err(ParseF32("0x.8")), "malformed float: 0x.8");
  EXPECT_EQ(F32("0x0.00000000000000000000000000000001p128"), 0x3F800000u);
  EXPECT_EQ(F32("0x100000000000000000000000000p-100"), 0x41800000u);
  EXPECT_EQ(F64("0x1.fffffffffffffp1023"), 0x7FEFFFFFFFFFFFFFu);
  EXPECT_EQ(F64("-0x1p-1022"), 0x8010000000000000u);
  EXPECT_EQ(F32("0x0p99999999999999999999999999"), 0u);
  EXPECT_EQ(Err(ParseF32("0x1p99999999999999999999999999")),
            "constant out of range: 0x1p99999999999999999999999999");
}

TEST(FloatTest, HexSubnormals) {
  EXPECT_EQ(F32("0x1p-149"), 0x00000001u);      // f32 min subnormal
  EXPECT_EQ(F32("-0x1p-149"), 0x80000001u);
  EXPECT_EQ(F32("0x1p-150"), 0u);                // tie: to even, 0
  EXPECT_EQ(F32("0x1.000001p-150"), 0x00000001u);  // above the tie
  EXPECT_EQ(F32("0x1.8p-149"), 0x00000002u);     // tie 1.5: to even, 2
  EXPECT_EQ(F32("0x1p-151"), 0u);
  EXPECT_EQ(F32("0x1p-99999"), 0u);
  EXPECT_EQ(F32("0x1.fffffcp-127"), 0x007FFFFFu);  // largest subnormal
  // Halfway between the largest subnormal and the smallest normal.
  EXPECT_EQ(F32("0x1.fffffep-127"), 0x00800000u);
  EXPECT_EQ(F32("0x1p-126"), 0x00800000u);
  EXPECT_EQ(F64("0x1p-1074"), 1u);
  EXPECT_EQ(F64("0x1p-1075"), 0u);
  EXPECT_EQ(F64("0x1.8p-1075"), 1u);
  EXPECT_EQ(F64("0x0.0000000000001p-1022"), 1u);
  EXPECT_EQ(F64("0x1.ffffffffffffep-1023"), 0x000FFFFFFFFFFFFFu);
}

TEST(FloatTest, HexRoundingOfLongMantissas) {
  // The spec's case: just below the tie above the largest f32.
  EXPECT_EQ(F32("0x1.fffffefffffffffffp127"), 0x7F7FFFFFu);
  EXPECT_EQ(F32("0x1.fffffe7p127"), 0x7F7FFFFFu);
  // The tie itself rounds to even, which is 2^128: out of range.
  EXPECT_EQ(Err(ParseF32("0x1.ffffffp127")),
            "constant out of range: 0x1.ffffffp127");
  EXPECT_EQ(Err(ParseF32("0x1p128")), "constant out of range: 0x1p128");
  EXPECT_EQ(Err(ParseF32("-0x1p128")), "constant out of range: -0x1p128");
  // 1 + 2^-24 (the tie) goes to even; a far-away 1 bit breaks the tie.
  EXPECT_EQ(F32("0x1.000001p0"), 0x3F800000u);
  EXPECT_EQ(F32("0x1.000003p0"), 0x3F800002u);
  EXPECT_EQ(F32("0x1.00000100000000000000000000000000001p0"), 0x3F800001u);
  EXPECT_EQ(F32("0x1.000000fffffffffffffffffffffffffffffp0"), 0x3F800000u);
  EXPECT_EQ(F64("0x1.00000000000008p0"), 0x3FF0000000000000u);
  EXPECT_EQ(F64("0x1.00000000000018p0"), 0x3FF0000000000002u);
  EXPECT_EQ(F64("0x1.000000000000080000000000000001p0"),
            0x3FF0000000000001u);
  EXPECT_EQ(F64("0x1.fffffffffffff7ffffffffffp1023"), 0x7FEFFFFFFFFFFFFFu);
  EXPECT_EQ(Err(ParseF64("0x1.fffffffffffff8p1023")),
            "constant out of range: 0x1.fffffffffffff8p1023");
  // Digits before the point past the 15 kept ones still scale the value.
  EXPECT_EQ(F32("0x1_0000_0000_0000_0000_0000"), 0x67800000u);  // 2^80
  EXPECT_EQ(F64("0xffff_ffff_ffff_ffff_ffff"), 0x44F0000000000000u);  // ~2^80
}

TEST(FloatTest, Malformed) {
  for (const char* text : {"1__0", "_1", "1.5.", ".5", "1e", "0x1p", "0x",
                           "infinity", "NaN", "+-1", "1e+_1", "0x1.8g"}) {
    EXPECT_EQ(Err(ParseF32(text)), std::string("malformed float: ") + text);
  }
}

TEST(NumbersTest, HostileLengthsStayLinearAndExact) {
  const std::string digits(1 << 20, '9');
  EXPECT_EQ(Err(ParseI64(digits)),
            "constant out of range: " + std::string(48, '9') + "...");
  EXPECT_EQ(Err(ParseF32(digits)).substr(0, 22), "constant out of range:");
  EXPECT_EQ(F64("0." + std::string(1 << 20, '0') + "1"), 0u);
  EXPECT_EQ(F64("0x0." + std::string(1 << 20, '0') + "1p4194304"),
            0x3FB0000000000000u);  // 16^-(2^20+1) * 2^(2^22) = 2^-4
  EXPECT_EQ(F32("0x1." + std::string(1 << 20, '0') + "1p0"), 0x3F800000u);
  EXPECT_EQ(Err(ParseF32(std::string(1 << 20, '_'))).substr(0, 16),
            "malformed float:");
}

}  // namespace
}  // namespace weft::text
