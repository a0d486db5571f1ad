// The contract between the function validator and whoever consumes a
// validated instruction stream (the interpreter's compiler). One walk of
// the validator over a body reads it once; for every instruction that
// passes its checks it calls the consumer, so a compiler needs no reader
// or stack typing of its own. When bodies are validated and when they are
// translated is the load pipeline's policy (interp/module_code.h).
//
// A consumer is any class with these members (duck-typed template
// parameter of ValidateFunction in validator/function_validator.h):
//
//   // Before the first instruction. `locals` = params followed by declared
//   // locals, in index order.
//   void OnFunctionBegin(uint32_t func_index, const FuncType& type,
//                        absl::Span<const ValType> locals);
//
//   // After `ins` has been validated and its stack effect applied.
//   void OnInstruction(const Instruction& ins, const OpContext& ctx,
//                      const ValidatorView& view);
//
//   // After the function's final `end`. Returning an error aborts
//   // validation with that error (e.g. a compiler resource limit).
//   absl::Status OnFunctionEnd();
//
// Consumers may assume everything the validator checks: operand types,
// index bounds, label depths, block types. They must still handle dead code
// (ctx.unreachable): there the operand stack is polymorphic and heights
// may not correspond to real values; a compiler typically emits nothing for
// dead instructions except the structure (block/loop/if/else/end).
#ifndef WEFT_VALIDATOR_CODE_CONSUMER_H_
#define WEFT_VALIDATOR_CODE_CONSUMER_H_

#include <cstdint>

#include "absl/types/span.h"
#include "weft/value_type.h"
#include "decoder/instruction_reader.h"

namespace weft {

// kTryTable is exception handling's try_table (a block whose body has
// catch clauses); kTry, kCatch and kCatchAll are the legacy try's body
// and its catch / catch_all handlers (exception handling).
enum class FrameKind : uint8_t { kFunction, kBlock, kLoop, kIf, kElse, kTry, kCatch, kCatchAll, kTryTable };

// One entry of the validator's control stack.
struct ControlFrame {
  FrameKind kind = FrameKind::kBlock;
  absl::Span<const ValType> params;   // block inputs
  absl::Span<const ValType> results;  // block outputs
  uint32_t height = 0;       // operand stack height at entry, after params popped
  bool unreachable = false;  // rest of this block is dead code
  // Locals initialized in this block (non-defaultable locals only): the
  // checker's list of them has this length at the block's start.
  uint32_t init_height = 0;
  // Types a branch to this frame's label carries: params for loops,
  // results otherwise.
  absl::Span<const ValType> label_types() const {
    return kind == FrameKind::kLoop ? params : results;
  }
};

// Per-instruction facts the compiler needs to place operands in slots.
struct OpContext {
  // Operand stack height (number of values, not counting locals) before
  // and after the instruction. Operands of a k-input instruction occupy
  // positions [height_before - k, height_before); results start at
  // height_before - k.
  uint32_t height_before = 0;
  uint32_t height_after = 0;
  // True when the instruction is in dead code (after br/return/unreachable
  // until the end of the enclosing block). Structure ops are still reported.
  bool unreachable = false;
  // block/loop/if: the frame just pushed. else: the new else-frame (its
  // kind is kElse, same types). end: the frame just popped (a copy that
  // stays valid during the call). Other instructions: nullptr.
  const ControlFrame* frame = nullptr;
  // The function type selected by block types with a type index, call and
  // call_indirect (callee signature), and the tag's type for throw and a
  // legacy catch; otherwise nullptr.
  const FuncType* func_type = nullptr;
};

// Read-only view of the validator's state, valid during OnInstruction.
class ValidatorView {
 public:
  virtual ~ValidatorView() = default;
  // Control frames; depth 0 is the innermost. Branch targets of br, br_if
  // and br_table are looked up here with the instruction's label depth.
  virtual uint32_t control_depth() const = 0;
  virtual const ControlFrame& control(uint32_t depth) const = 0;
  // Type of the operand stack entry at `position` (0 = bottom); only
  // meaningful for positions below the current height outside dead code.
  virtual ValType stack_type(uint32_t position) const = 0;
  virtual ValType local_type(uint32_t local_index) const = 0;
  virtual uint32_t num_locals() const = 0;  // params + declared locals
};

}  // namespace weft

#endif  // WEFT_VALIDATOR_CODE_CONSUMER_H_
