#include "interp/compiler.h"

#include <algorithm>
#include <cassert>
#include <cstring>
#include <string>

#include "absl/strings/str_cat.h"

namespace weft::interp {
namespace {

// The "op with immediate right operand" variant of a binary op, if any.
constexpr IrOp ImmVariant(IrOp op) {
  switch (op) {
#define IR_BINOP_IMM(N, T, F) \
  case IrOp::k##N:            \
    return IrOp::k##N##Imm;
#include "interp/ir_ops.def"
    default:
      return IrOp::kCount;
  }
}

// The "right operand loaded from memory" variant of a binary op and the
// load it absorbs (kCount if none).
struct MemVariant {
  IrOp op = IrOp::kCount;
  IrOp load = IrOp::kCount;
};
constexpr MemVariant MemVariantOf(IrOp op) {
  switch (op) {
#define IR_BINOP_MEM(N, T, F, L, M) \
  case IrOp::k##N:                  \
    return {IrOp::k##N##Mem, IrOp::k##L};
#include "interp/ir_ops.def"
    default:
      return {};
  }
}

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

// Frames above this many slots are refused (keeps slot indices and the
// value stack sane for hostile modules with huge local counts).
constexpr uint64_t kMaxFrameSlots = 1u << 22;

}  // namespace

uint32_t Compiler::Op(IrOp op) {
  uint32_t at = static_cast<uint32_t>(code_.size());
  out_->pc_offsets.emplace_back(at, cur_offset_);
  code_.push_back(Word{.h = HandlerFor(op)});
  last_start_ = at;
  last_op_ = op;
  last_is_const_ = false;  // the Const case sets it again after this
  return at;
}

uint32_t Compiler::Put(IrOp op, absl::Span<const uint64_t> operands) {
  assert(operands.size() == LayoutOf(op).fixed_words);
  const uint32_t at = Op(op);
  for (uint64_t v : operands) Arg(v);
  return at;
}

uint32_t Compiler::OperandWord(uint32_t at, IrOp op, int i, OperandKind kind) {
  assert(i < LayoutOf(op).fixed_words && LayoutOf(op).kinds[i] == kind);
  (void)op;
  (void)kind;
  return at + 1 + uint32_t(i);
}

uint32_t Compiler::RelWord(uint32_t at, IrOp op) {
  const IrLayout& layout = LayoutOf(op);
  for (int i = 0; i < layout.count; ++i) {
    if (layout.kinds[i] == OperandKind::kRel) return at + 1 + uint32_t(i);
  }
  assert(false && "op has no branch offset");
  return at;
}

void Compiler::StartRun() {
  Label();
  if (!options_.metering) return;
  const uint32_t at = Put<IrOp::kFuel>(0);
  fuel_word_ = static_cast<int64_t>(OperandWord(at, IrOp::kFuel, 0, OperandKind::kFuel));
}

void Compiler::PatchHere(const Patch& p) {
  code_[p.word].i = int64_t(code_.size()) - int64_t(p.base);
}

void Compiler::Materialize(uint32_t position) {
  if (where_[position] == kInSlot) return;
  EmitCopy(Slot(position), where_[position], Wide(position));
  where_[position] = kInSlot;
  fusable_ = false;  // the last op no longer produced the top value
}

void Compiler::MaterializeAll() {
  for (uint32_t p = 0; p < where_.size(); ++p) Materialize(p);
}

void Compiler::EmitCopy(uint64_t dst, uint64_t src, bool wide) {
  Put(wide ? IrOp::kV128Copy : IrOp::kCopy, {dst, src});
}

void Compiler::NotePushed(const ValidatorView& view, uint32_t from, uint32_t to) {
  if (pos_off_.size() < size_t(to) + 1) pos_off_.resize(size_t(to) + 1);
  for (uint32_t p = from; p < to; ++p) {
    pos_off_[p + 1] = pos_off_[p] + (view.stack_type(p) == ValType::kV128 ? 2 : 1);
  }
  max_operand_slots_ = std::max(max_operand_slots_, pos_off_[to]);
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
  if (r == 1 && fusable_ && where_[height - 1] == kInSlot &&
      code_[last_dst_word_].u == Slot(height - 1)) {
    code_[last_dst_word_].u = 0;
    Put<IrOp::kReturn>(header_slot_);
    return;
  }
  // Results go to slots [0, r_slots), which are also locals: a result that
  // stands for one of those locals must be saved before it is overwritten.
  for (uint32_t i = 0; i < r; ++i) {
    uint32_t p = height - r + i;
    if (p < where_.size() && where_[p] != kInSlot && where_[p] < r_slots) Materialize(p);
  }
  uint64_t dst = 0;
  for (uint32_t i = 0; i < r; ++i) {
    const uint32_t p = height - r + i;
    if (Src(p) != dst) EmitCopy(dst, Src(p), Wide(p));
    dst += Wide(p) ? 2 : 1;
  }
  Put<IrOp::kReturn>(header_slot_);
}

void Compiler::EmitBranch(uint32_t depth, uint32_t height) {
  Control& target = controls_[controls_.size() - 1 - depth];
  if (target.kind == FrameKind::kFunction) return EmitReturn(height);
  uint32_t n = target.label_arity;
  EmitMoves(height - n, target.height, n);
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
  const bool top_from_last_op = fusable_ && where_[height - 1] == kInSlot &&
                                code_[last_dst_word_].u == Slot(height - 1);
  if (!top_from_last_op) return c;
  const bool eqz = last_op_ == IrOp::kI32Eqz;
  if (!eqz && FusedBranch(last_op_, true) == IrOp::kCount) return c;
  // Drop the compare; the branch evaluates it. Nothing jumps between the
  // two (fusable_ is cleared at labels).
  c.compare = last_op_;
  c.a = LastOperand(1, OperandKind::kSlot);
  if (!eqz) c.b = LastOperand(2, LayoutOf(last_op_).kinds[2]);
  code_.resize(last_start_);
  out_->pc_offsets.pop_back();
  fusable_ = false;
  return c;
}

Compiler::Patch Compiler::EmitCondJump(const Condition& c, bool jump_if_true) {
  IrOp op;
  uint32_t at;
  if (c.compare == IrOp::kCount || c.compare == IrOp::kI32Eqz) {
    // eqz(x) jumps exactly when x does not.
    bool on_nonzero = jump_if_true != (c.compare == IrOp::kI32Eqz);
    op = on_nonzero ? IrOp::kBrIf : IrOp::kBrUnless;
    at = Put(op, {c.a, 0});
  } else {
    op = FusedBranch(c.compare, jump_if_true);
    at = Put(op, {c.a, c.b, 0});
  }
  fusable_ = false;
  return Patch{RelWord(at, op), at};
}

void Compiler::EmitBrIf(uint32_t depth, uint32_t height) {
  Control& target = controls_[controls_.size() - 1 - depth];
  Condition cond = TakeCondition(height);
  uint32_t h = height - 1;
  for (uint32_t p = 0; p < h; ++p) Materialize(p);
  uint32_t n = target.label_arity;
  bool simple = target.kind != FrameKind::kFunction && (n == 0 || h - n == target.height);
  if (simple) {
    Patch jump = EmitCondJump(cond, true);
    if (target.kind == FrameKind::kLoop) {
      code_[jump.word].i = int64_t(target.loop_start) - int64_t(jump.base);
    } else {
      target.end_patches.push_back(jump);
    }
    return;
  }
  Patch skip = EmitCondJump(cond, false);
  EmitBranch(depth, h);
  PatchHere(skip);
}

void Compiler::EmitBrTable(const Instruction& ins, uint32_t height) {
  const std::vector<uint32_t>& targets = *ins.br_targets;  // includes default
  uint32_t h = height - 1;
  for (uint32_t p = 0; p < h; ++p) Materialize(p);
  // The op's fixed operands, then its table of targets (kRelTable).
  Put<IrOp::kBrTable>(Src(h), targets.size() - 1);
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
      EmitBranch(targets[i], h);
    }
  }
}

