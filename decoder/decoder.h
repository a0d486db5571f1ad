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

namespace weft {

struct DecodeLimits {
  // Total declared locals per function (the spec allows 2^32-1; engines cap).
  uint64_t max_locals_per_function = 50000;
  uint32_t max_functions = 1000000;
  uint32_t max_types = 1000000;
};

// Decodes `bytes`. On failure the status message is the spec's wording
// followed by " (at byte offset N)"; the code is InvalidArgument.
absl::StatusOr<std::unique_ptr<const Module>> DecodeModule(
    absl::Span<const uint8_t> bytes, const DecodeLimits& limits = {});

}  // namespace weft

#endif  // WEFT_DECODER_DECODER_H_
