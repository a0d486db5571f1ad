// Numeric instructions: constants, and the unary and binary ops of
// ir_ops.def's generated families. Binary ops fuse with the op just before
// when it made their right operand: a constant (the Imm form), a load (the
// Mem form), or a shift or rotate by a constant under `i32.add`, `i32.or`
// or `i32.xor` (I32AddShl, I32XorRotl, ...).
#include "interp/compiler.h"

namespace weft::interp {
namespace {

// The "op with immediate right operand" variant of a binary op, if any.
constexpr IrOp ImmVariant(IrOp op) {
  switch (op) {
#define IR_BINOP_IMM(N, T, F) \
  case IrOp::k##N:            \
    return IrOp::k##N##Imm;
#define IR_BINOP_TRAP(N, T, F) IR_BINOP_IMM(N, T, F)
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
  IrOp twice = IrOp::kCount;  // two in a row (Mem2)
};
constexpr MemVariant MemVariantOf(IrOp op) {
  switch (op) {
#define IR_BINOP_MEM(N, T, F, L, M) \
  case IrOp::k##N:                  \
    return {IrOp::k##N##Mem, IrOp::k##L, IrOp::k##N##Mem2};
#include "interp/ir_ops.def"
    default:
      return {};
  }
}

// The op computing `a op shift(b, s)` for a binary op whose right operand
// the constant shift or rotate `shift` just made (kCount if none).
constexpr IrOp ShiftedOperandForm(IrOp op, IrOp shift) {
  struct Form {
    IrOp op, shift, fused;
  };
  constexpr Form kForms[] = {
      {IrOp::kI32Add, IrOp::kI32ShlImm, IrOp::kI32AddShl},
      {IrOp::kI32Add, IrOp::kI32ShrUImm, IrOp::kI32AddShrU},
      {IrOp::kI32Add, IrOp::kI32RotlImm, IrOp::kI32AddRotl},
      {IrOp::kI32Or, IrOp::kI32ShlImm, IrOp::kI32OrShl},
      {IrOp::kI32Or, IrOp::kI32ShrUImm, IrOp::kI32OrShrU},
      {IrOp::kI32Or, IrOp::kI32RotlImm, IrOp::kI32OrRotl},
      {IrOp::kI32Xor, IrOp::kI32ShlImm, IrOp::kI32XorShl},
      {IrOp::kI32Xor, IrOp::kI32ShrUImm, IrOp::kI32XorShrU},
      {IrOp::kI32Xor, IrOp::kI32RotlImm, IrOp::kI32XorRotl},
  };
  for (const Form& f : kForms) {
    if (f.op == op && f.shift == shift) return f.fused;
  }
  return IrOp::kCount;
}

}  // namespace

void Compiler::VisitConst(const Instruction& ins, const OpContext& ctx, IrOp) {
  uint64_t bits = ins.op == Opcode::kRefNull ? 0 : ins.bits;
  if (ins.op == Opcode::kI32Const || ins.op == Opcode::kF32Const) bits = uint32_t(bits);
  before_const_ = {true, was_fusable_, last_start_, last_op_, last_dst_word_};
  Put<IrOp::kConst>(Slot(ctx.height_before), bits);
  Produced();
  last_is_const_ = true;
}

void Compiler::VisitBinary(const Instruction&, const OpContext& ctx, IrOp ir) {
  fusable_ = was_fusable_;  // may fuse with the op before
  EmitBinop(ir, ImmVariant(ir), ctx.height_before);
}

void Compiler::VisitUnary(const Instruction&, const OpContext& ctx, IrOp ir) {
  const uint32_t height = ctx.height_before;
  Put(ir, {Slot(height - 1), Src(height - 1)});
  Produced();
}

bool Compiler::TryRotationChain(IrOp shifted, uint64_t d, uint64_t a, uint64_t x, uint64_t s) {
  // `a` is the running xor, in this op's own slot, which the op just
  // before (a rotation chain of the same x) made; x is another slot (the
  // ops before read it after writing d).
  if (a != d || x == d || (shifted != IrOp::kI32XorRotl && shifted != IrOp::kI32XorShrU)) return false;
  IrOp before = IrOp::kCount;
  const int64_t at = OpBefore(0, {IrOp::kI32RotlImm, IrOp::kI32RotlXorRotl}, &before);
  if (at < 0 || code_[at + 1].u != d || code_[at + 2].u != x) return false;
  if (before == IrOp::kI32RotlImm && shifted != IrOp::kI32XorRotl) return false;
  // The counts so far: the rotate's, or the two of the chain.
  const uint64_t first = before == IrOp::kI32RotlImm ? code_[at + 3].u & 31 : code_[at + 3].u;
  const uint64_t second = before == IrOp::kI32RotlImm ? s : code_[at + 4].u;
  code_.resize(at);
  ForgetLastOp();
  if (before == IrOp::kI32RotlImm) {
    Put<IrOp::kI32RotlXorRotl>(d, x, first, second);
  } else {
    Put(shifted == IrOp::kI32XorRotl ? IrOp::kI32RotlXorRotlXorRotl : IrOp::kI32RotlXorRotlXorShrU,
        {d, x, first, second, s});
  }
  return true;
}

bool Compiler::TryProductOfThree(uint32_t height) {
  // (x*y) * z: the product just before, into the left operand's own slot
  // (a temporary only this op reads); z a local or constant that emitted
  // nothing since.
  if (!LastOpMade(height - 2) || last_op_ != IrOp::kF64Mul) return false;
  const uint64_t x = LastOperand(1, OperandKind::kSlot), y = LastOperand(2, OperandKind::kSlot);
  const uint64_t z = Src(height - 1);
  if (z == Slot(height - 2)) return false;  // (x*y) * (x*y) reads the product twice
  code_.resize(last_start_);
  ForgetLastOp();
  Put<IrOp::kF64MulMul>(Slot(height - 2), x, y, z);
  Produced();
  return true;
}

bool Compiler::TryProductSum(IrOp op, uint32_t height) {
  // The product is the op just before, into a temporary this op alone
  // reads: the right operand (c + x*y) or the left one (x*y + c, with c a
  // local or constant that emitted nothing since).
  if (!fusable_ || last_op_ != IrOp::kF64Mul) return false;
  const uint64_t x = LastOperand(1, OperandKind::kSlot), y = LastOperand(2, OperandKind::kSlot);
  const uint64_t product = code_[last_dst_word_].u;
  const bool right = where_[height - 1] == kInSlot && product == Slot(height - 1);
  const bool left = !right && where_[height - 2] == kInSlot && product == Slot(height - 2);
  if (!right && !left) return false;
  const uint64_t d = Slot(height - 2);
  const uint64_t c = right ? Src(height - 2) : Src(height - 1);
  if (!right && c == product) return false;  // x*y + x*y reads the product twice
  code_.resize(last_start_);
  ForgetLastOp();
  const bool add = op == IrOp::kF64Add;
  if (right) {
    Put(add ? IrOp::kF64AddMul : IrOp::kF64SubMul, {d, c, x, y});
  } else {
    Put(add ? IrOp::kF64MulAdd : IrOp::kF64MulSub, {d, x, y, c});
  }
  Produced();
  return true;
}

void Compiler::EmitBinop(IrOp op, IrOp imm_op, uint32_t height) {
  uint64_t d = Slot(height - 2);
  uint64_t a = Src(height - 2);
  // A plain (not indexed) load just before feeding the right operand
  // becomes part of the op; so does one feeding the left operand of an
  // integer op whose operands commute, when the right one emitted nothing
  // since (a local). The load's code offset is kept for backtraces: only
  // the load part can trap.
  const MemVariant mem = MemVariantOf(op);
  const bool commutes = op == IrOp::kI32Add || op == IrOp::kI32Xor || op == IrOp::kI64Add;
  const bool load_right = last_op_ == mem.load && LastOpMade(height - 1);
  const bool load_left = !load_right && commutes && last_op_ == mem.load && LastOpMade(height - 2) &&
                         Src(height - 1) != Slot(height - 2);
  if (mem.op != IrOp::kCount && (load_right || load_left)) {
    const uint64_t base = LastOperand(1, OperandKind::kSlot),
                   off = LastOperand(2, OperandKind::kOffset), k = LastOperand(3, OperandKind::kK);
    // The same op just before made the left operand into this op's own
    // slot (a sum of loads): one op, the first sum never written.
    const int64_t first = load_right && a == d ? OpBefore(1, {mem.op}) : -1;
    if (first >= 0 && code_[first + 1].u == d) {
      const auto& pcs = out_->pc_offsets;
      const uint32_t first_load = pcs[pcs.size() - 2].second, second_load = pcs.back().second;
      const uint64_t a1 = code_[first + 2].u, base1 = code_[first + 3].u,
                     off1 = code_[first + 4].u, k1 = code_[first + 5].u;
      code_.resize(first);
      ForgetLastOp();
      ForgetLastOp();
      const uint32_t at = Put(mem.twice, {d, a1, base1, off1, k1, base, off, k});
      out_->pc_offsets.back().second = first_load;
      out_->pc_offsets.emplace_back(at + 6, second_load);
      Produced();
      return;
    }
    code_.resize(last_start_);
    Put(mem.op, {d, load_right ? a : Src(height - 1), base, off, k});
    ForgetLastOp();  // keep the load's entry (same code index)
    Produced();
    return;
  }
  if ((op == IrOp::kF64Add || op == IrOp::kF64Sub) && TryProductSum(op, height)) return;
  if (op == IrOp::kF64Mul && TryProductOfThree(height)) return;
  // A shift or rotate by a constant feeding the right operand of an add,
  // or or xor becomes one op (array indexing, hashes); so does one feeding
  // the left operand, the operands swapped (they commute), when the right
  // one emitted nothing since (a hash finaliser's `(x >> 16) ^ x`).
  const IrOp shifted = ShiftedOperandForm(op, last_op_);
  const bool shift_right = shifted != IrOp::kCount && LastOpMade(height - 1);
  const bool shift_left = shifted != IrOp::kCount && !shift_right && LastOpMade(height - 2) &&
                          Src(height - 1) != Slot(height - 2);
  if (shift_right || shift_left) {
    uint64_t b = LastOperand(1, OperandKind::kSlot), s = LastOperand(2, OperandKind::kImmI32) & 31;
    if (shift_left) a = Src(height - 1);
    code_.resize(last_start_);
    ForgetLastOp();
    if (!TryRotationChain(shifted, d, a, b, s)) Put(shifted, {d, a, b, s});
    Produced();
    return;
  }
  if (imm_op != IrOp::kCount && last_is_const_ && LastOpMade(height - 1)) {
    uint64_t imm = LastOperand(1, OperandKind::kBits);
    code_.resize(last_start_);
    ForgetLastOp();
    Put(imm_op, {d, a, imm});
  } else {
    Put(op, {d, a, Src(height - 1)});
  }
  Produced();
}

}  // namespace weft::interp
