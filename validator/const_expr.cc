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

// Pops `t` (or a subtype) off `stack`.
bool Pop(absl::InlinedVector<ValType, 4>* stack, ValType t, const ConstExprRules& rules) {
  if (stack->empty() || !rules.types->IsSubtype(stack->back(), t)) return false;
  stack->pop_back();
  return true;
}

absl::Status CheckGcConstOp(const Module& module, const Instruction& ins,
                            const ConstExprRules& rules, absl::InlinedVector<ValType, 4>* stack) {
  auto mismatch = [&] { return ErrorAt(ins.offset, "type mismatch"); };
  auto unpacked = [](const FieldType& f) {
    return f.packed == Packed::kNone ? f.type : ValType::kI32;
  };
  const TypeDef* t = nullptr;
  if (GetOpcodeInfo(ins.op).imm != ImmKind::None) {
    if (ins.index >= module.types.size()) {
      return ErrorAt(ins.offset, absl::StrCat("unknown type ", ins.index));
    }
    t = &module.types[ins.index];
    const bool is_struct = ins.op == Opcode::kStructNew || ins.op == Opcode::kStructNewDefault;
    if (t->kind != (is_struct ? CompositeKind::kStruct : CompositeKind::kArray)) return mismatch();
  }
  switch (ins.op) {
    case Opcode::kStructNew:
      for (size_t i = t->fields.size(); i-- > 0;) {
        if (!Pop(stack, unpacked(t->fields[i]), rules)) return mismatch();
      }
      break;
    case Opcode::kStructNewDefault:
      for (const FieldType& f : t->fields) {
        if (!IsDefaultable(f.type)) return mismatch();
      }
      break;
    case Opcode::kArrayNew:
      if (!Pop(stack, ValType::kI32, rules) || !Pop(stack, unpacked(t->fields[0]), rules)) {
        return mismatch();
      }
      break;
    case Opcode::kArrayNewDefault:
      if (!IsDefaultable(t->fields[0].type) || !Pop(stack, ValType::kI32, rules)) {
        return mismatch();
      }
      break;
    case Opcode::kArrayNewFixed:
      if (ins.index2 > 10000) return ErrorAt(ins.offset, "array.new_fixed operand count too large");
      for (uint32_t i = 0; i < ins.index2; ++i) {
        if (!Pop(stack, unpacked(t->fields[0]), rules)) return mismatch();
      }
      break;
    case Opcode::kRefI31:
      if (!Pop(stack, ValType::kI32, rules)) return mismatch();
      stack->push_back(MakeRefType(false, HeapType::kI31));
      return absl::OkStatus();
    default: {  // the conversions keep nullability
      const bool to_any = ins.op == Opcode::kAnyConvertExtern;
      if (stack->empty()) return mismatch();
      const ValType v = stack->back();
      if (!Pop(stack, MakeRefType(true, to_any ? HeapType::kExtern : HeapType::kAny), rules)) {
        return mismatch();
      }
      stack->push_back(MakeRefType(RefIsNullable(v), to_any ? HeapType::kAny : HeapType::kExtern));
      return absl::OkStatus();
    }
  }
  stack->push_back(MakeConcreteRefType(false, ins.index));
  return absl::OkStatus();
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
      case Opcode::kRefNull:
        if (RefIsConcrete(ins.value_type) && RefTypeIndex(ins.value_type) >= module.types.size()) {
          return ErrorAt(ins.offset, absl::StrCat("unknown type ", RefTypeIndex(ins.value_type)));
        }
        stack.push_back(ins.value_type);
        break;
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
      // GC (3.0): allocations, i31 and the extern/any conversions.
      case Opcode::kStructNew:
      case Opcode::kStructNewDefault:
      case Opcode::kArrayNew:
      case Opcode::kArrayNewDefault:
      case Opcode::kArrayNewFixed:
      case Opcode::kRefI31:
      case Opcode::kAnyConvertExtern:
      case Opcode::kExternConvertAny: {
        absl::Status s = CheckGcConstOp(module, ins, rules, &stack);
        if (!s.ok()) return s;
        break;
      }
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
