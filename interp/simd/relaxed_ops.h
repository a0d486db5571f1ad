// WebAssembly 3.0 relaxed SIMD semantics (the third section of
// simd_ops.def): the one deterministic choice weft makes for each relaxed
// instruction, the same result on every run and every host.
//
// The spec gives each relaxed operator a list of allowed results selected
// by an implementation-wide parameter; its "deterministic profile" fixes
// every parameter to 0, and that is the choice made here for all twenty
// (docs/relaxed_simd.md has the table). Where choice 0 is a 2.0 SIMD
// instruction, the relaxed op forwards to that instruction's definition in
// int_ops.h / float_ops.h, so the two cannot drift apart:
//   relaxed_swizzle   = i8x16.swizzle       (index >= 16 gives 0)
//   relaxed_trunc_*   = trunc_sat_*         (NaN gives 0, out of range saturates)
//   relaxed_laneselect = v128.bitselect     (bitwise, whatever the mask)
//   relaxed_min/max   = f32x4/f64x2.min/max (NaN propagates, -0 < +0)
//   relaxed_q15mulr_s = q15mulr_sat_s       (-32768 * -32768 gives 32767)
// The rest have no 2.0 counterpart:
//   relaxed_madd/nmadd: unfused, a*b rounded then + c rounded, built from
//     the f32x4/f64x2 mul, add and neg definitions (two roundings, as on a
//     host without FMA; nmadd(a, b, c) = madd(-a, b, c) as the spec defines).
//   relaxed_dot_*: the second operand's bytes read as signed (so a byte
//     with its top bit set is negative), products exact in i16, adjacent
//     products summed with signed saturation to i16; the _add form then
//     adds adjacent i16 sums into i32 lanes and adds c with wrapping.
#ifndef WEFT_INTERP_SIMD_RELAXED_OPS_H_
#define WEFT_INTERP_SIMD_RELAXED_OPS_H_

#include <cstdint>

#include "interp/simd/float_ops.h"
#include "interp/simd/int_ops.h"
#include "interp/simd/v128.h"

// Widening steps use 32-byte vector temporaries inside these inline
// functions (see int_ops.h).
#pragma clang diagnostic push
#pragma clang diagnostic ignored "-Wpsabi"

namespace weft::interp::simd {

// --- Same as a 2.0 instruction ----------------------------------------------
inline V128 I8x16RelaxedSwizzle(V128 a, V128 s) { return I8x16Swizzle(a, s); }

inline V128 I32x4RelaxedTruncF32x4S(V128 a) { return I32x4TruncSatF32x4S(a); }
inline V128 I32x4RelaxedTruncF32x4U(V128 a) { return I32x4TruncSatF32x4U(a); }
inline V128 I32x4RelaxedTruncF64x2SZero(V128 a) { return I32x4TruncSatF64x2SZero(a); }
inline V128 I32x4RelaxedTruncF64x2UZero(V128 a) { return I32x4TruncSatF64x2UZero(a); }

// laneselect(a, b, m) takes a's bits where m is set, as bitselect(a, b, m).
inline V128 I8x16RelaxedLaneselect(V128 a, V128 b, V128 m) { return V128Bitselect(a, b, m); }
inline V128 I16x8RelaxedLaneselect(V128 a, V128 b, V128 m) { return V128Bitselect(a, b, m); }
inline V128 I32x4RelaxedLaneselect(V128 a, V128 b, V128 m) { return V128Bitselect(a, b, m); }
inline V128 I64x2RelaxedLaneselect(V128 a, V128 b, V128 m) { return V128Bitselect(a, b, m); }

inline V128 F32x4RelaxedMin(V128 a, V128 b) { return F32x4Min(a, b); }
inline V128 F32x4RelaxedMax(V128 a, V128 b) { return F32x4Max(a, b); }
inline V128 F64x2RelaxedMin(V128 a, V128 b) { return F64x2Min(a, b); }
inline V128 F64x2RelaxedMax(V128 a, V128 b) { return F64x2Max(a, b); }

inline V128 I16x8RelaxedQ15mulrS(V128 a, V128 b) { return I16x8Q15mulrSatS(a, b); }

// --- Multiply-add: unfused ----------------------------------------------------
// The product and the sum are separate calls, so each is rounded: clang
// contracts a*b+c into an FMA only within one expression (-ffp-contract=on),
// never across the two inlined functions.
inline V128 F32x4RelaxedMadd(V128 a, V128 b, V128 c) { return F32x4Add(F32x4Mul(a, b), c); }
inline V128 F32x4RelaxedNmadd(V128 a, V128 b, V128 c) {
  return F32x4RelaxedMadd(F32x4Neg(a), b, c);
}
inline V128 F64x2RelaxedMadd(V128 a, V128 b, V128 c) { return F64x2Add(F64x2Mul(a, b), c); }
inline V128 F64x2RelaxedNmadd(V128 a, V128 b, V128 c) {
  return F64x2RelaxedMadd(F64x2Neg(a), b, c);
}

// --- Dot products: signed x signed, i16 sums saturated ---------------------
// Lane i: sat_s16(a[2i]*b[2i] + a[2i+1]*b[2i+1]), every byte signed. Each
// product is within [-16256, 16384]; only two (-128)*(-128) products
// overflow the sum (32768 saturates to 32767).
inline V128 I16x8RelaxedDotI8x16I7x16S(V128 a, V128 b) {
  using W = lanes::Vec<int32_t, 16>;
  const W p = __builtin_convertvector(As<I8x16>(a), W) * __builtin_convertvector(As<I8x16>(b), W);
  return As<V128>(lanes::clampTo<I16x8>(lanes::Even(p) + lanes::Odd(p)));
}
// The i16 sums above, adjacent pairs added into i32 lanes (exact), plus c
// (wrapping, as i32x4.add).
inline V128 I32x4RelaxedDotI8x16I7x16AddS(V128 a, V128 b, V128 c) {
  return I32x4Add(I32x4ExtaddPairwiseI16x8S(I16x8RelaxedDotI8x16I7x16S(a, b)), c);
}

}  // namespace weft::interp::simd

#pragma clang diagnostic pop

#endif  // WEFT_INTERP_SIMD_RELAXED_OPS_H_
