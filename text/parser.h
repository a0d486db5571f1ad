// The WebAssembly text format (spec 2.0, Text Format chapter) to the binary
// format.
//
// ParseWat reads one module, `(module $id? field*)` or a bare sequence of
// fields, and returns its binary encoding. Everything in 2.0 is accepted:
// types and inline type uses (implicit types are appended after the
// explicit ones, in order of first use), functions with named params and
// locals, plain and folded instructions with every immediate kind of
// base/opcodes.def (SIMD included), labels, identifiers in every index
// space, imports/exports including the inline forms, tables, memories and
// globals with their inline abbreviations, start, elem and data segments.
// Annotations `(@id ...)` are skipped. No name section is written.
//
// The result is well-formed, not validated: `(local.get 7)` in a function
// with one local encodes fine; the validator rejects it later.
//
// Errors are InvalidArgument "line:column: expected X but found Y" (or
// "unknown func $f", "duplicate local $x", ...), followed by the field
// being parsed, e.g. " (in func $main)". Folded instructions may nest
// kMaxFoldedNesting deep; deeper input is an error, never a stack overflow.
//
// Not supported: WAST scripts (`assert_*`, `(module binary|quote ...)`),
// 3.0 syntax (typed references, GC, exceptions, memory64, multi-memory).
#ifndef WEFT_TEXT_PARSER_H_
#define WEFT_TEXT_PARSER_H_

#include <cstdint>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "text/lexer.h"

namespace weft::text {

// Blocks may nest kMaxNesting deep (a loop keeps their labels, no
// recursion). Folded instructions are parsed recursively, so they may nest
// only kMaxFoldedNesting deep: a few hundred KiB of stack even in a
// sanitizer build, so embedders' threads with small stacks are safe too
// (10,000 levels overflowed an 8 MiB stack under ASan).
inline constexpr int kMaxNesting = 10000;
inline constexpr int kMaxFoldedNesting = 1000;

absl::StatusOr<std::vector<uint8_t>> ParseWat(absl::string_view text);

// The same for a module already cut into tokens: a WAST script's
// `(module ...)` command (text/script.h). `tokens` are the group without
// the script's module id or `definition` keyword; `end` is the token just
// after them, where end-of-input errors point. Positions in errors are the
// tokens' own, so they name the script's lines.
absl::StatusOr<std::vector<uint8_t>> ParseWatTokens(std::vector<Token> tokens,
                                                    const Token& end);

}  // namespace weft::text

#endif  // WEFT_TEXT_PARSER_H_
