// weft public API: Instance, an instantiated module whose exports the host
// can call and inspect.
//
// Calls. Call(name, args) checks the argument count and types against the
// export's signature (InvalidArgument with a readable message otherwise),
// runs the function and returns its results; a trap returns a status
// readable with GetTrapCode (trap_code.h) whose message carries the wasm
// backtrace. The typed form checks the whole signature once per call:
//   absl::StatusOr<int32_t> r = instance->Call<int32_t(int32_t)>("f", 5);
//   absl::Status s = instance->Call<void()>("init");
//   auto t = instance->Call<std::tuple<int32_t, int64_t>(int32_t)>("g", 1);
//
// Reference values: an externref is any host-chosen non-zero handle (0 is
// null) that wasm passes around untouched. A funcref handle is only valid
// if it came from a call, global or host function of an instance created
// through the same Linker; passing another value as a funcref argument is
// undefined behaviour (it is not checked). v128 values are Value::V128
// (low and high 64 bits, lane 0 in the lowest bits) in calls, results,
// globals and host functions defined with an explicit FuncType.
//
// Limits (InstanceLimits): call depth and stack size are fixed at
// instantiation. Fuel: with EngineConfig::metering, each outermost call
// starts with CallOptions::fuel, else InstanceLimits::fuel_per_call, else
// unlimited. Fuel is exact: one unit per executed WebAssembly instruction
// (block, loop, if, else, end and br included; instructions in
// unreachable code are never executed and never charged), charged up front
// for each straight-line run of instructions when the run is entered; if
// the run costs more than what remains, the call traps with
// TrapCode::kFuelExhausted before any instruction of the run executes and
// the remaining fuel is left unchanged. remaining_fuel() reads what the
// last outermost call left. Calls nested inside a host function (re-entry)
// share the fuel of the call that is running.
//
// Interruption: interrupt_handle() gives a handle any thread can use to
// stop the running call (interrupt_handle.h); CallOptions::deadline /
// timeout do the same automatically. Either way the call returns
// TrapCode::kInterrupted and the instance stays usable.
//
// Ownership: owned by the caller (unique_ptr from Linker::Instantiate);
// the underlying objects live in the Linker's store (linker.h) and keep the
// CompiledModule alive. Thread-safety: one thread at a time for the
// Instance, its Linker and every instance linked with it; only
// InterruptHandle::Interrupt may be used concurrently.
#ifndef WEFT_INCLUDE_WEFT_INSTANCE_H_
#define WEFT_INCLUDE_WEFT_INSTANCE_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <tuple>
#include <type_traits>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "absl/types/span.h"
#include "weft/call_options.h"
#include "weft/function.h"
#include "weft/gc.h"
#include "weft/interrupt_handle.h"
#include "weft/memory.h"
#include "weft/module.h"
#include "weft/signature.h"
#include "weft/typed_call.h"
#include "weft/value.h"

namespace weft {

namespace api {
struct InstanceImpl;
struct Access;  // api/internal.h: the implementation's way in
}

class Instance {
 public:
  ~Instance();
  Instance(const Instance&) = delete;
  Instance& operator=(const Instance&) = delete;

  const CompiledModule& module() const;

  // Calls export `name` with `args`; returns one Value per result.
  absl::StatusOr<std::vector<Value>> Call(absl::string_view name,
                                          absl::Span<const Value> args,
                                          const CallOptions& options = {});

  // Typed call: Sig is the C++ function type of the export (signature.h).
  template <typename Sig, typename... A>
  typename internal::CallReturn<typename internal::SigParts<Sig>::Ret>::Type Call(
      absl::string_view name, A&&... args) {
    return CallWith<Sig>(name, CallOptions{}, std::forward<A>(args)...);
  }
  template <typename Sig, typename... A>
  typename internal::CallReturn<typename internal::SigParts<Sig>::Ret>::Type CallWith(
      absl::string_view name, const CallOptions& options, A&&... args) {
    return internal::TypedCall<Sig>(
        [&](const FuncType& expected, absl::Span<const Value> values) {
          return CallChecked(name, expected, values, options);
        },
        std::forward<A>(args)...);
  }

  // A handle to exported function `name` for repeated calls without a
  // name lookup (NotFound if there is none). Valid while this Instance
  // lives. The typed form also checks the signature once, here.
  absl::StatusOr<Function> GetFunction(absl::string_view name) const;
  template <typename Sig>
  absl::StatusOr<TypedFunction<Sig>> GetTypedFunction(absl::string_view name) const {
    absl::StatusOr<Function> f = GetFunction(name);
    if (!f.ok()) return f.status();
    if (absl::Status s = f->CheckType(FuncTypeOf<Sig>()); !s.ok()) return s;
    return TypedFunction<Sig>(std::move(*f));
  }

  // The signature of exported function `name` (NotFound if there is none).
  absl::StatusOr<FuncType> GetFunctionType(absl::string_view name) const;

  // Exported memory `name` (NotFound if there is none).
  absl::StatusOr<Memory> GetMemory(absl::string_view name = "memory") const;

  // Exported global `name`: its current value; SetGlobal fails with
  // FailedPrecondition on an immutable global, InvalidArgument on a type
  // mismatch.
  absl::StatusOr<Value> GetGlobal(absl::string_view name) const;
  absl::Status SetGlobal(absl::string_view name, const Value& value);

  // A new WebAssembly exception of this instance's exported tag `tag`, as
  // the status for a host function to return: the calling code, when it
  // belongs to this instance's linker (store), can catch it. As
  // Caller::Throw, for hosts that hold the instance instead of a Caller.
  absl::Status Throw(absl::string_view tag, absl::Span<const Value> payload) const;

  // Pristine state, for pools that reuse instances: SavePristine records
  // the instance's memory (contents and size), globals, tables (elements
  // and size) and dropped segments as they are now; ResetToPristine puts
  // them all back, so nothing one call wrote is visible to the next. The
  // memory reset costs in proportion to the pages written since, not the
  // memory's size (copy-on-write image, see interp::LinearMemory). Only an
  // instance that owns all its state can be reset: FailedPrecondition if it
  // imports a memory, a table or a mutable global, or (Reset) if nothing
  // was saved. Internal on an OS failure; the instance must then be
  // discarded. Not while a call runs.
  absl::Status SavePristine();
  absl::Status ResetToPristine();

  // GC (gc.h, docs/gc.md). Hold roots the struct, array or i31 in `v`
  // (a result, global or argument of this instance's store) until the
  // GcRef is destroyed; InvalidArgument for other values. CollectGarbage
  // runs a collection now (FailedPrecondition during a call) and returns
  // the bytes freed.
  absl::StatusOr<GcRef> Hold(const Value& v) const;
  GcHeapStats gc_heap_stats() const;
  absl::StatusOr<uint64_t> CollectGarbage();

  // Stops running calls from any thread (interrupt_handle.h).
  InterruptHandle interrupt_handle() const;

  // Fuel left by the last outermost call (see the top of the file); before
  // the first call, what the start function left (instantiate_options.h).
  uint64_t remaining_fuel() const;

 private:
  friend class Linker;
  friend struct api::Access;
  explicit Instance(std::unique_ptr<api::InstanceImpl> impl);

  // Like Call, but first requires the export's type to equal `expected`.
  absl::StatusOr<std::vector<Value>> CallChecked(absl::string_view name,
                                                 const FuncType& expected,
                                                 absl::Span<const Value> args,
                                                 const CallOptions& options);

  std::unique_ptr<api::InstanceImpl> impl_;
};

}  // namespace weft

#endif  // WEFT_INCLUDE_WEFT_INSTANCE_H_
