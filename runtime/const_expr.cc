#include "runtime/const_expr.h"

#include <optional>

#include "absl/strings/str_cat.h"
#include "base/byte_offset.h"
#include "base/byte_reader.h"
#include "decoder/instruction_reader.h"

namespace weft::runtime {
namespace {

absl::Status ErrorAt(uint32_t offset, absl::string_view what) {
  return ErrorAtByteOffset(what, offset);
}

}  // namespace

absl::StatusOr<Value> EvalConstExpr(const Module& module, const ConstExpr& expr,
                                    const ConstExprContext& context) {
  if (expr.code.end > module.bytes.size() || expr.code.begin > expr.code.end) {
    return ErrorAt(expr.code.begin, "constant expression out of range");
  }
  ByteReader in(module.data_at(expr.code), expr.code.size(), expr.code.begin);
  InstructionReader reader(&in);
  std::optional<Value> result;
  Instruction inst;
  while (reader.Read(&inst)) {
    if (inst.op == Opcode::kEnd) {
      if (!result.has_value()) return ErrorAt(inst.offset, "type mismatch");
      return *result;
    }
    if (result.has_value()) {
      return ErrorAt(inst.offset, "constant expression required");
    }
    switch (inst.op) {
      case Opcode::kI32Const:
        result = Value::I32(int32_t(uint32_t(inst.bits)));
        break;
      case Opcode::kI64Const:
        result = Value::I64(int64_t(inst.bits));
        break;
      case Opcode::kF32Const:
        result = Value::F32Bits(uint32_t(inst.bits));
        break;
      case Opcode::kF64Const:
        result = Value::F64Bits(inst.bits);
        break;
      case Opcode::kV128Const: {
        uint64_t lo = 0, hi = 0;
        for (int i = 7; i >= 0; --i) {
          lo = (lo << 8) | inst.bytes16[i];
          hi = (hi << 8) | inst.bytes16[i + 8];
        }
        result = Value::V128(lo, hi);
        break;
      }
      case Opcode::kRefNull:
        result = Value::NullRef(inst.value_type);
        break;
      case Opcode::kRefFunc:
        if (inst.index >= module.total_funcs() || !context.ref_func) {
          return ErrorAt(inst.offset, "unknown function");
        }
        result = context.ref_func(inst.index);
        break;
      case Opcode::kGlobalGet:
        if (inst.index >= module.total_globals() || !context.global_get) {
          return ErrorAt(inst.offset, "unknown global");
        }
        result = context.global_get(inst.index);
        break;
      default:
        return ErrorAt(inst.offset, "constant expression required");
    }
  }
  if (!in.ok()) return in.status();
  return ErrorAt(expr.code.end, "unexpected end");
}

}  // namespace weft::runtime
