// Validates one function body in a single pass and feeds each validated
// instruction to a consumer (see validator/code_consumer.h). ValidateModule
// uses it with a consumer that does nothing; the interpreter's compiler
// uses it with a consumer that emits threaded code.
#ifndef WEFT_VALIDATOR_FUNCTION_VALIDATOR_H_
#define WEFT_VALIDATOR_FUNCTION_VALIDATOR_H_

#include "absl/status/status.h"
#include "decoder/module.h"
#include "validator/code_consumer.h"

namespace weft {

// Context a function body is validated against: the module-level facts that
// were checked first (e.g. which functions are "declared" for ref.func).
// Built once per module by BuildModuleContext (validator/module_context.h),
// shareable across threads.
class ModuleContext;

// Validates defined function `defined_index` (0-based among the module's
// own functions, i.e. function index minus imported functions).
//
// template <class Consumer>
// absl::Status ValidateFunction(const Module& module, const ModuleContext& ctx,
//                               uint32_t defined_index, Consumer& consumer);
//
// (Defined in this header by the validator; declared here as the contract.)

}  // namespace weft

#endif  // WEFT_VALIDATOR_FUNCTION_VALIDATOR_H_
