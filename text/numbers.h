// Number literals of the WebAssembly text format, converted exactly.
//
// Syntax (spec, Values): digits may be grouped with single `_` between two
// digits (`1_000`, `0xFF_FF`; not `1__0`, `_1`, `1_`, `0x_1`).
//   integers  [+|-] (num | 0x hexnum)
//   floats    [+|-] num [. [frac]] [(e|E) [+|-] num]
//             [+|-] 0x hexnum [. [hexfrac]] [(p|P) [+|-] num]
//             [+|-] (inf | nan | nan:0x hexnum)
// A plain integer is also a float (`f32.const 1`). The exponent is decimal
// even in hex floats, and counts powers of 2 there.
//
// Values are returned as bit patterns, so NaN payloads and the sign of
// zero survive exactly. Errors are InvalidArgument with the literal
// (C-escaped, cut at 48 bytes) in the message:
//   "malformed integer: 1__0", "malformed float: nan:0x0",
//   "constant out of range: 0x1_0000_0000"
// Callers (the lexer's users) prefix the token's line:column.
//
// Every function is linear in the literal's length and allocates at most a
// copy of it, whatever the input.
#ifndef WEFT_TEXT_NUMBERS_H_
#define WEFT_TEXT_NUMBERS_H_

#include <cstdint>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace weft::text {

// What a token's text is as a number, by syntax alone (no range checks):
// the lexer uses this to tell numbers from keywords and reserved tokens.
enum class NumberSyntax {
  kNone,   // not a number literal
  kNat,    // unsigned integer: no sign (also valid as a float)
  kInt,    // signed integer: with + or - (also valid as a float)
  kFloat,  // only valid as a float (has ., exponent, inf or nan)
};
NumberSyntax ClassifyNumber(absl::string_view text);

// uN: an unsigned integer without sign, value < 2^bits. For indices,
// `offset=`, `align=`, limits. bits is 8, 16, 32 or 64.
absl::StatusOr<uint64_t> ParseUnsigned(absl::string_view text, int bits);

// iN: either uN (no sign, < 2^bits) or sN (signed, -2^(bits-1) <= v <
// 2^(bits-1)), returned as the bits-wide two's-complement pattern. So
// i32.const accepts -2^31 .. 2^32-1, and `+0x8000_0000` is out of range.
absl::StatusOr<uint64_t> ParseUninterpreted(absl::string_view text, int bits);

inline absl::StatusOr<uint64_t> ParseU64(absl::string_view text) {
  return ParseUnsigned(text, 64);
}
absl::StatusOr<uint32_t> ParseU32(absl::string_view text);
absl::StatusOr<uint32_t> ParseI32(absl::string_view text);
inline absl::StatusOr<uint64_t> ParseI64(absl::string_view text) {
  return ParseUninterpreted(text, 64);
}

// fN: bit patterns of the IEEE 754 value, rounded to nearest, ties to even,
// directly to the target width (never via double for f32). A finite literal
// that rounds to infinity is "constant out of range". `nan` is the
// canonical NaN; `nan:0xN` needs 1 <= N < 2^23 (f32) or 2^52 (f64): N = 0
// is malformed, a larger N is out of range. The sign applies to all forms.
absl::StatusOr<uint32_t> ParseF32(absl::string_view text);
absl::StatusOr<uint64_t> ParseF64(absl::string_view text);

}  // namespace weft::text

#endif  // WEFT_TEXT_NUMBERS_H_
