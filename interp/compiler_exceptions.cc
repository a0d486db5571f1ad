// Exception handling in the compiler: try_table and the legacy try become
// entries of the function's handler table (CompiledFunction::handlers),
// not code: a try's entry and exit emit nothing, so code that does not
// throw runs exactly as without them. Each catch clause records where its
// values go (the target label's slots) and where execution continues (the
// label's code, patched at its `end` like a forward branch); the unwinder
// (exceptions.cc) reads the table only when something throws.
#include "interp/compiler.h"

namespace weft::interp {

int32_t Compiler::HandlerAround(size_t index) const {
  for (size_t i = index + 1; i-- > 0;) {
    const Control& c = controls_[i];
    if (c.kind == FrameKind::kTryTable || c.kind == FrameKind::kTry) return c.handler;
  }
  return -1;
}

int32_t Compiler::OpenHandler() {
  ExceptionHandler h;
  h.begin = uint32_t(code_.size());
  h.end = h.begin;
  h.parent = controls_.empty() ? -1 : HandlerAround(controls_.size() - 1);
  out_->handlers.push_back(std::move(h));
  return int32_t(out_->handlers.size() - 1);
}

void Compiler::CloseHandler(Control& c) {
  // Only a body still open: a legacy try closed it at its first catch.
  if (c.kind == FrameKind::kTryTable || c.kind == FrameKind::kTry) {
    out_->handlers[c.handler].end = uint32_t(code_.size());
  }
}

void Compiler::LandCatches(Control& c) {
  for (const auto& [h, i] : c.catch_patches) {
    out_->handlers[h].catches[i].target = uint32_t(code_.size());
  }
}

void Compiler::VisitTryTable(const Instruction& ins, const OpContext& ctx, IrOp) {
  if (!ctx.unreachable) MaterializeAll();
  const int32_t h = OpenHandler();
  // Catch labels count from outside the try_table: its Control is not
  // pushed yet.
  for (const CatchClause& clause : *ins.catches) {
    CatchTarget t;
    t.kind = static_cast<CatchTarget::Kind>(clause.kind);
    t.tag = clause.tag;
    const uint32_t index = uint32_t(out_->handlers[h].catches.size());
    Control& target = controls_[controls_.size() - 1 - clause.label];
    if (target.kind == FrameKind::kFunction) {
      t.dst_slot = 0;  // the results' slots
      return_landings_.push_back({uint32_t(h), index});
    } else {
      t.dst_slot = uint32_t(Slot(target.height));
      if (target.kind == FrameKind::kLoop) {
        t.target = target.loop_start;
      } else {
        target.catch_patches.push_back({uint32_t(h), index});
      }
    }
    out_->handlers[h].catches.push_back(t);
  }
  Control c{FrameKind::kTryTable, ctx.frame->height, uint32_t(ctx.frame->results.size())};
  c.handler = h;
  controls_.push_back(std::move(c));
}

void Compiler::VisitTry(const Instruction&, const OpContext& ctx, IrOp) {
  if (!ctx.unreachable) MaterializeAll();
  const int32_t h = OpenHandler();
  Control c{FrameKind::kTry, ctx.frame->height, uint32_t(ctx.frame->results.size())};
  c.handler = h;
  controls_.push_back(std::move(c));
}

// `catch tag` / `catch_all`: ends the try body (or the previous catch's
// code) like `else` ends an if's then-branch, and starts a landing: the
// payload goes where the try's values start.
void Compiler::VisitCatch(const Instruction& ins, const OpContext& ctx, IrOp) {
  Control& c = controls_.back();
  CloseHandler(c);
  if (!ctx.unreachable) {
    MaterializeAll();
    const uint32_t at = Put<IrOp::kBr>(0);
    c.end_patches.push_back({RelWord(at, IrOp::kBr), at});
  }
  CatchTarget t;
  t.kind = ins.op == Opcode::kCatch ? CatchTarget::Kind::kCatch : CatchTarget::Kind::kCatchAll;
  t.legacy = true;
  t.tag = ins.index;
  t.dst_slot = uint32_t(Slot(c.height));
  t.target = uint32_t(code_.size());
  out_->handlers[c.handler].catches.push_back(t);
  c.kind = ins.op == Opcode::kCatch ? FrameKind::kCatch : FrameKind::kCatchAll;
  StartRun();
}

// `delegate l`: the try's body hands its exceptions to the handler around
// label l (counted from outside the try); then it ends like a block.
void Compiler::VisitDelegate(const Instruction& ins, const OpContext& ctx, IrOp ir) {
  Control& c = controls_.back();
  ExceptionHandler& h = out_->handlers[c.handler];
  h.end = uint32_t(code_.size());
  h.delegate = HandlerAround(controls_.size() - 2 - ins.index);
  VisitEnd(ins, ctx, ir);
}

void Compiler::VisitThrow(const Instruction& ins, const OpContext& ctx, IrOp) {
  const uint32_t h = ctx.height_before;
  const uint32_t k = uint32_t(ctx.func_type->params.size());
  for (uint32_t p = h - k; p < h; ++p) Materialize(p);  // the payload in place
  Put<IrOp::kThrow>(ins.index, Slot(h - k));
}

void Compiler::VisitThrowRef(const Instruction&, const OpContext& ctx, IrOp) {
  Put<IrOp::kThrowRef>(Src(ctx.height_before - 1));
}

void Compiler::VisitRethrow(const Instruction& ins, const OpContext&, IrOp) {
  const Control& c = controls_[controls_.size() - 1 - ins.index];
  Put<IrOp::kRethrow>(c.handler);
}

}  // namespace weft::interp
