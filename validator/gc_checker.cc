// Typing of the GC instructions (WebAssembly 3.0): ref.eq and the 0xFB
// instructions. Part of FunctionChecker (function_checker.h); kept apart
// so the core checker stays about control and variables.
#include "absl/strings/str_cat.h"
#include "validator/function_checker.h"

namespace weft {
namespace {

// The type a field's value has on the stack: packed fields read as i32.
ValType Unpacked(const FieldType& f) { return f.packed == Packed::kNone ? f.type : ValType::kI32; }

// The limit on array.new_fixed's operand count: an implementation limit
// (the operands are all on the value stack), far above real producers.
constexpr uint32_t kMaxNewFixed = 10000;

}  // namespace

// The definition of type index `index` when it is a `kind` type.
bool FunctionChecker::GcType(uint32_t index, CompositeKind kind, const TypeDef** out) {
  if (index >= module_->types.size()) return FailIndex("unknown type", index);
  *out = &module_->types[index];
  if ((*out)->kind != kind) return Fail("type mismatch");
  return true;
}

bool FunctionChecker::StepGc(const Instruction& ins) {
  const RefTypes& types = mctx_->types();
  const TypeDef* t = nullptr;
  const ValType eqref = MakeRefType(true, HeapType::kEq);
  auto ref_to = [&](bool nullable) { return MakeConcreteRefType(nullable, ins.index); };
  auto data_index = [&](uint32_t d) {
    if (!module_->data_count) return Fail("data count section required");
    if (d >= *module_->data_count) return FailIndex("unknown data segment", d);
    return true;
  };
  // An array of numbers or vectors (array.new_data, array.init_data).
  auto numeric = [&](const TypeDef* a) {
    return IsRefType(a->fields[0].type) ? Fail("array type is not numeric or vector") : true;
  };
  auto elem_fits = [&](uint32_t e, const TypeDef* a) {
    if (e >= module_->elements.size()) return FailIndex("unknown elem segment", e);
    const ValType seg = RefTypes::ElemSegmentType(module_->elements[e], mctx_->features());
    return types.IsSubtype(seg, a->fields[0].type) ? true : Fail("type mismatch");
  };
  auto mutable_array = [&](const TypeDef* a) {
    return a->fields[0].is_mutable ? true : Fail("immutable array");
  };
  switch (ins.op) {
    case Opcode::kRefEq:
      if (!PopExpect(eqref) || !PopExpect(eqref)) return false;
      Push(ValType::kI32);
      return true;
    case Opcode::kStructNew:
    case Opcode::kStructNewDefault:
      if (!GcType(ins.index, CompositeKind::kStruct, &t)) return false;
      if (ins.op == Opcode::kStructNew) {
        for (size_t i = t->fields.size(); i-- > 0;) {
          if (!PopExpect(Unpacked(t->fields[i]))) return false;
        }
      } else {
        for (const FieldType& f : t->fields) {
          if (!IsDefaultable(f.type)) return Fail("field type is not defaultable");
        }
      }
      Push(ref_to(false));
      return true;
    case Opcode::kStructGet:
    case Opcode::kStructGetS:
    case Opcode::kStructGetU:
    case Opcode::kStructSet: {
      if (!GcType(ins.index, CompositeKind::kStruct, &t)) return false;
      if (ins.index2 >= t->fields.size()) return FailIndex("unknown field", ins.index2);
      const FieldType& f = t->fields[ins.index2];
      if (ins.op == Opcode::kStructSet) {
        if (!f.is_mutable) return Fail("immutable field");
        return PopExpect(Unpacked(f)) && PopExpect(ref_to(true));
      }
      if ((ins.op == Opcode::kStructGet) != (f.packed == Packed::kNone)) {
        return Fail(f.packed == Packed::kNone ? "field is unpacked" : "field is packed");
      }
      if (!PopExpect(ref_to(true))) return false;
      Push(Unpacked(f));
      return true;
    }
    case Opcode::kArrayNew:
    case Opcode::kArrayNewDefault:
    case Opcode::kArrayNewFixed:
    case Opcode::kArrayNewData:
    case Opcode::kArrayNewElem: {
      if (!GcType(ins.index, CompositeKind::kArray, &t)) return false;
      const ValType elem = Unpacked(t->fields[0]);
      switch (ins.op) {
        case Opcode::kArrayNew:
          if (!PopExpect(ValType::kI32) || !PopExpect(elem)) return false;
          break;
        case Opcode::kArrayNewDefault:
          if (!IsDefaultable(elem)) return Fail("array type is not defaultable");
          if (!PopExpect(ValType::kI32)) return false;
          break;
        case Opcode::kArrayNewFixed:
          if (ins.index2 > kMaxNewFixed) return Fail("array.new_fixed operand count too large");
          for (uint32_t i = 0; i < ins.index2; ++i) {
            if (!PopExpect(elem)) return false;
          }
          break;
        case Opcode::kArrayNewData:
          if (!numeric(t) || !data_index(ins.index2)) return false;
          if (!PopExpect(ValType::kI32) || !PopExpect(ValType::kI32)) return false;
          break;
        default:  // kArrayNewElem
          if (!elem_fits(ins.index2, t)) return false;
          if (!PopExpect(ValType::kI32) || !PopExpect(ValType::kI32)) return false;
          break;
      }
      Push(ref_to(false));
      return true;
    }
    case Opcode::kArrayGet:
    case Opcode::kArrayGetS:
    case Opcode::kArrayGetU: {
      if (!GcType(ins.index, CompositeKind::kArray, &t)) return false;
      const FieldType& f = t->fields[0];
      if ((ins.op == Opcode::kArrayGet) != (f.packed == Packed::kNone)) {
        return Fail(f.packed == Packed::kNone ? "array is unpacked" : "array is packed");
      }
      if (!PopExpect(ValType::kI32) || !PopExpect(ref_to(true))) return false;
      Push(Unpacked(f));
      return true;
    }
    case Opcode::kArraySet:
      if (!GcType(ins.index, CompositeKind::kArray, &t) || !mutable_array(t)) return false;
      return PopExpect(Unpacked(t->fields[0])) && PopExpect(ValType::kI32) &&
             PopExpect(ref_to(true));
    case Opcode::kArrayLen:
      if (!PopExpect(MakeRefType(true, HeapType::kArray))) return false;
      Push(ValType::kI32);
      return true;
    case Opcode::kArrayFill:
      if (!GcType(ins.index, CompositeKind::kArray, &t) || !mutable_array(t)) return false;
      return PopExpect(ValType::kI32) && PopExpect(Unpacked(t->fields[0])) &&
             PopExpect(ValType::kI32) && PopExpect(ref_to(true));
    case Opcode::kArrayCopy: {
      const TypeDef* src = nullptr;
      if (!GcType(ins.index, CompositeKind::kArray, &t) || !mutable_array(t)) return false;
      if (!GcType(ins.index2, CompositeKind::kArray, &src)) return false;
      const FieldType& d = t->fields[0];
      const FieldType& s = src->fields[0];
      if (d.packed != s.packed || !types.IsSubtype(s.type, d.type)) return Fail("type mismatch");
      return PopExpect(ValType::kI32) && PopExpect(ValType::kI32) &&
             PopExpect(MakeConcreteRefType(true, ins.index2)) && PopExpect(ValType::kI32) &&
             PopExpect(ref_to(true));
    }
    case Opcode::kArrayInitData:
    case Opcode::kArrayInitElem:
      if (!GcType(ins.index, CompositeKind::kArray, &t) || !mutable_array(t)) return false;
      if (ins.op == Opcode::kArrayInitData ? !numeric(t) || !data_index(ins.index2)
                                           : !elem_fits(ins.index2, t)) {
        return false;
      }
      return PopExpect(ValType::kI32) && PopExpect(ValType::kI32) && PopExpect(ValType::kI32) &&
             PopExpect(ref_to(true));
    case Opcode::kRefTest:
    case Opcode::kRefTestNull:
    case Opcode::kRefCast:
    case Opcode::kRefCastNull: {
      const bool nullable = ins.op == Opcode::kRefTestNull || ins.op == Opcode::kRefCastNull;
      const ValType rt = WithNullability(ins.value_type, nullable);
      if (!CheckType(rt)) return false;
      if (!PopExpect(MakeRefType(true, types.TopOf(rt)))) return false;
      Push(ins.op == Opcode::kRefTest || ins.op == Opcode::kRefTestNull ? ValType::kI32 : rt);
      return true;
    }
    case Opcode::kBrOnCast:
    case Opcode::kBrOnCastFail: {
      const ValType rt1 = ins.value_type, rt2 = ins.value_type2;
      if (!CheckType(rt1) || !CheckType(rt2)) return false;
      if (!types.IsSubtype(rt2, rt1)) return Fail("type mismatch");
      absl::Span<const ValType> lt;
      if (!LabelTypes(ins.index, &lt)) return false;
      if (lt.empty()) return Fail("type mismatch");
      // rt1 without rt2's values: non-null when rt2 takes the nulls.
      const ValType diff = RefIsNullable(rt2) ? WithNullability(rt1, false) : rt1;
      const bool on_cast = ins.op == Opcode::kBrOnCast;
      if (!types.IsSubtype(on_cast ? rt2 : diff, lt.back())) return Fail("type mismatch");
      if (!PopExpect(rt1)) return false;
      const absl::Span<const ValType> rest = lt.subspan(0, lt.size() - 1);
      if (!PopTypes(rest)) return false;
      PushTypes(rest);
      Push(on_cast ? diff : rt2);
      return true;
    }
    case Opcode::kAnyConvertExtern:
    case Opcode::kExternConvertAny: {
      const bool to_any = ins.op == Opcode::kAnyConvertExtern;
      const HeapType from = to_any ? HeapType::kExtern : HeapType::kAny;
      ValType v;
      if (!PopAny(&v)) return false;
      if (v != kUnknownType && !types.IsSubtype(v, MakeRefType(true, from))) {
        return Fail("type mismatch");
      }
      const bool nullable = v == kUnknownType || RefIsNullable(v);
      Push(MakeRefType(nullable, to_any ? HeapType::kAny : HeapType::kExtern));
      return true;
    }
    case Opcode::kRefI31:
      if (!PopExpect(ValType::kI32)) return false;
      Push(MakeRefType(false, HeapType::kI31));
      return true;
    case Opcode::kI31GetS:
    case Opcode::kI31GetU:
      if (!PopExpect(MakeRefType(true, HeapType::kI31))) return false;
      Push(ValType::kI32);
      return true;
    default:
      return Fail("unknown GC instruction");
  }
}

}  // namespace weft
