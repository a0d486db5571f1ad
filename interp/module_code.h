// Per-module compiled code, shared by every instance of a module, and the
// one load pipeline that makes it: bytes -> decoded Module -> validated ->
// ready to instantiate (ModuleCode::Load). The API, the CLI, the plugin
// host, the spec runner and the benchmarks all load modules through it.
//
// Validation policy (the one place it is stated): a module is decoded once
// and its module-level checks run once. Every function body is validated at
// Load, so an invalid module never loads (the spec's rule), unless kLazy
// asks otherwise. Translation to
// threaded code rides the validator's walk (validator/code_consumer.h):
//   kEager           Load validates and translates each body in one walk.
//   kLazyTranslation Load validates each body (a walk with no consumer);
//                    a body is translated on its first call. That walk
//                    goes through the function checker again, because the
//                    compiler needs the operand types it tracks; its checks
//                    cannot fail then. Start-up pays for validation only.
//                    The default: spec-conformant and quick to start.
//   kLazy            Load validates no body; the first call validates and
//                    translates it in one walk, and a body that does not
//                    validate fails that call (kCompileError, the
//                    validator's message with the function index). Opt-in:
//                    an invalid module then loads, against the spec.
// Only kEager and kLazy read each body exactly once.
#ifndef WEFT_INTERP_MODULE_CODE_H_
#define WEFT_INTERP_MODULE_CODE_H_

#include <memory>
#include <mutex>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "decoder/module.h"
#include "validator/module_context.h"
#include "weft/features.h"

namespace weft::interp {

struct CompiledFunction;

enum class CompilationMode { kLazyTranslation, kEager, kLazy };

struct CompileOptions {
  CompilationMode mode = CompilationMode::kLazyTranslation;
  // Emit fuel-charging instructions (see ExecContext::set_fuel). Without
  // it, code never consumes fuel and pays nothing for metering.
  bool metering = false;
  // With metering: ops that run anyway also charge the runs next to them
  // (EnterFuel, FuelReturn, the charging branch forms of
  // interp/branch_forms.h, Fuel ops covering the empty runs after them),
  // saving the Fuel ops' dispatches. Off, each run is charged by its own
  // Fuel op, the plain form of the rule: tests compare the two.
  bool fuse_fuel_charges = true;
  // An op that takes the value the op just before it computed reads it
  // from the register that op left it in (interp/accumulator_forms.h)
  // instead of from its frame slot. Off only for tests that compare.
  bool use_accumulator = true;
  // Two ops in a row run as one where the first's handler can do both
  // (Compiler::LinkAddImmPairs). Off only for tests that compare.
  bool pair_ops = true;
  // A `br` back to a loop whose head dispatches through a br_table runs a
  // copy of that head in place of the jump (Compiler::TryCopyLoopDispatch).
  // Off only for tests that compare.
  bool copy_loop_dispatch = true;
  // An i32 compare of a value loaded just before branches with the load
  // as one op (IR_CMP_BRANCH_LOAD). Off only for tests that compare.
  bool load_branches = true;
  // Use handlers built on instructions beyond the x86-64 baseline (SSSE3
  // byte shuffles) when the CPU has them. Off only to test the portable
  // handlers on a machine that has the extensions.
  bool host_simd = true;
  // Features past WebAssembly 2.0 the module may use (all by default); a
  // disabled one is a load error naming it.
  WasmFeatures features;
};

class ModuleCode {
 public:
  // The load pipeline (see the top of this file). Errors are
  // InvalidArgument: the decoder's for malformed bytes, the validator's for
  // an invalid module (spec wording first, then the function and
  // " (at byte offset N)"); in kEager mode also compiler resource limits.
  static absl::StatusOr<std::shared_ptr<ModuleCode>> Load(absl::Span<const uint8_t> wasm,
                                                          CompileOptions options = {});
  ~ModuleCode();

  const Module& module() const { return *module_; }
  const std::shared_ptr<const Module>& shared_module() const { return module_; }
  const CompileOptions& options() const { return options_; }

  // Compiled code of defined function `defined_index`, compiling it on the
  // first request. Thread-safe; the result lives as long as this object.
  // Errors: compiler resource limits; under kLazy also the body's
  // validation error (other modes validated it at Load).
  absl::StatusOr<const CompiledFunction*> Get(uint32_t defined_index);

  // What the functions translated so far occupy (for benchmarks and tools;
  // after a kEager Load that is every function): their threaded code
  // (CompiledFunction::code, 8-byte Words) and, separately, their pc ->
  // byte offset maps. Other side tables (exception handlers, GC stack
  // maps) are not counted. Thread-safe.
  struct TranslatedSize {
    uint32_t functions = 0;
    uint64_t code_bytes = 0;
    uint64_t pc_map_bytes = 0;
  };
  TranslatedSize TranslatedSizeSoFar() const;

 private:
  ModuleCode(std::shared_ptr<const Module> module, ModuleContext ctx, CompileOptions options);
  std::shared_ptr<const Module> module_;
  ModuleContext context_;
  CompileOptions options_;
  mutable std::mutex mu_;
  std::vector<std::unique_ptr<CompiledFunction>> compiled_;
};

}  // namespace weft::interp

#endif  // WEFT_INTERP_MODULE_CODE_H_
