#include "api/test_util.h"

#include <fstream>
#include <iterator>

namespace weft::testing {

std::vector<uint8_t> TestWasm(const std::string& name) {
  std::ifstream in("api/testdata/" + name + ".wasm", std::ios::binary);
  return std::vector<uint8_t>(std::istreambuf_iterator<char>(in), {});
}

absl::StatusOr<std::shared_ptr<const CompiledModule>> CompileTestModule(
    const Engine& engine, const std::string& name) {
  std::vector<uint8_t> bytes = TestWasm(name);
  if (bytes.empty()) return absl::NotFoundError("missing test module " + name);
  return CompiledModule::Compile(engine, bytes);
}

}  // namespace weft::testing
