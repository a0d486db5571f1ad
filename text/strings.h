// String literals of the WebAssembly text format: "..." with escapes.
//
// A literal denotes bytes, not text: `\hh` puts any raw byte in, so a string
// (a data segment, say) need not be UTF-8. Names (imports, exports, `$"..."`
// identifiers, annotation ids) must be valid UTF-8; CheckName says so.
//
// Grammar (spec, Values / Strings): between the quotes, any character
// >= U+20 other than U+7F, `"` and `\`, or one of the escapes
//   \t \n \r \" \' \\   \hh (two hex digits: one raw byte)
//   \u{hexnum}          (a scalar value: < 0xD800, or 0xE000..0x10FFFF;
//                        hexnum may contain `_` between digits)
// The decoded string must be shorter than 2^32 bytes.
#ifndef WEFT_TEXT_STRINGS_H_
#define WEFT_TEXT_STRINGS_H_

#include <cstddef>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace weft::text {

// The outcome of scanning one string literal at the start of a text.
struct StringScan {
  // Success: bytes consumed, both quotes included. Failure: 0.
  size_t length = 0;
  // Failure only: what went wrong ("unterminated string", "invalid escape
  // \q", ...) and the offset (from the opening quote) where it starts.
  std::string error;
  size_t error_offset = 0;

  bool ok() const { return error.empty(); }
};

// Scans the literal starting at text[0] (which must be `"`), stopping at its
// closing quote. When `bytes` is not null the decoded bytes are appended to
// it. A raw newline or the end of text before the closing quote is
// "unterminated string" at offset 0. Linear in the literal's length.
StringScan ScanStringLiteral(absl::string_view text, std::string* bytes);

// Decodes a text that must be exactly one literal, quotes included.
// Errors are InvalidArgument "offset N: what".
absl::StatusOr<std::string> DecodeStringLiteral(absl::string_view literal);

// OK when `bytes` is valid UTF-8 (a name). Otherwise InvalidArgument
// "malformed UTF-8 encoding in name at byte N".
absl::Status CheckName(absl::string_view bytes);

}  // namespace weft::text

#endif  // WEFT_TEXT_STRINGS_H_
