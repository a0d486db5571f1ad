// weft public API: the machinery behind typed calls of exports
// (Instance::Call<Sig>, Caller::Call<Sig>). Header-only, no state.
//
// Sig is the C++ function type of the export (signature.h). The result is
// absl::Status for a void result, absl::StatusOr<R> otherwise (R may be a
// std::tuple for several results).
#ifndef WEFT_INCLUDE_WEFT_TYPED_CALL_H_
#define WEFT_INCLUDE_WEFT_TYPED_CALL_H_

#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "weft/signature.h"
#include "weft/value.h"

namespace weft::internal {

template <typename R>
struct CallReturn {
  using Type = absl::StatusOr<R>;
};
template <>
struct CallReturn<void> {
  using Type = absl::Status;
};

template <typename Sig>
struct SigParts;
template <typename R, typename... P>
struct SigParts<R(P...)> {
  using Ret = R;
  using Params = std::tuple<P...>;
};

template <typename R>
struct ResultsFromValues {
  static R Get(const std::vector<Value>& v) { return FromValue<R>(v[0]); }
};
template <typename... Ts>
struct ResultsFromValues<std::tuple<Ts...>> {
  static std::tuple<Ts...> Get(const std::vector<Value>& v) {
    return Build(v, std::index_sequence_for<Ts...>());
  }
  template <size_t... I>
  static std::tuple<Ts...> Build(const std::vector<Value>& v, std::index_sequence<I...>) {
    return std::tuple<Ts...>(FromValue<Ts>(v[I])...);
  }
};

template <typename Params, size_t... I, typename... A>
std::vector<Value> MakeArgs(std::index_sequence<I...>, A&&... args) {
  return {ToValue<std::tuple_element_t<I, Params>>(
      std::tuple_element_t<I, Params>(std::forward<A>(args)))...};
}

// `checked_call(expected_type, values)` -> StatusOr<std::vector<Value>>
// must fail unless the export's type equals expected_type.
template <typename Sig, typename F, typename... A>
typename CallReturn<typename SigParts<Sig>::Ret>::Type TypedCall(F&& checked_call,
                                                                 A&&... args) {
  using R = typename SigParts<Sig>::Ret;
  using Params = typename SigParts<Sig>::Params;
  static_assert(sizeof...(A) == std::tuple_size_v<Params>,
                "wrong number of arguments for the signature");
  std::vector<Value> values =
      MakeArgs<Params>(std::index_sequence_for<A...>(), std::forward<A>(args)...);
  // Built once per signature, not per call.
  static const FuncType* const kType = new FuncType(FuncTypeOf<Sig>());
  absl::StatusOr<std::vector<Value>> results = checked_call(*kType, values);
  if (!results.ok()) return results.status();
  if constexpr (std::is_same_v<R, void>) {
    return absl::OkStatus();
  } else {
    return ResultsFromValues<R>::Get(*results);
  }
}

// The 8-byte slot encoding of the interpreter's calling convention, used by
// TypedFunction to skip the Value conversion: integers zero-extended,
// floats as their raw bits. An implementation detail, not an API.
template <typename T>
uint64_t ToSlot(T v) {
  constexpr ValType t = WasmTypeOf<T>::kType;
  if constexpr (t == ValType::kI32) return uint64_t(uint32_t(v));
  if constexpr (t == ValType::kI64) return uint64_t(v);
  if constexpr (t == ValType::kF32) return Value::F32(v).f32_bits();
  if constexpr (t == ValType::kF64) return Value::F64(v).f64_bits();
}
template <typename T>
T FromSlot(uint64_t s) {
  constexpr ValType t = WasmTypeOf<T>::kType;
  if constexpr (t == ValType::kI32) return T(uint32_t(s));
  if constexpr (t == ValType::kI64) return T(s);
  if constexpr (t == ValType::kF32) return Value::F32Bits(uint32_t(s)).f32();
  if constexpr (t == ValType::kF64) return Value::F64Bits(s).f64();
}

template <typename R>
struct ResultCount {
  static constexpr size_t kValue = 1;
};
template <>
struct ResultCount<void> {
  static constexpr size_t kValue = 0;
};
template <typename... Ts>
struct ResultCount<std::tuple<Ts...>> {
  static constexpr size_t kValue = sizeof...(Ts);
};

template <typename R>
struct ResultsFromSlots {
  static R Get(const uint64_t* s) { return FromSlot<R>(s[0]); }
};
template <typename... Ts>
struct ResultsFromSlots<std::tuple<Ts...>> {
  static std::tuple<Ts...> Get(const uint64_t* s) {
    return Build(s, std::index_sequence_for<Ts...>());
  }
  template <size_t... I>
  static std::tuple<Ts...> Build(const uint64_t* s, std::index_sequence<I...>) {
    return std::tuple<Ts...>(FromSlot<Ts>(s[I])...);
  }
};

}  // namespace weft::internal

#endif  // WEFT_INCLUDE_WEFT_TYPED_CALL_H_
