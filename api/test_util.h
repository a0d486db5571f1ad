// Test helpers: load a test module built from api/testdata/*.wat.
#ifndef WEFT_API_TEST_UTIL_H_
#define WEFT_API_TEST_UTIL_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "weft/engine.h"
#include "weft/module.h"

namespace weft::testing {

// Bytes of api/testdata/<name>.wasm (relative to the test's runfiles).
std::vector<uint8_t> TestWasm(const std::string& name);

// Compiles api/testdata/<name>.wasm with `engine`.
absl::StatusOr<std::shared_ptr<const CompiledModule>> CompileTestModule(
    const Engine& engine, const std::string& name);

}  // namespace weft::testing

#endif  // WEFT_API_TEST_UTIL_H_
