// WebAssembly SIMD semantics: f32x4 / f64x2 lane arithmetic, comparisons,
// min/max, rounding, and the conversions between float and integer lanes
// (the second section of simd_ops.def). Each function is the one
// definition of its instruction; the interpreter's handlers are generated
// from them.
//
// Where a vector operator computes exactly WebAssembly's result (IEEE
// add/sub/mul/div, comparisons, pmin/pmax selects, signed int->float) it
// is used directly and compiles to one SSE instruction. Everything whose
// WebAssembly meaning differs from SSE's (min/max NaN and -0 rules,
// saturating truncation, rounding without SSE4.1) goes lane by lane
// through base/numeric.h, the scalar instructions' definitions, so scalar
// and SIMD agree by construction. NaN results of arithmetic are the host's
// quiet NaNs, which the spec allows (canonical or arithmetic NaN).
#ifndef WEFT_INTERP_SIMD_FLOAT_OPS_H_
#define WEFT_INTERP_SIMD_FLOAT_OPS_H_

#include <cstdint>

#include "base/numeric.h"
#include "interp/simd/v128.h"

// Widening steps use 32-byte vector temporaries inside these inline
// functions; clang warns that passing such a vector would need AVX's ABI,
// which never happens here (everything inlines; V128 crosses as 16 bytes).
#pragma clang diagnostic push
#pragma clang diagnostic ignored "-Wpsabi"

namespace weft::interp::simd {
namespace float_lanes {

// r[i] = f(v[i]) for each lane of the Vector view.
template <class Vector, class F> inline V128 Map(V128 a, F f) {
  Vector v = As<Vector>(a);
  for (size_t i = 0; i < sizeof(Vector) / sizeof(v[0]); ++i) v[i] = f(v[i]);
  return As<V128>(v);
}
template <class Vector, class F> inline V128 Map2(V128 a, V128 b, F f) {
  Vector x = As<Vector>(a);
  const Vector y = As<Vector>(b);
  for (size_t i = 0; i < sizeof(Vector) / sizeof(x[0]); ++i) x[i] = f(x[i], y[i]);
  return As<V128>(x);
}

}  // namespace float_lanes

// --- Splats (scalars arrive as their bits) -----------------------------------
inline V128 F32x4Splat(uint32_t bits) {
  const uint64_t two = uint64_t(bits) << 32 | bits;
  return V128{two, two};
}
inline V128 F64x2Splat(uint64_t bits) { return V128{bits, bits}; }

// --- Comparisons: all-ones lanes where true (NaN: only ne is true) ----------
#define WEFT_SIMD_FCOMPARE(Shape, F)                                                   \
  inline V128 Shape##Eq(V128 a, V128 b) { return As<V128>(As<F>(a) == As<F>(b)); }    \
  inline V128 Shape##Ne(V128 a, V128 b) { return As<V128>(As<F>(a) != As<F>(b)); }    \
  inline V128 Shape##Lt(V128 a, V128 b) { return As<V128>(As<F>(a) < As<F>(b)); }     \
  inline V128 Shape##Gt(V128 a, V128 b) { return As<V128>(As<F>(a) > As<F>(b)); }     \
  inline V128 Shape##Le(V128 a, V128 b) { return As<V128>(As<F>(a) <= As<F>(b)); }    \
  inline V128 Shape##Ge(V128 a, V128 b) { return As<V128>(As<F>(a) >= As<F>(b)); }
WEFT_SIMD_FCOMPARE(F32x4, F32x4)
WEFT_SIMD_FCOMPARE(F64x2, F64x2)
#undef WEFT_SIMD_FCOMPARE

// --- Arithmetic -------------------------------------------------------------
// abs/neg change only the sign bit (NaN payloads kept), as the scalar ops.
#define WEFT_SIMD_FARITH(Shape, F, U, T)                                                      \
  inline V128 Shape##Add(V128 a, V128 b) { return As<V128>(As<F>(a) + As<F>(b)); }           \
  inline V128 Shape##Sub(V128 a, V128 b) { return As<V128>(As<F>(a) - As<F>(b)); }           \
  inline V128 Shape##Mul(V128 a, V128 b) { return As<V128>(As<F>(a) * As<F>(b)); }           \
  inline V128 Shape##Div(V128 a, V128 b) { return As<V128>(As<F>(a) / As<F>(b)); }           \
  inline V128 Shape##Abs(V128 a) {                                                          \
    return As<V128>(As<U>(a) & ~(U{} + numeric::kSignBit<T>));                              \
  }                                                                                         \
  inline V128 Shape##Neg(V128 a) { return As<V128>(As<U>(a) ^ (U{} + numeric::kSignBit<T>)); } \
  inline V128 Shape##Sqrt(V128 a) { return float_lanes::Map<F>(a, numeric::FSqrt<T>); }     \
  inline V128 Shape##Ceil(V128 a) { return float_lanes::Map<F>(a, numeric::FCeil<T>); }     \
  inline V128 Shape##Floor(V128 a) { return float_lanes::Map<F>(a, numeric::FFloor<T>); }   \
  inline V128 Shape##Trunc(V128 a) { return float_lanes::Map<F>(a, numeric::FTrunc<T>); }   \
  inline V128 Shape##Nearest(V128 a) { return float_lanes::Map<F>(a, numeric::FNearest<T>); } \
  inline V128 Shape##Min(V128 a, V128 b) { return float_lanes::Map2<F>(a, b, numeric::FMin<T>); } \
  inline V128 Shape##Max(V128 a, V128 b) { return float_lanes::Map2<F>(a, b, numeric::FMax<T>); } \
  /* pmin/pmax are plain selects: b < a ? b : a and a < b ? b : a. */                       \
  inline V128 Shape##Pmin(V128 a, V128 b) {                                                 \
    const F x = As<F>(a), y = As<F>(b);                                                     \
    return As<V128>(As<U>(y < x ? y : x));                                                  \
  }                                                                                         \
  inline V128 Shape##Pmax(V128 a, V128 b) {                                                 \
    const F x = As<F>(a), y = As<F>(b);                                                     \
    return As<V128>(As<U>(x < y ? y : x));                                                  \
  }
