// Slow paths the handlers call out of line (defined in executor.cc).
#ifndef WEFT_INTERP_HANDLERS_INTERNAL_H_
#define WEFT_INTERP_HANDLERS_INTERNAL_H_

#include <algorithm>

#include "interp/compiled_function.h"

namespace weft::interp {

// Calls host function `callee` with arguments at `args` (results are written
// back over them). `caller_fp` bounds the live value stack for re-entrant
// Invoke calls. st->fuel carries the fuel in and out.
// `ret`: the call op's return word (null for a tail call, whose frame is
// already dead: the collector then starts at its caller).
TrapCode CallHost(ExecState* st, FunctionInstance* callee, uint64_t* args, uint64_t* caller_fp,
                  const Word* ret);

// Compiles `fn` on first call; returns null (message in ctx) on failure.
const CompiledFunction* CompileLazily(ExecState* st, FunctionInstance* fn);

// Unwinds the exception in st->ctx->exception thrown at `ip` in frame `fp`
// (exceptions.cc): continues at the catching handler, or leaves the chain
// with kUncaughtException. Has the handler signature, for tail calls.
WEFT_HANDLER_CC TrapCode Unwind(WEFT_HANDLER_ARGS);

// The interrupt flag was seen set at `ip` in frame `fp`: true when it asks
// to stop (the caller traps kInterrupted); otherwise it asked for a sample,
// which this takes (interp/sample_sink.h), and the caller goes on.
bool StopAfterSample(ExecState* st, const Word* ip, uint64_t* fp);

// Metered code carries fuel in slices of at most kFuelSlice units: a loop
// whose back-edge charges its run runs out of its slice within that many
// instructions, and Refuel checks the interrupt flag there, so such
// back-edges skip the check (a stop waits at most one slice). The total
// is the handlers' part plus st->fuel_reserve.
inline constexpr int64_t kFuelSlice = int64_t{1} << 16;
inline int64_t TotalFuel(int64_t fuel, const ExecState* st) { return fuel + st->fuel_reserve; }
// Gives the handlers a slice of `total` (at least `needed`, when there is
// that much) and keeps the rest in st->fuel_reserve; returns the slice.
inline int64_t SliceFuel(int64_t total, ExecState* st, int64_t needed = 0) {
  const int64_t slice = total < kFuelSlice || total < needed ? total : std::max(kFuelSlice, needed);
  st->fuel_reserve = total - slice;
  return slice;
}
// An op at `ip` found its slice short of st->fuel_needed (and passes the
// slice less that, CHARGE in handler_macros.h): stops on an
// interrupt (or takes a profiler's sample), traps kFuelExhausted when the
// total is short too (exactly where the rule says), otherwise takes the
// next slice and runs the op again (ops that charge do so before anything
// else). Has the handler signature, for tail calls.
WEFT_HANDLER_CC TrapCode Refuel(WEFT_HANDLER_ARGS);

// A back-edge saw the interrupt flag set at `ip`: traps kInterrupted on a
// stop request; after a sample, runs the instruction at `ip` again (the
// branches that check have done nothing yet when they check). Has the
// handler signature, for tail calls.
WEFT_HANDLER_CC TrapCode InterruptedAt(WEFT_HANDLER_ARGS);

}  // namespace weft::interp

#endif  // WEFT_INTERP_HANDLERS_INTERNAL_H_
