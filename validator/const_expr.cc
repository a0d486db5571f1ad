#include "validator/const_expr.h"

#include "absl/strings/str_cat.h"
#include "base/byte_offset.h"

namespace weft {
namespace validator_internal {
namespace {

absl::Status ErrorAt(uint32_t offset, absl::string_view message) {
  return ErrorAtByteOffset(message, offset);
}

}  // namespace

absl::Status CheckConstExpr(const Module& module, const ConstExpr& expr, ValType expected) {
  ByteReader in(module.data_at(expr.code), expr.code.size(), expr.code.begin);
  InstructionReader reader(&in);
  Instruction ins;
  // The only instructions allowed push one value each and pop none, so
  // typing reduces to counting them and remembering the last type.
  uint32_t count = 0;
  ValType last = ValType::kI32;
  uint32_t end_offset = expr.code.begin;
  for (;;) {
    if (!reader.Read(&ins)) return in.status();
    ValType t;
    switch (ins.op) {
      case Opcode::kI32Const: t = ValType::kI32; break;
      case Opcode::kI64Const: t = ValType::kI64; break;
      case Opcode::kF32Const: t = ValType::kF32; break;
      case Opcode::kF64Const: t = ValType::kF64; break;
      case Opcode::kV128Const: t = ValType::kV128; break;
      case Opcode::kRefNull: t = ins.value_type; break;
      case Opcode::kRefFunc:
        if (ins.index >= module.total_funcs()) {
          return ErrorAt(ins.offset, absl::StrCat("unknown function ", ins.index));
        }
        t = ValType::kFuncRef;
        break;
      case Opcode::kGlobalGet: {
        // Only imported globals are in scope for constant expressions.
        if (ins.index >= module.num_imported_globals) {
          return ErrorAt(ins.offset, absl::StrCat("unknown global ", ins.index));
        }
        GlobalType g = module.global_type(ins.index);
        if (g.is_mutable) return ErrorAt(ins.offset, "constant expression required");
        t = g.type;
        break;
      }
      case Opcode::kEnd:
        end_offset = ins.offset;
        if (count != 1 || last != expected) return ErrorAt(end_offset, "type mismatch");
        return absl::OkStatus();
      default:
        return ErrorAt(ins.offset, "constant expression required");
    }
    ++count;
    last = t;
  }
}

}  // namespace validator_internal
}  // namespace weft
