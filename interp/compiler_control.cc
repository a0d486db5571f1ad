// Control flow (blocks, branches, return) and calls. Branch values move
// into their label's slots before the jump; forward jumps are patched at
// the label's `end`, backward ones (loops) are known at once.
#include "interp/compiler.h"

#include <optional>
#include <type_traits>

#include "interp/code_printer.h"
#include "interp/mirrored_compares.h"

namespace weft::interp {
namespace {

// The fused compare-and-branch op for compare `cmp` (kCount if none).
constexpr IrOp FusedBranch(IrOp cmp, bool jump_if_true) {
  switch (cmp) {
#define IR_CMP_BRANCH(N, T, F) \
  case IrOp::k##N:             \
    return jump_if_true ? IrOp::kBrIf##N : IrOp::kBrUnless##N;
#define IR_CMP_BRANCH_IMM(N, T, F) \
  case IrOp::k##N##Imm:            \
    return jump_if_true ? IrOp::kBrIf##N##Imm : IrOp::kBrUnless##N##Imm;
#include "interp/ir_ops.def"
    default:
      return IrOp::kCount;
  }
}

// The compare-and-branch op for compare `cmp` whose left operand an
// i32.load just before made (IR_CMP_BRANCH_LOAD; kCount if none).
constexpr IrOp FusedLoadBranch(IrOp cmp, bool jump_if_true) {
  switch (cmp) {
#define IR_CMP_BRANCH_LOAD(N, T, F) \
  case IrOp::k##N:                  \
    return jump_if_true ? IrOp::kBrIf##N##Load : IrOp::kBrUnless##N##Load;
#include "interp/ir_ops.def"
    default:
      return IrOp::kCount;
  }
}

// A compare of two slots with its operands swapped (kCount for others).
constexpr IrOp MirroredCompare(IrOp cmp) {
#define WEFT_MIRROR(A, B)                            \
  if (cmp == IrOp::k##A) return IrOp::k##B;          \
  if (cmp == IrOp::k##B) return IrOp::k##A;
  WEFT_MIRRORED_COMPARES(WEFT_MIRROR)
#undef WEFT_MIRROR
  return IrOp::kCount;
}

// The loop-step forms of a fused compare `cmp`: with a constant bound,
// after `i += k` / `i -= k` (plain) or `i += j` (ByVar); with a bound in a
// slot, after `i += k` / `i -= k` (ToVar). kCount where there is none.
struct StepBranch {
  IrOp if_true = IrOp::kCount, if_false = IrOp::kCount;  // after add/sub of k
  IrOp by_var_true = IrOp::kCount, by_var_false = IrOp::kCount;  // after add
  IrOp add_imm = IrOp::kCount, sub_imm = IrOp::kCount, add = IrOp::kCount;
};
template <class T>
constexpr StepBranch MakeStepBranch(IrOp t, IrOp f, IrOp var_t, IrOp var_f) {
  constexpr bool k32 = std::is_same_v<T, uint32_t>;
  return {t, f, var_t, var_f, k32 ? IrOp::kI32AddImm : IrOp::kI64AddImm,
          k32 ? IrOp::kI32SubImm : IrOp::kI64SubImm, k32 ? IrOp::kI32Add : IrOp::kI64Add};
}
constexpr StepBranch StepBranchOf(IrOp cmp) {
  switch (cmp) {
#define IR_STEP_BRANCH(N, T, F)                                                        \
  case IrOp::k##N##Imm:                                                                \
    return MakeStepBranch<T>(IrOp::kStepBrIf##N, IrOp::kStepBrUnless##N,               \
                             IrOp::kStepBrIf##N##ByVar, IrOp::kStepBrUnless##N##ByVar); \
  case IrOp::k##N:                                                                     \
    return MakeStepBranch<T>(IrOp::kStepBrIf##N##ToVar, IrOp::kStepBrUnless##N##ToVar,  \
                             IrOp::kCount, IrOp::kCount);
#include "interp/ir_ops.def"
    default:
      return {};
  }
}

}  // namespace

void Compiler::VisitNothing(const Instruction&, const OpContext&, IrOp) {}

void Compiler::VisitBlock(const Instruction&, const OpContext& ctx, IrOp) {
  if (!ctx.unreachable) MaterializeAll();
  controls_.push_back(
      Control{FrameKind::kBlock, ctx.frame->height, uint32_t(ctx.frame->results.size())});
}

void Compiler::VisitLoop(const Instruction&, const OpContext& ctx, IrOp) {
  if (!ctx.unreachable) MaterializeAll();
  Control c{FrameKind::kLoop, ctx.frame->height, uint32_t(ctx.frame->params.size())};
  c.loop_start = uint32_t(code_.size());
  controls_.push_back(std::move(c));
  // No interrupt check here: backward branches check (handlers.cc).
  StartRun();
}

void Compiler::VisitIf(const Instruction&, const OpContext& ctx, IrOp) {
  const uint32_t h = ctx.height_before;
  Control c{FrameKind::kIf, ctx.frame->height, uint32_t(ctx.frame->results.size())};
  if (!ctx.unreachable) {
    fusable_ = was_fusable_;
    Condition cond = TakeCondition(h);
    for (uint32_t p = 0; p + 1 < h; ++p) Materialize(p);
    c.has_else_patch = true;
    c.else_patch = EmitCondJump(cond, false);
  }
  controls_.push_back(std::move(c));
  StartRun();
}

void Compiler::VisitElse(const Instruction&, const OpContext& ctx, IrOp) {
  Control& c = controls_.back();
  if (!ctx.unreachable) {
    MaterializeAll();
    const uint32_t at = Put<IrOp::kBr>(0);
    c.end_patches.push_back({RelWord(at, IrOp::kBr), at});
  }
  if (c.has_else_patch) PatchHere(c.else_patch);
  c.has_else_patch = false;
  c.kind = FrameKind::kElse;
  StartRun();
}

void Compiler::VisitEnd(const Instruction&, const OpContext& ctx, IrOp) {
  Control& c = controls_.back();
  if (c.kind == FrameKind::kFunction) {
    fusable_ = was_fusable_;
    if (!ctx.unreachable) EmitReturn(ctx.height_before);
    return;
  }
  CloseHandler(c);
  if (!ctx.unreachable) MaterializeAll();
  if (c.has_else_patch) PatchHere(c.else_patch);
  for (const Patch& p : c.end_patches) PatchHere(p);
  LandCatches(c);
  // The end of a block nothing branches to, or of a loop (branches go to
  // its start), reached by falling through: not a label, so the run goes
  // on (a new one there would only split it: the rule's runs go from a
  // label or branch to the next branch).
  const bool only_falls_through = !ctx.unreachable &&
                                  (c.kind == FrameKind::kLoop || c.kind == FrameKind::kBlock) &&
                                  c.end_patches.empty() && c.catch_patches.empty();
  controls_.pop_back();
  if (only_falls_through) {
    Label();
  } else {
    StartRun();
  }
}

void Compiler::VisitBr(const Instruction& ins, const OpContext& ctx, IrOp) {
  EmitBranch(ins.index, ctx.height_before);
}

void Compiler::VisitBrIf(const Instruction& ins, const OpContext& ctx, IrOp) {
  fusable_ = was_fusable_;
  EmitBrIf(ins.index, ctx.height_before);
  StartRun();
}

void Compiler::VisitReturn(const Instruction&, const OpContext& ctx, IrOp) {
  fusable_ = was_fusable_;
  EmitReturn(ctx.height_before);
}

void Compiler::VisitUnreachable(const Instruction&, const OpContext&, IrOp) {
  Put<IrOp::kUnreachable>();
}

void Compiler::VisitCall(const Instruction& ins, const OpContext& ctx, IrOp) {
  const uint32_t h = ctx.height_before;
  uint32_t k = uint32_t(ctx.func_type->params.size());
  for (uint32_t p = h - k; p < h; ++p) Materialize(p);  // args in place
  // A defined function runs in the caller's instance: its call skips the
  // instance switch.
  const bool defined_here = module_ != nullptr && ins.index >= module_->num_imported_funcs;
  if (defined_here) {
    Put<IrOp::kCallLocal>(ins.index, Slot(h - k));
  } else {
    Put<IrOp::kCall>(ins.index, Slot(h - k));
  }
  NoteSafepoint(uint32_t(code_.size()), h - k);
}

void Compiler::VisitCallIndirect(const Instruction& ins, const OpContext& ctx, IrOp) {
  const uint32_t h = ctx.height_before;
  uint32_t k = uint32_t(ctx.func_type->params.size());
  for (uint32_t p = h - 1 - k; p < h - 1; ++p) Materialize(p);
  CheckTableIndex64(ins.index2, h - 1, static_cast<uint64_t>(TrapCode::kUndefinedElement));  // table64
  Put<IrOp::kCallIndirect>(ins.index, ins.index2, Slot(h - 1 - k), Src(h - 1));
  NoteSafepoint(uint32_t(code_.size()), h - 1 - k);
}

// return_call*: the arguments go in their own slots first (an argument
// standing for a local would otherwise be read after the callee's
// parameters overwrote it); the handler moves them down to slot 0.
void Compiler::VisitReturnCall(const Instruction& ins, const OpContext& ctx, IrOp) {
  const uint32_t h = ctx.height_before;
  const uint32_t k = uint32_t(ctx.func_type->params.size());
  for (uint32_t p = h - k; p < h; ++p) Materialize(p);
  Put<IrOp::kReturnCall>(ins.index, Slot(h - k), header_slot_);
}

void Compiler::VisitReturnCallIndirect(const Instruction& ins, const OpContext& ctx, IrOp) {
  const uint32_t h = ctx.height_before;
  const uint32_t k = uint32_t(ctx.func_type->params.size());
  for (uint32_t p = h - 1 - k; p < h - 1; ++p) Materialize(p);
  CheckTableIndex64(ins.index2, h - 1, static_cast<uint64_t>(TrapCode::kUndefinedElement));  // table64
  Put<IrOp::kReturnCallIndirect>(ins.index, ins.index2, Slot(h - 1 - k), Src(h - 1),
                                 header_slot_);
}

// call_ref / return_call_ref: the reference on top, the arguments below.
void Compiler::VisitCallRef(const Instruction&, const OpContext& ctx, IrOp) {
  const uint32_t h = ctx.height_before;
  const uint32_t k = uint32_t(ctx.func_type->params.size());
  for (uint32_t p = h - 1 - k; p < h - 1; ++p) Materialize(p);
  Put<IrOp::kCallRef>(Slot(h - 1 - k), Src(h - 1));
  NoteSafepoint(uint32_t(code_.size()), h - 1 - k);
}

void Compiler::VisitReturnCallRef(const Instruction&, const OpContext& ctx, IrOp) {
  const uint32_t h = ctx.height_before;
  const uint32_t k = uint32_t(ctx.func_type->params.size());
  for (uint32_t p = h - 1 - k; p < h - 1; ++p) Materialize(p);
  Put<IrOp::kReturnCallRef>(Slot(h - 1 - k), Src(h - 1), header_slot_);
}

void Compiler::VisitRefAsNonNull(const Instruction&, const OpContext& ctx, IrOp) {
  const uint32_t top = ctx.height_before - 1;
  Put<IrOp::kRefAsNonNull>(Slot(top), Src(top));
}

// br_on_null: the reference stays (non-null) when no branch is taken; a
// branch carries the values below it. Null is 0 in a slot, so the test is
// br_if's non-zero test, inverted.
void Compiler::VisitBrOnNull(const Instruction& ins, const OpContext& ctx, IrOp) {
  const uint32_t h = ctx.height_before;
  for (uint32_t p = 0; p < h; ++p) Materialize(p);
  EmitCondBranch(Condition{IrOp::kCount, Slot(h - 1)}, /*jump_if_true=*/false, ins.index, h - 1);
}

// br_on_non_null: a branch carries the values and the reference on top;
// without one the (null) reference is dropped.
void Compiler::VisitBrOnNonNull(const Instruction& ins, const OpContext& ctx, IrOp) {
  const uint32_t h = ctx.height_before;
  for (uint32_t p = 0; p < h; ++p) Materialize(p);
  EmitCondBranch(Condition{IrOp::kCount, Slot(h - 1)}, /*jump_if_true=*/true, ins.index, h);
}

void Compiler::EmitMoves(uint32_t src_pos, uint32_t dst_pos, uint32_t n) {
  // dst <= src always (labels sit below the values), so ascending order
  // never overwrites a slot before it is read (V128Copy reads both halves
  // first); locals are never written. The values' slots at the label follow
  // from their own widths, not from what sits at dst_pos now.
  uint64_t dst = Slot(dst_pos);
  for (uint32_t i = 0; i < n; ++i) {
    const bool wide = Wide(src_pos + i);
    if (Src(src_pos + i) != dst) EmitCopy(dst, Src(src_pos + i), wide);
    dst += wide ? 2 : 1;
  }
}

void Compiler::EmitReturn(uint32_t height) {
  const uint32_t r = num_results_;
  const uint32_t r_slots = out_->result_slots;
  // A single result made by the op just before is written straight into
  // slot 0 (that op reads its operands before it writes).
  if (r == 1 && LastOpMade(height - 1)) {
    code_[last_dst_word_].u = 0;
    PutReturn();
    return;
  }
  // Results go to slots [0, r_slots), which are also locals: a result that
  // stands for one of those locals must be saved before it is overwritten,
  // unless it is the local already in its own result slot (`local.get 0;
  // return`), which no other result writes.
  uint64_t dst = 0;
  for (uint32_t i = 0; i < r; ++i) {
    uint32_t p = height - r + i;
    if (p < where_.size() && where_[p] != kInSlot && where_[p] < r_slots && where_[p] != dst) {
      Materialize(p);
    }
    dst += Wide(p) ? 2 : 1;
  }
  dst = 0;
  for (uint32_t i = 0; i < r; ++i) {
    const uint32_t p = height - r + i;
    if (Src(p) != dst) EmitCopy(dst, Src(p), Wide(p));
    dst += Wide(p) ? 2 : 1;
  }
  PutReturn();
}

void Compiler::EmitBranch(uint32_t depth, uint32_t height) {
  Control& target = controls_[controls_.size() - 1 - depth];
  if (target.kind == FrameKind::kFunction) return EmitReturn(height);
  uint32_t n = target.label_arity;
  EmitMoves(height - n, target.height, n);
  if (target.kind == FrameKind::kLoop && TryCopyLoopDispatch(controls_.size() - 1 - depth)) return;
  const uint32_t at = Put<IrOp::kBr>(0);
  const uint32_t rel = RelWord(at, IrOp::kBr);
  if (target.kind == FrameKind::kLoop) {
    code_[rel].i = int64_t(target.loop_start) - int64_t(at);
  } else {
    target.end_patches.push_back({rel, at});
  }
}

Compiler::Condition Compiler::TakeCondition(uint32_t height) {
  Condition c;
  c.a = Src(height - 1);
  if (!LastOpMade(height - 1)) return c;
  const bool eqz = last_op_ == IrOp::kI32Eqz;
  if (!eqz && FusedBranch(last_op_, true) == IrOp::kCount) return c;
  // Drop the compare; the branch evaluates it. Nothing jumps between the
  // two (fusable_ is cleared at labels).
  c.compare = last_op_;
  c.a = LastOperand(1, OperandKind::kSlot);
  if (!eqz) c.b = LastOperand(2, LayoutOf(last_op_).kinds[2]);
  code_.resize(last_start_);
  ForgetLastOp();
  fusable_ = false;
  // eqz of a compare just before, into a temporary only the eqz read
  // (`if (!(x <= 4))`): the compare, the branch's sense flipped. Exact
  // for floats too: not (x <= 4) holds for NaN, as the flipped branch's
  // "jump unless x <= 4" does.
  if (eqz && c.a >= header_slot_ + kFrameHeader && !op_starts_.empty() &&
      op_starts_.back() >= label_pos_) {
    const uint32_t start = op_starts_.back();
    const std::optional<IrOp> cmp = IrOpForHandler(code_[start].h);
    if (cmp && FusedBranch(*cmp, true) != IrOp::kCount && code_[start + 1].u == c.a &&
        start + WordsOf(*cmp) == code_.size()) {
      c.compare = *cmp;
      c.a = code_[start + 2].u;
      c.b = code_[start + 3].u;
      c.negated = true;
      code_.resize(start);
      ForgetLastOp();
    }
  }
  return c;
}

Compiler::Patch Compiler::EmitCondJump(const Condition& c, bool jump_if_true) {
  if (c.negated) jump_if_true = !jump_if_true;
  IrOp op;
  uint32_t at;
  if (c.compare == IrOp::kCount || c.compare == IrOp::kI32Eqz) {
    // A test of x (or of eqz(x)) is a compare of x with 0, so a step just
    // before joins it as for any compare with a constant.
    const Condition as_compare{
        c.compare == IrOp::kCount ? IrOp::kI32NeImm : IrOp::kI32EqImm, c.a, 0};
    const int64_t step_at = TryStepBranch(as_compare, jump_if_true, &op);
    if (step_at >= 0) {
      fusable_ = false;
      return Patch{RelWord(uint32_t(step_at), op), uint32_t(step_at)};
    }
    // eqz(x) jumps exactly when x does not.
    bool on_nonzero = jump_if_true != (c.compare == IrOp::kI32Eqz);
    op = on_nonzero ? IrOp::kBrIf : IrOp::kBrUnless;
    at = Put(op, {c.a, 0});
  } else {
    const int64_t step_at = TryStepBranch(c, jump_if_true, &op);
    if (step_at >= 0) {
      at = uint32_t(step_at);
    } else if (const int64_t load_at = TryLoadBranch(c, jump_if_true, &op); load_at >= 0) {
      at = uint32_t(load_at);
    } else {
      op = FusedBranch(c.compare, jump_if_true);
      at = Put(op, {c.a, c.b, 0});
    }
  }
  fusable_ = false;
  return Patch{RelWord(at, op), at};
}

int64_t Compiler::TryLoadBranch(const Condition& c, bool jump_if_true, IrOp* op) {
  if (!options_.load_branches) return -1;
  const int64_t start = OpBefore(0, {IrOp::kI32Load});
  if (start < 0 || out_->pc_offsets.empty() || out_->pc_offsets.back().first != uint32_t(start)) {
    return -1;
  }
  // (The load's layout: d x off k. The fused op still writes d, which may
  // be a local read later.)
  const uint64_t d = code_[start + 1].u;
  if (c.a == c.b) return -1;
  IrOp compare = c.compare;
  uint64_t other = c.b;
  if (d == c.b) {
    compare = MirroredCompare(c.compare);
    other = c.a;
  } else if (d != c.a) {
    return -1;
  }
  const IrOp fused = FusedLoadBranch(compare, jump_if_true);  // kCount for kCount too
  if (fused == IrOp::kCount) return -1;
  const uint64_t x = code_[start + 2].u, off = code_[start + 3].u, k = code_[start + 4].u;
  const uint32_t load_offset = out_->pc_offsets.back().second;
  code_.resize(size_t(start));
  ForgetLastOp();
  const uint32_t at = Put(fused, {d, x, off, k, other, 0});
  out_->pc_offsets.back().second = load_offset;  // the op traps only at the load
  *op = fused;
  return at;
}

int64_t Compiler::TryStepBranch(const Condition& c, bool jump_if_true, IrOp* op) {
  const StepBranch step = StepBranchOf(c.compare);
  if (step.add_imm == IrOp::kCount) return -1;
  // An add of a slot makes a step only where a ByVar form exists.
  IrOp found = IrOp::kCount;
  const int64_t start =
      OpBefore(0, {step.add_imm, step.sub_imm,
                   step.by_var_true != IrOp::kCount ? step.add : IrOp::kCount},
               &found);
  if (start < 0) return -1;
  const bool is_sub = found == step.sub_imm, by_var = found == step.add;
  const uint64_t d = code_[start + 1].u, a = code_[start + 2].u;
  if (d != c.a) return -1;
  // x - k is x + (-k) in the wrapping arithmetic of either width.
  const uint64_t k = is_sub ? uint64_t(0) - code_[start + 3].u : code_[start + 3].u;
  code_.resize(start);
  if (by_var) {
    *op = jump_if_true ? step.by_var_true : step.by_var_false;
  } else {
    *op = jump_if_true ? step.if_true : step.if_false;
  }
  const uint32_t at = Put(*op, {d, a, k, c.b, 0});
  ForgetLastOp();  // keep the add's entry (same code index)
  return at;
}

void Compiler::EmitBrIf(uint32_t depth, uint32_t height) {
  Condition cond = TakeCondition(height);
  uint32_t h = height - 1;
  for (uint32_t p = 0; p < h; ++p) Materialize(p);
  EmitCondBranch(cond, /*jump_if_true=*/true, depth, h);
}

void Compiler::EmitCondBranch(const Condition& cond, bool jump_if_true, uint32_t depth,
                              uint32_t height) {
  Control& target = controls_[controls_.size() - 1 - depth];
  const uint32_t n = target.label_arity;
  // The values are where the label wants them: one conditional jump.
  if (target.kind != FrameKind::kFunction && (n == 0 || height - n == target.height)) {
    Patch jump = EmitCondJump(cond, jump_if_true);
    if (target.kind == FrameKind::kLoop) {
      code_[jump.word].i = int64_t(target.loop_start) - int64_t(jump.base);
    } else {
      target.end_patches.push_back(jump);
    }
    return;
  }
  // Otherwise jump over a branch that moves them.
  Patch skip = EmitCondJump(cond, !jump_if_true);
  EmitBranch(depth, height);
  PatchHere(skip);
}

void Compiler::VisitBrTable(const Instruction& ins, const OpContext& ctx, IrOp) {
  const uint32_t height = ctx.height_before;
  const std::vector<uint32_t>& targets = *ins.br_targets;  // includes default
  uint32_t h = height - 1;
  fusable_ = was_fusable_;
  for (uint32_t p = 0; p < h; ++p) Materialize(p);  // (clears fusable_ if it emits)
  // The op's fixed operands, then its table of targets (kRelTable).
  // (With metering, the form that charges a target run itself.)
  const bool charging = options_.metering && options_.fuse_fuel_charges;
  if (LastOpMade(h) && last_op_ == IrOp::kI32LoadShl) {
    // The index loaded from a table by a shifted index just before
    // (`switch (code[pc])`): one op, reporting the load's offset.
    const uint64_t x = LastOperand(1, OperandKind::kSlot), off = LastOperand(2, OperandKind::kOffset),
                   k = LastOperand(3, OperandKind::kK), s = LastOperand(4, OperandKind::kShift);
    const uint32_t load_offset = out_->pc_offsets.back().second;
    code_.resize(last_start_);
    ForgetLastOp();
    Put(charging ? IrOp::kBrTableLoadShlFuel : IrOp::kBrTableLoadShl,
        {x, off, k, s, targets.size() - 1});
    out_->pc_offsets.back().second = load_offset;
  } else if (const std::optional<AddedConstant> added = TakeAddedConstant(h)) {
    // The index less the first case's value (`switch (c) case 'a'...`).
    Put(charging ? IrOp::kBrTableAddImmFuel : IrOp::kBrTableAddImm,
        {added->slot, added->k, targets.size() - 1});
  } else if (charging) {
    Put<IrOp::kBrTableFuel>(Src(h), targets.size() - 1);
  } else {
    Put<IrOp::kBrTable>(Src(h), targets.size() - 1);
  }
  fusable_ = false;
  const uint32_t table = last_start_;
  bool stubs = false;
  uint32_t first = uint32_t(code_.size());
  for (size_t i = 0; i < targets.size(); ++i) Arg(0);
  for (size_t i = 0; i < targets.size(); ++i) {
    uint32_t entry = first + uint32_t(i);
    Control& target = controls_[controls_.size() - 1 - targets[i]];
    uint32_t n = target.label_arity;
    bool direct = target.kind != FrameKind::kFunction && (n == 0 || h - n == target.height);
    if (direct && target.kind == FrameKind::kLoop) {
      code_[entry].i = int64_t(target.loop_start) - int64_t(entry);
    } else if (direct) {
      target.end_patches.push_back({entry, entry});
    } else {
      // A stub that moves the values, then branches.
      code_[entry].i = int64_t(code_.size()) - int64_t(entry);
      entered_.push_back(uint32_t(code_.size()));
      EmitBranch(targets[i], h);
      stubs = true;
    }
  }
  if (!stubs) stubless_tables_.insert(table);
}

}  // namespace weft::interp
