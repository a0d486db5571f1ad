// Module validation (the spec's "invalid" class of errors).
#ifndef WEFT_VALIDATOR_VALIDATOR_H_
#define WEFT_VALIDATOR_VALIDATOR_H_

#include "absl/status/status.h"
#include "decoder/module.h"

namespace weft {

// Validates every part of `module`: types, imports, function bodies (every
// WebAssembly 2.0 instruction incl. SIMD), tables, memories, globals and
// their constant expressions, exports (unique names), start function,
// element and data segments, data count rules, declared function refs.
// Malformed instruction bytes inside function bodies are reported here too,
// with the decoder's wording. On failure: InvalidArgument with the spec's
// message, "in function N" where it applies, and " (at byte offset N)".
absl::Status ValidateModule(const Module& module);

}  // namespace weft

#endif  // WEFT_VALIDATOR_VALIDATOR_H_
