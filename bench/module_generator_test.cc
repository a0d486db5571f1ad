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

// Benchmark figures stay comparable across sessions only if the default
// module does not drift: its bytes as of the with_start option's arrival.
TEST(ModuleGeneratorTest, DefaultModuleIsUnchanged) {
  std::vector<uint8_t> bytes = GenerateModule(64 * 1024, 1);
  uint64_t fnv1a = 0xcbf29ce484222325u;
  for (uint8_t b : bytes) fnv1a = (fnv1a ^ b) * 0x100000001b3u;
  EXPECT_EQ(bytes.size(), 65810u);
  EXPECT_EQ(fnv1a, 0x01fbf574149440dcu);
}

TEST(ModuleGeneratorTest, WithStartImportsOneFunctionAndExportsStart) {
  for (uint32_t seed = 1; seed <= 5; ++seed) {
    std::vector<uint8_t> bytes = GenerateModule(64 * 1024, seed, {.with_start = true});
    auto module = DecodeModule(absl::MakeConstSpan(bytes));
    ASSERT_TRUE(module.ok()) << "seed " << seed << ": " << module.status();
    absl::Status valid = ValidateModule(**module);
    EXPECT_TRUE(valid.ok()) << "seed " << seed << ": " << valid;
    const Module& m = **module;
    ASSERT_EQ(m.imports.size(), 1u);
    EXPECT_EQ(m.imports[0].module, "bench");
    EXPECT_EQ(m.imports[0].name, "first_instruction");
    const Export* start = m.FindExport("_start");
    ASSERT_NE(start, nullptr);
    EXPECT_EQ(start->index, m.total_funcs() - 1);
    EXPECT_TRUE(m.func_type(start->index).params.empty());
    EXPECT_TRUE(m.func_type(start->index).results.empty());
  }
}

}  // namespace
}  // namespace weft::bench
