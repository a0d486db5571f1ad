// A benchmark kernel module loaded into weft's interpreter: decode,
// validate, instantiate (no imports), then call its `run` export as often as
// the benchmark wants. Lives for the whole benchmark; one thread.
#ifndef WEFT_BENCH_WASM_KERNEL_H_
#define WEFT_BENCH_WASM_KERNEL_H_

#include <cstdint>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "interp/instance_data.h"
#include "interp/module_code.h"
#include "runtime/store.h"

namespace weft::bench {

class WasmKernel {
 public:
  // Loads `path` and finds the export `run: [] -> [i32]`.
  static absl::StatusOr<std::unique_ptr<WasmKernel>> Load(
      const std::string& path, interp::CompileOptions options = {});

  // Calls `run`; a trap becomes an error status with its message.
  absl::StatusOr<uint32_t> Run();

  interp::ExecContext& context() { return exec_; }

 private:
  WasmKernel() = default;
  runtime::Store store_;
  interp::ExecContext exec_;
  interp::FunctionInstance* run_ = nullptr;
};

}  // namespace weft::bench

#endif  // WEFT_BENCH_WASM_KERNEL_H_
