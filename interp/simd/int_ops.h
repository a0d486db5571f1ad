// WebAssembly SIMD semantics: integer lane arithmetic, comparisons,
// bitwise and boolean ops, shifts, narrowing, extension, extended and
// pairwise arithmetic (the first section of simd_ops.def). Each function
// is the one definition of its instruction; the interpreter's handlers are
// generated from them.
//
// Written with Clang vector extensions so that each compiles to a few SSE
// instructions: wrapping arithmetic is done on unsigned lanes (no signed
// overflow), saturating and widening ops convert to a wider vector type
// and clamp, which Clang turns into the matching SSE instruction where
// one exists (paddsb, packsswb, ...). Lane order is WebAssembly's.
#ifndef WEFT_INTERP_SIMD_INT_OPS_H_
#define WEFT_INTERP_SIMD_INT_OPS_H_

#include <cstdint>
#include <limits>
#include <type_traits>

#include "interp/simd/v128.h"

// Widening steps use 32-byte vector temporaries inside these inline
// functions; clang warns that passing such a vector would need AVX's ABI,
// which never happens here (everything inlines; V128 crosses as 16 bytes).
#pragma clang diagnostic push
#pragma clang diagnostic ignored "-Wpsabi"

namespace weft::interp::simd {
namespace lanes {

// Vectors of any lane type and count (16 and 32 bytes are used).
template <class T, int N> using Vec = T __attribute__((vector_size(sizeof(T) * N)));

template <class Vector> constexpr int Count() { return sizeof(Vector) / sizeof(Vector{}[0]); }
template <class Vector> using LaneOf = std::remove_cvref_t<decltype(Vector{}[0])>;

template <class Vector, class T> inline Vector Splat(T x) {
  Vector v;
  for (int i = 0; i < Count<Vector>(); ++i) v[i] = LaneOf<Vector>(x);
  return v;
}

// Lanes of `v` converted to `Wide` lanes (twice as many bits).
template <class Wide, class Narrow> inline Wide Widen(Narrow v) {
  return __builtin_convertvector(v, Wide);
}

// The low or high half of a 16-lane, 8-lane or 4-lane vector.
template <class V> inline auto Low(V v) {
  if constexpr (Count<V>() == 16)
    return __builtin_shufflevector(v, v, 0, 1, 2, 3, 4, 5, 6, 7);
  else if constexpr (Count<V>() == 8)
    return __builtin_shufflevector(v, v, 0, 1, 2, 3);
  else
    return __builtin_shufflevector(v, v, 0, 1);
}
template <class V> inline auto High(V v) {
  if constexpr (Count<V>() == 16)
    return __builtin_shufflevector(v, v, 8, 9, 10, 11, 12, 13, 14, 15);
  else if constexpr (Count<V>() == 8)
    return __builtin_shufflevector(v, v, 4, 5, 6, 7);
  else
    return __builtin_shufflevector(v, v, 2, 3);
}
// Even-numbered and odd-numbered lanes of an 8-lane or 16-lane vector.
template <class V> inline auto Even(V v) {
  if constexpr (Count<V>() == 16)
    return __builtin_shufflevector(v, v, 0, 2, 4, 6, 8, 10, 12, 14);
  else
    return __builtin_shufflevector(v, v, 0, 2, 4, 6);
}
template <class V> inline auto Odd(V v) {
  if constexpr (Count<V>() == 16)
    return __builtin_shufflevector(v, v, 1, 3, 5, 7, 9, 11, 13, 15);
  else
    return __builtin_shufflevector(v, v, 1, 3, 5, 7);
}

// Lane-wise ops on the signed view `S` (unsigned view `U` for wrapping).
template <class U> inline V128 Add(V128 a, V128 b) { return As<V128>(As<U>(a) + As<U>(b)); }
template <class U> inline V128 Sub(V128 a, V128 b) { return As<V128>(As<U>(a) - As<U>(b)); }
template <class U> inline V128 Mul(V128 a, V128 b) { return As<V128>(As<U>(a) * As<U>(b)); }
template <class U> inline V128 Neg(V128 a) { return As<V128>(U{} - As<U>(a)); }
// abs(INT_MIN) wraps to INT_MIN, as WebAssembly's abs does.
template <class S, class U> inline V128 Abs(V128 a) {
  const S s = As<S>(a);
  const U u = As<U>(a);
  return As<V128>(s < 0 ? U{} - u : u);
}
template <class V> inline V128 Min(V128 a, V128 b) {
  const V x = As<V>(a), y = As<V>(b);
  return As<V128>(x < y ? x : y);
}
template <class V> inline V128 Max(V128 a, V128 b) {
  const V x = As<V>(a), y = As<V>(b);
  return As<V128>(x > y ? x : y);
}
// Comparisons give all-ones / all-zeros lanes.
template <class V> inline V128 Eq(V128 a, V128 b) { return As<V128>(As<V>(a) == As<V>(b)); }
template <class V> inline V128 Ne(V128 a, V128 b) { return As<V128>(As<V>(a) != As<V>(b)); }
template <class V> inline V128 Lt(V128 a, V128 b) { return As<V128>(As<V>(a) < As<V>(b)); }
template <class V> inline V128 Gt(V128 a, V128 b) { return As<V128>(As<V>(a) > As<V>(b)); }
template <class V> inline V128 Le(V128 a, V128 b) { return As<V128>(As<V>(a) <= As<V>(b)); }
template <class V> inline V128 Ge(V128 a, V128 b) { return As<V128>(As<V>(a) >= As<V>(b)); }
// Shift counts are taken modulo the lane width.
template <class V> inline V128 Shl(V128 a, uint32_t n) {
  using U = std::make_unsigned_t<LaneOf<V>>;
  return As<V128>(As<Vec<U, Count<V>()>>(a) << (n & (sizeof(U) * 8 - 1)));
}
template <class V> inline V128 Shr(V128 a, uint32_t n) {  // V signed: arithmetic
  return As<V128>(As<V>(a) >> (n & (sizeof(LaneOf<V>) * 8 - 1)));
}
// Saturating add/sub: exact in lanes twice as wide, then clamped.
template <class V> inline V clampTo(auto wide) {
  using T = LaneOf<V>;
  constexpr auto lo = std::numeric_limits<T>::min(), hi = std::numeric_limits<T>::max();
  wide = wide < lo ? lo : wide;
  wide = wide > hi ? hi : wide;
  return __builtin_convertvector(wide, V);
}
// 8- and 16-bit lanes, signed or unsigned, are exact in int32 lanes.
template <class V> using WideOf = Vec<int32_t, Count<V>()>;
template <class V> inline V128 AddSat(V128 a, V128 b) {
  using W = WideOf<V>;
  return As<V128>(clampTo<V>(Widen<W>(As<V>(a)) + Widen<W>(As<V>(b))));
}
template <class V> inline V128 SubSat(V128 a, V128 b) {
  using W = WideOf<V>;
  return As<V128>(clampTo<V>(Widen<W>(As<V>(a)) - Widen<W>(As<V>(b))));
}
template <class V> inline V128 AvgrU(V128 a, V128 b) {
  using W = WideOf<V>;
  return As<V128>(__builtin_convertvector(
      (Widen<W>(As<V>(a)) + Widen<W>(As<V>(b)) + 1) >> 1, V));
}
// Narrowing: both inputs' lanes, saturated to the narrow (Out) lane type.
template <class In, class Out> inline V128 Narrow(V128 a, V128 b) {
  const In x = As<In>(a), y = As<In>(b);
  using Both = Vec<LaneOf<In>, 2 * Count<In>()>;
  Both both;
  for (int i = 0; i < Count<In>(); ++i) {
    both[i] = x[i];
    both[i + Count<In>()] = y[i];
  }
  using Wide32 = Vec<int32_t, 2 * Count<In>()>;
  return As<V128>(clampTo<Out>(__builtin_convertvector(both, Wide32)));
}
// Extension: the low or high half of `In` lanes widened to `Out` lanes.
template <class In, class Out> inline V128 ExtendLow(V128 a) {
  return As<V128>(__builtin_convertvector(Low(As<In>(a)), Out));
}
template <class In, class Out> inline V128 ExtendHigh(V128 a) {
  return As<V128>(__builtin_convertvector(High(As<In>(a)), Out));
}
// Extended multiplication: products of the widened halves. The products
// always fit the wide lane (|x| <= 2^(n-1) so x*y <= 2^(2n-2)); computed
// unsigned to keep the one 2^(2n-2) case free of signed overflow.
template <class In, class Out> inline V128 ExtmulLow(V128 a, V128 b) {
  using UOut = Vec<std::make_unsigned_t<LaneOf<Out>>, Count<Out>()>;
  return As<V128>(As<UOut>(__builtin_convertvector(Low(As<In>(a)), Out)) *
                  As<UOut>(__builtin_convertvector(Low(As<In>(b)), Out)));
}
template <class In, class Out> inline V128 ExtmulHigh(V128 a, V128 b) {
  using UOut = Vec<std::make_unsigned_t<LaneOf<Out>>, Count<Out>()>;
  return As<V128>(As<UOut>(__builtin_convertvector(High(As<In>(a)), Out)) *
                  As<UOut>(__builtin_convertvector(High(As<In>(b)), Out)));
}
// Pairwise addition of adjacent lanes, widened (cannot overflow).
template <class In, class Out> inline V128 ExtaddPairwise(V128 a) {
  const In v = As<In>(a);
  return As<V128>(__builtin_convertvector(Even(v), Out) + __builtin_convertvector(Odd(v), Out));
}
template <class V> inline uint32_t AllTrue(V128 a) {
  const V v = As<V>(a);
  for (int i = 0; i < Count<V>(); ++i) {
    if (v[i] == 0) return 0;
  }
  return 1;
}
// Bit i of the result is lane i's sign bit.
template <class V> inline uint32_t Bitmask(V128 a) {
  const V v = As<V>(a);
  uint32_t mask = 0;
  for (int i = 0; i < Count<V>(); ++i) mask |= uint32_t(v[i] < 0) << i;
  return mask;
}

}  // namespace lanes

// --- Bitwise and boolean ----------------------------------------------------
inline V128 V128Not(V128 a) { return ~a; }
inline V128 V128And(V128 a, V128 b) { return a & b; }
inline V128 V128Andnot(V128 a, V128 b) { return a & ~b; }
inline V128 V128Or(V128 a, V128 b) { return a | b; }
inline V128 V128Xor(V128 a, V128 b) { return a ^ b; }
// Bits of `a` where `c` is 1, of `b` where it is 0.
inline V128 V128Bitselect(V128 a, V128 b, V128 c) { return (a & c) | (b & ~c); }
inline uint32_t V128AnyTrue(V128 a) { return (a[0] | a[1]) != 0; }

// --- Splats and swizzle -----------------------------------------------------
inline V128 I8x16Splat(uint32_t x) { return As<V128>(lanes::Splat<U8x16>(x)); }
inline V128 I16x8Splat(uint32_t x) { return As<V128>(lanes::Splat<U16x8>(x)); }
inline V128 I32x4Splat(uint32_t x) { return As<V128>(lanes::Splat<U32x4>(x)); }
inline V128 I64x2Splat(uint64_t x) { return V128{x, x}; }
// Lane i of the result is a[b[i]], or 0 where b[i] >= 16.
inline V128 I8x16Swizzle(V128 a, V128 b) {
  const U8x16 v = As<U8x16>(a), s = As<U8x16>(b);
  U8x16 r;
  for (int i = 0; i < 16; ++i) r[i] = s[i] < 16 ? v[s[i] & 15] : 0;
  return As<V128>(r);
}

// --- Comparisons ------------------------------------------------------------
#define WEFT_SIMD_COMPARE(Shape, S, U)                                       \
  inline V128 Shape##Eq(V128 a, V128 b) { return lanes::Eq<S>(a, b); }       \
  inline V128 Shape##Ne(V128 a, V128 b) { return lanes::Ne<S>(a, b); }       \
  inline V128 Shape##LtS(V128 a, V128 b) { return lanes::Lt<S>(a, b); }      \
  inline V128 Shape##LtU(V128 a, V128 b) { return lanes::Lt<U>(a, b); }      \
  inline V128 Shape##GtS(V128 a, V128 b) { return lanes::Gt<S>(a, b); }      \
  inline V128 Shape##GtU(V128 a, V128 b) { return lanes::Gt<U>(a, b); }      \
  inline V128 Shape##LeS(V128 a, V128 b) { return lanes::Le<S>(a, b); }      \
  inline V128 Shape##LeU(V128 a, V128 b) { return lanes::Le<U>(a, b); }      \
  inline V128 Shape##GeS(V128 a, V128 b) { return lanes::Ge<S>(a, b); }      \
  inline V128 Shape##GeU(V128 a, V128 b) { return lanes::Ge<U>(a, b); }
WEFT_SIMD_COMPARE(I8x16, I8x16, U8x16)
WEFT_SIMD_COMPARE(I16x8, I16x8, U16x8)
WEFT_SIMD_COMPARE(I32x4, I32x4, U32x4)
#undef WEFT_SIMD_COMPARE
// i64x2 has only the signed orderings.
inline V128 I64x2Eq(V128 a, V128 b) { return lanes::Eq<I64x2>(a, b); }
inline V128 I64x2Ne(V128 a, V128 b) { return lanes::Ne<I64x2>(a, b); }
inline V128 I64x2LtS(V128 a, V128 b) { return lanes::Lt<I64x2>(a, b); }
inline V128 I64x2GtS(V128 a, V128 b) { return lanes::Gt<I64x2>(a, b); }
inline V128 I64x2LeS(V128 a, V128 b) { return lanes::Le<I64x2>(a, b); }
inline V128 I64x2GeS(V128 a, V128 b) { return lanes::Ge<I64x2>(a, b); }

// --- Lane arithmetic shared by every integer shape ---------------------------
#define WEFT_SIMD_ARITH(Shape, S, U)                                             \
  inline V128 Shape##Add(V128 a, V128 b) { return lanes::Add<U>(a, b); }         \
  inline V128 Shape##Sub(V128 a, V128 b) { return lanes::Sub<U>(a, b); }         \
  inline V128 Shape##Neg(V128 a) { return lanes::Neg<U>(a); }                    \
  inline V128 Shape##Abs(V128 a) { return lanes::Abs<S, U>(a); }                 \
  inline V128 Shape##Shl(V128 a, uint32_t n) { return lanes::Shl<U>(a, n); }     \
  inline V128 Shape##ShrS(V128 a, uint32_t n) { return lanes::Shr<S>(a, n); }    \
  inline V128 Shape##ShrU(V128 a, uint32_t n) { return lanes::Shr<U>(a, n); }    \
  inline uint32_t Shape##AllTrue(V128 a) { return lanes::AllTrue<U>(a); }        \
  inline uint32_t Shape##Bitmask(V128 a) { return lanes::Bitmask<S>(a); }
WEFT_SIMD_ARITH(I8x16, I8x16, U8x16)
WEFT_SIMD_ARITH(I16x8, I16x8, U16x8)
WEFT_SIMD_ARITH(I32x4, I32x4, U32x4)
WEFT_SIMD_ARITH(I64x2, I64x2, U64x2)
#undef WEFT_SIMD_ARITH

// min/max, saturating add/sub and rounding average (i8x16 and i16x8;
// i32x4 has min/max only).
#define WEFT_SIMD_MINMAX(Shape, S, U)                                               \
  inline V128 Shape##MinS(V128 a, V128 b) { return lanes::Min<S>(a, b); }           \
  inline V128 Shape##MinU(V128 a, V128 b) { return lanes::Min<U>(a, b); }           \
  inline V128 Shape##MaxS(V128 a, V128 b) { return lanes::Max<S>(a, b); }           \
  inline V128 Shape##MaxU(V128 a, V128 b) { return lanes::Max<U>(a, b); }
#define WEFT_SIMD_SATURATING(Shape, S, U)                                           \
  WEFT_SIMD_MINMAX(Shape, S, U)                                                     \
  inline V128 Shape##AddSatS(V128 a, V128 b) { return lanes::AddSat<S>(a, b); }     \
  inline V128 Shape##AddSatU(V128 a, V128 b) { return lanes::AddSat<U>(a, b); }     \
  inline V128 Shape##SubSatS(V128 a, V128 b) { return lanes::SubSat<S>(a, b); }     \
  inline V128 Shape##SubSatU(V128 a, V128 b) { return lanes::SubSat<U>(a, b); }     \
  inline V128 Shape##AvgrU(V128 a, V128 b) { return lanes::AvgrU<U>(a, b); }
WEFT_SIMD_SATURATING(I8x16, I8x16, U8x16)
WEFT_SIMD_SATURATING(I16x8, I16x8, U16x8)
WEFT_SIMD_MINMAX(I32x4, I32x4, U32x4)
#undef WEFT_SIMD_SATURATING
#undef WEFT_SIMD_MINMAX

inline V128 I16x8Mul(V128 a, V128 b) { return lanes::Mul<U16x8>(a, b); }
inline V128 I32x4Mul(V128 a, V128 b) { return lanes::Mul<U32x4>(a, b); }
inline V128 I64x2Mul(V128 a, V128 b) { return lanes::Mul<U64x2>(a, b); }

inline V128 I8x16Popcnt(V128 a) {
  U8x16 v = As<U8x16>(a);
  for (int i = 0; i < 16; ++i) v[i] = uint8_t(__builtin_popcount(v[i]));
  return As<V128>(v);
}

// --- Narrowing and extension ---------------------------------------------------
inline V128 I8x16NarrowI16x8S(V128 a, V128 b) { return lanes::Narrow<I16x8, I8x16>(a, b); }
inline V128 I8x16NarrowI16x8U(V128 a, V128 b) { return lanes::Narrow<I16x8, U8x16>(a, b); }
inline V128 I16x8NarrowI32x4S(V128 a, V128 b) { return lanes::Narrow<I32x4, I16x8>(a, b); }
inline V128 I16x8NarrowI32x4U(V128 a, V128 b) { return lanes::Narrow<I32x4, U16x8>(a, b); }

#define WEFT_SIMD_EXTEND(Shape, Narrow, SIn, UIn, SOut, UOut)                                        \
  inline V128 Shape##ExtendLow##Narrow##S(V128 a) { return lanes::ExtendLow<SIn, SOut>(a); }      \
  inline V128 Shape##ExtendHigh##Narrow##S(V128 a) { return lanes::ExtendHigh<SIn, SOut>(a); }    \
  inline V128 Shape##ExtendLow##Narrow##U(V128 a) { return lanes::ExtendLow<UIn, UOut>(a); }      \
  inline V128 Shape##ExtendHigh##Narrow##U(V128 a) { return lanes::ExtendHigh<UIn, UOut>(a); }    \
  inline V128 Shape##ExtmulLow##Narrow##S(V128 a, V128 b) {                                      \
    return lanes::ExtmulLow<SIn, SOut>(a, b);                                                     \
  }                                                                                              \
  inline V128 Shape##ExtmulHigh##Narrow##S(V128 a, V128 b) {                                     \
    return lanes::ExtmulHigh<SIn, SOut>(a, b);                                                    \
  }                                                                                              \
  inline V128 Shape##ExtmulLow##Narrow##U(V128 a, V128 b) {                                      \
    return lanes::ExtmulLow<UIn, UOut>(a, b);                                                     \
  }                                                                                              \
  inline V128 Shape##ExtmulHigh##Narrow##U(V128 a, V128 b) {                                     \
    return lanes::ExtmulHigh<UIn, UOut>(a, b);                                                    \
  }
