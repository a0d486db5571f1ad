// Linear-memory instructions. A load or store takes the address the op just
// before computed, when that op is an `i32.add`, into the access itself:
// `x + const` as its k operand, `x + y` and `x + (y << s)` as the Idx form
// (IR_LOAD in ir_ops.def), and `x << const` as the Shl form of a load. A
// constant stored value becomes an operand.
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

// The form of a load whose address is `x << s`.
constexpr IrOp ShiftedLoad(IrOp load) {
  switch (load) {
#define IR_LOAD(N, M, R) \
  case IrOp::k##N:       \
    return IrOp::k##N##Shl;
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
// The store that writes back what the load `load` read (same type).
constexpr IrOp StoreOfLoad(IrOp load) {
  switch (load) {
    case IrOp::kI32Load: return IrOp::kI32Store;
    case IrOp::kI64Load: return IrOp::kI64Store;
    case IrOp::kF32Load: return IrOp::kF32Store;
    case IrOp::kF64Load: return IrOp::kF64Store;
    default: return IrOp::kCount;
  }
}
// The MemUpdate form of load-and-op `binop_mem` when `store` writes its
// result back (IR_BINOP_MEM), else kCount.
constexpr IrOp MemUpdateOf(IrOp binop_mem, IrOp store) {
  switch (binop_mem) {
#define IR_BINOP_MEM(N, T, F, L, M) \
  case IrOp::k##N##Mem:             \
    return store == StoreOfLoad(IrOp::k##L) ? IrOp::k##N##MemUpdate : IrOp::kCount;
#include "interp/ir_ops.def"
    default:
      return IrOp::kCount;
  }
}

// The move op for a load `load` whose value `store` writes (IR_MEM_MOVE),
// else kCount.
constexpr IrOp MemMoveOf(IrOp load, IrOp store) {
#define IR_MEM_MOVE(N, M, L, S) \
  if (load == IrOp::k##L && store == IrOp::k##S) return IrOp::k##N;
#include "interp/ir_ops.def"
  return IrOp::kCount;
}

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
  if (!LastOpMade(position)) return a;
  if (allow_indexed && (last_op_ == IrOp::kI32Add || last_op_ == IrOp::kI32AddShl)) {
    a.index = LastOperand(2, OperandKind::kSlot);
    a.shift = last_op_ == IrOp::kI32AddShl ? LastOperand(3, OperandKind::kShift) : 0;
    a.indexed = true;
    a.base = LastOperand(1, OperandKind::kSlot);
    code_.resize(last_start_);
    ForgetLastOp();
    fusable_ = false;
  } else if (const std::optional<AddedConstant> added = TakeAddedConstant(position)) {
    a.base = added->slot;
    a.k = added->k;
  }
  return a;
}

std::optional<Compiler::AddedConstant> Compiler::TakeAddedConstant(uint32_t position) {
  if (!LastOpMade(position) || (last_op_ != IrOp::kI32AddImm && last_op_ != IrOp::kI32SubImm)) {
    return std::nullopt;
  }
  const uint32_t c = uint32_t(LastOperand(2, OperandKind::kImmI32));
  // x - c is x + (-c) in 32-bit wrapping arithmetic.
  const AddedConstant added{LastOperand(1, OperandKind::kSlot),
                            last_op_ == IrOp::kI32SubImm ? uint32_t(0) - c : c};
  code_.resize(last_start_);
  ForgetLastOp();
  fusable_ = false;
  return added;
}

bool Compiler::MemoryIs64(uint32_t memory) const {
  return module_ != nullptr && memory < module_->total_memories() &&
         module_->memory_type(memory).is64;
}

bool Compiler::TableIs64(uint32_t table) const {
  return module_ != nullptr && table < module_->total_tables() && module_->table_type(table).is64;
}

uint64_t Compiler::OpenBracket(const Instruction& ins, uint32_t address_position,
                               uint64_t* offset) {
  const uint32_t memory = ins.memarg.memory;
  if (memory != 0) Put<IrOp::kUseMemory>(memory);
  *offset = ins.memarg.offset;
  if (!MemoryIs64(memory)) return Src(address_position);
  // The checked address goes to the address's own slot, which the access
  // consumes (a load's result lands there after it).
  const uint64_t size = uint64_t(1) << GetOpcodeInfo(ins.op).max_align;  // natural = access size
  Put<IrOp::kAddress64>(Slot(address_position), Src(address_position), *offset, size);
  *offset = 0;
  return Slot(address_position);
}

void Compiler::CloseBracket(const Instruction& ins) {
  if (ins.memarg.memory != 0) Put<IrOp::kUseMemory>(0);
  fusable_ = false;  // nothing fuses across the bracket
}

void Compiler::CheckTableIndex64(uint32_t table, uint32_t position, uint64_t code) {
  if (TableIs64(table)) Put<IrOp::kTableIndex64>(Src(position), code);
}

void Compiler::VisitLoad(const Instruction& ins, const OpContext& ctx, IrOp ir) {
  const uint32_t height = ctx.height_before;
  if (!InRegisters(ins.memarg.memory)) {
    uint64_t offset;
    const uint64_t base = OpenBracket(ins, height - 1, &offset);
    Put(ir, {Slot(height - 1), base, offset, 0});
    return CloseBracket(ins);
  }
  const uint64_t offset = ins.memarg.offset;
  fusable_ = was_fusable_;  // may take the address the op before made
  Address a = TakeAddress(height - 1);
  uint64_t x, s;
  if (!a.indexed && TakeShift(a.base, &x, &s)) {
    Put(ShiftedLoad(ir), {Slot(height - 1), x, offset, a.k, s});
  } else if (a.indexed) {
    Put(IndexedLoad(ir), {Slot(height - 1), a.base, a.index, offset, a.shift});
  } else {
    Put(ir, {Slot(height - 1), a.base, offset, a.k});
  }
  Produced();
}

bool Compiler::TakeShift(uint64_t slot, uint64_t* x, uint64_t* s) {
  if (slot < header_slot_ + kFrameHeader) return false;
  const int64_t start = OpBefore(0, {IrOp::kI32ShlImm});
  if (start < 0 || code_[start + 1].u != slot) return false;
  *x = code_[start + 2].u;
  *s = code_[start + 3].u & 31;
  code_.resize(start);
  ForgetLastOp();
  return true;
}

bool Compiler::TryMemUpdate(IrOp store, uint32_t height, uint64_t offset) {
  if (!LastOpMade(height - 1)) return false;
  const IrOp update = MemUpdateOf(last_op_, store);
  if (update == IrOp::kCount) return false;
  const uint64_t a = LastOperand(1, OperandKind::kSlot), base = LastOperand(2, OperandKind::kSlot);
  // The load's address must be the store's: u32(fp[base] + 0) + offset.
  if (base != Src(height - 2) || base == Slot(height - 1) ||
      LastOperand(3, OperandKind::kOffset) != offset || LastOperand(4, OperandKind::kK) != 0) {
    return false;
  }
  if (update == IrOp::kF64AddMemUpdate && FuseMulAddUpdate(a, base, offset)) return true;
  code_.resize(last_start_);
  Put(update, {a, base, offset});
  ForgetLastOp();  // keep the load's entry: the load is what traps
  fusable_ = false;
  return true;
}

bool Compiler::TryMemMove(IrOp store, uint32_t height, uint64_t offset) {
  if (!LastOpMade(height - 1)) return false;
  const IrOp move = MemMoveOf(last_op_, store);
  if (move == IrOp::kCount) return false;
  // The load: d base off k; its value is the top, a temporary only this
  // store reads. The store's address is below it, unfolded.
  const uint64_t from = LastOperand(1, OperandKind::kSlot),
                 from_off = LastOperand(2, OperandKind::kOffset),
                 from_k = LastOperand(3, OperandKind::kK);
  const uint64_t to = Src(height - 2);
  const uint32_t load_offset = out_->pc_offsets.back().second;
  code_.resize(last_start_);
  ForgetLastOp();
  const uint32_t at = Put(move, {from, from_off, from_k, to, offset});
  out_->pc_offsets.back().second = load_offset;
  out_->pc_offsets.emplace_back(at + 4, cur_offset_);  // the store's own
  fusable_ = false;
  return true;
}

bool Compiler::FuseMulAddUpdate(uint64_t product, uint64_t base, uint64_t offset) {
  // The two ops: F64MulMem (d x base1 off1 k1) at `mul`, F64AddMem at
  // last_start_; the product a temporary only the add reads.
  if (product < header_slot_ + kFrameHeader || op_starts_.empty() ||
      op_starts_.back() != last_start_) {
    return false;
  }
  const int64_t mul = OpBefore(1, {IrOp::kF64MulMem});
  if (mul < 0 || code_[mul + 1].u != product) return false;
  const uint64_t x = code_[mul + 2].u, base1 = code_[mul + 3].u, off1 = code_[mul + 4].u,
                 k1 = code_[mul + 5].u;
  // Each load traps at its own instruction: the op's start is the
  // multiply's, word 5 (the second address) the add's.
  const auto& pcs = out_->pc_offsets;
  const uint32_t mul_offset = pcs[pcs.size() - 2].second, add_offset = pcs.back().second;
  // An unrolled loop makes the second address into a local just before
  // (`local.tee d (i32.add a k)`): that add joins too.
  const int64_t add = OpBefore(2, {IrOp::kI32AddImm});
  const bool with_add = add >= 0 && code_[add + 1].u == base;
  const uint64_t a = with_add ? code_[add + 2].u : 0, k = with_add ? code_[add + 3].u : 0;
  code_.resize(with_add ? uint32_t(add) : uint32_t(mul));
  for (int ops = with_add ? 3 : 2; ops > 0; --ops) ForgetLastOp();
  const uint32_t at =
      with_add ? Put<IrOp::kAddImmF64MulAddUpdate>(base, a, k, x, base1, off1, k1, offset)
               : Put<IrOp::kF64MulAddUpdate>(x, base1, off1, k1, base, offset);
  out_->pc_offsets.back().second = mul_offset;
  out_->pc_offsets.emplace_back(at + (with_add ? 8 : 5), add_offset);
  fusable_ = false;
  return true;
}

void Compiler::VisitStore(const Instruction& ins, const OpContext& ctx, IrOp ir) {
  const uint32_t height = ctx.height_before;
  const StoreOps ops = StoreForms(ir);
  if (!InRegisters(ins.memarg.memory)) {
    uint64_t offset;
    const uint64_t base = OpenBracket(ins, height - 2, &offset);
    Put(ops.plain, {base, Src(height - 1), offset, 0});
    return CloseBracket(ins);
  }
  const uint64_t offset = ins.memarg.offset;
  fusable_ = was_fusable_;
  if (TryMemUpdate(ir, height, offset) || TryMemMove(ir, height, offset)) return;
  // A constant value pushed just before becomes an operand; the op before
  // that constant is then the one that may have made the address.
  const bool constant_value = last_is_const_ && before_const_.valid && LastOpMade(height - 1);
  uint64_t value = Src(height - 1);
  if (constant_value) {
    value = LastOperand(1, OperandKind::kBits);
    code_.resize(last_start_);
    ForgetLastOp();
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

// memory.size and memory.grow count pages: the register ops assume 64 KiB
// pages of a 32-bit memory 0.
bool Compiler::DefaultPages(uint32_t memory) const {
  return module_ == nullptr || memory >= module_->total_memories() ||
         module_->memory_type(memory).page_size_log2 == 16;
}

void Compiler::VisitMemorySize(const Instruction& ins, const OpContext& ctx, IrOp) {
  if (InRegisters(ins.index) && DefaultPages(ins.index)) {
    Put<IrOp::kMemorySize>(Slot(ctx.height_before));
  } else {
    Put<IrOp::kMemorySizeAt>(Slot(ctx.height_before), ins.index);
  }
}

void Compiler::VisitMemoryGrow(const Instruction& ins, const OpContext& ctx, IrOp) {
  const uint32_t h = ctx.height_before;
  if (InRegisters(ins.index) && DefaultPages(ins.index)) {
    Put<IrOp::kMemoryGrow>(Slot(h - 1), Src(h - 1));
  } else {
    Put<IrOp::kMemoryGrowAt>(Slot(h - 1), ins.index, Src(h - 1));
  }
}

// memory.copy and memory.fill: three slot operands.
void Compiler::VisitMemoryCopyOrFill(const Instruction& ins, const OpContext& ctx, IrOp ir) {
  const uint32_t h = ctx.height_before;
  const bool copy = ir == IrOp::kMemoryCopy;
  if (InRegisters(ins.index) && (!copy || InRegisters(ins.index2))) {
    Put(ir, {Src(h - 3), Src(h - 2), Src(h - 1)});
  } else if (copy) {
    Put<IrOp::kMemoryCopyAt>(ins.index, ins.index2, Src(h - 3), Src(h - 2), Src(h - 1));
  } else {
    Put<IrOp::kMemoryFillAt>(ins.index, Src(h - 3), Src(h - 2), Src(h - 1));
  }
}

// memory.init's immediates are the data segment, then the memory.
void Compiler::VisitMemoryInit(const Instruction& ins, const OpContext& ctx, IrOp) {
  const uint32_t h = ctx.height_before;
  if (InRegisters(ins.index2)) {
    Put<IrOp::kMemoryInit>(ins.index, Src(h - 3), Src(h - 2), Src(h - 1));
  } else {
    Put<IrOp::kMemoryInitAt>(ins.index2, ins.index, Src(h - 3), Src(h - 2), Src(h - 1));
  }
}

void Compiler::VisitDataDrop(const Instruction& ins, const OpContext&, IrOp) {
  Put<IrOp::kDataDrop>(ins.index);
}

}  // namespace weft::interp
