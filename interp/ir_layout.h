// The operand layout of every IrOp, generated from ir_ops.def: its name and
// the kind of each operand word that follows its handler word.
//
// This is the one description of the threaded-code encoding. The compiler
// checks every op it emits against it (compiler.cc), the handlers take the
// number of words they step over from it (handler_macros.h), and the code
// printer decodes code with it (code_printer.h), so none of them can drift
// from the others. Everything here is constexpr: the layouts cost nothing at
// run time.
#ifndef WEFT_INTERP_IR_LAYOUT_H_
#define WEFT_INTERP_IR_LAYOUT_H_

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <type_traits>

#include "interp/compiled_function.h"
#include "interp/simd/float_ops.h"
#include "interp/simd/int_ops.h"
#include "interp/simd/relaxed_ops.h"

namespace weft::interp {

// What one operand word holds (see the top of ir_ops.def).
enum class OperandKind : uint8_t {
  kDst,       // frame slot the op writes
  kSlot,      // frame slot the op reads
  kBits,      // constant, raw bits of any type
  kImmI32,    // typed constants (the right operand of an Imm op)
  kImmI64,
  kImmF32,
  kImmF64,
  kRel,       // branch target, relative to the op's first word
  kRelTable,  // last operand only: n + 1 branch targets follow (n is the
              // kCount operand before it), each relative to its own word
  kCount,     // a count (br_table size, locals to zero)
  kOffset,    // memarg offset
  kK,         // constant folded into an address: u32(base + k)
  kShift,     // shift of an indexed address's index
  kFuel,      // fuel charged for the run the op starts
  kFuelEnd,   // words from a Fuel op to the first op its charge does not cover
  kFunc,      // function index
  kType,      // type index
  kTable,     // table index
  kMemory,    // memory index (multi-memory)
  kGlobal,    // global index
  kData,      // data segment index
  kElem,      // element segment index
  kLane,      // lane index
  kHeader,    // slot of the frame's call header
  kArgs,      // first slot of a callee's frame (its arguments)
  kHex,       // 8 bytes of a v128 constant, shuffle or mask
  kTag,       // exception tag index
  kHandler,   // index of an exception handler of the function
};

// The immediate kind of an Imm op's constant of C++ type T.
template <class T>
constexpr OperandKind ImmKindOf() {
  if constexpr (std::is_same_v<T, float>) return OperandKind::kImmF32;
  else if constexpr (std::is_same_v<T, double>) return OperandKind::kImmF64;
  else if constexpr (sizeof(T) == 8) return OperandKind::kImmI64;
  else return OperandKind::kImmI32;
}

inline constexpr int kMaxOperands = 8;

struct IrLayout {
  uint8_t count = 0;  // entries of `kinds`
  // Words every instance of the op takes after its handler word; a
  // kRelTable operand adds a variable tail (BrTable) beyond these.
  uint8_t fixed_words = 0;
  OperandKind kinds[kMaxOperands] = {};

  constexpr IrLayout(std::initializer_list<OperandKind> list) {
    for (OperandKind k : list) Add(k);
  }
  constexpr void Add(OperandKind k) {
    if (count == kMaxOperands) MoreOperandsThankMaxOperands();
    kinds[count++] = k;
    if (k != OperandKind::kRelTable) fixed_words = count;
  }

 private:
  // Not constexpr: reaching it makes the table fail to compile.
  static void MoreOperandsThankMaxOperands() {}
};

struct IrOpInfo {
  IrOp op;
  const char* name;  // the IrOp's name without the k: "I32AddImm"
  IrLayout layout;
};

namespace ir_layout_internal {

// A pure SIMD op's layout is its function's signature: the result, then
// one slot per parameter (simd_ops.def).
template <class R, class... A>
constexpr IrLayout SimdLayout(R (*)(A...)) {
  IrLayout layout{OperandKind::kDst};
  for (size_t i = 0; i < sizeof...(A); ++i) layout.Add(OperandKind::kSlot);
  return layout;
}

using enum OperandKind;

// A parenthesised layout from ir_ops.def as an IrLayout.
#define WEFT_IR_OPERANDS(...) IrLayout{__VA_ARGS__}
#define WEFT_IR_LAYOUT(Parenthesised) WEFT_IR_OPERANDS Parenthesised

inline constexpr IrOpInfo kIrOps[] = {
#define WEFT_IR_FORM(NAME, L) {IrOp::k##NAME, #NAME, WEFT_IR_LAYOUT(L)},
#define IR_SIMD(N) {IrOp::k##N, #N, SimdLayout(&simd::N)},
#define IR_SIMD_OP(N, L) {IrOp::k##N, #N, WEFT_IR_LAYOUT(L)},
#define IR_V128_OP(N, L) {IrOp::k##N, #N, WEFT_IR_LAYOUT(L)},
#include "interp/ir_op_forms.def"
#undef WEFT_IR_FORM
};

#undef WEFT_IR_OPERANDS
#undef WEFT_IR_LAYOUT

// The table is indexed by IrOp: every op has exactly one entry, in the
// enum's order (both expand ir_op_forms.def; this check holds them to it).
constexpr bool InEnumOrder() {
  for (size_t i = 0; i < std::size(kIrOps); ++i) {
    if (kIrOps[i].op != static_cast<IrOp>(i)) return false;
  }
  return true;
}
static_assert(std::size(kIrOps) == static_cast<size_t>(IrOp::kCount),
              "an IrOp has no layout entry");
static_assert(InEnumOrder(), "layout table out of step with the IrOp enum");

}  // namespace ir_layout_internal

constexpr const IrOpInfo& GetIrOpInfo(IrOp op) {
  return ir_layout_internal::kIrOps[static_cast<size_t>(op)];
}
constexpr const IrLayout& LayoutOf(IrOp op) { return GetIrOpInfo(op).layout; }
// Words an instance of `op` takes, its handler word included (BrTable:
// without its table of targets).
constexpr uint32_t WordsOf(IrOp op) { return 1 + LayoutOf(op).fixed_words; }

}  // namespace weft::interp

#endif  // WEFT_INTERP_IR_LAYOUT_H_
