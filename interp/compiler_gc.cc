// The compiler's GC instructions (ir_ops.def's GC block; handlers in
// gc_handlers.cc). Operands are read where they are (Src) except for the
// variable-length ones (struct.new's fields, array.new_fixed's values),
// which are materialised into consecutive slots. Results go to the slot of
// the first operand, as for every value-producing op.
#include "interp/compiler.h"

namespace weft::interp {

bool Compiler::MayHoldGcRef(ValType t) const {
  if (!IsRefType(t)) return false;
  switch (RefHeapType(t)) {
    case HeapType::kConcrete:
      return module_ != nullptr && RefTypeIndex(t) < module_->types.size() &&
             !module_->types[RefTypeIndex(t)].is_func();
    case HeapType::kFunc:
    case HeapType::kNoFunc:
    case HeapType::kExn:
    case HeapType::kNoExn:
      return false;
    default:  // any, eq, i31, struct, array, none, extern, noextern
      return true;
  }
}

void Compiler::NoteSafepoint(uint32_t word, uint32_t below, absl::Span<const uint32_t> extra) {
  const uint32_t begin = uint32_t(out_->safepoint_slots.size());
  std::vector<uint32_t>& slots = out_->safepoint_slots;
  slots.insert(slots.end(), gc_local_slots_.begin(), gc_local_slots_.end());
  for (uint32_t p = 0; p < below && p < where_.size(); ++p) {
    if (where_[p] == kInSlot && MayHoldGcRef(view_->stack_type(p))) {
      slots.push_back(uint32_t(Slot(p)));
    }
  }
  slots.insert(slots.end(), extra.begin(), extra.end());
  const uint32_t count = uint32_t(slots.size()) - begin;
  if (count != 0) out_->safepoints.push_back({word, begin, count});
}

// The stack map of an allocation at the next op: the entries below its
// `n` operands, and those operands (values about to be stored in the new
// object) that are references in their own slots.
void Compiler::NoteAllocation(uint32_t h, uint32_t n, ValType operand_type) {
  std::vector<uint32_t> extra;
  if (MayHoldGcRef(operand_type)) {
    for (uint32_t p = h - n; p < h; ++p) {
      if (where_[p] == kInSlot) extra.push_back(uint32_t(Slot(p)));
    }
  }
  NoteSafepoint(AllocationSafepoint(), h - n, extra);
}

// An allocation's safepoint is the word after its handler word (its first
// operand): never an op's start, so never the return word of a call just
// before it, whose map differs (the call's results are operands here).
uint32_t Compiler::AllocationSafepoint() const { return uint32_t(code_.size()) + 1; }

void Compiler::VisitGc(const Instruction& ins, const OpContext& ctx, IrOp) {
  const uint32_t h = ctx.height_before;
  const TypeDef* def =
      module_ != nullptr && ins.index < module_->types.size() ? &module_->types[ins.index] : nullptr;
  // An allocating op's element (field) type; i32 when none matters.
  const ValType elem = def != nullptr && !def->fields.empty() ? def->fields[0].type : ValType::kI32;
  // The fields of struct.new x (array.new_fixed: its count of values).
  auto field_count = [&]() -> uint32_t {
    if (ins.op == Opcode::kArrayNewFixed) return ins.index2;
    return module_ != nullptr && ins.index < module_->types.size()
               ? uint32_t(module_->types[ins.index].fields.size())
               : 0;
  };
  switch (ins.op) {
    case Opcode::kStructNew:
    case Opcode::kArrayNewFixed: {
      const uint32_t n = field_count();
      if (n > h) return Fail(absl::InternalError("struct.new operands"));
      for (uint32_t p = h - n; p < h; ++p) Materialize(p);
      if (ins.op == Opcode::kStructNew) {
        // Field types differ: the ones that may hold objects are roots.
        std::vector<uint32_t> extra;
        for (uint32_t i = 0; i < n; ++i) {
          if (MayHoldGcRef(def->fields[i].type)) extra.push_back(uint32_t(Slot(h - n + i)));
        }
        NoteSafepoint(AllocationSafepoint(), h - n, extra);
        Put<IrOp::kStructNew>(Slot(h - n), ins.index, Slot(h - n));
      } else {
        NoteAllocation(h, n, elem);
        Put<IrOp::kArrayNewFixed>(Slot(h - n), ins.index, Slot(h - n), n);
      }
      return;
    }
    case Opcode::kStructNewDefault:
      NoteAllocation(h, 0, ValType::kI32);
      Put<IrOp::kStructNewDefault>(Slot(h), ins.index);
      return;
    case Opcode::kStructGet:
      Put<IrOp::kStructGet>(Slot(h - 1), Src(h - 1), ins.index, ins.index2);
      return;
    case Opcode::kStructGetS:
      Put<IrOp::kStructGetS>(Slot(h - 1), Src(h - 1), ins.index, ins.index2);
      return;
    case Opcode::kStructGetU:
      Put<IrOp::kStructGetU>(Slot(h - 1), Src(h - 1), ins.index, ins.index2);
      return;
    case Opcode::kStructSet:
      Put<IrOp::kStructSet>(Src(h - 2), Src(h - 1), ins.index, ins.index2);
      return;
    case Opcode::kArrayNew: {
      // The fill value is a root while the array is allocated (a local's
      // slot is in every map already).
      std::vector<uint32_t> extra;
      if (MayHoldGcRef(elem) && where_[h - 2] == kInSlot) extra.push_back(uint32_t(Slot(h - 2)));
      NoteSafepoint(AllocationSafepoint(), h - 2, extra);
      Put<IrOp::kArrayNew>(Slot(h - 2), ins.index, Src(h - 2), Src(h - 1));
      return;
    }
    case Opcode::kArrayNewDefault:
      NoteAllocation(h, 1, ValType::kI32);
      Put<IrOp::kArrayNewDefault>(Slot(h - 1), ins.index, Src(h - 1));
      return;
    case Opcode::kArrayNewData:
      NoteAllocation(h, 2, ValType::kI32);
      Put<IrOp::kArrayNewData>(Slot(h - 2), ins.index, ins.index2, Src(h - 2), Src(h - 1));
      return;
    case Opcode::kArrayNewElem:
      NoteAllocation(h, 2, ValType::kI32);
      Put<IrOp::kArrayNewElem>(Slot(h - 2), ins.index, ins.index2, Src(h - 2), Src(h - 1));
      return;
    case Opcode::kArrayGet:
      Put<IrOp::kArrayGet>(Slot(h - 2), Src(h - 2), Src(h - 1), ins.index);
      return;
    case Opcode::kArrayGetS:
      Put<IrOp::kArrayGetS>(Slot(h - 2), Src(h - 2), Src(h - 1), ins.index);
      return;
    case Opcode::kArrayGetU:
      Put<IrOp::kArrayGetU>(Slot(h - 2), Src(h - 2), Src(h - 1), ins.index);
      return;
    case Opcode::kArraySet:
      Put<IrOp::kArraySet>(Src(h - 3), Src(h - 2), Src(h - 1), ins.index);
      return;
    case Opcode::kArrayLen:
      Put<IrOp::kArrayLen>(Slot(h - 1), Src(h - 1));
      return;
    case Opcode::kArrayFill:
      Put<IrOp::kArrayFill>(Src(h - 4), Src(h - 3), Src(h - 2), Src(h - 1), ins.index);
      return;
    case Opcode::kArrayCopy:
      Put<IrOp::kArrayCopy>(Src(h - 5), Src(h - 4), Src(h - 3), Src(h - 2), Src(h - 1),
                            ins.index);
      return;
    case Opcode::kArrayInitData:
      Put<IrOp::kArrayInitData>(Src(h - 4), Src(h - 3), Src(h - 2), Src(h - 1), ins.index,
                                ins.index2);
      return;
    case Opcode::kArrayInitElem:
      Put<IrOp::kArrayInitElem>(Src(h - 4), Src(h - 3), Src(h - 2), Src(h - 1), ins.index,
                                ins.index2);
      return;
    case Opcode::kRefTest:
    case Opcode::kRefTestNull:
    case Opcode::kRefCast:
    case Opcode::kRefCastNull: {
      const bool nullable = ins.op == Opcode::kRefTestNull || ins.op == Opcode::kRefCastNull;
      const uint64_t target = ValTypeCode(WithNullability(ins.value_type, nullable));
      if (ins.op == Opcode::kRefTest || ins.op == Opcode::kRefTestNull) {
        Put<IrOp::kRefTest>(Slot(h - 1), Src(h - 1), target);
      } else {
        Put<IrOp::kRefCast>(Slot(h - 1), Src(h - 1), target);
      }
      return;
    }
    case Opcode::kBrOnCast:
    case Opcode::kBrOnCastFail: {
      // Test into the scratch slot above the stack (every frame has one),
      // then branch on it with the reference left in place.
      for (uint32_t p = 0; p < h; ++p) Materialize(p);
      Put<IrOp::kRefTest>(Slot(h), Slot(h - 1), ValTypeCode(ins.value_type2));
      EmitCondBranch(Condition{IrOp::kCount, Slot(h)}, ins.op == Opcode::kBrOnCast, ins.index, h);
      return;
    }
    case Opcode::kRefI31:
      Put<IrOp::kRefI31>(Slot(h - 1), Src(h - 1));
      return;
    case Opcode::kI31GetS:
      Put<IrOp::kI31GetS>(Slot(h - 1), Src(h - 1));
      return;
    case Opcode::kI31GetU:
      Put<IrOp::kI31GetU>(Slot(h - 1), Src(h - 1));
      return;
    case Opcode::kRefEq:
      Put<IrOp::kRefEq>(Slot(h - 2), Src(h - 2), Src(h - 1));
      return;
    default:
      Fail(absl::InternalError("GC instruction without a compiler case"));
      return;
  }
}

}  // namespace weft::interp
