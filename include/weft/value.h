// weft public API: a WebAssembly value as seen by the host.
//
// A Value is a small tagged union (type + 128 bits of payload) that can be
// copied freely between threads. Reference values carry an opaque pointer-
// sized handle: 0 is the null reference; a funcref's handle is only meaningful
// to the Instance/Store that produced it.
#ifndef WEFT_INCLUDE_WEFT_VALUE_H_
#define WEFT_INCLUDE_WEFT_VALUE_H_

#include <cstdint>
#include <cstring>
#include <string>

#include "weft/value_type.h"

namespace weft {

class Value {
 public:
  Value() : Value(ValType::kI32) {}
  explicit Value(ValType type) : type_(type) {}

  static Value I32(int32_t v) { return FromBits(ValType::kI32, uint32_t(v)); }
  static Value I64(int64_t v) { return FromBits(ValType::kI64, uint64_t(v)); }
  static Value F32(float v) {
    uint32_t bits;
    std::memcpy(&bits, &v, sizeof bits);
    return FromBits(ValType::kF32, bits);
  }
  static Value F64(double v) {
    uint64_t bits;
    std::memcpy(&bits, &v, sizeof bits);
    return FromBits(ValType::kF64, bits);
  }
  // Bit-exact floats (NaN payloads survive).
  static Value F32Bits(uint32_t bits) { return FromBits(ValType::kF32, bits); }
  static Value F64Bits(uint64_t bits) { return FromBits(ValType::kF64, bits); }
  static Value V128(uint64_t lo, uint64_t hi) {
    Value v(ValType::kV128);
    v.lo_ = lo;
    v.hi_ = hi;
    return v;
  }
  static Value NullRef(ValType ref_type) { return Value(ref_type); }
  static Value Ref(ValType ref_type, uintptr_t handle) {
    return FromBits(ref_type, handle);
  }

  ValType type() const { return type_; }
  int32_t i32() const { return int32_t(uint32_t(lo_)); }
  int64_t i64() const { return int64_t(lo_); }
  uint32_t f32_bits() const { return uint32_t(lo_); }
  uint64_t f64_bits() const { return lo_; }
  float f32() const {
    float f;
    uint32_t bits = f32_bits();
    std::memcpy(&f, &bits, sizeof f);
    return f;
  }
  double f64() const {
    double d;
    std::memcpy(&d, &lo_, sizeof d);
    return d;
  }
  uint64_t v128_lo() const { return lo_; }
  uint64_t v128_hi() const { return hi_; }
  uintptr_t ref_handle() const { return uintptr_t(lo_); }
  bool is_null_ref() const { return IsRefType(type_) && lo_ == 0; }

  // Same type and same bits (NaNs compare by payload, not IEEE equality).
  bool operator==(const Value& o) const {
    return type_ == o.type_ && lo_ == o.lo_ && hi_ == o.hi_;
  }
  bool operator!=(const Value& o) const { return !(*this == o); }

  // "i32:42", "f64:0x1p+0", "funcref:null", ...
  std::string ToString() const;

 private:
  static Value FromBits(ValType type, uint64_t bits) {
    Value v(type);
    v.lo_ = bits;
    return v;
  }

  ValType type_;
  uint64_t lo_ = 0;
  uint64_t hi_ = 0;
};

}  // namespace weft

#endif  // WEFT_INCLUDE_WEFT_VALUE_H_
