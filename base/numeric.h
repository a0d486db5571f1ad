// The one definition of every scalar WebAssembly numeric operation. The
// interpreter's handlers and any constant folding call these, so each
// opcode's meaning exists exactly once.
//
// Conventions: integers are passed as unsigned types of their width (the
// signed interpretation is taken inside); floats as float/double. Operations
// that can trap return a TrapKind and write the result through `out`.
// Float NaN results: where the spec allows any arithmetic NaN (the result of
// arithmetic on NaN inputs), the host FPU's quiet NaN is returned; bit
// operations (abs, neg, copysign) never change payloads.
#ifndef WEFT_BASE_NUMERIC_H_
#define WEFT_BASE_NUMERIC_H_

#include <bit>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <type_traits>

namespace weft::numeric {

// Mirrors the corresponding interp::TrapCode values by name; kept separate so
// base/ does not depend on interp/.
enum class TrapKind : uint8_t { kNone, kDivideByZero, kIntegerOverflow, kInvalidConversion };

template <class To, class From>
inline To BitCast(From f) {
  static_assert(sizeof(To) == sizeof(From));
  To t;
  std::memcpy(&t, &f, sizeof t);
  return t;
}

template <class U> using Signed = std::make_signed_t<U>;
template <class F> using FloatBits = std::conditional_t<sizeof(F) == 4, uint32_t, uint64_t>;

// --- Integer arithmetic (wrapping) ------------------------------------------
template <class U> inline U Add(U a, U b) { return U(a + b); }
template <class U> inline U Sub(U a, U b) { return U(a - b); }
template <class U> inline U Mul(U a, U b) {
  // Promote to avoid int-promotion UB for narrow types; U is 32/64-bit here.
  return U(a * b);
}

template <class U> inline TrapKind DivS(U a, U b, U* out) {
  using S = Signed<U>;
  if (b == 0) return TrapKind::kDivideByZero;
  if (S(a) == std::numeric_limits<S>::min() && S(b) == -1) return TrapKind::kIntegerOverflow;
  *out = U(S(a) / S(b));
  return TrapKind::kNone;
}
template <class U> inline TrapKind DivU(U a, U b, U* out) {
  if (b == 0) return TrapKind::kDivideByZero;
  *out = a / b;
  return TrapKind::kNone;
}
template <class U> inline TrapKind RemS(U a, U b, U* out) {
  using S = Signed<U>;
  if (b == 0) return TrapKind::kDivideByZero;
  // INT_MIN % -1 is 0 in wasm (no trap) but UB in C++.
  *out = S(b) == -1 ? U(0) : U(S(a) % S(b));
  return TrapKind::kNone;
}
template <class U> inline TrapKind RemU(U a, U b, U* out) {
  if (b == 0) return TrapKind::kDivideByZero;
  *out = a % b;
  return TrapKind::kNone;
}

template <class U> inline U And(U a, U b) { return a & b; }
template <class U> inline U Or(U a, U b) { return a | b; }
template <class U> inline U Xor(U a, U b) { return a ^ b; }

// Shift counts are taken modulo the bit width.
template <class U> inline constexpr unsigned kBits = sizeof(U) * 8;
template <class U> inline U Shl(U a, U b) { return U(a << (b & (kBits<U> - 1))); }
template <class U> inline U ShrU(U a, U b) { return U(a >> (b & (kBits<U> - 1))); }
template <class U> inline U ShrS(U a, U b) {
  return U(Signed<U>(a) >> (b & (kBits<U> - 1)));  // arithmetic shift (C++20)
}
// std::rotl/rotr are defined for every count and compile to one rotate
// (a hand-written shift pair needs a test for 0 and a conditional move).
template <class U> inline U Rotl(U a, U b) { return std::rotl(a, int(b & (kBits<U> - 1))); }
template <class U> inline U Rotr(U a, U b) { return std::rotr(a, int(b & (kBits<U> - 1))); }

template <class U> inline U Clz(U a) {
  if (a == 0) return kBits<U>;
  if constexpr (sizeof(U) == 4) return U(__builtin_clz(a));
  else return U(__builtin_clzll(a));
}
template <class U> inline U Ctz(U a) {
  if (a == 0) return kBits<U>;
  if constexpr (sizeof(U) == 4) return U(__builtin_ctz(a));
  else return U(__builtin_ctzll(a));
}
template <class U> inline U Popcnt(U a) {
  if constexpr (sizeof(U) == 4) return U(__builtin_popcount(a));
  else return U(__builtin_popcountll(a));
}
template <class U> inline U Eqz(U a) { return a == 0; }

// Comparisons return an i32 0/1.
template <class U> inline uint32_t Eq(U a, U b) { return a == b; }
template <class U> inline uint32_t Ne(U a, U b) { return a != b; }
template <class U> inline uint32_t LtU(U a, U b) { return a < b; }
template <class U> inline uint32_t GtU(U a, U b) { return a > b; }
template <class U> inline uint32_t LeU(U a, U b) { return a <= b; }
template <class U> inline uint32_t GeU(U a, U b) { return a >= b; }
template <class U> inline uint32_t LtS(U a, U b) { return Signed<U>(a) < Signed<U>(b); }
template <class U> inline uint32_t GtS(U a, U b) { return Signed<U>(a) > Signed<U>(b); }
template <class U> inline uint32_t LeS(U a, U b) { return Signed<U>(a) <= Signed<U>(b); }
template <class U> inline uint32_t GeS(U a, U b) { return Signed<U>(a) >= Signed<U>(b); }

// Sign extension from the low N bits.
inline uint32_t I32Extend8S(uint32_t a) { return uint32_t(int32_t(int8_t(a))); }
inline uint32_t I32Extend16S(uint32_t a) { return uint32_t(int32_t(int16_t(a))); }
inline uint64_t I64Extend8S(uint64_t a) { return uint64_t(int64_t(int8_t(a))); }
inline uint64_t I64Extend16S(uint64_t a) { return uint64_t(int64_t(int16_t(a))); }
inline uint64_t I64Extend32S(uint64_t a) { return uint64_t(int64_t(int32_t(a))); }
inline uint64_t I64ExtendI32S(uint32_t a) { return uint64_t(int64_t(int32_t(a))); }
inline uint64_t I64ExtendI32U(uint32_t a) { return a; }
inline uint32_t I32WrapI64(uint64_t a) { return uint32_t(a); }

// --- Float arithmetic -------------------------------------------------------
template <class F> inline F FAdd(F a, F b) { return a + b; }
template <class F> inline F FSub(F a, F b) { return a - b; }
template <class F> inline F FMul(F a, F b) { return a * b; }
template <class F> inline F FDiv(F a, F b) { return a / b; }
template <class F> inline F FSqrt(F a) { return std::sqrt(a); }
template <class F> inline F FCeil(F a) { return std::ceil(a); }
template <class F> inline F FFloor(F a) { return std::floor(a); }
template <class F> inline F FTrunc(F a) { return std::trunc(a); }
// Round half to even. Uses the current rounding mode, which weft never
// changes from the default (round to nearest, ties to even); -0 and NaN
// behave as the spec requires (sign kept, NaN quieted).
template <class F> inline F FNearest(F a) { return std::nearbyint(a); }

// min/max: NaN if either operand is NaN; -0 < +0.
template <class F> inline F FMin(F a, F b) {
  if (std::isnan(a) || std::isnan(b)) return a + b;  // quiet NaN from an input
  if (a == b) return BitCast<F>(FloatBits<F>(BitCast<FloatBits<F>>(a) | BitCast<FloatBits<F>>(b)));
  return a < b ? a : b;
}
template <class F> inline F FMax(F a, F b) {
  if (std::isnan(a) || std::isnan(b)) return a + b;
  if (a == b) return BitCast<F>(FloatBits<F>(BitCast<FloatBits<F>>(a) & BitCast<FloatBits<F>>(b)));
  return a > b ? a : b;
}

// Sign-bit operations, exact on the bits (NaN payloads preserved).
template <class F> inline constexpr FloatBits<F> kSignBit = FloatBits<F>(1) << (sizeof(F) * 8 - 1);
template <class F> inline F FAbs(F a) { return BitCast<F>(FloatBits<F>(BitCast<FloatBits<F>>(a) & ~kSignBit<F>)); }
template <class F> inline F FNeg(F a) { return BitCast<F>(FloatBits<F>(BitCast<FloatBits<F>>(a) ^ kSignBit<F>)); }
template <class F> inline F FCopysign(F a, F b) {
  return BitCast<F>(FloatBits<F>((BitCast<FloatBits<F>>(a) & ~kSignBit<F>) |
                                 (BitCast<FloatBits<F>>(b) & kSignBit<F>)));
}

template <class F> inline uint32_t FEq(F a, F b) { return a == b; }
template <class F> inline uint32_t FNe(F a, F b) { return a != b; }
template <class F> inline uint32_t FLt(F a, F b) { return a < b; }
template <class F> inline uint32_t FGt(F a, F b) { return a > b; }
template <class F> inline uint32_t FLe(F a, F b) { return a <= b; }
template <class F> inline uint32_t FGe(F a, F b) { return a >= b; }

// --- Float -> integer truncation --------------------------------------------
// Range checks are exact: the bounds below are exactly representable in
// both float and double, and the comparisons exclude the first value whose
// truncation is out of range.
// Signed targets: in range iff -2^(N-1) <= x < 2^(N-1), except that from
// double to i32 anything above -2^31-1 truncates into range. Unsigned:
// -1 < x < 2^N.
template <class I, class F>
inline bool TruncInRange(F x) {
  if constexpr (std::is_signed_v<I>) {
    constexpr F hi = F(-F(std::numeric_limits<I>::min()));  // 2^(N-1)
    if constexpr (sizeof(I) == 4 && sizeof(F) == 8) {
      return x > F(-2147483649.0) && x < hi;
    } else {
      return x >= F(std::numeric_limits<I>::min()) && x < hi;
    }
  } else {
    constexpr F hi = F(2) * F(Signed<I>(1) << (sizeof(I) * 8 - 2)) * F(2);  // 2^N
    return x > F(-1) && x < hi;
  }
}

// Trapping truncation: I is int32_t/uint32_t/int64_t/uint64_t.
template <class I, class F> inline TrapKind Trunc(F x, I* out) {
  if (std::isnan(x)) return TrapKind::kInvalidConversion;
  if (!TruncInRange<I>(x)) return TrapKind::kIntegerOverflow;
  *out = I(x);
  return TrapKind::kNone;
}

// Saturating truncation: NaN -> 0, out of range -> nearest bound.
template <class I, class F> inline I TruncSat(F x) {
  if (std::isnan(x)) return 0;
  if (TruncInRange<I>(x)) return I(x);
  return x < F(0) ? std::numeric_limits<I>::min() : std::numeric_limits<I>::max();
}

// --- Integer -> float conversion (round to nearest even) --------------------
// The compiler's conversions are correctly rounded (x86-64 cvtsi2ss/sd for
// signed; clang's unsigned 64-bit lowering keeps the sticky bit), so they are
// used directly.
template <class F, class I> inline F Convert(I x) { return F(x); }

inline float F32DemoteF64(double x) { return float(x); }
inline double F64PromoteF32(float x) { return double(x); }

}  // namespace weft::numeric

#endif  // WEFT_BASE_NUMERIC_H_
