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
// Host functions run on the thread that called into wasm, must not throw,
// and may re-enter wasm (Instance::Call) on the same thread; nesting counts
// against InstanceLimits::max_call_depth.
#ifndef WEFT_INCLUDE_WEFT_HOST_FUNCTION_H_
#define WEFT_INCLUDE_WEFT_HOST_FUNCTION_H_

#include <functional>
#include <tuple>
#include <type_traits>
#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "weft/caller.h"
#include "weft/signature.h"
#include "weft/value.h"

namespace weft {

using HostCallback =
    std::function<absl::Status(absl::Span<const Value> args, absl::Span<Value> results)>;
using HostCallbackWithCaller = std::function<absl::Status(
    Caller& caller, absl::Span<const Value> args, absl::Span<Value> results)>;

// A host function ready to register: its wasm type and its callback.
struct HostFunctionDef {
  FuncType type;
  HostCallbackWithCaller callback;
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

template <bool kTakesCaller, typename F, typename Args, size_t... I>
decltype(auto) ApplyValues(F& f, Caller& caller, absl::Span<const Value> args,
                           std::index_sequence<I...>) {
  if constexpr (kTakesCaller) {
    return f(caller, FromValue<std::tuple_element_t<I, Args>>(args[I])...);
  } else {
    return f(FromValue<std::tuple_element_t<I, Args>>(args[I])...);
  }
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
  HostCallbackWithCaller cb = [f = std::forward<F>(callable)](
                                  Caller& caller, absl::Span<const Value> args,
                                  absl::Span<Value> results) mutable -> absl::Status {
    auto seq = std::make_index_sequence<kArity>();
    if constexpr (std::is_same_v<Ret, void>) {
      internal::ApplyValues<kCaller, decltype(f), Args>(f, caller, args, seq);
      return absl::OkStatus();
    } else if constexpr (std::is_same_v<Ret, absl::Status>) {
      return internal::ApplyValues<kCaller, decltype(f), Args>(f, caller, args, seq);
    } else if constexpr (!std::is_same_v<Ret, Plain>) {  // StatusOr<Plain>
      Ret r = internal::ApplyValues<kCaller, decltype(f), Args>(f, caller, args, seq);
      if (!r.ok()) return r.status();
      internal::StoreResults(*r, results);
      return absl::OkStatus();
    } else {
      internal::StoreResults(internal::ApplyValues<kCaller, decltype(f), Args>(f, caller, args, seq),
                             results);
      return absl::OkStatus();
    }
  };
  return HostFunctionDef{std::move(type), std::move(cb)};
}

}  // namespace weft

#endif  // WEFT_INCLUDE_WEFT_HOST_FUNCTION_H_
