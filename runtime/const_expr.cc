#include "runtime/const_expr.h"

#include <optional>

#include "absl/container/inlined_vector.h"
#include "absl/strings/str_cat.h"
#include "base/byte_offset.h"
#include "base/byte_reader.h"
#include "decoder/instruction_reader.h"

namespace weft::runtime {
namespace {

absl::Status ErrorAt(uint32_t offset, absl::string_view what) {
  return ErrorAtByteOffset(what, offset);
}

// The extended-const arithmetic: wrapping, computed on unsigned bits.
std::optional<Value> Arith(Opcode op, const Value& a, const Value& b) {
  const bool i32 = op == Opcode::kI32Add || op == Opcode::kI32Sub || op == Opcode::kI32Mul;
  const ValType t = i32 ? ValType::kI32 : ValType::kI64;
  if (a.type() != t || b.type() != t) return std::nullopt;
  if (i32) {
    const uint32_t x = uint32_t(a.i32()), y = uint32_t(b.i32());
    const uint32_t r = op == Opcode::kI32Add ? x + y : op == Opcode::kI32Sub ? x - y : x * y;
    return Value::I32(int32_t(r));
  }
  const uint64_t x = uint64_t(a.i64()), y = uint64_t(b.i64());
  const uint64_t r = op == Opcode::kI64Add ? x + y : op == Opcode::kI64Sub ? x - y : x * y;
  return Value::I64(int64_t(r));
}

}  // namespace

absl::StatusOr<Value> EvalConstExpr(const Module& module, const ConstExpr& expr,
                                    const ConstExprContext& context) {
  if (expr.code.end > module.bytes.size() || expr.code.begin > expr.code.end) {
    return ErrorAt(expr.code.begin, "constant expression out of range");
  }
  ByteReader in(module.data_at(expr.code), expr.code.size(), expr.code.begin);
  InstructionReader reader(&in);
  absl::InlinedVector<Value, 4> stack;
  Instruction inst;
  while (reader.Read(&inst)) {
    switch (inst.op) {
      case Opcode::kEnd:
        if (stack.size() != 1) return ErrorAt(inst.offset, "type mismatch");
        return stack[0];
      case Opcode::kI32Const:
        stack.push_back(Value::I32(int32_t(uint32_t(inst.bits))));
        break;
      case Opcode::kI64Const:
        stack.push_back(Value::I64(int64_t(inst.bits)));
        break;
      case Opcode::kF32Const:
        stack.push_back(Value::F32Bits(uint32_t(inst.bits)));
        break;
      case Opcode::kF64Const:
        stack.push_back(Value::F64Bits(inst.bits));
        break;
      case Opcode::kV128Const: {
        uint64_t lo = 0, hi = 0;
        for (int i = 7; i >= 0; --i) {
          lo = (lo << 8) | inst.bytes16[i];
          hi = (hi << 8) | inst.bytes16[i + 8];
        }
        stack.push_back(Value::V128(lo, hi));
        break;
      }
      case Opcode::kRefNull:
        stack.push_back(Value::NullRef(inst.value_type));
        break;
      case Opcode::kRefFunc:
        if (inst.index >= module.total_funcs() || !context.ref_func) {
          return ErrorAt(inst.offset, "unknown function");
        }
        stack.push_back(context.ref_func(inst.index));
        break;
      case Opcode::kGlobalGet: {
        // The context answers only for globals that exist yet (imported,
        // or defined and already initialised).
        std::optional<Value> v;
        if (inst.index < module.total_globals() && context.global_get) {
          v = context.global_get(inst.index);
        }
        if (!v.has_value()) return ErrorAt(inst.offset, "unknown global");
        stack.push_back(*v);
        break;
      }
      case Opcode::kI32Add:
      case Opcode::kI32Sub:
      case Opcode::kI32Mul:
      case Opcode::kI64Add:
      case Opcode::kI64Sub:
      case Opcode::kI64Mul: {
        if (stack.size() < 2) return ErrorAt(inst.offset, "type mismatch");
        std::optional<Value> r = Arith(inst.op, stack[stack.size() - 2], stack.back());
        if (!r.has_value()) return ErrorAt(inst.offset, "type mismatch");
        stack.pop_back();
        stack.back() = *r;
        break;
      }
      case Opcode::kRefI31: {
        if (stack.empty() || stack.back().type() != ValType::kI32) {
          return ErrorAt(inst.offset, "type mismatch");
        }
        const uint64_t r = (uint64_t(uint32_t(stack.back().i32()) & 0x7FFFFFFFu) << 1) | 1;
        stack.back() = Value::Ref(MakeRefType(false, HeapType::kI31), r);
        break;
      }
      case Opcode::kAnyConvertExtern:
      case Opcode::kExternConvertAny: {
        // The same bits in the other hierarchy (interp/gc_heap.h).
        if (stack.empty() || !IsRefType(stack.back().type())) {
          return ErrorAt(inst.offset, "type mismatch");
        }
        const Value v = stack.back();
        const HeapType to = inst.op == Opcode::kAnyConvertExtern ? HeapType::kAny : HeapType::kExtern;
        const ValType t = MakeRefType(RefIsNullable(v.type()), to);
        stack.back() = v.is_null_ref() ? Value::NullRef(t) : Value::Ref(t, v.ref_handle());
        break;
      }
      case Opcode::kStructNew:
      case Opcode::kStructNewDefault:
      case Opcode::kArrayNew:
      case Opcode::kArrayNewDefault:
      case Opcode::kArrayNewFixed: {
        if (inst.index >= module.types.size() || !context.gc_new) {
          return ErrorAt(inst.offset, "unknown type");
        }
        size_t n = 0;
        switch (inst.op) {
          case Opcode::kStructNew: n = module.types[inst.index].fields.size(); break;
          case Opcode::kArrayNew: n = 2; break;
          case Opcode::kArrayNewDefault: n = 1; break;
          case Opcode::kArrayNewFixed: n = inst.index2; break;
          default: break;
        }
        if (n > stack.size()) return ErrorAt(inst.offset, "type mismatch");
        absl::StatusOr<Value> v = context.gc_new(
            inst.op, inst.index, inst.index2,
            absl::MakeConstSpan(stack.data() + stack.size() - n, n));
        if (!v.ok()) return v.status();
        stack.resize(stack.size() - n);
        stack.push_back(*v);
        break;
      }
      default:
        return ErrorAt(inst.offset, "constant expression required");
    }
  }
  if (!in.ok()) return in.status();
  return ErrorAt(expr.code.end, "unexpected end");
}

}  // namespace weft::runtime
