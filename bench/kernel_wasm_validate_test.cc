// The clang-built kernel modules (bench/kernels/*.wasm, given as arguments)
// decode and validate in weft.
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "absl/types/span.h"
#include "decoder/decoder.h"
#include "gtest/gtest.h"
#include "validator/validator.h"

namespace {

std::vector<std::string> g_files;

TEST(KernelWasmValidateTest, AllKernelsDecodeAndValidate) {
  ASSERT_EQ(g_files.size(), 10u);
  for (const std::string& path : g_files) {
    std::ifstream in(path, std::ios::binary);
    ASSERT_TRUE(in) << path;
    std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(in)),
                               std::istreambuf_iterator<char>());
    auto module = weft::DecodeModule(absl::MakeConstSpan(bytes));
    ASSERT_TRUE(module.ok()) << path << ": " << module.status();
    absl::Status valid = weft::ValidateModule(**module);
    EXPECT_TRUE(valid.ok()) << path << ": " << valid;
  }
}

}  // namespace

int main(int argc, char** argv) {
  testing::InitGoogleTest(&argc, argv);
  for (int i = 1; i < argc; ++i) g_files.push_back(argv[i]);
  return RUN_ALL_TESTS();
}
