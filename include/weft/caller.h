// weft public API: Caller, what a host function sees of the instance that
// called it.
//
// "The caller" of a host function is the instance that imported it: each
// instantiation binds its imported host functions to itself, so a Caller
// reaches that instance's exported memory and globals (e.g. to read a
// string the guest passed as pointer + length) and can call its exports
// back. Calls through Caller run on the same value stack as the running
// call, so they count toward its call-depth limit and share its fuel.
//
// Ownership and lifetime: a Caller is only valid during the host function
// call it was passed to; do not keep it. Memory handles obtained from it
// may be kept (memory.h). Thread-safety: the calling thread only.
#ifndef WEFT_INCLUDE_WEFT_CALLER_H_
#define WEFT_INCLUDE_WEFT_CALLER_H_

#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "weft/memory.h"
#include "weft/typed_call.h"
#include "weft/value.h"

namespace weft {

namespace api {
struct CallerImpl;
}

class Caller {
 public:
  Caller(const Caller&) = delete;
  Caller& operator=(const Caller&) = delete;

  // The caller's exported memory / global (NotFound if there is none).
  absl::StatusOr<Memory> GetMemory(absl::string_view name = "memory") const;
  absl::StatusOr<Value> GetGlobal(absl::string_view name) const;
  // Sets the caller's exported global `name`: FailedPrecondition on an
  // immutable global, InvalidArgument on a type mismatch (as
  // Instance::SetGlobal).
  absl::Status SetGlobal(absl::string_view name, const Value& value);

  // The signature of the caller's exported function `name` (NotFound if
  // there is none).
  absl::StatusOr<FuncType> GetFunctionType(absl::string_view name) const;

  // Calls the caller's export `name` (re-entry), with the same checks and
  // errors as Instance::Call.
  absl::StatusOr<std::vector<Value>> Call(absl::string_view name,
                                          absl::Span<const Value> args);
  // Typed form: caller.Call<int32_t(int32_t)>("f", 1).
  template <typename Sig, typename... A>
  typename internal::CallReturn<typename internal::SigParts<Sig>::Ret>::Type Call(
      absl::string_view name, A&&... args) {
    return internal::TypedCall<Sig>(
        [&](const FuncType& expected, absl::Span<const Value> values) {
          return CallChecked(name, expected, values);
        },
        std::forward<A>(args)...);
  }

  // Fuel of the running call (instance.h): one allowance shared by the
  // outermost call and everything nested in it, this host function and its
  // re-entries included. remaining_fuel() is what is left right now (the
  // guest's charges so far are already taken off). Without metering guest
  // code never spends fuel and it reads as 2^63 - 1.
  uint64_t remaining_fuel() const;
  // Charges `amount` to the running call, for host work the guest should
  // pay for (e.g. per byte copied). When less than `amount` is left nothing
  // is charged (the guest's own rule) and the result is the kFuelExhausted
  // trap status: return it, and the call traps as if the guest had run
  // out. Instance::remaining_fuel() after the call includes the charge.
  absl::Status ConsumeFuel(uint64_t amount);
  // Replaces what is left of the running call's fuel (e.g. to grant more
  // from a host that meters by its own rules). Values above 2^63 - 1 are
  // lowered to it.
  void SetFuel(uint64_t fuel);

  // Throws a WebAssembly exception into the calling code: returns the
  // status for the host function to return. `tag` names a tag the caller
  // exports; `payload` must match its parameters. The calling code can
  // catch it (try_table, legacy try); uncaught, the outermost call fails
  // with TrapCode::kUncaughtException and the payload
  // (GetExceptionPayload). A bad name or payload gives an ordinary error,
  // which returned from the host function traps with kHostTrap.
  absl::Status Throw(absl::string_view tag, absl::Span<const Value> payload) const;

  // Interruption. A host function that waits (a connect, a read, a sleep)
  // must end when the running call is interrupted — its CallOptions
  // deadline or timeout passed, or an InterruptHandle fired — as guest
  // code does. interrupt_fd() is a file descriptor that is readable
  // (POLLIN) exactly while an interrupt of the running call is pending:
  // wait on it next to your own. Once it fires, or interrupted() is true,
  // return InterruptedError(): the call then traps with
  // TrapCode::kInterrupted, as running guest code would. The fd belongs to
  // the instance (never close it; valid during this host call). It is -1
  // only when the process is out of file descriptors: then wait in short
  // slices and check interrupted().
  int interrupt_fd() const;
  bool interrupted() const;
  static absl::Status InterruptedError();

  // Implementation constructor (api/ only).
  explicit Caller(api::CallerImpl* impl) : impl_(impl) {}

 private:
  absl::StatusOr<std::vector<Value>> CallChecked(absl::string_view name,
                                                 const FuncType& expected,
                                                 absl::Span<const Value> args);
  api::CallerImpl* impl_;
};

}  // namespace weft

#endif  // WEFT_INCLUDE_WEFT_CALLER_H_
