// What the GC handlers share with the rest of the interpreter and the
// runtime: the reference test behind ref.test, ref.cast, br_on_cast and
// call_indirect's subtype check.
#ifndef WEFT_INTERP_GC_OPS_H_
#define WEFT_INTERP_GC_OPS_H_

#include <cstdint>

#include "interp/gc_heap.h"
#include "weft/value_type.h"

namespace weft::interp {

struct InstanceData;
struct ExecState;
union Word;

// Whether reference `r` is a value of type `t` (a reference type of
// `inst`'s module: a concrete index is the module's). O(1): abstract
// types by tag and object kind, concrete ones by the subtype display.
bool RefMatchesType(GcRef r, ValType t, const InstanceData* inst);

// call_indirect when the ids differ: whether function type `actual` is a
// declared subtype of `expected` (canonical ids). Out of line: the equal
// case, the only one 2.0 modules have, never gets here.
__attribute__((noinline, cold)) bool FuncTypeMatchesSlow(uint32_t actual, uint32_t expected);

// Whether a value of canonical type `t` may be (or hold) a GC object:
// references of the any and extern hierarchies.
bool MayHoldGcRef(ValType canonical);

// A collection while code runs: the store's roots (GcHeap's tracer) and
// the frames of every activation of `st`'s context, the innermost at the
// allocating op `ip` of frame `fp` (whose safepoint is ip + 1, see
// Compiler::AllocationSafepoint; gc_roots.cc).
__attribute__((noinline, cold)) void CollectGarbageAt(ExecState* st, const Word* ip,
                                                      uint64_t* fp);

}  // namespace weft::interp

#endif  // WEFT_INTERP_GC_OPS_H_
