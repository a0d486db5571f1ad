// The v128 value as the interpreter computes with it, and the lane views
// the SIMD semantics (int_ops.h, float_ops.h) work in.
//
// V128 is a Clang/GCC vector type, so values travel in SSE registers and
// lane-wise ops compile to the host's SIMD instructions where their results
// are exactly WebAssembly's. Lanes are numbered as WebAssembly numbers them
// (lane 0 = lowest address in memory = lowest bits), which on a
// little-endian host is the vector extension's own element order.
//
// Scalars cross the boundary as slot bits (instance_data.h): i32 and f32 as
// uint32_t, i64 and f64 as uint64_t, so a NaN's payload is never touched by
// a float conversion on the way in or out.
#ifndef WEFT_INTERP_SIMD_V128_H_
#define WEFT_INTERP_SIMD_V128_H_

#include <cstdint>
#include <cstring>

namespace weft::interp::simd {

static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__,
              "lane numbering assumes a little-endian host");

using V128 = uint64_t __attribute__((vector_size(16)));
using I8x16 = int8_t __attribute__((vector_size(16)));
using U8x16 = uint8_t __attribute__((vector_size(16)));
using I16x8 = int16_t __attribute__((vector_size(16)));
using U16x8 = uint16_t __attribute__((vector_size(16)));
using I32x4 = int32_t __attribute__((vector_size(16)));
using U32x4 = uint32_t __attribute__((vector_size(16)));
using I64x2 = int64_t __attribute__((vector_size(16)));
using U64x2 = uint64_t __attribute__((vector_size(16)));
using F32x4 = float __attribute__((vector_size(16)));
using F64x2 = double __attribute__((vector_size(16)));

// Reinterprets the 16 bytes of one vector type as another (no lane
// conversion; a same-size vector cast is a bit cast).
template <typename To, typename From>
inline To As(From v) {
  static_assert(sizeof(To) == 16 && sizeof(From) == 16);
  return (To)v;
}

// Slots are 8-byte aligned; a v128 occupies two consecutive slots.
inline V128 LoadV128(const void* p) {
  V128 v;
  std::memcpy(&v, p, 16);
  return v;
}
inline void StoreV128(void* p, V128 v) { std::memcpy(p, &v, 16); }

inline V128 MakeV128(uint64_t lo, uint64_t hi) { return V128{lo, hi}; }

}  // namespace weft::interp::simd

#endif  // WEFT_INTERP_SIMD_V128_H_