void Compiler::EmitBinop(IrOp op, IrOp imm_op, uint32_t height) {
  uint64_t d = Slot(height - 2);
  uint64_t a = Src(height - 2);
  // A plain (not indexed) load just before feeding the right operand
  // becomes part of the op. The load's code offset is kept for backtraces:
  // only the load part can trap.
  const MemVariant mem = MemVariantOf(op);
  if (mem.op != IrOp::kCount && fusable_ && last_op_ == mem.load &&
      where_[height - 1] == kInSlot && code_[last_dst_word_].u == Slot(height - 1)) {
    const uint64_t base = LastOperand(1, OperandKind::kSlot),
                   off = LastOperand(2, OperandKind::kOffset), k = LastOperand(3, OperandKind::kK);
    code_.resize(last_start_);
    Put(mem.op, {d, a, base, off, k});
    out_->pc_offsets.pop_back();  // keep the load's entry (same code index)
    Produced();
    return;
  }
  // i32.shl by a constant feeding the right operand of i32.add (array
  // indexing) becomes one op.
  if (op == IrOp::kI32Add && fusable_ && last_op_ == IrOp::kI32ShlImm &&
      where_[height - 1] == kInSlot && code_[last_dst_word_].u == Slot(height - 1)) {
    uint64_t b = LastOperand(1, OperandKind::kSlot), s = LastOperand(2, OperandKind::kImmI32) & 31;
    code_.resize(last_start_);
    out_->pc_offsets.pop_back();
    Put<IrOp::kI32AddShl>(d, a, b, s);
    Produced();
    return;
  }
  if (imm_op != IrOp::kCount && fusable_ && last_is_const_ &&
      where_[height - 1] == kInSlot && code_[last_dst_word_].u == Slot(height - 1)) {
    uint64_t imm = LastOperand(1, OperandKind::kBits);
    code_.resize(last_start_);
    out_->pc_offsets.pop_back();
    Put(imm_op, {d, a, imm});
  } else {
    Put(op, {d, a, Src(height - 1)});
  }
  Produced();
}

