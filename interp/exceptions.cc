// Exception handling at run time: throw, throw_ref and rethrow, and the
// unwinding they start.
//
// Zero cost until something throws: the compiler records each function's
// handlers (try_table and legacy try bodies, as code ranges with their
// catch clauses and label targets: ExceptionHandler in compiled_function.h)
// and emits nothing for them in the code; only a throw reads the tables.
//
// Unwinding runs in two phases, like the spec's semantics and the C++ ABI:
//  1. search: from the throwing instruction outwards, through this frame's
//     handlers (innermost first, delegate jumps included), then each
//     caller's at its call instruction (the return address in the frame's
//     call header), up to the Invoke's entry frame. Nothing changes yet.
//  2. if a catch matched, its frame becomes the running one: fp, call
//     depth, function and instance are restored exactly as a chain of
//     returns would (frames live on the value stack, so nothing else needs
//     freeing), the values go to the label's slots, and execution jumps to
//     the label. If none matched, the chain exits with kUncaughtException
//     at the throwing instruction, so the backtrace shows where it was
//     thrown; ctx->exception holds it.
// Across host frames: an Invoke nested in a host function returns
// kUncaughtException with ctx->exception set; a host function that
// returns kUncaughtException (with ctx->exception set) throws that
// exception into its wasm caller, where unwinding continues at the call.
#include <algorithm>
#include <atomic>
#include <cstring>

#include "interp/compiled_function.h"
#include "interp/handler_macros.h"

