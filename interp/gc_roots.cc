// Collection from inside running code: the store's roots plus every live
// wasm frame, found through the compiler's stack maps (docs/gc.md).
#include <algorithm>

#include "interp/compiled_function.h"
#include "interp/gc_heap.h"
#include "interp/gc_ops.h"
#include "interp/handlers_internal.h"

namespace weft::interp {

const CompiledFunction::Safepoint* CompiledFunction::SafepointAt(uint32_t word) const {
  auto it = std::lower_bound(safepoints.begin(), safepoints.end(), word,
                             [](const Safepoint& s, uint32_t w) { return s.word < w; });
  return it != safepoints.end() && it->word == word ? &*it : nullptr;
}

namespace {

// Visits the reference slots of the frames from (fn, pc, fp) out to the
// chain's entry frame. `pc` is the safepoint word of the innermost frame;
// with `skip_first` that frame is dead (a tail call to the host) and only
// its callers are visited.
void VisitFrames(FunctionInstance* fn, const Word* pc, uint64_t* fp, bool skip_first,
                 const GcHeap::RootVisitor& visit) {
  while (fn != nullptr && fp != nullptr) {
    const CompiledFunction* code = fn->code.load(std::memory_order_relaxed);
    if (code == nullptr) return;
    if (!skip_first && pc != nullptr) {
      const CompiledFunction::Safepoint* sp = code->SafepointAt(uint32_t(pc - code->code.data()));
      if (sp != nullptr) {
        for (uint32_t i = 0; i < sp->count; ++i) visit(fp[code->safepoint_slots[sp->begin + i]]);
      }
    }
    skip_first = false;
    const uint64_t* hdr = fp + code->header_slot;
    pc = reinterpret_cast<const Word*>(hdr[0]);
    if (pc == nullptr) return;  // the entry frame of an Invoke
    fp = reinterpret_cast<uint64_t*>(hdr[1]);
    fn = reinterpret_cast<FunctionInstance*>(hdr[2]);
  }
}

}  // namespace

bool MayHoldGcRef(ValType canonical) {
  if (!IsRefType(canonical)) return false;
  const HeapType top = TypeCanonicalizer::Global().TopOf(canonical);
  return top == HeapType::kAny || top == HeapType::kExtern;
}

void CollectGarbageAt(ExecState* st, const Word* ip, uint64_t* fp) {
  GcHeap* heap = st->inst->gc;
  if (heap == nullptr) return;
  heap->Collect([&](const GcHeap::RootVisitor& visit) {
    VisitFrames(st->fn, ip + 1, fp, false, visit);
    for (const ExecContext::Suspended& s : st->ctx->suspended_) {
      VisitFrames(s.fn, static_cast<const Word*>(s.ret), s.fp, s.ret == nullptr, visit);
      size_t slot = 0;
      for (ValType t : s.host_type->params) {
        if (MayHoldGcRef(t)) visit(s.host_args[slot]);
        slot += t == ValType::kV128 ? 2 : 1;
      }
    }
  });
}

}  // namespace weft::interp
