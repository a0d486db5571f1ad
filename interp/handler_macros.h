// The shape every handler shares: its signature, how it continues with the
// next handler (a tail call keeping the hot state in registers), how it
// leaves the chain on a trap, and how taken branches check for interruption.
// Included by the .cc files that define handlers, never by headers.
//
// Every IrOp's handler is H_<op>::Run, a static member of a struct
// declared here from ir_ops.def; the struct's kWords is the op's length
// from its layout (ir_layout.h), so NEXT() steps over exactly the words
// the compiler emitted and the printer decodes: no handler states its own
// length. SIMD handlers' structs are in namespace simd_handlers.
#ifndef WEFT_INTERP_HANDLER_MACROS_H_
#define WEFT_INTERP_HANDLER_MACROS_H_

#include "interp/compiled_function.h"
#include "interp/handlers_internal.h"
#include "interp/ir_layout.h"

namespace weft::interp {

// Leaves the chain with st->exit_code: records where execution stopped
// (handlers.cc). It has the handlers' signature so that a trap is a tail
// call: a plain call (the code as a seventh argument, on the stack) made
// every handler that can trap save registers and align the stack on its
// hot path too.
__attribute__((noinline)) WEFT_HANDLER_CC TrapCode Exit(WEFT_HANDLER_ARGS);

#define WEFT_HANDLER_STRUCT(N)                                \
  struct H_##N {                                              \
    static constexpr uint32_t kWords = WordsOf(IrOp::k##N);   \
    WEFT_HANDLER_CC static TrapCode Run(WEFT_HANDLER_ARGS);   \
  };
#define WEFT_IR_FORM(NAME, ...) WEFT_HANDLER_STRUCT(NAME)
#include "interp/ir_op_forms.def"
#undef WEFT_IR_FORM

namespace simd_handlers {
#define IR_SIMD(N) WEFT_HANDLER_STRUCT(N)
#define IR_SIMD_OP(N, L) WEFT_HANDLER_STRUCT(N)
#define IR_V128_OP(N, L) WEFT_HANDLER_STRUCT(N)
#include "interp/ir_ops.def"
}  // namespace simd_handlers

#undef WEFT_HANDLER_STRUCT

}  // namespace weft::interp

// Dispatch counting (interp/dispatch_counter.h), in measurement builds only.
#ifdef WEFT_INTERP_COUNT_DISPATCH
#include "interp/dispatch_counter.h"
#define COUNT_DISPATCH(target) ::weft::interp::CountDispatch(target)
#else
#define COUNT_DISPATCH(target) ((void)0)
#endif

// The handler of op `name` (in the namespace its struct is declared in).
#define HANDLER(name) WEFT_HANDLER_CC TrapCode H_##name::Run(WEFT_HANDLER_ARGS)
// Continues with the next op: this one's kWords further.
#define NEXT()                                                                     \
  do {                                                                             \
    COUNT_DISPATCH(ip + kWords);                                                   \
    [[clang::musttail]] return ip[kWords].h(ip + kWords, fp, mem, msize, fuel, st, acc, facc, irq); \
  } while (0)
#define JUMP(rel) \
  do {                                                                \
    ip += (rel);                                                      \
    COUNT_DISPATCH(ip);                                               \
    [[clang::musttail]] return ip->h(ip, fp, mem, msize, fuel, st, acc, facc, irq);   \
  } while (0)
#define TRAP(code)                                                          \
  do {                                                                      \
    st->exit_code = (code);                                                 \
    [[clang::musttail]] return ::weft::interp::Exit(ip, fp, mem, msize, fuel, st, acc, facc, irq); \
  } while (0)
// The interrupt flag is set at a back-edge: a stop or a profiler's sample
// (InterruptedAt). A tail call, so that sampling never grows the stack.
// Charges an op's run `cost`: short of it, Refuel decides before anything
// else of the op has happened. (It gets the fuel less the cost and adds
// the cost back: keeping the fuel as it was for it costs a move on the
// hot path.)
#define CHARGE(cost)                                                                    \
  do {                                                                                  \
    if (__builtin_expect((fuel -= (cost)) < 0, 0)) {                                    \
      st->fuel_needed = (cost);                                                         \
      [[clang::musttail]] return ::weft::interp::Refuel(ip, fp, mem, msize, fuel, st, acc, facc, irq); \
    }                                                                                   \
  } while (0)
#define INTERRUPTED() \
  [[clang::musttail]] return ::weft::interp::InterruptedAt(ip, fp, mem, msize, fuel, st, acc, facc, irq)
