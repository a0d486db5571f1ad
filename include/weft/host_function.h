// weft public API: host functions, C++ code that WebAssembly can import.
//
// Two ways to state one (both registered with Linker, see linker.h):
//
//  * Untyped: a FuncType plus a HostCallback receiving the arguments as a
//    span of Values (already checked against the type) and filling a span
//    of results (pre-set to zero values of the result types). The
//    HostCallbackWithCaller form also receives the Caller (caller.h).
//
//  * Typed: any C++ callable whose parameter and return types map to wasm
//    types (signature.h): int32_t/uint32_t, int64_t/uint64_t, float,
//    double; return void, one of those, or std::tuple<...> of them. The
//    return type may also be wrapped as absl::Status (no results) or
//    absl::StatusOr<R> so the function can fail. The wasm signature is
//    deduced, e.g. [](int32_t a, int32_t b) { return a + b; } is
//    (i32, i32) -> (i32). A first parameter of type `weft::Caller&` is
//    not part of the wasm signature and receives the Caller.
//
// Failure: a non-OK status returned by a host function traps the calling
// wasm code. A status that is itself a weft trap (from a nested
// Instance::Call that trapped) keeps its TrapCode; any other status becomes
// TrapCode::kHostTrap with the status message as the trap's detail.
//
// Exceptions (exception handling) cross host functions as exceptions, never
// as traps: a nested call whose WebAssembly exception nobody caught fails
// with TrapCode::kUncaughtException and a status that carries the
// exception itself. Returning that status (or a copy of it, even after
// other calls) from the host function rethrows the exception into the
// calling wasm code, where try_table/catch blocks can catch it; a host
// that wants to swallow it returns anything else.
//
// Host functions run on the thread that called into wasm, must not throw,
// and may re-enter wasm (Caller::Call, or Instance::Call) on the same
// thread; nesting counts against InstanceLimits::max_call_depth, and a
// re-entry finding more than 1 MiB of native stack in use traps with
// "call stack exhausted" instead of overflowing the native stack.
#ifndef WEFT_INCLUDE_WEFT_HOST_FUNCTION_H_
#define WEFT_INCLUDE_WEFT_HOST_FUNCTION_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <tuple>
#include <type_traits>
#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "weft/caller.h"
#include "weft/signature.h"
#include "weft/typed_call.h"
#include "weft/value.h"

