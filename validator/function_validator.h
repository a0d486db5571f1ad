// Validates one function body in a single pass and feeds each validated
// instruction to a consumer (see validator/code_consumer.h). ValidateModule
// uses it with a consumer that does nothing; the interpreter's compiler
// uses it with a consumer that emits threaded code.
#ifndef WEFT_VALIDATOR_FUNCTION_VALIDATOR_H_
#define WEFT_VALIDATOR_FUNCTION_VALIDATOR_H_

#include "absl/status/status.h"
#include "base/byte_reader.h"
#include "base/status_macros.h"
#include "decoder/instruction_reader.h"
#include "decoder/module.h"
#include "validator/code_consumer.h"
#include "validator/fast_reader.h"
#include "validator/function_checker.h"
#include "validator/function_checker_step.h"
#include "validator/module_context.h"

namespace weft {

// Context a function body is validated against: the module-level facts that
// were checked first (e.g. which functions are "declared" for ref.func).
// Built once per module by BuildModuleContext (validator/module_context.h),
// shareable across threads.
class ModuleContext;

// Validates defined function `defined_index` (0-based among the module's
// own functions, i.e. function index minus imported functions) and feeds
// each validated instruction to `consumer` (see code_consumer.h).
// `ctx` must come from BuildModuleContext(module). Errors (validation and
// malformed instruction bytes alike) read
// "<spec text> in function N (at byte offset M)".
//
// OpContext::unreachable is the dead-code state of the innermost frame
// before the instruction (for `end`: of the frame being closed). Blocks
// opened inside dead code start reachable, as in the spec's algorithm, so
// their contents are validated (and reported) normally.
//
// The function's final `end` is reported like any other `end`: its frame
// is the kFunction frame, control_depth() is 0 during the call, and the
// results are left on the stack (height_after = number of results).
// In dead code ValidatorView::stack_type may return kUnknownType.
//
// The overload taking a FunctionChecker reuses its stacks across calls
// (one checker per thread).
template <class Consumer>
absl::Status ValidateFunction(const Module& module, const ModuleContext& ctx,
                              uint32_t defined_index, Consumer& consumer,
                              FunctionChecker& checker) {
  WEFT_RETURN_IF_ERROR(checker.Begin(module, ctx, defined_index));
  consumer.OnFunctionBegin(checker.func_index(), checker.func_type(), checker.locals());
  const ByteRange code = module.code[defined_index].code;
  ByteReader in(module.data_at(code), code.size(), code.begin);
  InstructionReader reader(&in, ctx.features());
  Instruction ins;
  OpContext op_ctx;
  const validator_internal::FastEntry* fast = validator_internal::FastReadTable();
  while (!checker.done()) {
    if (!validator_internal::FastRead(in, fast, &ins) && !reader.Read(&ins)) {
      return checker.MalformedError(in.error_message(), in.error_offset());
    }
    if (!checker.Step(ins, &op_ctx)) {
      // Malformed bytes later in the body take precedence, as they would
      // in a decoder that reads the whole body first.
      absl::Status malformed = ScanFunctionBody(module, defined_index, ctx.features());
      return malformed.ok() ? checker.error() : malformed;
    }
    consumer.OnInstruction(ins, static_cast<const OpContext&>(op_ctx),
                           static_cast<const ValidatorView&>(checker));
  }
  // The body's size says where it ends; bytes after the final `end` mean
  // the size and the instructions disagree.
  if (!in.at_end()) return checker.MalformedError("section size mismatch", in.offset());
  return consumer.OnFunctionEnd();
}

template <class Consumer>
absl::Status ValidateFunction(const Module& module, const ModuleContext& ctx,
                              uint32_t defined_index, Consumer& consumer) {
  FunctionChecker checker;
  return ValidateFunction(module, ctx, defined_index, consumer, checker);
}

}  // namespace weft

#endif  // WEFT_VALIDATOR_FUNCTION_VALIDATOR_H_
