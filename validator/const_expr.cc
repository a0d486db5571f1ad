#include "validator/const_expr.h"

#include "absl/container/inlined_vector.h"
#include "absl/strings/str_cat.h"
#include "base/byte_offset.h"

namespace weft {
namespace validator_internal {
namespace {

absl::Status ErrorAt(uint32_t offset, absl::string_view message) {
  return ErrorAtByteOffset(message, offset);
}

}  // namespace

absl::Status CheckConstExpr(const Module& module, const ConstExpr& expr, ValType expected,
                            const ConstExprRules& rules) {
  const uint32_t visible_globals = rules.visible_globals;
  const bool extended = rules.extended;
  ByteReader in(module.data_at(expr.code), expr.code.size(), expr.code.begin);
  InstructionReader reader(&in);
  Instruction ins;
  // Constants push one value; the extended-const arithmetic pops two of
  // its type and pushes one. No control flow, so a plain stack types it.
  absl::InlinedVector<ValType, 4> stack;
  auto binary = [&stack](ValType t) {
    const size_t n = stack.size();
    if (n < 2 || stack[n - 1] != t || stack[n - 2] != t) return false;
    stack.pop_back();
    return true;
  };
  for (;;) {
    if (!reader.Read(&ins)) return in.status();
    switch (ins.op) {
      case Opcode::kI32Const: stack.push_back(ValType::kI32); break;
      case Opcode::kI64Const: stack.push_back(ValType::kI64); break;
      case Opcode::kF32Const: stack.push_back(ValType::kF32); break;
      case Opcode::kF64Const: stack.push_back(ValType::kF64); break;
      case Opcode::kV128Const: stack.push_back(ValType::kV128); break;
      case Opcode::kRefNull: stack.push_back(ins.value_type); break;
      case Opcode::kRefFunc:
        if (ins.index >= module.total_funcs()) {
          return ErrorAt(ins.offset, absl::StrCat("unknown function ", ins.index));
        }
        stack.push_back(rules.typed_refs
                            ? MakeConcreteRefType(false, module.func_type_index(ins.index))
                            : ValType::kFuncRef);
        break;
      case Opcode::kGlobalGet: {
        // 3.0: imported globals and those defined before the one being
        // initialised (all of them, for segments); only immutable ones.
        if (ins.index >= visible_globals || ins.index >= module.total_globals()) {
          return ErrorAt(ins.offset, absl::StrCat("unknown global ", ins.index));
        }
        GlobalType g = module.global_type(ins.index);
        if (g.is_mutable) return ErrorAt(ins.offset, "constant expression required");
        stack.push_back(g.type);
        break;
      }
      // Extended constant expressions (3.0): wrapping integer add/sub/mul.
      case Opcode::kI32Add:
      case Opcode::kI32Sub:
      case Opcode::kI32Mul:
        if (!extended) return ErrorAt(ins.offset, "constant expression required");
        if (!binary(ValType::kI32)) return ErrorAt(ins.offset, "type mismatch");
        break;
      case Opcode::kI64Add:
      case Opcode::kI64Sub:
      case Opcode::kI64Mul:
        if (!extended) return ErrorAt(ins.offset, "constant expression required");
        if (!binary(ValType::kI64)) return ErrorAt(ins.offset, "type mismatch");
        break;
      case Opcode::kEnd:
        if (stack.size() != 1 || !rules.types->IsSubtype(stack[0], expected)) {
          return ErrorAt(ins.offset, "type mismatch");
        }
        return absl::OkStatus();
      default:
        return ErrorAt(ins.offset, "constant expression required");
    }
  }
}

}  // namespace validator_internal
}  // namespace weft