void Compiler::EmitUnop(IrOp op, uint32_t height) {
  Put(op, {Slot(height - 1), Src(height - 1)});
  Produced();
}

bool Compiler::EmitSimple(const Instruction& ins, uint32_t h) {
  switch (ins.op) {
#define IR_BINOP(N, T, F)                      \
  case Opcode::k##N:                           \
    EmitBinop(IrOp::k##N, ImmVariant(IrOp::k##N), h); \
    return true;
#define IR_BINOP_TRAP(N, T, F) IR_BINOP(N, T, F)
#define IR_UNOP(N, T, F) \
  case Opcode::k##N:     \
    EmitUnop(IrOp::k##N, h); \
    return true;
#define IR_TRUNC(N, I, F) IR_UNOP(N, I, F)
#define IR_LOAD(N, M, R)                                                \
  case Opcode::k##N:                                                    \
    EmitLoad(IrOp::k##N, IrOp::k##N##Idx, h, ins.memarg.offset);        \
    return true;
#define IR_STORE(N, M)                                                  \
  case Opcode::k##N:                                                    \
    EmitStore({IrOp::k##N, IrOp::k##N##Idx, IrOp::k##N##Val, IrOp::k##N##IdxVal}, \
              h, ins.memarg.offset);                                    \
    return true;
#include "interp/ir_ops.def"
    default:
      return false;
  }
}

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

void Compiler::EmitLoad(IrOp op, IrOp idx_op, uint32_t height, uint64_t offset) {
  Address a = TakeAddress(height - 1);
  if (a.indexed) {
    Put(idx_op, {Slot(height - 1), a.base, a.index, offset, a.shift});
  } else {
    Put(op, {Slot(height - 1), a.base, offset, a.k});
  }
  Produced();
}

void Compiler::EmitStore(const StoreOps& ops, uint32_t height, uint64_t offset) {
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
    return;
  }
  EmitCopy(local, Slot(top), wide);
}

uint32_t Compiler::ResultCount(const Instruction& ins, const OpContext& ctx) const {
  switch (ins.op) {
    case Opcode::kCall:
    case Opcode::kCallIndirect:
      return uint32_t(ctx.func_type->results.size());
    case Opcode::kSelect:
    case Opcode::kSelectT:
    case Opcode::kGlobalGet:
    case Opcode::kTableGet:
    case Opcode::kTableGrow:
    case Opcode::kRefNull:
    case Opcode::kRefIsNull:
    case Opcode::kRefFunc:
      return 1;
    case Opcode::kDrop:
    case Opcode::kLocalSet:
    case Opcode::kGlobalSet:
    case Opcode::kTableSet:
    case Opcode::kTableInit:
    case Opcode::kTableCopy:
    case Opcode::kTableFill:
    case Opcode::kUnreachable:
    case Opcode::kBr:
    case Opcode::kBrIf:
    case Opcode::kBrTable:
    case Opcode::kReturn:
      return 0;
    default: {
      const char* results = GetOpcodeInfo(ins.op).results;
      return results[0] == '*' ? 0 : uint32_t(std::strlen(results));
    }
  }
}

void Compiler::OnFunctionBegin(uint32_t func_index, const FuncType& type,
                               absl::Span<const ValType> locals) {
  out_->func_index = func_index;
  num_locals_ = uint32_t(locals.size());
  num_results_ = uint32_t(type.results.size());
  local_slot_.assign(num_locals_ + 1, 0);
  for (uint32_t i = 0; i < num_locals_; ++i) {
    local_slot_[i + 1] = local_slot_[i] + (locals[i] == ValType::kV128 ? 2 : 1);
  }
  out_->param_slots = SlotCount(type.params);
  out_->result_slots = SlotCount(type.results);
  out_->local_slots = local_slot_[num_locals_];
  header_slot_ = std::max(out_->local_slots, out_->result_slots);
  out_->header_slot = header_slot_;
  Control fn{FrameKind::kFunction, 0, uint32_t(type.results.size())};
  controls_.push_back(std::move(fn));
  if (out_->local_slots > out_->param_slots) {
    Put<IrOp::kEnter>(out_->param_slots, out_->local_slots - out_->param_slots);
  }
  StartRun();
}

void Compiler::OnInstruction(const Instruction& ins, const OpContext& ctx,
                             const ValidatorView& view) {
  view_ = &view;
  cur_offset_ = ins.offset;
  const uint32_t h = ctx.height_before;
  const bool dead = ctx.unreachable;
  const bool structure = ins.op == Opcode::kBlock || ins.op == Opcode::kLoop ||
                         ins.op == Opcode::kIf || ins.op == Opcode::kElse ||
                         ins.op == Opcode::kEnd;
  if (dead && !structure) return;
  if (!dead && fuel_word_ >= 0) code_[fuel_word_].i++;
  where_.resize(h, kInSlot);
  const bool was_fusable = fusable_;
  fusable_ = false;
  switch (ins.op) {
    case Opcode::kLocalGet:  // emits nothing, see compiler.h
      where_.push_back(local_slot_[ins.index]);
      NotePushed(view, h, h + 1);
      fusable_ = was_fusable;  // the last op's result is still unconsumed
      return;
    // Reinterprets change no bits (slots hold floats as their raw bits):
    // the top entry stays where it is.
    case Opcode::kI32ReinterpretF32:
    case Opcode::kI64ReinterpretF64:
    case Opcode::kF32ReinterpretI32:
    case Opcode::kF64ReinterpretI64:
      return;
    case Opcode::kLocalTee:
      fusable_ = was_fusable;
      EmitLocalSet(ins.index, h, /*tee=*/true);
      fusable_ = false;
      return;
    default:
      break;
  }
  Emit(ins, ctx, dead, was_fusable);
  if (structure) {
    // Every label starts with the whole operand stack in its slots.
    where_.assign(ctx.height_after, kInSlot);
    // The frame's values (params or results) are now above its height.
    NotePushed(view, std::min(ctx.frame->height, ctx.height_after), ctx.height_after);
    return;
  }
  const uint32_t after = ctx.height_after;
  const uint32_t results = std::min(ResultCount(ins, ctx), after);
  where_.resize(after, kInSlot);
  for (uint32_t p = after - results; p < after; ++p) where_[p] = kInSlot;
  NotePushed(view, after - results, after);
}

void Compiler::Emit(const Instruction& ins, const OpContext& ctx, bool dead,
                    bool was_fusable) {
  const uint32_t h = ctx.height_before;
  switch (ins.op) {
    case Opcode::kNop:
    case Opcode::kDrop:
      fusable_ = false;
      return;
    case Opcode::kBlock:
      if (!dead) MaterializeAll();
      controls_.push_back(Control{FrameKind::kBlock, ctx.frame->height,
                                  uint32_t(ctx.frame->results.size())});
      return;
    case Opcode::kLoop: {
      if (!dead) MaterializeAll();
      Control c{FrameKind::kLoop, ctx.frame->height, uint32_t(ctx.frame->params.size())};
      c.loop_start = uint32_t(code_.size());
      controls_.push_back(std::move(c));
      // No interrupt check here: backward branches check (handlers.cc).
      StartRun();
      return;
    }
    case Opcode::kIf: {
      Control c{FrameKind::kIf, ctx.frame->height, uint32_t(ctx.frame->results.size())};
      if (!dead) {
        fusable_ = was_fusable;
        Condition cond = TakeCondition(h);
        for (uint32_t p = 0; p + 1 < h; ++p) Materialize(p);
        c.has_else_patch = true;
        c.else_patch = EmitCondJump(cond, false);
      }
      controls_.push_back(std::move(c));
      StartRun();
      return;
    }
    case Opcode::kElse: {
      Control& c = controls_.back();
      if (!dead) {
        MaterializeAll();
        const uint32_t at = Put<IrOp::kBr>(0);
        c.end_patches.push_back({RelWord(at, IrOp::kBr), at});
      }
      if (c.has_else_patch) PatchHere(c.else_patch);
      c.has_else_patch = false;
      c.kind = FrameKind::kElse;
      StartRun();
      return;
    }
    case Opcode::kEnd: {
      Control& c = controls_.back();
      if (c.kind == FrameKind::kFunction) {
        fusable_ = was_fusable;
        if (!dead) EmitReturn(h);
        return;
      }
      if (!dead) MaterializeAll();
      if (c.has_else_patch) PatchHere(c.else_patch);
      for (const Patch& p : c.end_patches) PatchHere(p);
      controls_.pop_back();
      StartRun();
      return;
    }
    case Opcode::kBr:
      EmitBranch(ins.index, h);
      return;
    case Opcode::kBrIf:
      fusable_ = was_fusable;
      EmitBrIf(ins.index, h);
      StartRun();
      return;
    case Opcode::kBrTable:
      EmitBrTable(ins, h);
      return;
    case Opcode::kReturn:
      fusable_ = was_fusable;
      EmitReturn(h);
      return;
    case Opcode::kUnreachable:
      Put<IrOp::kUnreachable>();
      return;
    case Opcode::kCall: {
      uint32_t k = uint32_t(ctx.func_type->params.size());
      for (uint32_t p = h - k; p < h; ++p) Materialize(p);  // args in place
      Put<IrOp::kCall>(ins.index, Slot(h - k));
      return;
    }
    case Opcode::kCallIndirect: {
      uint32_t k = uint32_t(ctx.func_type->params.size());
      for (uint32_t p = h - 1 - k; p < h - 1; ++p) Materialize(p);
      Put<IrOp::kCallIndirect>(ins.index, ins.index2, Slot(h - 1 - k), Src(h - 1));
      return;
    }
    case Opcode::kSelect:
    case Opcode::kSelectT:
      Put(Wide(h - 3) ? IrOp::kV128Select : IrOp::kSelect,
          {Slot(h - 3), Src(h - 3), Src(h - 2), Src(h - 1)});
      Produced();
      return;
    case Opcode::kLocalSet:
      fusable_ = was_fusable;
      EmitLocalSet(ins.index, h, /*tee=*/false);
      fusable_ = false;
      return;
    case Opcode::kGlobalGet:
      // The global's value is already on the validator's stack.
      Put(view_->stack_type(h) == ValType::kV128 ? IrOp::kV128GlobalGet : IrOp::kGlobalGet,
          {Slot(h), ins.index});
      Produced();
      return;
    case Opcode::kGlobalSet:
      Put(Wide(h - 1) ? IrOp::kV128GlobalSet : IrOp::kGlobalSet, {ins.index, Src(h - 1)});
      return;
    case Opcode::kI32Const:
    case Opcode::kF32Const:
    case Opcode::kI64Const:
    case Opcode::kF64Const:
    case Opcode::kRefNull: {
      uint64_t bits = ins.op == Opcode::kRefNull ? 0 : ins.bits;
      if (ins.op == Opcode::kI32Const || ins.op == Opcode::kF32Const) bits = uint32_t(bits);
      before_const_ = {true, was_fusable, last_start_, last_op_, last_dst_word_};
      Put<IrOp::kConst>(Slot(h), bits);
      Produced();
      last_is_const_ = true;
      return;
    }
    case Opcode::kMemorySize:
      Put<IrOp::kMemorySize>(Slot(h));
      return;
    case Opcode::kMemoryGrow:
      Put<IrOp::kMemoryGrow>(Slot(h - 1), Src(h - 1));
      return;
    case Opcode::kMemoryCopy:
    case Opcode::kMemoryFill:
      Put(ins.op == Opcode::kMemoryCopy ? IrOp::kMemoryCopy : IrOp::kMemoryFill,
          {Src(h - 3), Src(h - 2), Src(h - 1)});
      return;
    case Opcode::kMemoryInit:
      Put<IrOp::kMemoryInit>(ins.index, Src(h - 3), Src(h - 2), Src(h - 1));
      return;
    case Opcode::kDataDrop:
      Put<IrOp::kDataDrop>(ins.index);
      return;
    case Opcode::kTableGet:
      Put<IrOp::kTableGet>(Slot(h - 1), ins.index, Src(h - 1));
      return;
    case Opcode::kTableSet:
      Put<IrOp::kTableSet>(ins.index, Src(h - 2), Src(h - 1));
      return;
    case Opcode::kTableSize:
      Put<IrOp::kTableSize>(Slot(h), ins.index);
      return;
    case Opcode::kTableGrow:
      Put<IrOp::kTableGrow>(Slot(h - 2), ins.index, Src(h - 2), Src(h - 1));
      return;
    case Opcode::kTableFill:
      Put<IrOp::kTableFill>(ins.index, Src(h - 3), Src(h - 2), Src(h - 1));
      return;
    case Opcode::kTableCopy:
      Put<IrOp::kTableCopy>(ins.index, ins.index2, Src(h - 3), Src(h - 2), Src(h - 1));
      return;
    case Opcode::kTableInit:
      Put<IrOp::kTableInit>(ins.index2, ins.index, Src(h - 3), Src(h - 2), Src(h - 1));
      return;
    case Opcode::kElemDrop:
      Put<IrOp::kElemDrop>(ins.index);
      return;
    case Opcode::kRefIsNull:
      Put<IrOp::kRefIsNull>(Slot(h - 1), Src(h - 1));
      return;
    case Opcode::kRefFunc:
      Put<IrOp::kRefFunc>(Slot(h), ins.index);
      return;
    default:
      break;
  }
  fusable_ = was_fusable;  // EmitBinop may fuse with the op before
  if (EmitSimple(ins, h)) return;
  if (EmitSimd(ins, h)) return;
  Fail(absl::UnimplementedError(absl::StrCat("instruction ", OpcodeName(ins.op),
                                             " is not supported by the interpreter yet")));
}

absl::Status Compiler::OnFunctionEnd() {
  uint64_t slots = uint64_t(header_slot_) + kFrameHeader + max_operand_slots_ + 1;
  if (slots > kMaxFrameSlots) {
    Fail(absl::ResourceExhaustedError("function frame too large"));
  }
  out_->frame_slots = uint32_t(slots);
  return status_;
}

}  // namespace weft::interp
