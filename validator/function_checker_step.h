// FunctionChecker::Step: one switch over every opcode, each case
// specialized from opcodes.def at compile time. In a header so that the
// per-instruction dispatch inlines into ValidateFunction's loop; the
// uncommon paths and all error reporting stay out of line in
// function_checker.cc.
#ifndef WEFT_VALIDATOR_FUNCTION_CHECKER_STEP_H_
#define WEFT_VALIDATOR_FUNCTION_CHECKER_STEP_H_

#include <cstdint>

#include "base/opcode.h"
#include "validator/function_checker.h"

namespace weft {
namespace validator_internal {

// Signatures from opcodes.def packed into an integer, so each opcode's case
// is compiled with its operand types as constants: byte 0 = count, bytes
// 1..3 = types. "*" packs to kSpecialSig.
constexpr uint32_t kSpecialSig = 0xFFFFFFFF;

constexpr uint8_t LetterByte(char c) {
  switch (c) {
    case 'l': return static_cast<uint8_t>(ValType::kI64);
    case 'f': return static_cast<uint8_t>(ValType::kF32);
    case 'd': return static_cast<uint8_t>(ValType::kF64);
    case 'v': return static_cast<uint8_t>(ValType::kV128);
    default: return static_cast<uint8_t>(ValType::kI32);
  }
}

constexpr uint32_t PackSig(const char* s) {
  if (s[0] == '*') return kSpecialSig;
  uint32_t n = 0;
  uint32_t packed = 0;
  while (s[n] != 0 && n < 3) {
    packed |= static_cast<uint32_t>(LetterByte(s[n])) << (8 * (n + 1));
    ++n;
  }
  return packed | n;
}

constexpr ValType SigType(uint32_t sig, int i) {
  return static_cast<ValType>((sig >> (8 * (i + 1))) & 0xFF);
}

}  // namespace validator_internal

template <Opcode op, ImmKind imm, uint8_t max_align, uint32_t params, uint32_t results>
[[gnu::always_inline]] inline bool FunctionChecker::StepOp(const Instruction& ins, OpContext* ctx) {
  // Instructions of a feature past 2.0 are refused when it is switched off;
  // decided at compile time, so 2.0 instructions pay nothing.
  constexpr uint8_t kFeature = opcode_internal::kOpcodeFeatures[static_cast<int>(op)];
  if constexpr (kFeature != opcode_internal::kNoFeature) {
    if (!mctx_->features().Has(static_cast<WasmFeature>(kFeature))) {
      return FailDisabled(static_cast<WasmFeature>(kFeature));
    }
  }
  if constexpr (params == validator_internal::kSpecialSig) {
    // The hottest hand-typed instructions get inline fast paths; anything
    // unusual (including every error) takes the general route.
    if constexpr (op == Opcode::kLocalGet) {
      if (ins.index < locals_.size() && !track_init_) {
        stack_.push_back(locals_[ins.index]);
        return true;
      }
    } else if constexpr (op == Opcode::kLocalSet || op == Opcode::kLocalTee) {
      const size_t size = stack_.size();
      if (ins.index < locals_.size() && !track_init_ && size > ctrl_.back().height &&
          stack_[size - 1] == locals_[ins.index]) {
        if constexpr (op == Opcode::kLocalSet) stack_.pop_back();
        return true;
      }
    } else if constexpr (op == Opcode::kBlock) {
      return PushFrame(FrameKind::kBlock, ins.block_type, ctx);
    } else if constexpr (op == Opcode::kLoop) {
      return PushFrame(FrameKind::kLoop, ins.block_type, ctx);
    } else if constexpr (op == Opcode::kEnd) {
      return StepEnd(ctx);
    }
    return StepSpecial(ins, ctx);
  } else {
    const OpTyping& t = typing_[static_cast<int>(op)];
    // Ops with lane immediates or index immediates always take the general
    // route (rare); the rest is decided at compile time.
    constexpr bool kGeneral = imm == ImmKind::Lane || imm == ImmKind::MemArgLane ||
                              imm == ImmKind::Shuffle || imm == ImmKind::MemoryInit ||
                              imm == ImmKind::DataIdx || imm == ImmKind::ElemIdx ||
                              imm == ImmKind::TableIdx;
    constexpr bool kHasMemArg = imm == ImmKind::MemArg;
    constexpr bool kUsesMemory = kHasMemArg || imm == ImmKind::MemIdx || imm == ImmKind::MemoryCopy;
    if constexpr (kGeneral) {
      return StepSimple(ins, t);
    } else if constexpr (kUsesMemory) {
      if (!has_memory_) return StepSimple(ins, t);
      if constexpr (kHasMemArg) {
        if (ins.memarg.align_log2 > max_align || ins.memarg.memory != 0 ||
            ins.memarg.offset > UINT32_MAX) {
          return StepSimple(ins, t);
        }
      } else if constexpr (imm == ImmKind::MemoryCopy) {
        if (ins.index != 0 || ins.index2 != 0) return StepSimple(ins, t);
      } else {  // MemIdx
        if (ins.index != 0) return StepSimple(ins, t);
      }
    }
    constexpr size_t n = params & 0xFF;
    const size_t size = stack_.size();
    if (size < ctrl_.back().height + n) return StepSimple(ins, t);
    const ValType* top = stack_.data() + size - n;
    if constexpr (n >= 1) {
      if (top[0] != validator_internal::SigType(params, 0)) return StepSimple(ins, t);
    }
    if constexpr (n >= 2) {
      if (top[1] != validator_internal::SigType(params, 1)) return StepSimple(ins, t);
    }
    if constexpr (n >= 3) {
      if (top[2] != validator_internal::SigType(params, 2)) return StepSimple(ins, t);
    }
    if constexpr ((results & 0xFF) == 1) {
      if constexpr (n == 0) {
        stack_.push_back(validator_internal::SigType(results, 0));
      } else {
        stack_.resize(size - n + 1);
        stack_[size - n] = validator_internal::SigType(results, 0);
      }
    } else {
      stack_.resize(size - n);
    }
    return true;
  }
}

[[gnu::always_inline]] inline bool FunctionChecker::Step(const Instruction& ins, OpContext* ctx) {
  offset_ = ins.offset;
  ctx->height_before = static_cast<uint32_t>(stack_.size());
  ctx->unreachable = ctrl_.back().unreachable;
  ctx->frame = nullptr;
  ctx->func_type = nullptr;
  bool ok = false;
  switch (ins.op) {
#define WEFT_OP(name, prefix, code, text, imm, align, params, results)             \
  case Opcode::k##name:                                                            \
    ok = StepOp<Opcode::k##name, ImmKind::imm, align, validator_internal::PackSig(params), validator_internal::PackSig(results)>( \
        ins, ctx);                                                                  \
    break;
#include "base/opcodes.def"
#undef WEFT_OP
    case Opcode::kCount:
      break;
  }
  ctx->height_after = static_cast<uint32_t>(stack_.size());
  return ok;
}

}  // namespace weft

#endif  // WEFT_VALIDATOR_FUNCTION_CHECKER_STEP_H_