namespace weft::interp {

namespace {

ExceptionHeap& HeapOf(ExecState* st) {
  return st->inst->exceptions != nullptr ? *st->inst->exceptions : st->ctx->own_exceptions_;
}

// The innermost handler of `code` covering code word `pc`, or -1. Ranges
// nest and handlers are in order of their starts, so it is the last one
// starting at or before `pc` or, if that one ended before `pc`, one of its
// enclosing handlers: a binary search, then a walk outwards.
int32_t InnermostHandler(const CompiledFunction& code, uint32_t pc) {
  const auto& hs = code.handlers;
  auto it = std::upper_bound(hs.begin(), hs.end(), pc,
                             [](uint32_t p, const ExceptionHandler& h) { return p < h.begin; });
  int32_t i = int32_t(it - hs.begin()) - 1;
  while (i >= 0 && pc >= hs[i].end) i = hs[i].parent;
  return i;
}

// The catch of `code`'s handlers that takes `exn` thrown at `pc`, if any.
bool FindCatch(const CompiledFunction& code, const InstanceData& inst, uint32_t pc,
               const Exception& exn, int32_t* handler, const CatchTarget** out) {
  int32_t h = InnermostHandler(code, pc);
  // Each step goes to a handler that started earlier, so this ends.
  while (h >= 0) {
    const ExceptionHandler& e = code.handlers[h];
    if (e.delegate != ExceptionHandler::kNoDelegate) {
      h = e.delegate;
      continue;
    }
    for (const CatchTarget& c : e.catches) {
      const bool any = c.kind == CatchTarget::Kind::kCatchAll ||
                       c.kind == CatchTarget::Kind::kCatchAllRef;
      if (any || inst.tags[c.tag] == exn.tag) {
        *handler = h;
        *out = &c;
        return true;
      }
    }
    h = e.parent;
  }
  return false;
}

}  // namespace

// Not an op: unwinds the exception in st->ctx->exception, thrown at `ip`
// in the running frame `fp` (see the top of this file).
__attribute__((noinline)) WEFT_HANDLER_CC TrapCode Unwind(WEFT_HANDLER_ARGS) {
  ExecContext* ctx = st->ctx;
  Exception* exn = ctx->exception;
  // Phase 1: search.
  FunctionInstance* fn = st->fn;
  uint64_t* frame = fp;
  const Word* pc = ip;
  uint32_t popped = 0;
  int32_t handler = -1;
  const CatchTarget* landing = nullptr;
  const CompiledFunction* code = nullptr;
  for (;;) {
    code = fn->code.load(std::memory_order_relaxed);
    if (FindCatch(*code, *fn->instance, uint32_t(pc - code->code.data()), *exn, &handler,
                  &landing)) {
      break;
    }
    const uint64_t* hdr = frame + code->header_slot;
    const Word* ret = reinterpret_cast<const Word*>(hdr[0]);
    if (ret == nullptr) {
      // Nobody in this Invoke catches it: leave from the throw site.
      exn->exposed = true;
      TRAP(TrapCode::kUncaughtException);
    }
    pc = ret - 1;  // inside the call instruction
    frame = reinterpret_cast<uint64_t*>(hdr[1]);
    fn = reinterpret_cast<FunctionInstance*>(hdr[2]);
    ++popped;
  }
  // A catch may jump backwards (to a loop label), so a loop can be made of
  // throws alone: stop it as a back-edge would.
  if (irq->load(std::memory_order_relaxed) != 0 && StopAfterSample(st, ip, fp)) {
    TRAP(TrapCode::kInterrupted);
  }
  // Phase 2: the catching frame runs again, as after `popped` returns.
  fp = frame;
  st->depth -= popped;
  st->fn = fn;
  if (fn->instance != st->inst) st->inst = fn->instance;
  LinearMemory* m = st->inst->memory;
  mem = m ? m->base() : nullptr;
  msize = m ? m->size_bytes() : 0;
  uint64_t* dst = fp + landing->dst_slot;
  const bool with_payload = landing->kind == CatchTarget::Kind::kCatch ||
                            landing->kind == CatchTarget::Kind::kCatchRef;
  if (with_payload && !exn->payload.empty()) {
    std::memcpy(dst, exn->payload.data(), exn->payload.size() * sizeof(uint64_t));
    dst += exn->payload.size();
  }
  const bool with_ref = landing->kind == CatchTarget::Kind::kCatchRef ||
                        landing->kind == CatchTarget::Kind::kCatchAllRef;
  ctx->exception = nullptr;
  if (with_ref) {
    exn->exposed = true;
    *dst = exn->AsRef();
  } else if (landing->legacy) {
    // Kept for `rethrow` while the catch block runs. Entries of frames
    // that are gone (above this one, or an older activation at this fp)
    // and this handler's previous catch are dropped first.
    exn->exposed = true;
    auto& caught = ctx->caught_;
    caught.erase(std::remove_if(caught.begin(), caught.end(),
                                [&](const ExecContext::Caught& c) {
                                  return c.fp > fp || (c.fp == fp && (c.code != code ||
                                                                      c.handler == uint32_t(handler)));
                                }),
                 caught.end());
    caught.push_back({fp, code, uint32_t(handler), exn});
  } else if (!exn->exposed) {
    HeapOf(st).Recycle(exn);  // nothing can reach it any more
  }
  ip = code->code.data() + landing->target;
  [[clang::musttail]] return ip->h(ip, fp, mem, msize, fuel, st, acc, facc, irq);
}

HANDLER(Throw) {
  TagInstance* tag = st->inst->tags[ip[1].u];
  const size_t slots = tag->type->params.empty() ? 0 : SlotCount(tag->type->params);
  st->ctx->exception = HeapOf(st).New(tag, fp + ip[2].u, slots);
  [[clang::musttail]] return Unwind(ip, fp, mem, msize, fuel, st, acc, facc, irq);
}

HANDLER(ThrowRef) {
  const Ref r = fp[ip[1].u];
  if (r == kNullRef) TRAP(TrapCode::kNullExceptionReference);
  st->ctx->exception = Exception::FromRef(r);
  [[clang::musttail]] return Unwind(ip, fp, mem, msize, fuel, st, acc, facc, irq);
}

HANDLER(Rethrow) {
  const CompiledFunction* code = st->fn->code.load(std::memory_order_relaxed);
  const uint32_t handler = uint32_t(ip[1].u);
  const auto& caught = st->ctx->caught_;
  for (size_t i = caught.size(); i-- > 0;) {
    if (caught[i].fp == fp && caught[i].code == code && caught[i].handler == handler) {
      st->ctx->exception = caught[i].exception;
      [[clang::musttail]] return Unwind(ip, fp, mem, msize, fuel, st, acc, facc, irq);
    }
  }
  TRAP(TrapCode::kUnreachable);  // cannot happen: rethrow is inside its catch
}

}  // namespace weft::interp
