// The bytes of a module as the API takes them: the binary format, or the
// text format (detected by content, as wasmtime does), turned into binary.
#ifndef WEFT_API_MODULE_BYTES_H_
#define WEFT_API_MODULE_BYTES_H_

#include <cstdint>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/types/span.h"

namespace weft::api {

// `input` itself when it is not text; otherwise its encoding, kept alive
// in *storage. Errors: the text parser's ("line:column: expected ...").
absl::StatusOr<absl::Span<const uint8_t>> BinaryModuleBytes(absl::Span<const uint8_t> input,
                                                            std::vector<uint8_t>* storage);

}  // namespace weft::api

#endif  // WEFT_API_MODULE_BYTES_H_
