// Module validation (the spec's "invalid" class of errors).
#ifndef WEFT_VALIDATOR_VALIDATOR_H_
#define WEFT_VALIDATOR_VALIDATOR_H_

#include <cstdint>

#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "decoder/module.h"
#include "validator/module_context.h"

namespace weft {

// Validates every part of `module`: types, imports, function bodies (every
// WebAssembly 2.0 instruction incl. SIMD), tables, memories, globals and
// their constant expressions, exports (unique names), start function,
// element and data segments, data count rules, declared function refs.
// Malformed instruction bytes inside function bodies are reported here too,
// with the decoder's wording. On failure: InvalidArgument with the spec's
// message, "in function N" where it applies, and " (at byte offset N)".
// `options` selects between 2.0 and 3.0 rules where they differ.
absl::Status ValidateModule(const Module& module, const ValidationOptions& options = {});

// The body part of ValidateModule, for a context BuildModuleContext made.
absl::Status ValidateModuleBodies(const Module& module, const ModuleContext& ctx);

// Runs `validate_one(i)` (a ValidateFunction with any consumer) on every
// defined function in order and returns the first error, with the
// reference interpreter's precedence: malformed bytes in a later body win
// over a validation error in an earlier one (it decodes all bodies first).
// The one loop over bodies, for validation alone and for eager compilation.
absl::Status ValidateEachBody(const Module& module,
                              absl::FunctionRef<absl::Status(uint32_t)> validate_one);

}  // namespace weft

#endif  // WEFT_VALIDATOR_VALIDATOR_H_
