// weft public API: handles to exported functions, for repeated calls
// without a name lookup per call.
//
//   absl::StatusOr<TypedFunction<int32_t(int32_t)>> f =
//       instance->GetTypedFunction<int32_t(int32_t)>("fib");
//   absl::StatusOr<int32_t> r = (*f)(20);
//
// Calls behave exactly like Instance::Call (argument checks, limits, fuel,
// traps). Ownership: a handle is a small copyable value that refers to its
// Instance; it must not be used after the Instance is destroyed.
// Thread-safety: as for the Instance.
#ifndef WEFT_INCLUDE_WEFT_FUNCTION_H_
#define WEFT_INCLUDE_WEFT_FUNCTION_H_

#include <cstdint>
#include <string>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "weft/call_options.h"
#include "weft/typed_call.h"
#include "weft/value.h"

namespace weft {

namespace api {
struct InstanceImpl;
}

class Function {
 public:
  const FuncType& type() const;
  const std::string& name() const { return name_; }

  absl::StatusOr<std::vector<Value>> Call(absl::Span<const Value> args,
                                          const CallOptions& options = {}) const;

  // InvalidArgument unless type() == expected.
  absl::Status CheckType(const FuncType& expected) const;

 private:
  friend class Instance;
  template <typename Sig>
  friend class TypedFunction;
  // Runs the function on slot-encoded arguments/results (typed_call.h);
  // the caller guarantees counts and types.
  absl::Status CallSlots(const uint64_t* args, uint64_t* results,
                         const CallOptions& options) const;
  Function(api::InstanceImpl* instance, void* fn, std::string name)
      : instance_(instance), fn_(fn), name_(std::move(name)) {}
  api::InstanceImpl* instance_;
  void* fn_;  // the runtime's function instance (opaque here)
  std::string name_;
};

template <typename Sig>
class TypedFunction {
 public:
  template <typename... A>
  typename internal::CallReturn<typename internal::SigParts<Sig>::Ret>::Type operator()(
      A&&... args) const {
    return CallWith(CallOptions{}, std::forward<A>(args)...);
  }
  template <typename... A>
  typename internal::CallReturn<typename internal::SigParts<Sig>::Ret>::Type CallWith(
      const CallOptions& options, A&&... args) const {
    // The type was checked at creation: go straight to the slot form.
    using R = typename internal::SigParts<Sig>::Ret;
    using Params = typename internal::SigParts<Sig>::Params;
    static_assert(sizeof...(A) == std::tuple_size_v<Params>,
                  "wrong number of arguments for the signature");
    constexpr size_t kResults = internal::ResultCount<R>::kValue;
    uint64_t in[sizeof...(A) == 0 ? 1 : sizeof...(A)];
    FillSlots<Params>(in, std::index_sequence_for<A...>(), std::forward<A>(args)...);
    uint64_t out[kResults == 0 ? 1 : kResults];
    absl::Status s = fn_.CallSlots(in, out, options);
    if constexpr (std::is_same_v<R, void>) {
      return s;
    } else {
      if (!s.ok()) return s;
      return internal::ResultsFromSlots<R>::Get(out);
    }
  }
  const Function& function() const { return fn_; }

 private:
  friend class Instance;
  explicit TypedFunction(Function fn) : fn_(std::move(fn)) {}
  template <typename Params, size_t... I, typename... A>
  static void FillSlots(uint64_t* in, std::index_sequence<I...>, A&&... args) {
    ((in[I] = internal::ToSlot<std::tuple_element_t<I, Params>>(
          std::tuple_element_t<I, Params>(std::forward<A>(args)))),
     ...);
  }
  Function fn_;
};

}  // namespace weft

#endif  // WEFT_INCLUDE_WEFT_FUNCTION_H_
