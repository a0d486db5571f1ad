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
  absl::StatusOr<std::vector<Value>> results = checked_call(FuncTypeOf<Sig>(), values);
  if (!results.ok()) return results.status();
  if constexpr (std::is_same_v<R, void>) {
    return absl::OkStatus();
  } else {
    return ResultsFromValues<R>::Get(*results);
  }
}

}  // namespace weft::internal

#endif  // WEFT_INCLUDE_WEFT_TYPED_CALL_H_
