#include "weft/features.h"

#include "gtest/gtest.h"

namespace weft {
namespace {

TEST(WasmFeaturesTest, DefaultIsEverything) {
  WasmFeatures f;
  for (int i = 0; i < static_cast<int>(WasmFeature::kCount); ++i) {
    EXPECT_TRUE(f.Has(static_cast<WasmFeature>(i))) << i;
    EXPECT_FALSE(WasmFeatures::Wasm20().Has(static_cast<WasmFeature>(i))) << i;
  }
  EXPECT_EQ(f, WasmFeatures::All());
}

TEST(WasmFeaturesTest, ParsesItemsInOrder) {
  WasmFeatures f;
  std::string error;
  ASSERT_TRUE(ParseWasmFeatures("-tail-call,-gc", &f, &error)) << error;
  EXPECT_FALSE(f.Has(WasmFeature::kTailCall));
  EXPECT_FALSE(f.Has(WasmFeature::kGc));
  EXPECT_TRUE(f.Has(WasmFeature::kMemory64));
  ASSERT_TRUE(ParseWasmFeatures("2.0,tail-call,+relaxed-simd", &f, &error));
  EXPECT_TRUE(f.Has(WasmFeature::kTailCall));
  EXPECT_TRUE(f.Has(WasmFeature::kRelaxedSimd));
  EXPECT_FALSE(f.Has(WasmFeature::kExtendedConst));
  ASSERT_TRUE(ParseWasmFeatures("all", &f, &error));
  EXPECT_EQ(f, WasmFeatures::All());
  ASSERT_TRUE(ParseWasmFeatures("3.0,-memory64", &f, &error));
  EXPECT_FALSE(f.Has(WasmFeature::kMemory64));
}

TEST(WasmFeaturesTest, UnknownNamesAreRefusedAndChangeNothing) {
  WasmFeatures f = WasmFeatures::Wasm20();
  std::string error;
  EXPECT_FALSE(ParseWasmFeatures("tail-call,tailcall", &f, &error));
  EXPECT_EQ(f, WasmFeatures::Wasm20());
  EXPECT_EQ(error.substr(0, 47), "unknown WebAssembly feature \"tailcall\" (known: ");
  EXPECT_NE(error.find("custom-page-sizes"), std::string::npos);
  EXPECT_FALSE(ParseWasmFeatures("", &f, &error));
  EXPECT_FALSE(ParseWasmFeatures("gc,", &f, &error));
}

TEST(WasmFeaturesTest, NamesAndDescriptions) {
  EXPECT_STREQ(WasmFeatureName(WasmFeature::kTailCall), "tail-call");
  EXPECT_STREQ(WasmFeatureDescription(WasmFeature::kTailCall), "tail calls");
  EXPECT_STREQ(WasmFeatureName(WasmFeature::kCount), "?");
  EXPECT_EQ(WasmFeatureDisabledMessage(WasmFeature::kRelaxedSimd),
            "relaxed SIMD instructions are disabled (feature relaxed-simd)");
  EXPECT_EQ(WasmFeatureDisabledMessage(WasmFeature::kGc),
            "garbage collection is disabled (feature gc)");
}

}  // namespace
}  // namespace weft
