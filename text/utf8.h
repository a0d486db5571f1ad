// UTF-8 decoding shared by the text-format lexer and string decoding.
//
// The text format is defined over Unicode scalar values (U+0000..U+D7FF,
// U+E000..U+10FFFF) encoded as UTF-8. Overlong forms, surrogates and values
// above U+10FFFF are malformed, as are truncated sequences.
#ifndef WEFT_TEXT_UTF8_H_
#define WEFT_TEXT_UTF8_H_

#include <cstddef>
#include <cstdint>
#include <string>

#include "absl/strings/string_view.h"

namespace weft::text {

// Decodes the character starting at text[pos]. Returns its length in bytes
// (1..4) and stores the scalar value in *code_point, or returns 0 when the
// bytes at pos are not a well-formed UTF-8 sequence (or pos is at the end).
size_t DecodeUtf8(absl::string_view text, size_t pos, uint32_t* code_point);

// Appends the UTF-8 encoding of a scalar value. Precondition: code_point is
// a scalar value (callers check the range first).
void AppendUtf8(uint32_t code_point, std::string* out);

// Returns the offset of the first malformed byte, or text.size() when the
// whole text is well-formed UTF-8.
size_t FindInvalidUtf8(absl::string_view text);

}  // namespace weft::text

#endif  // WEFT_TEXT_UTF8_H_
