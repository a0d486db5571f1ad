#include "weft/signature.h"

#include <cmath>
#include <limits>

#include "gtest/gtest.h"

namespace weft {
namespace {

TEST(SignatureTest, DeducesParamsAndResults) {
  FuncType t = FuncTypeOf<int32_t(int32_t, int64_t)>();
  EXPECT_EQ(t, (FuncType{{ValType::kI32, ValType::kI64}, {ValType::kI32}}));
  EXPECT_EQ(FuncTypeOf<void()>(), FuncType{});
  EXPECT_EQ((FuncTypeOf<std::tuple<float, double>(uint32_t, uint64_t)>()),
            (FuncType{{ValType::kI32, ValType::kI64},
                      {ValType::kF32, ValType::kF64}}));
}

TEST(SignatureTest, ValueRoundTrips) {
  EXPECT_EQ(FromValue<int32_t>(ToValue(int32_t{-7})), -7);
  EXPECT_EQ(FromValue<uint32_t>(ToValue(uint32_t{0xFFFFFFFF})), 0xFFFFFFFFu);
  EXPECT_EQ(FromValue<int64_t>(ToValue(int64_t{1} << 40)), int64_t{1} << 40);
  EXPECT_EQ(FromValue<float>(ToValue(1.5f)), 1.5f);
  EXPECT_EQ(FromValue<double>(ToValue(-2.25)), -2.25);
  EXPECT_EQ(ToValue(int64_t{3}).type(), ValType::kI64);
}

TEST(ValueTest, FloatBitsSurvive) {
  Value nan = Value::F32Bits(0x7FA00001u);
  EXPECT_EQ(nan.f32_bits(), 0x7FA00001u);
  EXPECT_TRUE(std::isnan(nan.f32()));
  EXPECT_EQ(Value::F64Bits(0xFFF0000000000001ull).f64_bits(),
            0xFFF0000000000001ull);
  EXPECT_NE(Value::F32Bits(0x7FC00000u), Value::F32Bits(0x7FC00001u));
}

TEST(ValueTest, RefsAndStrings) {
  Value null = Value::NullRef(ValType::kFuncRef);
  EXPECT_TRUE(null.is_null_ref());
  EXPECT_EQ(null.ToString(), "funcref:null");
  EXPECT_FALSE(Value::Ref(ValType::kExternRef, 16).is_null_ref());
  EXPECT_EQ(Value::I32(-1).ToString(), "i32:-1");
  EXPECT_EQ(Value::I64(5).ToString(), "i64:5");
  EXPECT_EQ(Value::F64(1.0).ToString(), "f64:0x1p+0");
  EXPECT_FALSE(Value::I32(0).is_null_ref());
}

}  // namespace
}  // namespace weft
