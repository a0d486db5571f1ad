// Linear-memory instructions. A load or store takes the address the op just
// before computed, when that op is an `i32.add`, into the access itself:
// `x + const` as its k operand, `x + y` and `x + (y << s)` as the Idx form
// (IR_LOAD in ir_ops.def). A constant stored value becomes an operand.
#include "interp/compiler.h"

namespace weft::interp {
namespace {

// The indexed-address form of a load.
constexpr IrOp IndexedLoad(IrOp load) {
  switch (load) {
#define IR_LOAD(N, M, R) \
  case IrOp::k##N:       \
    return IrOp::k##N##Idx;
#include "interp/ir_ops.def"
    default:
      return IrOp::kCount;
  }
}

// The four forms of a store: address base + k or indexed, value in a slot
// or constant.
struct StoreOps {
  IrOp plain, indexed, constant, indexed_constant;
};
constexpr StoreOps StoreForms(IrOp store) {
  switch (store) {
#define IR_STORE(N, M) \
  case IrOp::k##N:     \
    return {IrOp::k##N, IrOp::k##N##Idx, IrOp::k##N##Val, IrOp::k##N##IdxVal};
#include "interp/ir_ops.def"
    default:
      return {IrOp::kCount, IrOp::kCount, IrOp::kCount, IrOp::kCount};
  }
}

}  // namespace

Compiler::Address Compiler::TakeAddress(uint32_t position, bool allow_indexed) {
  Address a;
  a.base = Src(position);
  if (!fusable_ || where_[position] != kInSlot || code_[last_dst_word_].u != Slot(position)) {
    return a;
  }
  if (allow_indexed && (last_op_ == IrOp::kI32Add || last_op_ == IrOp::kI32AddShl)) {
    a.index = LastOperand(2, OperandKind::kSlot);
    a.shift = last_op_ == IrOp::kI32AddShl ? LastOperand(3, OperandKind::kShift) : 0;
    a.indexed = true;
  } else if (last_op_ == IrOp::kI32AddImm) {
    a.k = uint32_t(LastOperand(2, OperandKind::kImmI32));
  } else {
    return a;
  }
  a.base = LastOperand(1, OperandKind::kSlot);
  code_.resize(last_start_);
  out_->pc_offsets.pop_back();
  fusable_ = false;
  return a;
}

void Compiler::VisitLoad(const Instruction& ins, const OpContext& ctx, IrOp ir) {
  const uint32_t height = ctx.height_before;
  const uint64_t offset = ins.memarg.offset;
  fusable_ = was_fusable_;  // may take the address the op before made
  Address a = TakeAddress(height - 1);
  if (a.indexed) {
    Put(IndexedLoad(ir), {Slot(height - 1), a.base, a.index, offset, a.shift});
  } else {
    Put(ir, {Slot(height - 1), a.base, offset, a.k});
  }
  Produced();
}

void Compiler::VisitStore(const Instruction& ins, const OpContext& ctx, IrOp ir) {
  const uint32_t height = ctx.height_before;
  const uint64_t offset = ins.memarg.offset;
  const StoreOps ops = StoreForms(ir);
  fusable_ = was_fusable_;
  // A constant value pushed just before becomes an operand; the op before
  // that constant is then the one that may have made the address.
  const bool constant_value = fusable_ && last_is_const_ && before_const_.valid &&
                              where_[height - 1] == kInSlot &&
                              code_[last_dst_word_].u == Slot(height - 1);
  uint64_t value = Src(height - 1);
  if (constant_value) {
    value = LastOperand(1, OperandKind::kBits);
    code_.resize(last_start_);
    out_->pc_offsets.pop_back();
    last_start_ = before_const_.last_start;
    last_op_ = before_const_.last_op;
    last_dst_word_ = before_const_.last_dst_word;
    fusable_ = before_const_.fusable;
  }
  Address a = TakeAddress(height - 2);
  if (a.indexed) {
    Put(constant_value ? ops.indexed_constant : ops.indexed,
        {a.base, a.index, value, offset, a.shift});
  } else {
    Put(constant_value ? ops.constant : ops.plain, {a.base, value, offset, a.k});
  }
  fusable_ = false;
}

void Compiler::VisitMemorySize(const Instruction&, const OpContext& ctx, IrOp) {
  Put<IrOp::kMemorySize>(Slot(ctx.height_before));
}

void Compiler::VisitMemoryGrow(const Instruction&, const OpContext& ctx, IrOp) {
  const uint32_t h = ctx.height_before;
  Put<IrOp::kMemoryGrow>(Slot(h - 1), Src(h - 1));
}

// memory.copy and memory.fill: three slot operands.
void Compiler::VisitMemoryCopyOrFill(const Instruction&, const OpContext& ctx, IrOp ir) {
  const uint32_t h = ctx.height_before;
  Put(ir, {Src(h - 3), Src(h - 2), Src(h - 1)});
}

void Compiler::VisitMemoryInit(const Instruction& ins, const OpContext& ctx, IrOp) {
  const uint32_t h = ctx.height_before;
  Put<IrOp::kMemoryInit>(ins.index, Src(h - 3), Src(h - 2), Src(h - 1));
}

void Compiler::VisitDataDrop(const Instruction& ins, const OpContext&, IrOp) {
  Put<IrOp::kDataDrop>(ins.index);
}

}  // namespace weft::interp
