// The non-template core of the single-pass function validator: the spec's
// validation algorithm (operand stack of types with an Unknown type for
// stack-polymorphic dead code, control stack of ControlFrame). The
// template ValidateFunction (function_validator.h) drives it one
// instruction at a time and forwards each validated instruction to its
// consumer; keeping this part out of the template keeps compile times low
// and the code in one place.
//
// Reusable: Begin() resets the state but keeps the stacks' capacity, so a
// checker used for many functions allocates only while it grows.
#ifndef WEFT_VALIDATOR_FUNCTION_CHECKER_H_
#define WEFT_VALIDATOR_FUNCTION_CHECKER_H_

#include <cstdint>
#include <deque>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/types/span.h"
#include "decoder/module.h"
#include "validator/code_consumer.h"
#include "validator/module_context.h"
#include "validator/op_table.h"

namespace weft {

// Stack entry type of values pushed by dead code's polymorphic pops; never
// a real value type. ValidatorView::stack_type may return it in dead code.
inline constexpr ValType kUnknownType = static_cast<ValType>(0);

// Reads the instructions of a defined function's body for malformations
// only (illegal opcodes, bad immediates, truncation, bytes after the final
// `end`). The reference interpreter decodes everything before validating,
// so when validation fails this tells whether a malformed-bytes error
// should be reported instead. OK when the body is well-formed.
// `features` picks the memarg encoding as in InstructionReader.
absl::Status ScanFunctionBody(const Module& module, uint32_t defined_index,
                              WasmFeatures features = {});

class FunctionChecker final : public ValidatorView {
 public:
  FunctionChecker() = default;
  FunctionChecker(const FunctionChecker&) = delete;
  FunctionChecker& operator=(const FunctionChecker&) = delete;

  // Prepares for defined function `defined_index`. Fails only for an
  // out-of-range index (the module-level checks guarantee the rest).
  absl::Status Begin(const Module& module, const ModuleContext& ctx, uint32_t defined_index);

  // Validates `ins` and applies its stack effect; fills *ctx. Returns false
  // on a validation error (then error() describes it). Defined inline in
  // function_checker_step.h.
  inline bool Step(const Instruction& ins, OpContext* ctx);

  // True once the function's final `end` has been processed.
  bool done() const { return ctrl_.empty(); }

  // The first error, formatted "<text> in function N "name" (at byte
  // offset M)" (the name when the name section gives one). A type mismatch
  // says which instruction expected which operand types and what it found:
  // "type mismatch: i32.add expected [i32 i32] but got [i64 i32] ...".
  absl::Status error() const;
  // Same format for a malformed-bytes error found by the reader.
  absl::Status MalformedError(absl::string_view message, size_t offset) const;

  uint32_t func_index() const { return func_index_; }
  const FuncType& func_type() const { return *func_type_; }
  absl::Span<const ValType> locals() const { return locals_; }

  // ValidatorView.
  uint32_t control_depth() const override { return static_cast<uint32_t>(ctrl_.size()); }
  const ControlFrame& control(uint32_t depth) const override {
    return ctrl_[ctrl_.size() - 1 - depth];
  }
  ValType stack_type(uint32_t position) const override {
    return position < stack_.size() ? stack_[position] : kUnknownType;
  }
  ValType local_type(uint32_t local_index) const override { return locals_[local_index]; }
  uint32_t num_locals() const override { return static_cast<uint32_t>(locals_.size()); }

 private:
  using OpTyping = validator_internal::OpTyping;

  bool Fail(absl::string_view message);
  bool FailIndex(absl::string_view what, uint32_t index);
  // "tail calls are disabled (feature tail-call)".
  bool FailDisabled(WasmFeature feature);

  // Operand stack primitives (the spec appendix's push_val/pop_val...).
  void Push(ValType t) { stack_.push_back(t); }
  bool PopExpect(ValType expected);
  bool PopAny(ValType* out);
  bool PopTypes(absl::Span<const ValType> types);
  void PushTypes(absl::Span<const ValType> types) {
    if (types.size() == 1) {
      stack_.push_back(types[0]);  // the common case: one result
    } else if (!types.empty()) {
      stack_.insert(stack_.end(), types.begin(), types.end());
    }
  }
  // Checks that the top of the stack matches `types` without popping.
  bool PeekTypes(absl::Span<const ValType> types);
  void SetUnreachable();
  bool PushFrame(FrameKind kind, const BlockType& bt, OpContext* ctx);

