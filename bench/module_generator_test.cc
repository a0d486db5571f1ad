#include "bench/module_generator.h"

#include "absl/types/span.h"
#include "decoder/decoder.h"
#include "gtest/gtest.h"
#include "validator/validator.h"

namespace weft::bench {
namespace {

TEST(ModuleGeneratorTest, GeneratedModulesDecodeAndValidate) {
  for (uint32_t seed = 1; seed <= 20; ++seed) {
    std::vector<uint8_t> bytes = GenerateModule(64 * 1024, seed);
    EXPECT_GE(bytes.size(), 64u * 1024);
    auto module = DecodeModule(absl::MakeConstSpan(bytes));
    ASSERT_TRUE(module.ok()) << "seed " << seed << ": " << module.status();
    absl::Status valid = ValidateModule(**module);
    EXPECT_TRUE(valid.ok()) << "seed " << seed << ": " << valid;
  }
}

TEST(ModuleGeneratorTest, IsDeterministic) {
  EXPECT_EQ(GenerateModule(10000, 5), GenerateModule(10000, 5));
  EXPECT_NE(GenerateModule(10000, 5), GenerateModule(10000, 6));
}

}  // namespace
}  // namespace weft::bench
