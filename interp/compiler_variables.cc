// Locals, globals, select, tables and references. local.get emits nothing:
// the stack entry stands for the local (compiler.h), so writing a local
// first copies any such entry, and a value computed just before
// local.set/local.tee is written straight into the local.
#include "interp/compiler.h"

namespace weft::interp {

void Compiler::VisitLocalGet(const Instruction& ins, const OpContext& ctx, IrOp) {
  const uint32_t h = ctx.height_before;
  where_.push_back(local_slot_[ins.index]);
  NotePushed(*view_, h, h + 1);
  fusable_ = was_fusable_;  // the last op's result is still unconsumed
}

void Compiler::VisitLocalSet(const Instruction& ins, const OpContext& ctx, IrOp) {
  fusable_ = was_fusable_;
  EmitLocalSet(ins.index, ctx.height_before, /*tee=*/false);
  fusable_ = false;
}

void Compiler::VisitLocalTee(const Instruction& ins, const OpContext& ctx, IrOp) {
  fusable_ = was_fusable_;
  EmitLocalSet(ins.index, ctx.height_before, /*tee=*/true);
  fusable_ = false;
}

void Compiler::EmitLocalSet(uint32_t local_index, uint32_t height, bool tee) {
  const uint32_t top = height - 1;
  const uint32_t local = local_slot_[local_index];
  const bool wide = local_slot_[local_index + 1] - local == 2;
  // Entries that stand for `local` must keep its old value.
  for (uint32_t p = 0; p < top; ++p) {
    if (where_[p] == local) Materialize(p);
  }
  if (where_[top] != kInSlot) {  // local.get x; local.set y
    if (where_[top] != local) EmitCopy(local, where_[top], wide);
    return;
  }
  // Fusion: the producer of the top value writes the local directly (then
  // the top's own slot is never written, so a tee'd top reads the local).
  if (fusable_ && code_[last_dst_word_].u == Slot(top)) {
    code_[last_dst_word_].u = local;
    if (tee) where_[top] = local;
    if (last_op_ == IrOp::kI32Add) PairWithAddBefore();
    return;
  }
  EmitCopy(local, Slot(top), wide);
}

void Compiler::PairWithAddBefore() {
  constexpr uint32_t kAddWords = 1 + LayoutOf(IrOp::kI32Add).fixed_words;
  const int64_t second = OpBefore(0, {IrOp::kI32Add}), first = OpBefore(1, {IrOp::kI32Add});
  if (second < 0 || first < 0 || second != last_start_) return;
  // The second add's operands move up over its handler word.
  code_[first].h = HandlerFor(IrOp::kI32AddPair);
  for (uint32_t i = 0; i + 1 < kAddWords; ++i) code_[second + i] = code_[second + 1 + i];
  code_.pop_back();
  ForgetLastOp();
  last_start_ = first;
  last_op_ = IrOp::kI32AddPair;
  last_dst_word_ = OperandWord(first, IrOp::kI32AddPair, 3, OperandKind::kDst);
}

void Compiler::VisitGlobalGet(const Instruction& ins, const OpContext& ctx, IrOp) {
  const uint32_t h = ctx.height_before;
  // The global's value is already on the validator's stack.
  Put(view_->stack_type(h) == ValType::kV128 ? IrOp::kV128GlobalGet : IrOp::kGlobalGet,
      {Slot(h), ins.index});
  Produced();
}

void Compiler::VisitGlobalSet(const Instruction& ins, const OpContext& ctx, IrOp) {
  const uint32_t h = ctx.height_before;
  if (!Wide(h - 1) && TryGlobalStep(ins.index, Src(h - 1))) return;
  Put(Wide(h - 1) ? IrOp::kV128GlobalSet : IrOp::kGlobalSet, {ins.index, Src(h - 1)});
}

bool Compiler::TryGlobalStep(uint32_t global, uint64_t value) {
  // The op just before (after the last label): `value = a + k` (or - k),
  // an i32 add with a constant; `value` may be a local (local.tee).
  IrOp found = IrOp::kCount;
  const int64_t add = OpBefore(0, {IrOp::kI32AddImm, IrOp::kI32SubImm}, &found);
  if (add < 0 || code_[add + 1].u != value) return false;
  const bool is_sub = found == IrOp::kI32SubImm;
  const uint64_t d = code_[add + 1].u, a = code_[add + 2].u;
  const uint64_t k = uint32_t(is_sub ? uint32_t(0) - uint32_t(code_[add + 3].u)
                                     : uint32_t(code_[add + 3].u));
  // And before that, `a = global.get g` of this global into a temporary
  // only the add read: the whole `g += k` is one op.
  if (const int64_t get = OpBefore(1, {IrOp::kGlobalGet}); get >= 0) {
    if (code_[get + 1].u == a && code_[get + 2].u == global && a >= header_slot_ + kFrameHeader) {
      code_.resize(get);
      ForgetLastOp();
      ForgetLastOp();
      Put<IrOp::kStepGlobal>(d, global, k);
      return true;
    }
  }
  code_.resize(add);
  ForgetLastOp();
  Put<IrOp::kSetGlobalSum>(d, a, k, global);
  return true;
}

void Compiler::VisitSelect(const Instruction&, const OpContext& ctx, IrOp) {
  const uint32_t h = ctx.height_before;
  Put(Wide(h - 3) ? IrOp::kV128Select : IrOp::kSelect,
      {Slot(h - 3), Src(h - 3), Src(h - 2), Src(h - 1)});
  Produced();
}

void Compiler::VisitTableGet(const Instruction& ins, const OpContext& ctx, IrOp) {
  const uint32_t h = ctx.height_before;
  CheckTableIndex64(ins.index, h - 1, static_cast<uint64_t>(TrapCode::kTableOutOfBounds));
  Put<IrOp::kTableGet>(Slot(h - 1), ins.index, Src(h - 1));
}

void Compiler::VisitTableSet(const Instruction& ins, const OpContext& ctx, IrOp) {
  const uint32_t h = ctx.height_before;
  CheckTableIndex64(ins.index, h - 2, static_cast<uint64_t>(TrapCode::kTableOutOfBounds));
  Put<IrOp::kTableSet>(ins.index, Src(h - 2), Src(h - 1));
}

void Compiler::VisitTableSize(const Instruction& ins, const OpContext& ctx, IrOp) {
  Put<IrOp::kTableSize>(Slot(ctx.height_before), ins.index);
}

void Compiler::VisitTableGrow(const Instruction& ins, const OpContext& ctx, IrOp) {
  const uint32_t h = ctx.height_before;
  if (TableIs64(ins.index)) {
    Put<IrOp::kTableGrow64>(Slot(h - 2), ins.index, Src(h - 2), Src(h - 1));
  } else {
    Put<IrOp::kTableGrow>(Slot(h - 2), ins.index, Src(h - 2), Src(h - 1));
  }
}

void Compiler::VisitTableFill(const Instruction& ins, const OpContext& ctx, IrOp) {
  const uint32_t h = ctx.height_before;
  CheckTableIndex64(ins.index, h - 3, static_cast<uint64_t>(TrapCode::kTableOutOfBounds));
  CheckTableIndex64(ins.index, h - 1, static_cast<uint64_t>(TrapCode::kTableOutOfBounds));
  Put<IrOp::kTableFill>(ins.index, Src(h - 3), Src(h - 2), Src(h - 1));
}

void Compiler::VisitTableCopy(const Instruction& ins, const OpContext& ctx, IrOp) {
  const uint32_t h = ctx.height_before;
  // d and s have their table's index type, n the smaller of the two.
  CheckTableIndex64(ins.index, h - 3, static_cast<uint64_t>(TrapCode::kTableOutOfBounds));
  CheckTableIndex64(ins.index2, h - 2, static_cast<uint64_t>(TrapCode::kTableOutOfBounds));
  if (TableIs64(ins.index)) CheckTableIndex64(ins.index2, h - 1, static_cast<uint64_t>(TrapCode::kTableOutOfBounds));
  Put<IrOp::kTableCopy>(ins.index, ins.index2, Src(h - 3), Src(h - 2), Src(h - 1));
}

// table.init's immediates are the element segment, then the table.
void Compiler::VisitTableInit(const Instruction& ins, const OpContext& ctx, IrOp) {
  const uint32_t h = ctx.height_before;
  CheckTableIndex64(ins.index2, h - 3, static_cast<uint64_t>(TrapCode::kTableOutOfBounds));
  Put<IrOp::kTableInit>(ins.index2, ins.index, Src(h - 3), Src(h - 2), Src(h - 1));
}

void Compiler::VisitElemDrop(const Instruction& ins, const OpContext&, IrOp) {
  Put<IrOp::kElemDrop>(ins.index);
}

void Compiler::VisitRefIsNull(const Instruction&, const OpContext& ctx, IrOp) {
  const uint32_t h = ctx.height_before;
  Put<IrOp::kRefIsNull>(Slot(h - 1), Src(h - 1));
}

void Compiler::VisitRefFunc(const Instruction& ins, const OpContext& ctx, IrOp) {
  Put<IrOp::kRefFunc>(Slot(ctx.height_before), ins.index);
}

}  // namespace weft::interp
