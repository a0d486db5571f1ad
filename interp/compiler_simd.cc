// The compiler's part for SIMD instructions: every 0xFD opcode maps to one
// handler (simd_handlers.cc) whose operands are the usual slots plus the
// instruction's immediates (lane index, memarg offset, 16 constant bytes).
// No fusion: SIMD ops do enough work per dispatch that the generic
// operand-in-slot form costs little, and scalar code is left untouched.
#include <cstring>

#include "interp/compiler.h"

namespace weft::interp {

// i8x16.shuffle on SSSE3 hosts: two pshufb (see simd_handlers.cc).
void Compiler::EmitShuffleSsse3(const Instruction& ins, uint32_t h) {
  uint8_t mask_a[16], mask_b[16];
  for (int i = 0; i < 16; ++i) {
    const uint8_t lane = ins.bytes16[i] & 31;  // validated < 32
    mask_a[i] = lane < 16 ? lane : 0x80;
    mask_b[i] = lane < 16 ? 0x80 : lane - 16;
  }
  uint64_t words[4];
  std::memcpy(words, mask_a, 16);
  std::memcpy(words + 2, mask_b, 16);
  Put<IrOp::kI8x16ShuffleSsse3>(Slot(h - 2), Src(h - 2), Src(h - 1), words[0], words[1],
                                words[2], words[3]);
  Produced();
}

void Compiler::VisitSimd(const Instruction& ins, const OpContext& ctx, IrOp op) {
  static const bool kHasSsse3 = __builtin_cpu_supports("ssse3");
  const uint32_t h = ctx.height_before;
  fusable_ = was_fusable_;  // a memory op may take the address the op before made
  if (ins.op == Opcode::kI8x16Shuffle && kHasSsse3 && options_.host_simd) {
    EmitShuffleSsse3(ins, h);
    return;
  }
  const OpcodeInfo& info = GetOpcodeInfo(ins.op);
  const uint32_t inputs = uint32_t(std::strlen(info.params));
  const bool has_result = info.results[0] != '\0';
  // Memory ops take their address first; `i32.add x, k` just before is
  // folded in as k (the two-operand form is not: no indexed SIMD handlers).
  const bool memory = info.imm == ImmKind::MemArg || info.imm == ImmKind::MemArgLane;
  Address address;
  uint64_t offset = ins.memarg.offset;
  // Memories not in the registers: bracketed (compiler_memory.cc).
  const bool bracketed = memory && !InRegisters(ins.memarg.memory);
  if (bracketed) {
    address.base = OpenBracket(ins, h - inputs, &offset);
  } else if (memory) {
    address = TakeAddress(h - inputs, /*allow_indexed=*/false);
  }
  // Result, inputs, immediates: at most 6 words (ir_ops.def).
  uint64_t operands[kMaxOperands];
  size_t n = 0;
  if (has_result) operands[n++] = Slot(h - inputs);
  for (uint32_t i = 0; i < inputs; ++i) {
    operands[n++] = memory && i == 0 ? address.base : Src(h - inputs + i);
  }
  switch (info.imm) {
    case ImmKind::None:
      break;
    case ImmKind::Lane:
      operands[n++] = ins.lane;
      break;
    case ImmKind::MemArg:
      operands[n++] = offset;
      operands[n++] = address.k;
      break;
    case ImmKind::MemArgLane:
      operands[n++] = offset;
      operands[n++] = address.k;
      operands[n++] = ins.lane;
      break;
    case ImmKind::V128:    // the constant's halves
    case ImmKind::Shuffle: {  // the 16 lane indices
      std::memcpy(operands + n, ins.bytes16, 16);
      n += 2;
      break;
    }
    default:
      Fail(absl::InternalError(absl::StrCat("SIMD instruction ", OpcodeName(ins.op),
                                            " has an immediate the compiler does not place")));
      return;
  }
  Put(op, absl::MakeConstSpan(operands, n));
  if (has_result) Produced();
  if (bracketed) CloseBracket(ins);
}

}  // namespace weft::interp
