#include "bench/wat_generator.h"

#include "absl/types/span.h"
#include "decoder/decoder.h"
#include "gtest/gtest.h"
#include "text/parser.h"
#include "validator/validator.h"

namespace weft::bench {
namespace {

TEST(WatGeneratorTest, GeneratedTextParsesAndValidates) {
  for (uint32_t seed = 1; seed <= 10; ++seed) {
    const std::string wat = GenerateWat(64 * 1024, seed);
    EXPECT_GE(wat.size(), 64u * 1024);
    auto binary = text::ParseWat(wat);
    ASSERT_TRUE(binary.ok()) << "seed " << seed << ": " << binary.status();
    auto module = DecodeModule(absl::MakeConstSpan(*binary));
    ASSERT_TRUE(module.ok()) << "seed " << seed << ": " << module.status();
    absl::Status valid = ValidateModule(**module);
    EXPECT_TRUE(valid.ok()) << "seed " << seed << ": " << valid;
  }
}

TEST(WatGeneratorTest, IsDeterministic) {
  EXPECT_EQ(GenerateWat(10000, 5), GenerateWat(10000, 5));
  EXPECT_NE(GenerateWat(10000, 5), GenerateWat(10000, 6));
}

}  // namespace
}  // namespace weft::bench
