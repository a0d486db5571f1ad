// Reads a WebAssembly script (.wast) into commands (script.h), with weft's
// own lexer (text/lexer.h); modules are parsed later, per command, by
// text/parser.h. No external tool is involved.
//
// The whole file fails only when it cannot be cut into tokens or its
// parentheses do not balance ("12:3: unclosed '('"). A command that cannot
// be read — an unknown value type, a malformed number in an argument —
// becomes a kBroken command carrying "line:column: what", so the rest of
// the script still runs. Commands the runner does not carry out (e.g.
// `thread`) are kUnsupported, never dropped.
//
// The tokens of the returned script view into `source`: it must outlive
// the script.
#ifndef WEFT_WAST_SCRIPT_PARSER_H_
#define WEFT_WAST_SCRIPT_PARSER_H_

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "wast/script.h"

namespace weft::wast {

absl::StatusOr<Script> ParseScript(absl::string_view source);

}  // namespace weft::wast

#endif  // WEFT_WAST_SCRIPT_PARSER_H_
