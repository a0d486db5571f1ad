// Handlers for v128 values: the pure SIMD ops, generated from their
// semantics functions (simd/simd_ops.def), and the hand-written ones with
// immediates or memory operands (IR_SIMD_OP in ir_ops.def).
//
// A v128 occupies two consecutive 8-byte slots, low half first; Ld/St move
// it between slots and an SSE register.
#include <cstring>
#include <type_traits>

#include "interp/handler_macros.h"
#include "interp/simd/float_ops.h"
#include "interp/simd/int_ops.h"
#include "interp/simd/relaxed_ops.h"
#include "interp/simd/v128.h"

namespace weft::interp::simd_handlers {
namespace {

using simd::As;
using simd::V128;

inline V128 Ld(const uint64_t* fp, uint64_t slot) { return simd::LoadV128(fp + slot); }
inline void St(uint64_t* fp, uint64_t slot, V128 v) { simd::StoreV128(fp + slot, v); }

// Operand words a pure op takes after the handler word: its destination
// and one per input.
template <class F> struct Shape;
template <class R, class... A> struct Shape<R (*)(A...)> {
  static constexpr int kWords = 1 + int(sizeof...(A));
};

// Reads the inputs from their slots, calls Fn, writes the result. The
// operand kinds follow from Fn's signature (simd_ops.def): V128 inputs and
// results are two slots, scalars one slot of bits.
template <class T> inline T Arg(const uint64_t* fp, uint64_t slot) {
  if constexpr (std::is_same_v<T, V128>) return Ld(fp, slot);
  else return T(fp[slot]);
}
template <auto Fn, class R, class... A, size_t... I>
inline void ApplyTo(R (*)(A...), std::index_sequence<I...>, const Word* ip, uint64_t* fp) {
  R r = Fn(Arg<A>(fp, ip[2 + I].u)...);
  if constexpr (std::is_same_v<R, V128>) St(fp, ip[1].u, r);
  else fp[ip[1].u] = uint64_t(r);
}
template <auto Fn> inline void Apply(const Word* ip, uint64_t* fp) {
  ApplyTo<Fn>(Fn, std::make_index_sequence<Shape<decltype(Fn)>::kWords - 1>{}, ip, fp);
}

}  // namespace

// The layout ir_layout.h derives from the same signature.
#define IR_SIMD(N)                                                 \
  HANDLER(N) {                                                     \
    static_assert(kWords == 1 + Shape<decltype(&simd::N)>::kWords); \
    Apply<&simd::N>(ip, fp);                                       \
    NEXT();                                                        \
  }
#include "interp/ir_ops.def"

// --- Data movement ----------------------------------------------------------

HANDLER(V128Copy) { St(fp, ip[1].u, Ld(fp, ip[2].u)); NEXT(); }
HANDLER(V128Const) {
  fp[ip[1].u] = ip[2].u;
  fp[ip[1].u + 1] = ip[3].u;
  NEXT();
}
HANDLER(V128Select) {
  St(fp, ip[1].u, uint32_t(fp[ip[4].u]) != 0 ? Ld(fp, ip[2].u) : Ld(fp, ip[3].u));
  NEXT();
}
HANDLER(V128GlobalGet) {
  St(fp, ip[1].u, simd::LoadV128(st->inst->globals[ip[2].u]->bits));
  NEXT();
}
HANDLER(V128GlobalSet) {
  simd::StoreV128(st->inst->globals[ip[1].u]->bits, Ld(fp, ip[2].u));
  NEXT();
}
HANDLER(I8x16Shuffle) {
  uint8_t both[32], lanes[16], out[16];
  std::memcpy(both, fp + ip[2].u, 16);
  std::memcpy(both + 16, fp + ip[3].u, 16);
  std::memcpy(lanes, ip + 4, 16);
  for (int i = 0; i < 16; ++i) out[i] = both[lanes[i] & 31];  // validated < 32
  std::memcpy(fp + ip[1].u, out, 16);
  NEXT();
}

// The same with SSSE3's byte shuffle; the compiler emits it only when the
// CPU has SSSE3 and precomputes one pshufb mask per input (lanes taken
// from the other input have the high bit set, which pshufb turns into 0).
__attribute__((target("ssse3"))) HANDLER(I8x16ShuffleSsse3) {
  using M = long long __attribute__((vector_size(16)));
  M a, b, ma, mb;
  std::memcpy(&a, fp + ip[2].u, 16);
  std::memcpy(&b, fp + ip[3].u, 16);
  std::memcpy(&ma, ip + 4, 16);
  std::memcpy(&mb, ip + 6, 16);
  const M r = __builtin_ia32_pshufb128(a, ma) | __builtin_ia32_pshufb128(b, mb);
  std::memcpy(fp + ip[1].u, &r, 16);
  NEXT();
}

// --- Lanes ------------------------------------------------------------------

// Lane indices were validated against the shape; the mask only keeps a
// corrupted word from indexing outside the vector.
#define EXTRACT(Name, Vec, Lanes, ToBits)                              \
  HANDLER(Name) {                                                      \
    fp[ip[1].u] = ToBits(As<simd::Vec>(Ld(fp, ip[2].u))[ip[3].u & (Lanes - 1)]); \
    NEXT();                                                           \
  }
#define REPLACE(Name, Vec, Lanes, Lane)                                \
  HANDLER(Name) {                                                      \
    simd::Vec v = As<simd::Vec>(Ld(fp, ip[2].u));                      \
    v[ip[4].u & (Lanes - 1)] = Lane(fp[ip[3].u]);                      \
    St(fp, ip[1].u, As<V128>(v));                                      \
    NEXT();                                                           \
  }
#define TO_U32_S(x) uint32_t(int32_t(x))
#define TO_U32_U(x) uint32_t(x)
#define TO_U64(x) uint64_t(x)
EXTRACT(I8x16ExtractLaneS, I8x16, 16, TO_U32_S)
EXTRACT(I8x16ExtractLaneU, U8x16, 16, TO_U32_U)
EXTRACT(I16x8ExtractLaneS, I16x8, 8, TO_U32_S)
EXTRACT(I16x8ExtractLaneU, U16x8, 8, TO_U32_U)
EXTRACT(I32x4ExtractLane, U32x4, 4, TO_U32_U)
EXTRACT(I64x2ExtractLane, U64x2, 2, TO_U64)
EXTRACT(F32x4ExtractLane, U32x4, 4, TO_U32_U)  // floats as their bits
EXTRACT(F64x2ExtractLane, U64x2, 2, TO_U64)
REPLACE(I8x16ReplaceLane, U8x16, 16, uint8_t)
REPLACE(I16x8ReplaceLane, U16x8, 8, uint16_t)
REPLACE(I32x4ReplaceLane, U32x4, 4, uint32_t)
REPLACE(I64x2ReplaceLane, U64x2, 2, uint64_t)
REPLACE(F32x4ReplaceLane, U32x4, 4, uint32_t)
REPLACE(F64x2ReplaceLane, U64x2, 2, uint64_t)

// --- Memory -----------------------------------------------------------------

// Effective address of a SIMD access of `size` bytes: u32(base + k) + off,
// where k is a constant folded in from an `i32.add` (see IR_LOAD), the
// offset added in 64 bits, so one compare is the whole bounds check.
#define SIMD_EA(addr_word, off_word, k_word, size)                            \
  const uint64_t ea =                                                         \
      uint64_t(uint32_t(fp[ip[addr_word].u] + ip[k_word].u)) + ip[off_word].u; \
  if (BOUNDS_CHECKS && __builtin_expect(ea + (size) > msize, 0)) {            \
    TRAP(TrapCode::kMemoryOutOfBounds);                                       \
  }

template <class T> inline T ReadMem(const uint8_t* p) {
  T v;
  std::memcpy(&v, p, sizeof(T));
  return v;
}

// load8x8_s etc.: eight/four/two narrow lanes widened to 16 bytes.
template <class Narrow, class Wide> inline V128 Widen(const uint8_t* p) {
  using N = Narrow __attribute__((vector_size(8)));
  return As<V128>(__builtin_convertvector(ReadMem<N>(p), Wide));
}
template <class T> inline V128 SplatMem(const uint8_t* p) {
  using Vec = T __attribute__((vector_size(16)));
  const T x = ReadMem<T>(p);
  Vec v;
  for (size_t i = 0; i < 16 / sizeof(T); ++i) v[i] = x;
  return As<V128>(v);
}
template <class T> inline V128 ZeroExtendMem(const uint8_t* p) {
  return V128{uint64_t(ReadMem<T>(p)), 0};
}

#define LOAD(Name, Size, Make)              \
  HANDLER(Name) {                           \
    SIMD_EA(2, 3, 4, Size)                  \
    St(fp, ip[1].u, Make(mem + ea));        \
    NEXT();                                \
  }
LOAD(V128Load, 16, simd::LoadV128)
LOAD(V128Load8x8S, 8, (Widen<int8_t, simd::I16x8>))
LOAD(V128Load8x8U, 8, (Widen<uint8_t, simd::U16x8>))
LOAD(V128Load16x4S, 8, (Widen<int16_t, simd::I32x4>))
LOAD(V128Load16x4U, 8, (Widen<uint16_t, simd::U32x4>))
LOAD(V128Load32x2S, 8, (Widen<int32_t, simd::I64x2>))
LOAD(V128Load32x2U, 8, (Widen<uint32_t, simd::U64x2>))
LOAD(V128Load8Splat, 1, SplatMem<uint8_t>)
LOAD(V128Load16Splat, 2, SplatMem<uint16_t>)
LOAD(V128Load32Splat, 4, SplatMem<uint32_t>)
LOAD(V128Load64Splat, 8, SplatMem<uint64_t>)
LOAD(V128Load32Zero, 4, ZeroExtendMem<uint32_t>)
LOAD(V128Load64Zero, 8, ZeroExtendMem<uint64_t>)

HANDLER(V128Store) {
  SIMD_EA(1, 3, 4, 16)
  simd::StoreV128(mem + ea, Ld(fp, ip[2].u));
  NEXT();
}

#define LOAD_LANE(Name, T)                                                    \
  HANDLER(Name) {                                                             \
    SIMD_EA(2, 4, 5, sizeof(T))                                               \
    uint8_t v[16];                                                            \
    std::memcpy(v, fp + ip[3].u, 16);                                         \
    std::memcpy(v + (ip[6].u & (16 / sizeof(T) - 1)) * sizeof(T), mem + ea, sizeof(T)); \
    std::memcpy(fp + ip[1].u, v, 16);                                         \
    NEXT();                                                                  \
  }
#define STORE_LANE(Name, T)                                                   \
  HANDLER(Name) {                                                             \
    SIMD_EA(1, 3, 4, sizeof(T))                                               \
    const uint8_t* v = reinterpret_cast<const uint8_t*>(fp + ip[2].u);        \
    std::memcpy(mem + ea, v + (ip[5].u & (16 / sizeof(T) - 1)) * sizeof(T), sizeof(T)); \
    NEXT();                                                                  \
  }
LOAD_LANE(V128Load8Lane, uint8_t)
LOAD_LANE(V128Load16Lane, uint16_t)
LOAD_LANE(V128Load32Lane, uint32_t)
LOAD_LANE(V128Load64Lane, uint64_t)
STORE_LANE(V128Store8Lane, uint8_t)
STORE_LANE(V128Store16Lane, uint16_t)
STORE_LANE(V128Store32Lane, uint32_t)
STORE_LANE(V128Store64Lane, uint64_t)

}  // namespace weft::interp::simd_handlers