namespace weft {

using HostCallback =
    std::function<absl::Status(absl::Span<const Value> args, absl::Span<Value> results)>;
using HostCallbackWithCaller = std::function<absl::Status(
    Caller& caller, absl::Span<const Value> args, absl::Span<Value> results)>;

namespace internal {
// Typed host functions' fast path: arguments and results in the
// interpreter's slot encoding (typed_call.h). Not an API.
using SlotHostCallback =
    std::function<absl::Status(Caller& caller, const uint64_t* args, uint64_t* results)>;
}  // namespace internal

// A host function ready to register: its wasm type and its callback
// (MakeHostFunction also fills the internal fast path).
struct HostFunctionDef {
  FuncType type;
  HostCallbackWithCaller callback;
  internal::SlotHostCallback slot_callback;
};

namespace internal {

template <typename T>
struct CallableTraits : CallableTraits<decltype(&std::decay_t<T>::operator())> {};
template <typename R, typename... A>
struct CallableTraits<R (*)(A...)> {
  using Ret = R;
  using Args = std::tuple<std::decay_t<A>...>;
  static constexpr bool kTakesCaller = false;
};
template <typename R, typename... A>
struct CallableTraits<R (*)(Caller&, A...)> {
  using Ret = R;
  using Args = std::tuple<std::decay_t<A>...>;
  static constexpr bool kTakesCaller = true;
};
template <typename R, typename... A>
struct CallableTraits<R(A...)> : CallableTraits<R (*)(A...)> {};
template <typename C, typename R, typename... A>
struct CallableTraits<R (C::*)(A...)> : CallableTraits<R (*)(A...)> {};
template <typename C, typename R, typename... A>
struct CallableTraits<R (C::*)(A...) const> : CallableTraits<R (*)(A...)> {};

// Strips absl::Status / absl::StatusOr<R> off a host return type.
template <typename R>
struct UnwrapResult {
  using Type = R;
};
template <>
struct UnwrapResult<absl::Status> {
  using Type = void;
};
template <typename R>
struct UnwrapResult<absl::StatusOr<R>> {
  using Type = R;
};

template <typename R>
void StoreResults(const R& r, absl::Span<Value> out) {
  out[0] = ToValue(r);
}
template <typename... Ts>
void StoreResults(const std::tuple<Ts...>& r, absl::Span<Value> out) {
  std::apply(
      [&](const auto&... v) {
        size_t i = 0;
        ((out[i++] = ToValue(v)), ...);
      },
      r);
}

template <typename R>
void StoreSlots(const R& r, uint64_t* out) {
  out[0] = ToSlot(r);
}
template <typename... Ts>
void StoreSlots(const std::tuple<Ts...>& r, uint64_t* out) {
  std::apply(
      [&](const auto&... v) {
        size_t i = 0;
        ((out[i++] = ToSlot(v)), ...);
      },
      r);
}

// Calls `f` with the converted arguments `a` (and the Caller first when it
// wants one), maps its return shape to a status, and hands results to
// `store`.
template <bool kTakesCaller, typename Ret, typename Plain, typename F, typename Args,
          typename Store>
absl::Status InvokeTyped(F& f, Caller& caller, Args& a, Store store) {
  auto call = [&]() -> Ret {
    if constexpr (kTakesCaller) {
      return std::apply([&](auto&... x) -> Ret { return f(caller, x...); }, a);
    } else {
      return std::apply([&](auto&... x) -> Ret { return f(x...); }, a);
    }
  };
  if constexpr (std::is_same_v<Ret, void>) {
    call();
    return absl::OkStatus();
  } else if constexpr (std::is_same_v<Ret, absl::Status>) {
    return call();
  } else if constexpr (!std::is_same_v<Ret, Plain>) {  // StatusOr<Plain>
    Ret r = call();
    if (!r.ok()) return r.status();
    store(*r);
    return absl::OkStatus();
  } else {
    store(call());
    return absl::OkStatus();
  }
}

template <typename Args, size_t... I>
Args ArgsFromValues(absl::Span<const Value> v, std::index_sequence<I...>) {
  return Args(FromValue<std::tuple_element_t<I, Args>>(v[I])...);
}
template <typename Args, size_t... I>
Args ArgsFromSlots(const uint64_t* s, std::index_sequence<I...>) {
  return Args(FromSlot<std::tuple_element_t<I, Args>>(s[I])...);
}

}  // namespace internal

// Builds a HostFunctionDef from a typed callable (see the top of the file).
template <typename F>
HostFunctionDef MakeHostFunction(F&& callable) {
  using Traits = internal::CallableTraits<std::decay_t<F>>;
  using Ret = typename Traits::Ret;
  using Args = typename Traits::Args;
  using Plain = typename internal::UnwrapResult<Ret>::Type;
  constexpr size_t kArity = std::tuple_size_v<Args>;
  FuncType type = std::apply(
      [](auto... a) { return SignatureOf<Plain(decltype(a)...)>::Get(); }, Args{});
  constexpr bool kCaller = Traits::kTakesCaller;
  using Seq = std::make_index_sequence<kArity>;
  auto f = std::make_shared<std::decay_t<F>>(std::forward<F>(callable));
  HostCallbackWithCaller cb = [f](Caller& caller, absl::Span<const Value> args,
                                  absl::Span<Value> results) -> absl::Status {
    Args a = internal::ArgsFromValues<Args>(args, Seq());
    return internal::InvokeTyped<kCaller, Ret, Plain>(
        *f, caller, a, [&](const auto& r) { internal::StoreResults(r, results); });
  };
  internal::SlotHostCallback slots = [f](Caller& caller, const uint64_t* args,
                                         uint64_t* results) -> absl::Status {
    Args a = internal::ArgsFromSlots<Args>(args, Seq());
    return internal::InvokeTyped<kCaller, Ret, Plain>(
        *f, caller, a, [&](const auto& r) { internal::StoreSlots(r, results); });
  };
  return HostFunctionDef{std::move(type), std::move(cb), std::move(slots)};
}

}  // namespace weft

#endif  // WEFT_INCLUDE_WEFT_HOST_FUNCTION_H_
