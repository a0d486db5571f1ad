// weft public API: wasm function types deduced from C++ function types, used
// by typed host functions (`Linker::DefineFunction("env", "f", callable)`) and
// typed export calls (`instance.Call<int32_t>("f", 1, int64_t{2})`).
//
// Mapping: int32_t/uint32_t -> i32, int64_t/uint64_t -> i64, float -> f32,
// double -> f64. A `void` result means no results; std::tuple<Ts...> means
// several results. Any other type is a compile error (so a host signature
// can never silently disagree with its wasm type). Header-only, no state.
#ifndef WEFT_INCLUDE_WEFT_SIGNATURE_H_
#define WEFT_INCLUDE_WEFT_SIGNATURE_H_

#include <cstdint>
#include <tuple>
#include <type_traits>
#include <vector>

#include "weft/value_type.h"
#include "weft/value.h"

namespace weft {

template <typename T>
struct WasmTypeOf;  // undefined: unsupported C++ type
template <> struct WasmTypeOf<int32_t> { static constexpr ValType kType = ValType::kI32; };
template <> struct WasmTypeOf<uint32_t> { static constexpr ValType kType = ValType::kI32; };
template <> struct WasmTypeOf<int64_t> { static constexpr ValType kType = ValType::kI64; };
template <> struct WasmTypeOf<uint64_t> { static constexpr ValType kType = ValType::kI64; };
template <> struct WasmTypeOf<float> { static constexpr ValType kType = ValType::kF32; };
template <> struct WasmTypeOf<double> { static constexpr ValType kType = ValType::kF64; };

// C++ value -> Value.
template <typename T>
Value ToValue(T v) {
  constexpr ValType t = WasmTypeOf<T>::kType;
  if constexpr (t == ValType::kI32) return Value::I32(int32_t(v));
  if constexpr (t == ValType::kI64) return Value::I64(int64_t(v));
  if constexpr (t == ValType::kF32) return Value::F32(v);
  if constexpr (t == ValType::kF64) return Value::F64(v);
}

// Value -> C++ value; the caller has checked the type.
template <typename T>
T FromValue(const Value& v) {
  constexpr ValType t = WasmTypeOf<T>::kType;
  if constexpr (t == ValType::kI32) return T(v.i32());
  if constexpr (t == ValType::kI64) return T(v.i64());
  if constexpr (t == ValType::kF32) return v.f32();
  if constexpr (t == ValType::kF64) return v.f64();
}

namespace internal {
template <typename R>
struct ResultTypes {
  static std::vector<ValType> Get() { return {WasmTypeOf<R>::kType}; }
};
template <>
struct ResultTypes<void> {
  static std::vector<ValType> Get() { return {}; }
};
template <typename... Ts>
struct ResultTypes<std::tuple<Ts...>> {
  static std::vector<ValType> Get() { return {WasmTypeOf<Ts>::kType...}; }
};
}  // namespace internal

template <typename Sig>
struct SignatureOf;
template <typename R, typename... Args>
struct SignatureOf<R(Args...)> {
  static FuncType Get() {
    return FuncType{{WasmTypeOf<std::decay_t<Args>>::kType...},
                    internal::ResultTypes<R>::Get()};
  }
};

// The wasm type of a C++ function type: FuncTypeOf<int32_t(int32_t, int64_t)>().
template <typename Sig>
FuncType FuncTypeOf() {
  return SignatureOf<Sig>::Get();
}

}  // namespace weft

#endif  // WEFT_INCLUDE_WEFT_SIGNATURE_H_
