// The handlers: one small function per IrOp (H_<op>::Run, declared from
// ir_ops.def in handler_macros.h), each ending in a tail call to
// the next. Handler bodies call base/numeric.h for all arithmetic.
#include <cstring>
#include <string>

#include "base/numeric.h"
#include "interp/compiled_function.h"
#include "interp/gc_ops.h"
#include "interp/handler_macros.h"
#include "interp/handlers_internal.h"

namespace weft::interp {
namespace {

using namespace ::weft::numeric;  // NOLINT: the semantics functions

template <class T> inline T Rd(const uint64_t* fp, uint64_t slot) {
  if constexpr (std::is_same_v<T, float>) return BitCast<float>(uint32_t(fp[slot]));
  else if constexpr (std::is_same_v<T, double>) return BitCast<double>(fp[slot]);
  else return T(fp[slot]);
}
// A constant operand word: floats are stored as their bits.
template <class T> inline T Imm(uint64_t word) {
  if constexpr (std::is_same_v<T, float>) return BitCast<float>(uint32_t(word));
  else if constexpr (std::is_same_v<T, double>) return BitCast<double>(word);
  else return T(word);
}
// A value as its slot holds it: floats as their bits, i32 zero-extended.
template <class T> inline uint64_t SlotBits(T v) {
  if constexpr (std::is_same_v<T, float>) return BitCast<uint32_t>(v);
  else if constexpr (std::is_same_v<T, double>) return BitCast<uint64_t>(v);
  else if constexpr (std::is_signed_v<T>) return uint64_t(std::make_unsigned_t<T>(v));
  else return uint64_t(v);
}
// Writes an op's result to its slot and leaves it in the accumulator
// (interp/accumulator_forms.h): an f64 in facc, other values' slot bits
// in acc.
template <class T> inline void Wr(uint64_t* fp, uint64_t slot, T v, uint64_t& acc, double& facc) {
  if constexpr (std::is_same_v<T, double>) {
    facc = v;
    fp[slot] = SlotBits(v);
  } else {
    acc = SlotBits(v);
    fp[slot] = acc;
  }
}
// A loaded value as the op's result type R: floats from their bits.
template <class R, class M> inline R Loaded(M v) {
  if constexpr (std::is_same_v<R, float>) return BitCast<float>(uint32_t(v));
  else if constexpr (std::is_same_v<R, double>) return BitCast<double>(uint64_t(v));
  else return R(v);
}
// The previous op's result, as Rd would read it from the slot it wrote.
template <class T> inline T FromAcc(uint64_t acc, double facc) {
  if constexpr (std::is_same_v<T, double>) return facc;
  else if constexpr (std::is_same_v<T, float>) return BitCast<float>(uint32_t(acc));
  else return T(acc);
}
#define PUT(slot, v) Wr(fp, slot, v, acc, facc)
// The previous op's result as its slot holds it, for a store of it.
template <IrOp kStore> inline uint64_t AccBits(uint64_t acc, double facc) {
  if constexpr (kStore == IrOp::kF64Store) return BitCast<uint64_t>(facc);
  else return acc;
}

TrapCode FromKind(TrapKind k) {
  switch (k) {
    case TrapKind::kDivideByZero: return TrapCode::kIntegerDivideByZero;
    case TrapKind::kIntegerOverflow: return TrapCode::kIntegerOverflow;
    case TrapKind::kInvalidConversion: return TrapCode::kInvalidConversion;
    default: return TrapCode::kOk;
  }
}

}  // namespace

// Generated arithmetic / memory handlers.
// The generated value families, each op in both forms: the first operand
// read from its slot (SLOT_OPERAND) or taken from the accumulator
// (ACC_OPERAND).
#define SLOT_OPERAND(T) Rd<T>(fp, ip[2].u)
#define SECOND_SLOT_OPERAND(T) Rd<T>(fp, ip[3].u)
#define ACC_OPERAND(T) FromAcc<T>(acc, facc)
#define BINOP_FORM(NAME, T, F, FIRST, SECOND) \
  HANDLER(NAME) { PUT(ip[1].u, F(FIRST(T), SECOND(T))); NEXT(); }
#define IR_BINOP(N, T, F)                                        \
  BINOP_FORM(N, T, F, SLOT_OPERAND, SECOND_SLOT_OPERAND)         \
  BINOP_FORM(N##Acc, T, F, ACC_OPERAND, SECOND_SLOT_OPERAND)     \
  BINOP_FORM(N##AccRight, T, F, SLOT_OPERAND, ACC_OPERAND)
#define BINOP_IMM_FORM(NAME, T, F, FIRST) \
  HANDLER(NAME) { PUT(ip[1].u, F(FIRST(T), Imm<T>(ip[3].u))); NEXT(); }
#define IR_BINOP_IMM(N, T, F) \
  BINOP_IMM_FORM(N##Imm, T, F, SLOT_OPERAND) BINOP_IMM_FORM(N##ImmAcc, T, F, ACC_OPERAND)
#define BINOP_TRAP_FORM(NAME, T, F, FIRST, SECOND)                          \
  HANDLER(NAME) {                                                           \
    T r;                                                                    \
    TrapKind k = F(FIRST(T), SECOND(T), &r);                                \
    if (__builtin_expect(k != TrapKind::kNone, 0)) TRAP(FromKind(k));       \
    PUT(ip[1].u, r);                                                        \
    NEXT();                                                                 \
  }
#define IMM_OPERAND(T) Imm<T>(ip[3].u)
#define IR_BINOP_TRAP(N, T, F)                                        \
  BINOP_TRAP_FORM(N, T, F, SLOT_OPERAND, SECOND_SLOT_OPERAND)         \
  BINOP_TRAP_FORM(N##Acc, T, F, ACC_OPERAND, SECOND_SLOT_OPERAND)     \
  BINOP_TRAP_FORM(N##AccRight, T, F, SLOT_OPERAND, ACC_OPERAND)       \
  BINOP_TRAP_FORM(N##Imm, T, F, SLOT_OPERAND, IMM_OPERAND)            \
  BINOP_TRAP_FORM(N##ImmAcc, T, F, ACC_OPERAND, IMM_OPERAND)
#define UNOP_FORM(NAME, T, F, FIRST) HANDLER(NAME) { PUT(ip[1].u, F(FIRST(T))); NEXT(); }
#define IR_UNOP(N, T, F) UNOP_FORM(N, T, F, SLOT_OPERAND) UNOP_FORM(N##Acc, T, F, ACC_OPERAND)
#define TRUNC_FORM(NAME, I, F, FIRST)                                       \
  HANDLER(NAME) {                                                           \
    I r;                                                                    \
    TrapKind k = Trunc<I>(FIRST(F), &r);                                    \
    if (__builtin_expect(k != TrapKind::kNone, 0)) TRAP(FromKind(k));       \
    PUT(ip[1].u, r);                                                        \
    NEXT();                                                                 \
  }
#define IR_TRUNC(N, I, F) TRUNC_FORM(N, I, F, SLOT_OPERAND) TRUNC_FORM(N##Acc, I, F, ACC_OPERAND)
// Effective address: see IR_LOAD in ir_ops.def. Both forms compute the
// exact wrapping sum in 32 bits, then add the offset in 64 bits (never
// wraps), so one compare against the memory size is the whole check.
// Each as a sum of values (..._SUM: the ...Acc forms pass the accumulator
// for a slot) and of slots.
#define BASE_SUM(base, k, off) (uint64_t(uint32_t((base) + (k))) + (off))
#define BASE_ADDRESS(a, k, off) BASE_SUM(fp[a], k, off)
#define INDEX_SUM(base, index, s, off) \
  (uint64_t(uint32_t((base) + (uint32_t(index) << (s)))) + (off))
#define INDEXED_ADDRESS(a, b, s, off) INDEX_SUM(fp[a], fp[b], s, off)
// u32((fp[x] << s) + k) + off: a table indexed by x (the Shl loads).
#define SHIFTED_SUM(x, s, k, off) (uint64_t(uint32_t((uint32_t(x) << (s)) + (k))) + (off))
#define SHIFTED_ADDRESS(x, s, k, off) SHIFTED_SUM(fp[x], s, k, off)
// Mem and Mem2 in both forms (FORM: empty or Acc): the left operand from
// its slot or the accumulator (FIRST).
#define BINOP_MEM_FORMS(N, T, F, M, FIRST, FORM)                            \
  HANDLER(N##Mem##FORM) {                                                      \
    CHECKED_ACCESS(p, BASE_ADDRESS(ip[3].u, ip[5].u, ip[4].u), sizeof(M));  \
    M raw;                                                                  \
    std::memcpy(&raw, p, sizeof(M));                                        \
    PUT(ip[1].u, F(FIRST(T), Imm<T>(uint64_t(raw))));                       \
    NEXT();                                                                 \
  }                                                                         \
  HANDLER(N##Mem2##FORM) {                                                     \
    CHECKED_ACCESS(p, BASE_ADDRESS(ip[3].u, ip[5].u, ip[4].u), sizeof(M));  \
    CHECKED_ACCESS_AT(q, BASE_ADDRESS(ip[6].u, ip[8].u, ip[7].u), sizeof(M), 6); \
    M raw1, raw2;                                                           \
    std::memcpy(&raw1, p, sizeof(M));                                       \
    std::memcpy(&raw2, q, sizeof(M));                                       \
    const T first = F(FIRST(T), Imm<T>(uint64_t(raw1)));                   \
    PUT(ip[1].u, F(first, Imm<T>(uint64_t(raw2))));                         \
    NEXT();                                                                 \
  }
#define IR_BINOP_MEM(N, T, F, L, M)                                         \
  BINOP_MEM_FORMS(N, T, F, M, SLOT_OPERAND, )                               \
  BINOP_MEM_FORMS(N, T, F, M, ACC_OPERAND, Acc)                             \
  HANDLER(N##MemUpdate) {                                                   \
    CHECKED_ACCESS(p, BASE_ADDRESS(ip[2].u, 0, ip[3].u), sizeof(M));        \
    M raw;                                                                  \
    std::memcpy(&raw, p, sizeof(M));                                        \
    raw = M(SlotBits(F(Rd<T>(fp, ip[1].u), Imm<T>(uint64_t(raw)))));        \
    std::memcpy(p, &raw, sizeof(M));                                        \
    NEXT();                                                                \
  }
// Every form of a load: where ADDRESS says (the ...Acc forms take a part
// of it from the accumulator).
#define LOAD_FORM(NAME, M, R, ADDRESS)                                      \
  HANDLER(NAME) {                                                           \
    CHECKED_ACCESS(p, ADDRESS, sizeof(M));                                  \
    M v;                                                                    \
    std::memcpy(&v, p, sizeof(M));                                          \
    PUT(ip[1].u, Loaded<R>(v));                                             \
    NEXT();                                                                 \
  }
#define IR_LOAD(N, M, R)                                                                    \
  LOAD_FORM(N, M, R, BASE_ADDRESS(ip[2].u, ip[4].u, ip[3].u))                               \
  LOAD_FORM(N##Acc, M, R, BASE_SUM(acc, ip[4].u, ip[3].u))                               \
  LOAD_FORM(N##Idx, M, R, INDEXED_ADDRESS(ip[2].u, ip[3].u, ip[5].u, ip[4].u))              \
  LOAD_FORM(N##IdxAcc, M, R, INDEX_SUM(acc, fp[ip[3].u], ip[5].u, ip[4].u))                 \
  LOAD_FORM(N##IdxAccRight, M, R, INDEX_SUM(fp[ip[2].u], acc, ip[5].u, ip[4].u))            \
  LOAD_FORM(N##Shl, M, R, SHIFTED_ADDRESS(ip[2].u, ip[5].u, ip[4].u, ip[3].u))              \
  LOAD_FORM(N##ShlAcc, M, R, SHIFTED_SUM(acc, ip[5].u, ip[4].u, ip[3].u))
// Stores come in four forms: address base + k or indexed (see IR_LOAD),
// each with the value in a slot or as a constant operand (Val).
#define STORE_AT(M, ea, value)                                              \
  do {                                                                      \
    CHECKED_ACCESS(p, ea, sizeof(M));                                       \
    M v = M(value);                                                         \
    std::memcpy(p, &v, sizeof(M));                                          \
    NEXT();                                                                 \
  } while (0)
#define IR_STORE(N, M)                                                      \
  HANDLER(N) { STORE_AT(M, BASE_ADDRESS(ip[1].u, ip[4].u, ip[3].u), fp[ip[2].u]); } \
  HANDLER(N##Acc) {                                                         \
    STORE_AT(M, BASE_ADDRESS(ip[1].u, ip[4].u, ip[3].u), AccBits<IrOp::k##N>(acc, facc)); \
  }                                                                         \
  HANDLER(N##Val) { STORE_AT(M, BASE_ADDRESS(ip[1].u, ip[4].u, ip[3].u), ip[2].u); } \
  HANDLER(N##Idx) {                                                         \
    STORE_AT(M, INDEXED_ADDRESS(ip[1].u, ip[2].u, ip[5].u, ip[4].u), fp[ip[3].u]); \
  }                                                                         \
  HANDLER(N##IdxVal) {                                                      \
    STORE_AT(M, INDEXED_ADDRESS(ip[1].u, ip[2].u, ip[5].u, ip[4].u), ip[3].u); \
  }
// The forms (interp/branch_forms.h) of a branch that jumps by ip[REL]
// when COND is true (IF) or false (UNLESS): JUMPS is the condition, TAKEN
// how it jumps and FALL how it goes on.
// FIRST (statements, maybe empty) runs before COND is evaluated.
#define BRANCH_FORM(NAME, FIRST, JUMPS, TAKEN, FALL) \
  HANDLER(NAME) {                                    \
    FIRST;                                           \
    if (JUMPS) TAKEN;                                \
    FALL;                                            \
  }
#define COND_BRANCH_FORMS_AFTER(IF, UNLESS, FIRST, COND, REL)                                         \
  BRANCH_FORM(IF, FIRST, COND, BRANCH(ip[REL].i), NEXT())                                            \
  BRANCH_FORM(UNLESS, FIRST, !(COND), BRANCH(ip[REL].i), NEXT())                                     \
  BRANCH_FORM(IF##Fuel, FIRST, COND, BRANCH_CHARGING_RUN(ip[REL].i, false), NEXT())                  \
  BRANCH_FORM(UNLESS##Fuel, FIRST, !(COND), BRANCH_CHARGING_RUN(ip[REL].i, false), NEXT())           \
  BRANCH_FORM(IF##Next, FIRST, COND, BRANCH(ip[REL].i), NEXT_CHARGING_RUN())                         \
  BRANCH_FORM(UNLESS##Next, FIRST, !(COND), BRANCH(ip[REL].i), NEXT_CHARGING_RUN())                  \
  BRANCH_FORM(IF##Both, FIRST, COND, BRANCH_CHARGING_RUN(ip[REL].i, false), NEXT_CHARGING_RUN())     \
  BRANCH_FORM(UNLESS##Both, FIRST, !(COND), BRANCH_CHARGING_RUN(ip[REL].i, false), NEXT_CHARGING_RUN())
#define COND_BRANCH_FORMS(IF, UNLESS, COND, REL) COND_BRANCH_FORMS_AFTER(IF, UNLESS, , COND, REL)
#define IR_CMP_BRANCH(N, T, F)                                                                \
  COND_BRANCH_FORMS(BrIf##N, BrUnless##N, F(Rd<T>(fp, ip[1].u), Rd<T>(fp, ip[2].u)), 3)     \
  COND_BRANCH_FORMS(BrIf##N##Acc, BrUnless##N##Acc, F(ACC_OPERAND(T), Rd<T>(fp, ip[2].u)), 3)
#define IR_CMP_BRANCH_IMM(N, T, F)                                                             \
  COND_BRANCH_FORMS(BrIf##N##Imm, BrUnless##N##Imm, F(Rd<T>(fp, ip[1].u), Imm<T>(ip[2].u)), 3) \
  COND_BRANCH_FORMS(BrIf##N##ImmAcc, BrUnless##N##ImmAcc, F(ACC_OPERAND(T), Imm<T>(ip[2].u)), 3)
// The left operand loaded first into d (its trap is the op's own: the
// compiler gives the op the load's code offset).
#define LOAD_OPERAND(T, ea)            \
  CHECKED_ACCESS(p_, ea, sizeof(T));   \
  T loaded_;                           \
  std::memcpy(&loaded_, p_, sizeof(T)); \
  PUT(ip[1].u, loaded_)
#define IR_CMP_BRANCH_LOAD(N, T, F)                                                        \
  COND_BRANCH_FORMS_AFTER(BrIf##N##Load, BrUnless##N##Load,                                \
                          LOAD_OPERAND(T, BASE_ADDRESS(ip[2].u, ip[4].u, ip[3].u)),       \
                          F(loaded_, Rd<T>(fp, ip[5].u)), 6)                               \
  COND_BRANCH_FORMS_AFTER(BrIf##N##LoadAcc, BrUnless##N##LoadAcc,                          \
                          LOAD_OPERAND(T, BASE_SUM(acc, ip[4].u, ip[3].u)),               \
                          F(loaded_, Rd<T>(fp, ip[5].u)), 6)
#define IR_MEM_MOVE(N, M, L, S)                                             \
  HANDLER(N) {                                                              \
    CHECKED_ACCESS(from, BASE_ADDRESS(ip[1].u, ip[3].u, ip[2].u), sizeof(M)); \
    /* a trap at the store reports word 4, its own pc_offsets entry */      \
    CHECKED_ACCESS_AT(to, BASE_ADDRESS(ip[4].u, 0, ip[5].u), sizeof(M), 4); \
    M v;                                                                    \
    std::memcpy(&v, from, sizeof(M));                                       \
    std::memcpy(to, &v, sizeof(M));                                         \
    NEXT();                                                                \
  }
// One form of IR_STEP_BRANCH: STEP and BOUND read the step and bound
// operands (constants or slots); the bound is read after d is written.
#define STEP_FORM(NAME, T, JUMPS, TAKEN, FALL, STEP) \
  HANDLER(NAME) {                                    \
    const T v = T(Rd<T>(fp, ip[2].u) + (STEP));      \
    PUT(ip[1].u, v);                              \
    if (JUMPS) TAKEN;                                \
    FALL;                                            \
  }
#define STEP_BRANCH_FORM(N, T, F, S, STEP, BOUND)                                           \
  STEP_FORM(StepBrIf##N##S, T, F(v, (BOUND)), BRANCH_AFTER_EFFECTS(ip[5].i), NEXT(), STEP)  \
  STEP_FORM(StepBrUnless##N##S, T, !F(v, (BOUND)), BRANCH_AFTER_EFFECTS(ip[5].i), NEXT(), STEP) \
  STEP_FORM(StepBrIf##N##S##Fuel, T, F(v, (BOUND)), BRANCH_CHARGING_RUN(ip[5].i, true), NEXT(), \
            STEP)                                                                           \
  STEP_FORM(StepBrUnless##N##S##Fuel, T, !F(v, (BOUND)), BRANCH_CHARGING_RUN(ip[5].i, true),  \
            NEXT(), STEP)                                                                   \
  STEP_FORM(StepBrIf##N##S##Next, T, F(v, (BOUND)), BRANCH_AFTER_EFFECTS(ip[5].i),            \
            NEXT_CHARGING_RUN(), STEP)                                                      \
  STEP_FORM(StepBrUnless##N##S##Next, T, !F(v, (BOUND)), BRANCH_AFTER_EFFECTS(ip[5].i),       \
            NEXT_CHARGING_RUN(), STEP)                                                      \
  STEP_FORM(StepBrIf##N##S##Both, T, F(v, (BOUND)), BRANCH_CHARGING_RUN(ip[5].i, true),       \
            NEXT_CHARGING_RUN(), STEP)                                                      \
  STEP_FORM(StepBrUnless##N##S##Both, T, !F(v, (BOUND)), BRANCH_CHARGING_RUN(ip[5].i, true),  \
            NEXT_CHARGING_RUN(), STEP)
#define IR_STEP_BRANCH(N, T, F)                                                    \
  STEP_BRANCH_FORM(N, T, F, , Imm<T>(ip[3].u), Imm<T>(ip[4].u))                    \
  STEP_BRANCH_FORM(N, T, F, ByVar, Rd<T>(fp, ip[3].u), Imm<T>(ip[4].u))            \
  STEP_BRANCH_FORM(N, T, F, ToVar, Imm<T>(ip[3].u), Rd<T>(fp, ip[4].u))
#include "interp/ir_ops.def"
#undef BINOP_FORM
#undef BINOP_IMM_FORM
#undef BINOP_TRAP_FORM
#undef UNOP_FORM
#undef TRUNC_FORM

// --- Data movement and control ----------------------------------------------

#define SHIFTED_OPERAND_FORM(NAME, OP, SHIFT, FIRST)                             \
  HANDLER(NAME) {                                                                \
    const uint32_t b = SHIFT(uint32_t(fp[ip[3].u]), uint32_t(ip[4].u));          \
    PUT(ip[1].u, uint32_t(OP(FIRST(uint32_t), b)));                              \
    NEXT();                                                                      \
  }
#define SHIFTED_OPERAND(NAME, OP, SHIFT)              \
  SHIFTED_OPERAND_FORM(NAME, OP, SHIFT, SLOT_OPERAND) \
  SHIFTED_OPERAND_FORM(NAME##Acc, OP, SHIFT, ACC_OPERAND)
SHIFTED_OPERAND(I32AddShl, Add, Shl)
SHIFTED_OPERAND(I32AddShrU, Add, ShrU)
SHIFTED_OPERAND(I32AddRotl, Add, Rotl)
SHIFTED_OPERAND(I32OrShl, Or, Shl)
SHIFTED_OPERAND(I32OrShrU, Or, ShrU)
SHIFTED_OPERAND(I32OrRotl, Or, Rotl)
SHIFTED_OPERAND(I32XorShl, Xor, Shl)
SHIFTED_OPERAND(I32XorShrU, Xor, ShrU)
SHIFTED_OPERAND(I32XorRotl, Xor, Rotl)
#undef SHIFTED_OPERAND
#undef SHIFTED_OPERAND_FORM
// rotl(x, ip[3]) ^ rotl(x, ip[4]), then ^ MORE (a third term, or nothing).
#define ROTATIONS_XORED(NAME, MORE)                                              \
  HANDLER(NAME) {                                                                \
    const uint32_t x = uint32_t(fp[ip[2].u]);                                    \
    PUT(ip[1].u, Rotl(x, uint32_t(ip[3].u)) ^ Rotl(x, uint32_t(ip[4].u)) MORE);  \
    NEXT();                                                                      \
  }
ROTATIONS_XORED(I32RotlXorRotl, )
ROTATIONS_XORED(I32RotlXorRotlXorRotl, ^ Rotl(x, uint32_t(ip[5].u)))
ROTATIONS_XORED(I32RotlXorRotlXorShrU, ^ ShrU(x, uint32_t(ip[5].u)))
#undef ROTATIONS_XORED
// The first of two `i32.add` of a constant also runs the second (its words
// follow; Compiler::LinkAddImmPairs pairs them only when the second does
// not read the first's result) and steps over it.
#define ADD_IMM_THEN_ADD_IMM(NAME, FIRST)                                              \
  HANDLER(NAME) {                                                                      \
    const Word* second = ip + kWords;                                                  \
    const uint32_t b = uint32_t(fp[second[2].u]) + uint32_t(second[3].u);              \
    PUT(ip[1].u, uint32_t(FIRST(uint32_t) + uint32_t(ip[3].u)));                       \
    PUT(second[1].u, b);                                                               \
    JUMP(kWords + H_I32AddImm::kWords);                                                \
  }
ADD_IMM_THEN_ADD_IMM(I32AddImmThenAddImm, SLOT_OPERAND)
ADD_IMM_THEN_ADD_IMM(I32AddImmAccThenAddImm, ACC_OPERAND)
#undef ADD_IMM_THEN_ADD_IMM
HANDLER(I32AddPair) {
  fp[ip[1].u] = uint32_t(uint32_t(fp[ip[2].u]) + uint32_t(fp[ip[3].u]));
  fp[ip[4].u] = uint32_t(uint32_t(fp[ip[5].u]) + uint32_t(fp[ip[6].u]));
  NEXT();
}
// mem[ea2] = fp[X] * mem[ea1] + mem[ea2], the addresses from the operand
// words named and BASE2, the second's base value; a trap at ea2 reports
// word ADD_LOAD's code offset (the add's load, its own pc_offsets entry).
#define MUL_ADD_UPDATE(X, BASE1, OFF1, K1, BASE2, OFF2, ADD_LOAD)                          \
  do {                                                                                    \
    CHECKED_ACCESS(p1, BASE_ADDRESS(ip[BASE1].u, ip[K1].u, ip[OFF1].u), 8);               \
    CHECKED_ACCESS_AT(p2, uint64_t(uint32_t(BASE2)) + ip[OFF2].u, 8, ADD_LOAD);           \
    uint64_t x, y;                                                                        \
    std::memcpy(&x, p1, 8);                                                               \
    std::memcpy(&y, p2, 8);                                                               \
    const double product = FMul(Rd<double>(fp, ip[X].u), BitCast<double>(x));             \
    const uint64_t sum = BitCast<uint64_t>(FAdd(product, BitCast<double>(y)));            \
    std::memcpy(p2, &sum, 8);                                                             \
    NEXT();                                                                               \
  } while (0)
HANDLER(F64MulAddUpdate) { MUL_ADD_UPDATE(1, 2, 3, 4, fp[ip[5].u], 6, 5); }
HANDLER(AddImmF64MulAddUpdate) {
  // The add first: the update's other operands may read its result
  // (its own address is taken from the sum, not read back).
  const uint32_t sum = uint32_t(fp[ip[2].u]) + uint32_t(ip[3].u);
  fp[ip[1].u] = sum;
  MUL_ADD_UPDATE(4, 5, 6, 7, sum, 8, 8);
}
#undef MUL_ADD_UPDATE
// F64MulAdd and its kin in both forms (first operand from the slot or the
// accumulator); EXPR combines x, y and z, the three operands in order.
#define F64_THREE_FORM(NAME, EXPR, FIRST)                                          \
  HANDLER(NAME) {                                                                  \
    const double x = FIRST(double), y = Rd<double>(fp, ip[3].u), z = Rd<double>(fp, ip[4].u); \
    PUT(ip[1].u, EXPR);                                                            \
    NEXT();                                                                        \
  }
#define F64_THREE_OPERANDS(NAME, EXPR) \
  F64_THREE_FORM(NAME, EXPR, SLOT_OPERAND) F64_THREE_FORM(NAME##Acc, EXPR, ACC_OPERAND)
F64_THREE_OPERANDS(F64MulAdd, FAdd(FMul(x, y), z))
F64_THREE_OPERANDS(F64AddMul, FAdd(x, FMul(y, z)))
F64_THREE_OPERANDS(F64MulSub, FSub(FMul(x, y), z))
F64_THREE_OPERANDS(F64MulMul, FMul(FMul(x, y), z))
F64_THREE_OPERANDS(F64SubMul, FSub(x, FMul(y, z)))
#undef F64_THREE_OPERANDS
#undef F64_THREE_FORM
HANDLER(Copy) { fp[ip[1].u] = fp[ip[2].u]; NEXT(); }
HANDLER(Copy2) {
  fp[ip[1].u] = fp[ip[2].u];
  fp[ip[3].u] = fp[ip[4].u];
  NEXT();
}
HANDLER(Const) { fp[ip[1].u] = ip[2].u; NEXT(); }
HANDLER(Br) { BRANCH(ip[1].i); }
HANDLER(BrFuel) { BRANCH_CHARGING_RUN(ip[1].i, false); }
COND_BRANCH_FORMS(BrIf, BrUnless, uint32_t(fp[ip[1].u]) != 0, 2)
COND_BRANCH_FORMS(BrIfAcc, BrUnlessAcc, uint32_t(acc) != 0, 2)
// The br_table entry `index` selects, ip[COUNT] being the last entry's
// number (offsets are relative to the entry's own word); BRANCH's
// interrupt check where it goes back.
#define BR_TABLE_TARGET(target, index, COUNT)                                    \
  const Word* target;                                                            \
  do {                                                                           \
    uint32_t i_ = (index);                                                       \
    if (i_ > ip[COUNT].u) i_ = uint32_t(ip[COUNT].u);                            \
    const Word* entry_ = ip + kWords + i_;                                       \
    if (entry_->i < 0 &&                                                         \
        __builtin_expect(irq->load(std::memory_order_relaxed) != 0, 0)) { \
      INTERRUPTED();                                                             \
    }                                                                            \
    target = entry_ + entry_->i;                                                 \
  } while (0)
// A br_table op NAME and its metered form NAME##Fuel, whose index FIRST
// (statements) and INDEX compute. In the Fuel form the target's op is
// known only here: a Fuel op is charged as BRANCH_CHARGING_RUN would
// (short of fuel, it is dispatched and traps).
#define BR_TABLE_FORMS(NAME, FIRST, INDEX, COUNT)                        \
  HANDLER(NAME) {                                                        \
    FIRST;                                                               \
    BR_TABLE_TARGET(target, INDEX, COUNT);                               \
    ip = target;                                                         \
    COUNT_DISPATCH(ip);                                                  \
    [[clang::musttail]] return ip->h(ip, fp, mem, msize, fuel, st, acc, facc, irq);      \
  }                                                                      \
  HANDLER(NAME##Fuel) {                                                  \
    FIRST;                                                               \
    BR_TABLE_TARGET(target, INDEX, COUNT);                               \
    ip = target;                                                         \
    if (ip->h == &H_Fuel::Run && __builtin_expect(fuel >= ip[1].i, 1)) { \
      fuel -= ip[1].i;                                                   \
      ip += H_Fuel::kWords;                                              \
    }                                                                    \
    COUNT_DISPATCH(ip);                                                  \
    [[clang::musttail]] return ip->h(ip, fp, mem, msize, fuel, st, acc, facc, irq);      \
  }
BR_TABLE_FORMS(BrTable, , uint32_t(fp[ip[1].u]), 2)
BR_TABLE_FORMS(BrTableAddImm, , uint32_t(fp[ip[1].u]) + uint32_t(ip[2].u), 3)
BR_TABLE_FORMS(BrTableLoadShl,
               CHECKED_ACCESS(p, SHIFTED_ADDRESS(ip[1].u, ip[4].u, ip[3].u, ip[2].u), 4);
               uint32_t loaded;
               std::memcpy(&loaded, p, 4),
               loaded, 5)
#undef BR_TABLE_FORMS
#undef BR_TABLE_TARGET
HANDLER(Unreachable) { TRAP(TrapCode::kUnreachable); }
HANDLER(Select) {
  fp[ip[1].u] = uint32_t(fp[ip[4].u]) != 0 ? fp[ip[2].u] : fp[ip[3].u];
  NEXT();
}
HANDLER(Fuel) {
  CHARGE(ip[1].i);
  NEXT();
}
// ip[1] charges this run and the (empty) runs whose Fuel ops follow at
// once, ip[2] is where they end: one compare for all in the common case.
// Short of fuel for all, this run alone is charged (its cost is the
// difference from the next op's charge) and the next Fuel op decides, so
// a trap lands on the exact run the rule says.
HANDLER(FuelChain) {
  const int64_t charge = ip[1].i;
  if (__builtin_expect(fuel >= charge, 1)) {
    fuel -= charge;
    JUMP(ip[2].i);
  }
  CHARGE(charge - ip[kWords + 1].i);
  NEXT();
}
// Zeroes the declared locals with a plain loop: a memset call (or a wide
// vectorised loop) would make this handler, which runs on every call,
// save and restore the hot registers.
__attribute__((no_builtin("memset"))) HANDLER(Enter) {
  uint64_t* p = fp + ip[1].u;
#pragma clang loop vectorize(disable) interleave(disable) unroll(disable)
  for (uint64_t n = ip[2].u; n != 0; --n) *p++ = 0;
  NEXT();
}
// The fuel check first: a call that cannot pay for its entry run traps
// before touching the frame, as Enter then Fuel would leave it (zeroed
// locals are not observable after the trap).
__attribute__((no_builtin("memset"))) HANDLER(EnterFuel) {
  CHARGE(ip[3].i);
  uint64_t* p = fp + ip[1].u;
#pragma clang loop vectorize(disable) interleave(disable) unroll(disable)
  for (uint64_t n = ip[2].u; n != 0; --n) *p++ = 0;
  NEXT();
}

// Enter and EnterFuel for a count known when compiling.
#define ENTER_COUNT(N)                                               \
  HANDLER(Enter##N) {                                                \
    uint64_t* p = fp + ip[1].u;                                      \
    for (int i = 0; i < N; ++i) p[i] = 0;                            \
    NEXT();                                                          \
  }                                                                  \
  HANDLER(EnterFuel##N) {                                            \
    CHARGE(ip[2].i);                                                 \
    uint64_t* p = fp + ip[1].u;                                      \
    for (int i = 0; i < N; ++i) p[i] = 0;                            \
    NEXT();                                                          \
  }
ENTER_COUNT(1)
ENTER_COUNT(2)
ENTER_COUNT(3)
ENTER_COUNT(4)
#undef ENTER_COUNT

// Return: results are in fp[0..r). The header above the frame says where
// to continue; a null return ip marks the entry frame.
// Leaves the frame whose call header is `hdr` (results already in its
// slots [0, r)): back to the caller's ip, fp and instance.
#define RETURN_VIA(hdr)                                                                \
  do {                                                                                 \
    const Word* ret = reinterpret_cast<const Word*>(hdr[0]);                           \
    if (ret == nullptr) TRAP(TrapCode::kOk);                                           \
    fp = reinterpret_cast<uint64_t*>(hdr[1]);                                          \
    FunctionInstance* caller = reinterpret_cast<FunctionInstance*>(hdr[2]);            \
    st->depth--;                                                                       \
    st->fn = caller;                                                                   \
    if (caller->instance != st->inst) {                                                \
      st->inst = caller->instance;                                                     \
      LinearMemory* m = st->inst->memory;                                              \
      mem = m ? m->base() : nullptr;                                                   \
      msize = m ? m->size_bytes() : 0;                                                 \
    }                                                                                  \
    COUNT_DISPATCH(ret);                                                               \
    [[clang::musttail]] return ret->h(ret, fp, mem, msize, fuel, st, acc, facc, irq);                  \
  } while (0)

HANDLER(Return) {
  uint64_t* hdr = fp + ip[1].u;
  RETURN_VIA(hdr);
}
HANDLER(FuelReturn) {
  CHARGE(ip[1].i);
  uint64_t* hdr = fp + ip[2].u;
  RETURN_VIA(hdr);
}

// Calls `callee` with arguments at `args`, continuing at `ret`. Wasm
// callees get a new frame on the value stack (no native recursion). The
// common case (an already compiled wasm function within the depth limit)
// stays in this handler; host calls, lazy compilation and the depth trap
// go through CallSlowPath, so that their native calls do not make every
// call handler save and restore registers. Macros because musttail needs
// the handler signature.
// Runs `callee` (compiled as `code`) with its frame at `frame`: the
// running function and, when it changes, the instance and its memory.
#define JUMP_INTO(callee, code, frame)                                                 \
  do {                                                                                 \
    st->fn = callee;                                                                   \
    if (callee->instance != st->inst) {                                                \
      st->inst = callee->instance;                                                     \
      LinearMemory* m = st->inst->memory;                                              \
      mem = m ? m->base() : nullptr;                                                   \
      msize = m ? m->size_bytes() : 0;                                                 \
    }                                                                                  \
    const Word* entry = code->code.data();                                             \
    COUNT_DISPATCH(entry);                                                             \
    [[clang::musttail]] return entry->h(entry, frame, mem, msize, fuel, st, acc, facc, irq);           \
  } while (0)

// A call within the running instance (of a function its module defines):
// JUMP_INTO without the instance switch.
#define JUMP_WITHIN(callee, code, frame)                                               \
  do {                                                                                 \
    st->fn = callee;                                                                   \
    const Word* entry = code->code.data();                                             \
    COUNT_DISPATCH(entry);                                                             \
    [[clang::musttail]] return entry->h(entry, frame, mem, msize, fuel, st, acc, facc, irq);           \
  } while (0)

// Pushes the call header and jumps into the callee with JUMP (JUMP_INTO or
// JUMP_WITHIN).
#define ENTER_FRAME_WITH(JUMP, callee, code, args, ret)                                \
  do {                                                                                 \
    uint64_t* hdr = args + code->header_slot;                                          \
    if (__builtin_expect(args + code->frame_slots > st->stack_end, 0)) {               \
      TRAP(TrapCode::kCallStackExhausted);                                             \
    }                                                                                  \
    hdr[0] = reinterpret_cast<uint64_t>(ret);                                          \
    hdr[1] = reinterpret_cast<uint64_t>(fp);                                           \
    hdr[2] = reinterpret_cast<uint64_t>(st->fn);                                       \
    st->depth++;                                                                       \
    JUMP(callee, code, args);                                                          \
  } while (0)
#define ENTER_FRAME(callee, code, args, ret) ENTER_FRAME_WITH(JUMP_INTO, callee, code, args, ret)

// Not an op: the out-of-line part of Call and CallIndirect.
__attribute__((noinline)) WEFT_HANDLER_CC static TrapCode H_CallSlowPath(WEFT_HANDLER_ARGS) {
  FunctionInstance* callee = st->call_callee;
  uint64_t* args = st->call_args;
  const Word* ret = st->call_ret;
  if (irq->load(std::memory_order_relaxed) != 0 && StopAfterSample(st, ip, fp)) {
    TRAP(TrapCode::kInterrupted);
  }
  if (st->depth >= st->max_depth) TRAP(TrapCode::kCallStackExhausted);
  if (callee->is_host()) {
    st->fuel = TotalFuel(fuel, st);
    TrapCode t = CallHost(st, callee, args, fp, ret);
    fuel = SliceFuel(st->fuel, st);
    if (t != TrapCode::kOk) {
      // A host function's exception is thrown at the call.
      if (t == TrapCode::kUncaughtException && st->ctx->exception != nullptr) {
        [[clang::musttail]] return Unwind(ip, fp, mem, msize, fuel, st, acc, facc, irq);
      }
      TRAP(t);
    }
    // The host may have grown the memory.
    LinearMemory* m = st->inst->memory;
    mem = m ? m->base() : nullptr;
    msize = m ? m->size_bytes() : 0;
    [[clang::musttail]] return ret->h(ret, fp, mem, msize, fuel, st, acc, facc, irq);
  }
  const CompiledFunction* code = CompileLazily(st, callee);
  if (code == nullptr) TRAP(TrapCode::kCompileError);
  ENTER_FRAME(callee, code, args, ret);
}

// Host functions never have code, so one test sends them to the slow path.
// Calls are where recursion is stopped: an interrupt request also takes the
// slow path (loops are stopped on their back-edges, see BRANCH).
#define DO_CALL_WITH(JUMP, callee, args, ret)                                          \
  do {                                                                                 \
    const CompiledFunction* code = callee->code.load(std::memory_order_acquire);       \
    if (__builtin_expect(code == nullptr || st->depth >= st->max_depth ||              \
                             irq->load(std::memory_order_relaxed) != 0,      \
                         0)) {                                                         \
      st->call_callee = callee;                                                        \
      st->call_args = args;                                                            \
      st->call_ret = ret;                                                              \
      [[clang::musttail]] return H_CallSlowPath(ip, fp, mem, msize, fuel, st, acc, facc, irq);         \
    }                                                                                  \
    ENTER_FRAME_WITH(JUMP, callee, code, args, ret);                                   \
  } while (0)
#define DO_CALL(callee, args, ret) DO_CALL_WITH(JUMP_INTO, callee, args, ret)

HANDLER(Call) {
  FunctionInstance* callee = st->inst->functions[ip[1].u];
  uint64_t* args = fp + ip[2].u;
  const Word* ret = ip + kWords;
  DO_CALL(callee, args, ret);
}
HANDLER(CallLocal) {
  FunctionInstance* callee = st->inst->functions[ip[1].u];
  uint64_t* args = fp + ip[2].u;
  const Word* ret = ip + kWords;
  DO_CALL_WITH(JUMP_WITHIN, callee, args, ret);
}

// call_indirect's callee: the function in table ip[2] at index fp[ip[4]],
// of type ip[1]; traps otherwise.
#define INDIRECT_CALLEE(callee)                                                        \
  FunctionInstance* callee;                                                            \
  do {                                                                                 \
    InstanceData* inst = st->inst;                                                     \
    Table* table = inst->tables[ip[2].u];                                              \
    uint32_t i = uint32_t(fp[ip[4].u]);                                                \
    if (i >= table->elements.size()) TRAP(TrapCode::kUndefinedElement);                \
    Ref r = table->elements[i];                                                        \
    if (r == kNullRef) {                                                               \
      st->ctx->trap_detail = std::to_string(i); /* cold path */                        \
      TRAP(TrapCode::kUninitializedElement);                                           \
    }                                                                                  \
    callee = FunctionInstance::FromRef(r);                                             \
    if (callee->type_id != inst->type_ids[ip[1].u] &&                                  \
        !FuncTypeMatchesSlow(callee->type_id, inst->type_ids[ip[1].u])) {              \
      TRAP(TrapCode::kIndirectCallTypeMismatch);                                       \
    }                                                                                  \
  } while (0)

HANDLER(CallIndirect) {
  INDIRECT_CALLEE(callee);
  uint64_t* args = fp + ip[3].u;
  const Word* ret = ip + kWords;
  DO_CALL(callee, args, ret);
}

// Tail calls (return_call*): the callee replaces the running function in
// its own frame. The header (return ip, caller fp, caller fn) is read
// first, the arguments are moved down to slot 0 (memmove: the two ranges
// may overlap), and the header is written where the callee's frame keeps
// it. The depth does not change, so a loop of tail calls runs in constant
// value-stack and native-stack space; interrupts are checked as on every
// call (such a loop has no back-edge), and fuel is charged by the callee's
// first run as for any call.
#define TAIL_ENTER(callee, code, args, hdr)                                            \
  do {                                                                                 \
    const uint64_t ret_ip = hdr[0], caller_fp = hdr[1], caller_fn = hdr[2];            \
    if (__builtin_expect(fp + code->frame_slots > st->stack_end, 0)) {                 \
      TRAP(TrapCode::kCallStackExhausted);                                             \
    }                                                                                  \
    if (code->param_slots != 0) {                                                      \
      std::memmove(fp, args, code->param_slots * sizeof(uint64_t));                    \
    }                                                                                  \
    uint64_t* new_hdr = fp + code->header_slot;                                        \
    new_hdr[0] = ret_ip;                                                               \
    new_hdr[1] = caller_fp;                                                            \
    new_hdr[2] = caller_fn;                                                            \
    JUMP_INTO(callee, code, fp);                                                       \
  } while (0)

// Not an op: the out-of-line part of the tail calls. A host callee runs as
// a call whose results are then returned; a wasm callee is compiled first.
__attribute__((noinline)) WEFT_HANDLER_CC static TrapCode H_TailCallSlowPath(WEFT_HANDLER_ARGS) {
  FunctionInstance* callee = st->call_callee;
  uint64_t* args = st->call_args;
  uint64_t* hdr = reinterpret_cast<uint64_t*>(const_cast<Word*>(st->call_ret));
  if (irq->load(std::memory_order_relaxed) != 0 && StopAfterSample(st, ip, fp)) {
    TRAP(TrapCode::kInterrupted);
  }
  if (callee->is_host()) {
    st->fuel = TotalFuel(fuel, st);
    TrapCode t = CallHost(st, callee, args, fp, nullptr);
    fuel = SliceFuel(st->fuel, st);
    if (t == TrapCode::kUncaughtException && st->ctx->exception != nullptr &&
        hdr[0] != 0) {
      // The tail call replaced this frame: the host's exception is thrown
      // at the caller's call instruction, as a return would leave it.
      ip = reinterpret_cast<const Word*>(hdr[0]) - 1;
      fp = reinterpret_cast<uint64_t*>(hdr[1]);
      st->fn = reinterpret_cast<FunctionInstance*>(hdr[2]);
      st->inst = st->fn->instance;
      st->depth--;
      [[clang::musttail]] return Unwind(ip, fp, mem, msize, fuel, st, acc, facc, irq);
    }
    if (t != TrapCode::kOk) TRAP(t);
    // The results (in the argument slots) become this frame's. The header
    // lies above them: header_slot >= result_slots, and the arguments sit
    // above the header.
    const size_t r = SlotCount(callee->type->results);
    if (r != 0) std::memmove(fp, args, r * sizeof(uint64_t));
    LinearMemory* m = st->inst->memory;  // the host may have grown it
    mem = m ? m->base() : nullptr;
    msize = m ? m->size_bytes() : 0;
    RETURN_VIA(hdr);
  }
  const CompiledFunction* code = CompileLazily(st, callee);
  if (code == nullptr) TRAP(TrapCode::kCompileError);
  TAIL_ENTER(callee, code, args, hdr);
}

#define DO_TAIL_CALL(callee, args, hdr)                                                \
  do {                                                                                 \
    const CompiledFunction* code = callee->code.load(std::memory_order_acquire);       \
    if (__builtin_expect(code == nullptr ||                                            \
                             irq->load(std::memory_order_relaxed) != 0,      \
                         0)) {                                                         \
      st->call_callee = callee;                                                        \
      st->call_args = args;                                                            \
      st->call_ret = reinterpret_cast<const Word*>(hdr);                               \
      [[clang::musttail]] return H_TailCallSlowPath(ip, fp, mem, msize, fuel, st, acc, facc, irq);     \
    }                                                                                  \
    TAIL_ENTER(callee, code, args, hdr);                                               \
  } while (0)

HANDLER(ReturnCall) {
  FunctionInstance* callee = st->inst->functions[ip[1].u];
  uint64_t* args = fp + ip[2].u;
  uint64_t* hdr = fp + ip[3].u;
  DO_TAIL_CALL(callee, args, hdr);
}

HANDLER(ReturnCallIndirect) {
  INDIRECT_CALLEE(callee);
  uint64_t* args = fp + ip[3].u;
  uint64_t* hdr = fp + ip[5].u;
  DO_TAIL_CALL(callee, args, hdr);
}

// call_ref / return_call_ref: the validator checked the reference's type,
// so only null is left to trap on.
HANDLER(CallRef) {
  const Ref r = fp[ip[2].u];
  if (r == kNullRef) TRAP(TrapCode::kNullFunctionReference);
  FunctionInstance* callee = FunctionInstance::FromRef(r);
  uint64_t* args = fp + ip[1].u;
  const Word* ret = ip + kWords;
  DO_CALL(callee, args, ret);
}

HANDLER(ReturnCallRef) {
  const Ref r = fp[ip[2].u];
  if (r == kNullRef) TRAP(TrapCode::kNullFunctionReference);
  FunctionInstance* callee = FunctionInstance::FromRef(r);
  uint64_t* args = fp + ip[1].u;
  uint64_t* hdr = fp + ip[3].u;
  DO_TAIL_CALL(callee, args, hdr);
}

HANDLER(RefAsNonNull) {
  const uint64_t r = fp[ip[2].u];
  if (r == kNullRef) TRAP(TrapCode::kNullReference);
  fp[ip[1].u] = r;
  NEXT();
}

// --- Globals, memory, tables, references ------------------------------------

HANDLER(GlobalGet) { fp[ip[1].u] = st->inst->globals[ip[2].u]->bits[0]; NEXT(); }
HANDLER(GlobalSet) { st->inst->globals[ip[1].u]->bits[0] = fp[ip[2].u]; NEXT(); }
HANDLER(SetGlobalSum) {
  const uint64_t v = uint32_t(uint32_t(fp[ip[2].u]) + uint32_t(ip[3].u));
  fp[ip[1].u] = v;
  st->inst->globals[ip[4].u]->bits[0] = v;
  NEXT();
}
HANDLER(StepGlobal) {
  uint64_t& g = st->inst->globals[ip[2].u]->bits[0];
  const uint64_t v = uint32_t(uint32_t(g) + uint32_t(ip[3].u));
  fp[ip[1].u] = v;
  g = v;
  NEXT();
}
HANDLER(MemorySize) { fp[ip[1].u] = msize / kPageSize; NEXT(); }
HANDLER(MemoryGrow) {
  LinearMemory* m = st->inst->memory;
  fp[ip[1].u] = uint32_t(m->Grow(uint32_t(fp[ip[2].u])));
  mem = m->base();
  msize = m->size_bytes();
  NEXT();
}
HANDLER(MemoryCopy) {
  uint64_t d = uint32_t(fp[ip[1].u]), s = uint32_t(fp[ip[2].u]), n = uint32_t(fp[ip[3].u]);
  if (d + n > msize || s + n > msize) TRAP(TrapCode::kMemoryOutOfBounds);
  std::memmove(mem + d, mem + s, n);
  NEXT();
}
HANDLER(MemoryFill) {
  uint64_t d = uint32_t(fp[ip[1].u]), n = uint32_t(fp[ip[3].u]);
  if (d + n > msize) TRAP(TrapCode::kMemoryOutOfBounds);
  std::memset(mem + d, int(uint8_t(fp[ip[2].u])), n);
  NEXT();
}
HANDLER(MemoryInit) {
  absl::Span<const uint8_t> seg = st->inst->data_segments[ip[1].u];
  uint64_t d = uint32_t(fp[ip[2].u]), s = uint32_t(fp[ip[3].u]), n = uint32_t(fp[ip[4].u]);
  if (d + n > msize || s + n > seg.size()) TRAP(TrapCode::kMemoryOutOfBounds);
  if (n != 0) std::memcpy(mem + d, seg.data() + s, n);
  NEXT();
}
HANDLER(DataDrop) { st->inst->data_segments[ip[1].u] = {}; NEXT(); }
HANDLER(TableGet) {
  Table* t = st->inst->tables[ip[2].u];
  uint32_t i = uint32_t(fp[ip[3].u]);
  if (i >= t->elements.size()) TRAP(TrapCode::kTableOutOfBounds);
  fp[ip[1].u] = t->elements[i];
  NEXT();
}
HANDLER(TableSet) {
  Table* t = st->inst->tables[ip[1].u];
  uint32_t i = uint32_t(fp[ip[2].u]);
  if (i >= t->elements.size()) TRAP(TrapCode::kTableOutOfBounds);
  t->elements[i] = fp[ip[3].u];
  NEXT();
}
HANDLER(TableSize) { fp[ip[1].u] = st->inst->tables[ip[2].u]->size(); NEXT(); }
HANDLER(TableGrow) {
  Table* t = st->inst->tables[ip[2].u];
  fp[ip[1].u] = uint32_t(t->Grow(uint32_t(fp[ip[4].u]), fp[ip[3].u]));
  NEXT();
}
HANDLER(TableFill) {
  Table* t = st->inst->tables[ip[1].u];
  uint64_t i = uint32_t(fp[ip[2].u]), n = uint32_t(fp[ip[4].u]);
  if (i + n > t->elements.size()) TRAP(TrapCode::kTableOutOfBounds);
  std::fill_n(t->elements.begin() + i, n, Ref(fp[ip[3].u]));
  NEXT();
}
HANDLER(TableCopy) {
  Table* dt = st->inst->tables[ip[1].u];
  Table* stb = st->inst->tables[ip[2].u];
  uint64_t d = uint32_t(fp[ip[3].u]), s = uint32_t(fp[ip[4].u]), n = uint32_t(fp[ip[5].u]);
  if (d + n > dt->elements.size() || s + n > stb->elements.size()) {
    TRAP(TrapCode::kTableOutOfBounds);
  }
  if (n != 0) std::memmove(dt->elements.data() + d, stb->elements.data() + s, n * sizeof(Ref));
  NEXT();
}
HANDLER(TableInit) {
  Table* t = st->inst->tables[ip[1].u];
  const std::vector<Ref>& seg = st->inst->elem_segments[ip[2].u];
  uint64_t d = uint32_t(fp[ip[3].u]), s = uint32_t(fp[ip[4].u]), n = uint32_t(fp[ip[5].u]);
  if (d + n > t->elements.size() || s + n > seg.size()) TRAP(TrapCode::kTableOutOfBounds);
  if (n != 0) std::memcpy(t->elements.data() + d, seg.data() + s, n * sizeof(Ref));
  NEXT();
}
HANDLER(ElemDrop) {
  std::vector<Ref>().swap(st->inst->elem_segments[ip[1].u]);
  NEXT();
}
HANDLER(RefIsNull) { fp[ip[1].u] = fp[ip[2].u] == kNullRef; NEXT(); }
HANDLER(RefFunc) { fp[ip[1].u] = st->inst->functions[ip[2].u]->AsRef(); NEXT(); }

namespace {

constexpr Handler kHandlers[] = {
#define WEFT_IR_FORM(NAME, ...) &H_##NAME::Run,
#define IR_SIMD(N) &simd_handlers::H_##N::Run,
#define IR_SIMD_OP(N, L) &simd_handlers::H_##N::Run,
#define IR_V128_OP(N, L) &simd_handlers::H_##N::Run,
#include "interp/ir_op_forms.def"
#undef WEFT_IR_FORM
};
static_assert(sizeof(kHandlers) / sizeof(kHandlers[0]) == size_t(IrOp::kCount));

}  // namespace

__attribute__((noinline)) WEFT_HANDLER_CC TrapCode Exit(const Word* ip, uint64_t* fp, uint8_t*, uint64_t,
                                        int64_t fuel, ExecState* st, uint64_t, double,
                                        const std::atomic<uint32_t>*) {
  st->exit_ip = ip;
  st->exit_fp = fp;
  st->fuel = TotalFuel(fuel, st);
  return st->exit_code;
}

Handler HandlerFor(IrOp op) { return kHandlers[static_cast<int>(op)]; }

}  // namespace weft::interp