// A taken branch. Backward (or zero-length: `loop (br 0)`) branches close loops, so they are where a
// runaway guest is stopped: they check the interrupt flag (forward ones
// cannot loop and skip the check).
// Switches that exist only to measure what the checks cost (README, "Bounds
// checks and interruption"); builds made with them are unsafe.
#ifdef WEFT_INTERP_NO_INTERRUPT_CHECKS
#define INTERRUPT_CHECKS 0
#else
#define INTERRUPT_CHECKS 1
#endif
#ifdef WEFT_INTERP_UNSAFE_NO_BOUNDS_CHECKS
#define BOUNDS_CHECKS 0
#else
#define BOUNDS_CHECKS 1
#endif
// `ptr` := where in linear memory an access of `size` bytes at effective
// address `ea` goes, trapping unless all of it is in bounds. The check is
// on the access's end; the empty asm keeps only that end in a register
// (clang otherwise keeps both ea and ea + size), and the access is
// addressed as end - size: one instruction less on every access.
#define CHECKED_ACCESS(ptr, ea, size) CHECKED_ACCESS_AT(ptr, ea, size, 0)
// The same for an access a fused op makes after its first: a trap reports
// the code offset of the op's word `word` (that access's own pc_offsets
// entry).
#define CHECKED_ACCESS_AT(ptr, ea, size, word)                                        \
  uint8_t* ptr;                                                                       \
  do {                                                                                \
    uint64_t end_ = (ea) + (size);                                                    \
    asm("" : "+r"(end_));                                                             \
    if (BOUNDS_CHECKS && __builtin_expect(end_ > msize, 0)) {                         \
      ip += (word);                                                                   \
      TRAP(TrapCode::kMemoryOutOfBounds);                                             \
    }                                                                                 \
    ptr = mem + end_ - (size);                                                        \
  } while (0)
#define BRANCH(rel)                                                                   \
  do {                                                                                \
    const int64_t rel_ = (rel);                                                       \
    if (INTERRUPT_CHECKS && rel_ <= 0 &&                                                                \
        __builtin_expect(irq->load(std::memory_order_relaxed) != 0, 0)) {  \
      INTERRUPTED();                                                                  \
    }                                                                                 \
    JUMP(rel_);                                                                       \
  } while (0)

// A taken branch of an op with effects besides the jump (a StepBr's add,
// a charge of fuel). BRANCH's interruption resumes by running the op
// again, which would repeat them; this one moves first and resumes (or
// stops) at the target.
#define BRANCH_AFTER_EFFECTS(rel)                                                     \
  do {                                                                                \
    const int64_t rel_ = (rel);                                                       \
    ip += rel_;                                                                       \
    if (INTERRUPT_CHECKS && rel_ <= 0 &&                                              \
        __builtin_expect(irq->load(std::memory_order_relaxed) != 0, 0)) {  \
      INTERRUPTED();                                                                  \
    }                                                                                 \
    COUNT_DISPATCH(ip);                                                               \
    [[clang::musttail]] return ip->h(ip, fp, mem, msize, fuel, st, acc, facc, irq);                   \
  } while (0)
// Falls through into the next run, whose Fuel op follows at once,
// charging it here and stepping over it; short of fuel it lands on the op,
// which traps as before.
// (A lone Fuel op, by its fixed length: where the next handler is must
// not wait for a load.)
#define NEXT_CHARGING_RUN()                                          \
  do {                                                               \
    const int64_t cost_ = ip[kWords + 1].i; /* the next Fuel op's */ \
    if (__builtin_expect(fuel < cost_, 0)) NEXT();                   \
    fuel -= cost_;                                                   \
    JUMP(kWords + H_Fuel::kWords);                                   \
  } while (0)

// A taken branch to a run whose lone Fuel op is at rel: charges that run
// here and lands after the op; short of fuel it lands on the op, which
// traps exactly as before. `AFTER` is true when the op has already done
// its own work (see BRANCH_AFTER_EFFECTS).
#define BRANCH_CHARGING_RUN(rel, after)                                 \
  do {                                                                  \
    const int64_t r_ = (rel);                                           \
    const int64_t cost_ = ip[r_ + 1].i; /* the target Fuel op's */      \
    if (__builtin_expect(fuel < cost_, 0)) {                            \
      if (after) BRANCH_AFTER_EFFECTS(r_);                              \
      BRANCH(r_);                                                       \
    }                                                                   \
    fuel -= cost_;                                                      \
    /* no interrupt check: this charge brings Refuel's check nearer */  \
    JUMP(r_ + H_Fuel::kWords);                                          \
  } while (0)

#endif  // WEFT_INTERP_HANDLER_MACROS_H_
