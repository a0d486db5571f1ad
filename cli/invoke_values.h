// Values on the `weft run --invoke` command line: one argument text to a
// value slot, one result slot to text.
//
// Accepted argument forms (anything else is refused, never guessed):
//   i32, i64  [+-]DIGITS or [+-]0xHEXDIGITS, no whitespace; the value must
//             fit the type read as signed or as unsigned (i32 takes
//             -2147483648 .. 4294967295); "-0x10" is -16.
//   f32, f64  what strtod reads (decimal, hex floats, inf, nan), whole text;
//             a finite literal that rounds to infinity is refused.
#ifndef WEFT_CLI_INVOKE_VALUES_H_
#define WEFT_CLI_INVOKE_VALUES_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "weft/value.h"
#include "weft/value_type.h"

namespace weft::cli {

// One command-line argument as a value of type `t`; InvalidArgument
// naming the text and the type otherwise.
absl::StatusOr<Value> ParseArgValue(ValType t, absl::string_view text);

// "i32:-1", "f64:0.5", "v128:0x<32 hex digits, high first>",
// "funcref:null", ...
std::string FormatResult(const Value& v);

}  // namespace weft::cli

#endif  // WEFT_CLI_INVOKE_VALUES_H_