WEFT_SIMD_EXTEND(I16x8, I8x16, I8x16, U8x16, I16x8, U16x8)
WEFT_SIMD_EXTEND(I32x4, I16x8, I16x8, U16x8, I32x4, U32x4)
WEFT_SIMD_EXTEND(I64x2, I32x4, I32x4, U32x4, I64x2, U64x2)
#undef WEFT_SIMD_EXTEND

inline V128 I16x8ExtaddPairwiseI8x16S(V128 a) { return lanes::ExtaddPairwise<I8x16, I16x8>(a); }
inline V128 I16x8ExtaddPairwiseI8x16U(V128 a) { return lanes::ExtaddPairwise<U8x16, U16x8>(a); }
inline V128 I32x4ExtaddPairwiseI16x8S(V128 a) { return lanes::ExtaddPairwise<I16x8, I32x4>(a); }
inline V128 I32x4ExtaddPairwiseI16x8U(V128 a) { return lanes::ExtaddPairwise<U16x8, U32x4>(a); }

// (a*b + 2^14) >> 15 per lane, saturated: only -32768 * -32768 overflows.
inline V128 I16x8Q15mulrSatS(V128 a, V128 b) {
  using W = lanes::Vec<int32_t, 8>;
  const W p = __builtin_convertvector(As<I16x8>(a), W) * __builtin_convertvector(As<I16x8>(b), W);
  return As<V128>(lanes::clampTo<I16x8>((p + 0x4000) >> 15));
}
// Sums of adjacent i16 products; 2 * (-32768)^2 = 2^31 wraps to INT32_MIN.
inline V128 I32x4DotI16x8S(V128 a, V128 b) {
  const U32x4 p = As<U32x4>(lanes::ExtmulLow<I16x8, I32x4>(a, b));
  const U32x4 q = As<U32x4>(lanes::ExtmulHigh<I16x8, I32x4>(a, b));
  // Products in lane order 0..3 and 4..7; pair (2i, 2i+1) across them.
  const auto all = __builtin_shufflevector(p, q, 0, 1, 2, 3, 4, 5, 6, 7);
  return As<V128>(__builtin_convertvector(lanes::Even(all), U32x4) +
                  __builtin_convertvector(lanes::Odd(all), U32x4));
}

}  // namespace weft::interp::simd

#pragma clang diagnostic pop

#endif  // WEFT_INTERP_SIMD_INT_OPS_H_
