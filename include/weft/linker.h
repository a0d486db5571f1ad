// weft public API: Linker, the set of named imports that modules are
// instantiated against, and the factory of Instances.
//
// A Linker maps (module name, item name) to an external value: host
// functions defined with Define/DefineFunction, or every export of an
// instance created through this Linker (DefineInstance). Instantiate
// resolves a module's imports against it with the spec's matching rules.
//
// Ownership: the Linker and every Instance created through it share one
// store that owns all run-time objects (host functions, memories, tables,
// globals, instances). That store, and everything in it, is freed when the
// Linker and all of those Instances (and Memory/InterruptHandle handles)
// are gone. Destroying an Instance early does not free its memory.
//
// Thread-safety: a Linker, the Instances created through it and the calls
// between them form one unit that must be used by one thread at a time.
// Different Linkers are independent and may run on different threads
// (sharing CompiledModules freely). Only InterruptHandle::Interrupt may be
// called from another thread.
#ifndef WEFT_INCLUDE_WEFT_LINKER_H_
#define WEFT_INCLUDE_WEFT_LINKER_H_

#include <memory>
#include <type_traits>
#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "weft/engine.h"
#include "weft/host_function.h"
#include "weft/instance.h"
#include "weft/instantiate_options.h"
#include "weft/limits.h"
#include "weft/module.h"

namespace weft {

namespace api {
struct LinkerImpl;
struct Access;  // api/internal.h: the implementation's way in
}

class Linker {
 public:
  explicit Linker(const Engine& engine);
  ~Linker();
  Linker(Linker&&) noexcept;
  Linker& operator=(Linker&&) noexcept;

  // Defines a host function with a typed C++ callable whose wasm signature
  // is deduced (host_function.h), e.g.
  //   linker.Define("env", "add", [](int32_t a, int32_t b) { return a + b; });
  // Later definitions of the same name replace earlier ones.
  template <typename F,
            typename = std::enable_if_t<!std::is_same_v<std::decay_t<F>, HostFunctionDef>>>
  absl::Status Define(absl::string_view module, absl::string_view name, F&& callable) {
    return Define(module, name, MakeHostFunction(std::forward<F>(callable)));
  }
  absl::Status Define(absl::string_view module, absl::string_view name, HostFunctionDef def);
  // Defines a host function with an explicit type and untyped callback.
  // v128 parameters and results are Value::V128.
  absl::Status DefineFunction(absl::string_view module, absl::string_view name,
                              FuncType type, HostCallback callback);
  // The same with the Caller (caller.h) passed to the callback.
  absl::Status DefineFunction(absl::string_view module, absl::string_view name,
                              FuncType type, HostCallbackWithCaller callback);

  // Makes every export of `instance` importable as (module, export name).
  // `instance` must have been created through this Linker
  // (FailedPrecondition otherwise).
  absl::Status DefineInstance(absl::string_view module, const Instance& instance);

  // Instantiates `module`: resolves imports, creates memories/tables/
  // globals, applies segments and runs the start function within
  // options.start's budget (instantiate_options.h). The short forms use
  // the engine's default limits, or `limits`, and bound the start function
  // only by the limits' fuel_per_call: give a timeout or an interrupt
  // handle whenever the module is not trusted to return.
  // Errors: link errors are NotFound ("unknown import: \"env\" \"f\"") or
  // InvalidArgument ("incompatible import type ..."); a trap in segment
  // initialisation is a trap status (GetTrapCode); a start function that
  // traps or is stopped is a trap status whose message names it and the
  // cause, e.g. "start function func[2] <init>: deadline exceeded:
  // interrupted" (kInterrupted; also for options.interrupt), "... fuel
  // exhausted" (kFuelExhausted), followed by the wasm backtrace; a memory
  // larger than the limits is ResourceExhausted; fuel without metering is
  // FailedPrecondition; an options.interrupt that is an instance's own
  // handle is InvalidArgument. On any error no Instance is returned (what
  // a failed start function wrote stays unreachable in the store until the
  // Linker goes, as for any failed instantiation).
  absl::StatusOr<std::unique_ptr<Instance>> Instantiate(
      std::shared_ptr<const CompiledModule> module, const InstantiateOptions& options);
  absl::StatusOr<std::unique_ptr<Instance>> Instantiate(
      std::shared_ptr<const CompiledModule> module);
  absl::StatusOr<std::unique_ptr<Instance>> Instantiate(
      std::shared_ptr<const CompiledModule> module, const InstanceLimits& limits);

 private:
  friend struct api::Access;
  std::unique_ptr<api::LinkerImpl> impl_;
};

}  // namespace weft

#endif  // WEFT_INCLUDE_WEFT_LINKER_H_
