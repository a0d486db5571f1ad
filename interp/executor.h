// Entry point of the interpreter: runs a function instance to completion.
#ifndef WEFT_INTERP_EXECUTOR_H_
#define WEFT_INTERP_EXECUTOR_H_

#include <cstdint>

#include "interp/instance_data.h"
#include "interp/trap.h"

namespace weft::interp {

// Calls `fn` (wasm or host) with `args` (the parameters' 8-byte slots, see
// instance_data.h for the value layout: v128 takes two) and writes the
// results' slots to `results`. Returns kOk or the trap code; on a trap ctx.trap, and
// ctx.backtrace (innermost frame first) describe it and `results` is
// unspecified. Wasm functions are compiled on first call.
//
// wasm->wasm calls do not recurse on the native stack: frames live on the
// ExecContext's value stack, so deep guest recursion ends in
// kCallStackExhausted (ExecLimits), never a native stack overflow. Host
// functions may re-enter Invoke on the same context (nesting counts toward
// the same limits).
//
// The caller must have checked the argument count/types against fn->type.
TrapCode Invoke(ExecContext& ctx, FunctionInstance* fn, const uint64_t* args,
                uint64_t* results);

}  // namespace weft::interp

#endif  // WEFT_INTERP_EXECUTOR_H_
