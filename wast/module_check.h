// What weft itself says about a binary module: the load pipeline's verdict
// (interp::ModuleCode::Load: decode, validate). The spec runner's
// ModuleChecker in production.
#ifndef WEFT_WAST_MODULE_CHECK_H_
#define WEFT_WAST_MODULE_CHECK_H_

#include <cstdint>

#include "absl/status/status.h"
#include "absl/types/span.h"
#include "weft/features.h"

namespace weft::wast {

// OK when the module decodes and validates; otherwise the first error, with
// its byte offset.
absl::Status DecodeAndValidate(absl::Span<const uint8_t> wasm,
                               const WasmFeatures& features = WasmFeatures());

}  // namespace weft::wast

#endif  // WEFT_WAST_MODULE_CHECK_H_
