// A benchmark module loaded into weft's interpreter: decode, validate,
// instantiate (imports from an optional callback), then call exports as
// often as the benchmark wants. Lives for the whole benchmark; one thread.
#ifndef WEFT_BENCH_WASM_KERNEL_H_
#define WEFT_BENCH_WASM_KERNEL_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "interp/instance_data.h"
#include "interp/module_code.h"
#include "runtime/store.h"

namespace weft::bench {

class WasmKernel {
 public:
  using DefineImports = std::function<void(runtime::Store&, runtime::Linker&)>;

  // Loads `path`; a kernel must export `run: [] -> [i32]`.
  static absl::StatusOr<std::unique_ptr<WasmKernel>> Load(
      const std::string& path, interp::CompileOptions options = {},
      const DefineImports& imports = nullptr);

  // Calls `run`; a trap becomes an error status with its message.
  absl::StatusOr<uint32_t> Run();

  // The exported function `name`, or null.
  interp::FunctionInstance* Export(const std::string& name) const;

  interp::ExecContext& context() { return exec_; }

 private:
  WasmKernel() = default;
  runtime::Store store_;
  runtime::Instance* instance_ = nullptr;
  interp::ExecContext exec_;
  interp::FunctionInstance* run_ = nullptr;
};

}  // namespace weft::bench

#endif  // WEFT_BENCH_WASM_KERNEL_H_
