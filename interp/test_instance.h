// Test-only: a minimal instantiation of an import-free module on top of
// interp/ data structures (the real one lives in runtime/). Evaluates the
// simple constant expressions (t.const, ref.null, ref.func, global.get),
// applies active element/data segments, and drops active/declarative ones.
#ifndef WEFT_INTERP_TEST_INSTANCE_H_
#define WEFT_INTERP_TEST_INSTANCE_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "decoder/module.h"
#include "interp/instance_data.h"
#include "interp/module_code.h"

namespace weft::interp {

struct TestInstance {
  std::shared_ptr<const Module> module;
  InstanceData data;
  std::vector<std::unique_ptr<FunctionInstance>> funcs;
  std::unique_ptr<LinearMemory> memory;
  std::vector<std::unique_ptr<LinearMemory>> more_memories;  // 1, 2, ...
  std::vector<std::unique_ptr<Table>> tables;
  std::vector<std::unique_ptr<GlobalCell>> globals;
  std::vector<std::unique_ptr<TagInstance>> tags;

  // The exported function `name`, or null.
  FunctionInstance* Func(const std::string& name) const;
};

absl::StatusOr<std::unique_ptr<TestInstance>> MakeTestInstance(
    const std::vector<uint8_t>& wasm, CompileOptions options = {});

// Reads a file (test data) into bytes; empty on failure.
std::vector<uint8_t> ReadFileBytes(const std::string& path);

}  // namespace weft::interp

#endif  // WEFT_INTERP_TEST_INSTANCE_H_
