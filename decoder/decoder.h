// Binary decoder: bytes -> Module. One pass, hand-written, no validation
// beyond what the binary format itself requires ("malformed" in the spec's
// terms: bad magic/version, LEB128 rules, section order and sizes, UTF-8
// names, counts that the bytes cannot hold, function/code count mismatch).
// Instruction sequences of function bodies are not read here: the
// validator reads them in its single pass (it reports their malformations
// with the same wording).
#ifndef WEFT_DECODER_DECODER_H_
#define WEFT_DECODER_DECODER_H_

#include <cstdint>
#include <memory>

#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "decoder/module.h"
#include "weft/features.h"

namespace weft {

struct DecodeLimits {
  // Total declared locals per function (the spec allows 2^32-1; engines cap).
  uint64_t max_locals_per_function = 50000;
  uint32_t max_functions = 1000000;
  uint32_t max_types = 1000000;
  // Which suite's wording malformed encodings get where WebAssembly 2.0
  // and 3.0 differ: with memory64 off, a bad limits flag is "integer too
  // large" (2.0's 1-bit LEB128) and memarg offsets are u32 LEB128s; with it
  // on, "malformed limits flags" and u64 offsets. Multi-memory off reads a
  // memarg's flags as a plain alignment (2.0). What is accepted otherwise
  // does not depend on it: disabled features are the validator's refusal.
  WasmFeatures features;
};

// Decodes `bytes`. On failure the status message is the spec's wording
// followed by " (at byte offset N)"; the code is InvalidArgument.
absl::StatusOr<std::unique_ptr<const Module>> DecodeModule(
    absl::Span<const uint8_t> bytes, const DecodeLimits& limits = {});

}  // namespace weft

#endif  // WEFT_DECODER_DECODER_H_
