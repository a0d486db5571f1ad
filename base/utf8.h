// UTF-8, the one implementation: well-formedness as the binary format
// requires of every name (imports, exports, custom section names, the name
// section), decoding and encoding of scalar values for JSON and the text
// format. Well-formed means Unicode 3.9, table 3-7: no overlong forms, no
// surrogates (U+D800..U+DFFF), nothing above U+10FFFF, no stray or missing
// continuation bytes.
#ifndef WEFT_BASE_UTF8_H_
#define WEFT_BASE_UTF8_H_

#include <cstddef>
#include <cstdint>
#include <string>

#include "absl/strings/string_view.h"

namespace weft {

// True when [data, data + size) is well-formed UTF-8.
bool IsValidUtf8(const uint8_t* data, size_t size);

inline bool IsValidUtf8(absl::string_view s) {
  return IsValidUtf8(reinterpret_cast<const uint8_t*>(s.data()), s.size());
}

// Decodes the character starting at text[pos]: returns its length in bytes
// (1..4) and stores the scalar value in *code_point, or returns 0 when the
// bytes at pos are not a well-formed sequence (or pos is at the end).
size_t DecodeUtf8(absl::string_view text, size_t pos, uint32_t* code_point);

// Appends the UTF-8 encoding of `code_point`, which must be a scalar value
// (callers check the range first).
void AppendUtf8(uint32_t code_point, std::string* out);

// The offset of the first malformed byte, or text.size() when all of
// `text` is well-formed.
size_t FindInvalidUtf8(absl::string_view text);

}  // namespace weft

#endif  // WEFT_BASE_UTF8_H_