WEFT_SIMD_FARITH(F32x4, F32x4, U32x4, float)
WEFT_SIMD_FARITH(F64x2, F64x2, U64x2, double)
#undef WEFT_SIMD_FARITH

// --- Conversions ------------------------------------------------------------
inline V128 F32x4ConvertI32x4S(V128 a) {
  return As<V128>(__builtin_convertvector(As<I32x4>(a), F32x4));
}
inline V128 F32x4ConvertI32x4U(V128 a) {
  const U32x4 v = As<U32x4>(a);
  F32x4 r;
  for (int i = 0; i < 4; ++i) r[i] = numeric::Convert<float>(v[i]);
  return As<V128>(r);
}
inline V128 I32x4TruncSatF32x4S(V128 a) {
  const F32x4 v = As<F32x4>(a);
  I32x4 r;
  for (int i = 0; i < 4; ++i) r[i] = numeric::TruncSat<int32_t>(v[i]);
  return As<V128>(r);
}
inline V128 I32x4TruncSatF32x4U(V128 a) {
  const F32x4 v = As<F32x4>(a);
  U32x4 r;
  for (int i = 0; i < 4; ++i) r[i] = numeric::TruncSat<uint32_t>(v[i]);
  return As<V128>(r);
}
// The *_zero forms fill the two high i32 lanes with zeros.
inline V128 I32x4TruncSatF64x2SZero(V128 a) {
  const F64x2 v = As<F64x2>(a);
  const I32x4 r = {numeric::TruncSat<int32_t>(v[0]), numeric::TruncSat<int32_t>(v[1]), 0, 0};
  return As<V128>(r);
}
inline V128 I32x4TruncSatF64x2UZero(V128 a) {
  const F64x2 v = As<F64x2>(a);
  const U32x4 r = {numeric::TruncSat<uint32_t>(v[0]), numeric::TruncSat<uint32_t>(v[1]), 0, 0};
  return As<V128>(r);
}
inline V128 F64x2ConvertLowI32x4S(V128 a) {
  const I32x4 v = As<I32x4>(a);
  return As<V128>(F64x2{double(v[0]), double(v[1])});
}
inline V128 F64x2ConvertLowI32x4U(V128 a) {
  const U32x4 v = As<U32x4>(a);
  return As<V128>(F64x2{double(v[0]), double(v[1])});
}
inline V128 F32x4DemoteF64x2Zero(V128 a) {
  const F64x2 v = As<F64x2>(a);
  return As<V128>(F32x4{numeric::F32DemoteF64(v[0]), numeric::F32DemoteF64(v[1]), 0.0f, 0.0f});
}
inline V128 F64x2PromoteLowF32x4(V128 a) {
  const F32x4 v = As<F32x4>(a);
  return As<V128>(F64x2{numeric::F64PromoteF32(v[0]), numeric::F64PromoteF32(v[1])});
}

}  // namespace weft::interp::simd

#pragma clang diagnostic pop

#endif  // WEFT_INTERP_SIMD_FLOAT_OPS_H_
