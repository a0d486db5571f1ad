// The clang-built kernel modules (bench/kernels/*.wasm, given as arguments)
// decode and validate in weft, and the *_simd kernels really contain SIMD
// instructions (clang vectorised them), so their benchmark measures SIMD.
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "absl/types/span.h"
#include "base/byte_reader.h"
#include "decoder/decoder.h"
#include "decoder/instruction_reader.h"
#include "gtest/gtest.h"
#include "validator/validator.h"

namespace {

std::vector<std::string> g_files;

int CountSimdInstructions(const weft::Module& m) {
  int n = 0;
  for (const weft::FunctionBody& body : m.code) {
    weft::ByteReader in(m.data_at(body.code), body.code.size(), body.code.begin);
    weft::InstructionReader reader(&in);
    weft::Instruction ins;
    while (in.remaining() > 0 && reader.Read(&ins)) {
      if (weft::GetOpcodeInfo(ins.op).prefix == weft::kPrefixSimd) ++n;
    }
  }
  return n;
}

TEST(KernelWasmValidateTest, AllKernelsDecodeAndValidate) {
  ASSERT_EQ(g_files.size(), 16u);
  for (const std::string& path : g_files) {
    std::ifstream in(path, std::ios::binary);
    ASSERT_TRUE(in) << path;
    std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(in)),
                               std::istreambuf_iterator<char>());
    auto module = weft::DecodeModule(absl::MakeConstSpan(bytes));
    ASSERT_TRUE(module.ok()) << path << ": " << module.status();
    absl::Status valid = weft::ValidateModule(**module);
    EXPECT_TRUE(valid.ok()) << path << ": " << valid;
    if (path.find("_simd.wasm") != std::string::npos) {
      EXPECT_GT(CountSimdInstructions(**module), 10) << path;
    }
  }
}

}  // namespace

int main(int argc, char** argv) {
  testing::InitGoogleTest(&argc, argv);
  for (int i = 1; i < argc; ++i) g_files.push_back(argv[i]);
  return RUN_ALL_TESTS();
}