  // Per-opcode case of Step; `params`/`results` are packed signatures.
  template <Opcode op, ImmKind imm, uint8_t max_align, uint32_t params, uint32_t results>
  bool StepOp(const Instruction& ins, OpContext* ctx);
  bool StepSimple(const Instruction& ins, const OpTyping& t);
  bool StepSpecial(const Instruction& ins, OpContext* ctx);
  bool StepControl(const Instruction& ins, OpContext* ctx);
  bool StepVariable(const Instruction& ins);
  bool StepTable(const Instruction& ins);
  bool StepEnd(OpContext* ctx);
  bool StepElse(OpContext* ctx);
  bool StepBrTable(const Instruction& ins);
  // throw, throw_ref, try_table and the legacy try/catch/catch_all/
  // delegate/rethrow.
  bool StepException(const Instruction& ins, OpContext* ctx);
  bool ExceptionsOn() const { return mctx_->features().Has(WasmFeature::kExceptions); }
  // return_call*: the callee's results must be the caller's (its values
  // are returned as they are); the rest of the block is unreachable.
  bool TailCallResults(const FuncType& callee);
  // A value type named inside the body (local, block type, select, ref.null).
  bool CheckType(ValType t);
  bool StepRefs(const Instruction& ins, OpContext* ctx);
  // GC: ref.eq and the 0xFB instructions (gc_checker.cc).
  bool StepGc(const Instruction& ins);
  bool GcType(uint32_t index, CompositeKind kind, const TypeDef** out);
  // Un-sets the locals set since frame `f` began.
  void ResetInits(const ControlFrame& f);
  bool CheckMemArg(const Instruction& ins, const OpTyping& t);
  // The operand and result types of a simple-signature memory or table
  // instruction, with the address (index) operands typed by the address
  // type of the memories (tables) it names (memory64). False when it
  // names a memory that does not exist (reported).
  bool AddressTypes(const Instruction& ins, const OpTyping& t, ValType params[3],
                    ValType* result);
  bool MemoryIs64(uint32_t memory) const {
    return memory < mctx_->num_memories() && mctx_->memory_is64(memory);
  }
  bool TableIs64(uint32_t table) const {
    return table < mctx_->num_tables() && mctx_->table_is64(table);
  }
  ValType TableIndexType(uint32_t table) const {
    return TableIs64(table) ? ValType::kI64 : ValType::kI32;
  }
  bool LabelTypes(uint32_t depth, absl::Span<const ValType>* out);
  // Error detail for a type mismatch: "i32.add expected [i32 i32] but got
  // [i64 i32]", from a replay of the body up to the failing instruction.
  std::string DescribeMismatch() const;
  std::string DescribeOperands(const Instruction& ins);
  bool ExpectedOperands(const Instruction& ins, std::vector<ValType>* out, bool* whole_frame);
  bool TableElemType(uint32_t table, ValType* out);

  const Module* module_ = nullptr;
  const ModuleContext* mctx_ = nullptr;
  const validator_internal::OpTyping* typing_ = nullptr;  // indexed by Opcode
  const FuncType* func_type_ = nullptr;
  uint32_t func_index_ = 0;
  uint32_t offset_ = 0;  // of the instruction being checked
  // Memory 0 exists and is 32-bit: its instructions may take the inline
  // typing path (their signatures in opcodes.def are memory 0's).
  bool has_memory_ = false;
  std::vector<ValType> locals_;
  // Non-defaultable locals ((ref $t)) must be set before they are read;
  // the set state lasts to the end of the block that set it. Only
  // functions with such locals track it (the fast paths check the flag).
  bool track_init_ = false;
  std::vector<bool> local_set_;
  std::vector<uint32_t> inits_;  // locals set, innermost block last
  // Storage for block types that are single reference types (frames hold
  // spans); a deque keeps addresses stable.
  std::deque<ValType> single_types_;
  std::vector<ValType> stack_;
  std::vector<ControlFrame> ctrl_;
  ControlFrame popped_;  // the frame an `end` removed, for OpContext::frame
  std::vector<ValType> catch_types_;  // scratch: a catch clause's label types
  std::string error_;
  uint32_t error_offset_ = 0;
};

}  // namespace weft

#endif  // WEFT_VALIDATOR_FUNCTION_CHECKER_H_
