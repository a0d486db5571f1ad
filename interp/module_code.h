// Per-module compiled code, shared by every instance of a module.
//
// Functions are compiled from the validated module on first call (or all at
// once with CompileAll). Compilation runs the function validator with the
// interpreter's compiler as consumer, so a body is read exactly once.
#ifndef WEFT_INTERP_MODULE_CODE_H_
#define WEFT_INTERP_MODULE_CODE_H_

#include <memory>
#include <mutex>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "decoder/module.h"
#include "validator/module_context.h"

namespace weft::interp {

struct CompiledFunction;

struct CompileOptions {
  // Emit fuel-charging instructions (see ExecContext::set_fuel). Without
  // it, code never consumes fuel and pays nothing for metering.
  bool metering = false;
  // Use handlers built on instructions beyond the x86-64 baseline (SSSE3
  // byte shuffles) when the CPU has them. Off only to test the portable
  // handlers on a machine that has the extensions.
  bool host_simd = true;
};

class ModuleCode {
 public:
  // `module` must have passed module-level validation (BuildModuleContext
  // is run here again and its error returned otherwise).
  static absl::StatusOr<std::shared_ptr<ModuleCode>> Create(
      std::shared_ptr<const Module> module, CompileOptions options = {});
  ~ModuleCode();

  const Module& module() const { return *module_; }
  const std::shared_ptr<const Module>& shared_module() const { return module_; }
  const CompileOptions& options() const { return options_; }

  // Compiled code of defined function `defined_index`, compiling it on the
  // first request. Thread-safe; the result lives as long as this object.
  // Errors: validation errors of the body, or compiler resource limits.
  absl::StatusOr<const CompiledFunction*> Get(uint32_t defined_index);

  // Compiles every function now (eager mode; also validates every body).
  absl::Status CompileAll();

 private:
  ModuleCode(std::shared_ptr<const Module> module, ModuleContext ctx, CompileOptions options);
  std::shared_ptr<const Module> module_;
  ModuleContext context_;
  CompileOptions options_;
  std::mutex mu_;
  std::vector<std::unique_ptr<CompiledFunction>> compiled_;
};

}  // namespace weft::interp

#endif  // WEFT_INTERP_MODULE_CODE_H_
