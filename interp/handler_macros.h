// The shape every handler shares: its signature, how it continues with the
// next handler (a tail call keeping the hot state in registers), how it
// leaves the chain on a trap, and how taken branches check for interruption.
// Included by the .cc files that define handlers, never by headers.
#ifndef WEFT_INTERP_HANDLER_MACROS_H_
#define WEFT_INTERP_HANDLER_MACROS_H_

#include "interp/compiled_function.h"

namespace weft::interp {

// Leaves the chain: records where execution stopped (handlers.cc).
__attribute__((noinline)) TrapCode Exit(const Word* ip, uint64_t* fp, uint8_t* mem, uint64_t msize, int64_t fuel,
              ExecState* st, TrapCode code);

}  // namespace weft::interp

#define HANDLER(name)                                                                 \
  TrapCode H_##name(const Word* ip, uint64_t* fp, uint8_t* mem, uint64_t msize, \
                    int64_t fuel, ExecState* st)
#define NEXT(n) [[clang::musttail]] return ip[n].h(ip + (n), fp, mem, msize, fuel, st)
#define JUMP(rel) \
  do { ip += (rel); [[clang::musttail]] return ip->h(ip, fp, mem, msize, fuel, st); } while (0)
#define TRAP(code) return ::weft::interp::Exit(ip, fp, mem, msize, fuel, st, code)
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
#define BRANCH(rel)                                                                   \
  do {                                                                                \
    const int64_t rel_ = (rel);                                                       \
    if (INTERRUPT_CHECKS && rel_ <= 0 &&                                                                \
        __builtin_expect(st->interrupt->load(std::memory_order_relaxed) != 0, 0)) {  \
      TRAP(TrapCode::kInterrupted);                                                   \
    }                                                                                 \
    JUMP(rel_);                                                                       \
  } while (0)


#endif  // WEFT_INTERP_HANDLER_MACROS_H_
