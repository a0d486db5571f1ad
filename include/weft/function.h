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

#include <string>
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
    return internal::TypedCall<Sig>(
        [&](const FuncType&, absl::Span<const Value> values) {
          return fn_.Call(values, options);  // type checked at creation
        },
        std::forward<A>(args)...);
  }
  const Function& function() const { return fn_; }

 private:
  friend class Instance;
  explicit TypedFunction(Function fn) : fn_(std::move(fn)) {}
  Function fn_;
};

}  // namespace weft

#endif  // WEFT_INCLUDE_WEFT_FUNCTION_H_
