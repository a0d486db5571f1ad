// The compiler's GC instructions (ir_ops.def's GC block; handlers in
// gc_handlers.cc). Operands are read where they are (Src) except for the
// variable-length ones (struct.new's fields, array.new_fixed's values),
// which are materialised into consecutive slots. Results go to the slot of
// the first operand, as for every value-producing op.
#include "interp/compiler.h"

namespace weft::interp {

void Compiler::VisitGc(const Instruction& ins, const OpContext& ctx, IrOp) {
  const uint32_t h = ctx.height_before;
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
        Put<IrOp::kStructNew>(Slot(h - n), ins.index, Slot(h - n));
      } else {
        Put<IrOp::kArrayNewFixed>(Slot(h - n), ins.index, Slot(h - n), n);
      }
      return;
    }
    case Opcode::kStructNewDefault:
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
    case Opcode::kArrayNew:
      Put<IrOp::kArrayNew>(Slot(h - 2), ins.index, Src(h - 2), Src(h - 1));
      return;
    case Opcode::kArrayNewDefault:
      Put<IrOp::kArrayNewDefault>(Slot(h - 1), ins.index, Src(h - 1));
      return;
    case Opcode::kArrayNewData:
      Put<IrOp::kArrayNewData>(Slot(h - 2), ins.index, ins.index2, Src(h - 2), Src(h - 1));
      return;
    case Opcode::kArrayNewElem:
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
