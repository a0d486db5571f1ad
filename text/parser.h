// The WebAssembly text format (spec 3.0, Text Format chapter) to the binary
// format (3.0).
//
// ParseWat reads one module, `(module $id? field*)` or a bare sequence of
// fields, and returns its binary encoding. Everything in 3.0 is accepted:
// type definitions (func, struct with packed and named fields, array,
// `sub`, `rec` groups), reference types `(ref null? heaptype)` and their
// shorthands, inline type uses (an implicit type reuses only a final,
// supertype-less function type alone in its rec group, else is appended
// after the explicit ones, in order of first use), functions with named
// params and (non-nullable too) locals, plain and folded instructions
// with every immediate (SIMD and relaxed SIMD, tail calls, typed function
// references, GC, `try_table` and the legacy `try`/`catch`/`delegate`),
// labels, identifiers in every index space, tags, imports/exports
// including the inline forms, tables (i64, with init expressions),
// memories (several, i64, `(pagesize n)` of the custom-page-sizes
// proposal) and globals with their inline abbreviations, start, elem and
// data segments. 2.0 input encodes exactly as wat2wasm encodes it.
//
// Annotations `(@id ...)` are skipped, but for the spec's custom
// annotations (text/custom_annotations.h): `(@custom ...)` becomes a
// custom section at its placement, `(@name ...)` on the module, functions,
// tags, params and locals the "name" section (after data; `$id`s alone
// give no names), `(@metadata.code.branch_hint ...)` on an if or br_if
// the "metadata.code.branch_hint" section (before code). Their errors
// carry line:column like every other, and a mark: see GetAnnotationError.
//
// The result is well-formed, not validated: `(local.get 7)` in a function
// with one local encodes fine, and so do what the suite calls invalid
// rather than malformed (`(type 99)`, `offset=` past 2^32 on an i32
// memory, a memory of 2^32 pages); the validator rejects them later.
//
// Errors are InvalidArgument "line:column: expected X but found Y" (or
// "unknown func $f", "duplicate local $x", ...), followed by the field
// being parsed, e.g. " (in func $main)". Folded instructions may nest
// kMaxFoldedNesting deep; deeper input is an error, never a stack overflow.
//
// Not supported: WAST scripts (`assert_*`, `(module binary|quote ...)`),
// proposals past 3.0 (threads, wide arithmetic, ...).
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

// Which rule of custom annotations an error of ParseWat broke:
//   kMalformed  the annotation's syntax, or where it stands ("@custom
//               annotation: missing section name", "misplaced @name
//               annotation"): WAST's assert_malformed_custom;
//   kInvalid    well-formed, but its content does not fit the module (a
//               branch hint on an instruction that is not if or br_if):
//               WAST's assert_invalid_custom;
//   kNone       any other error.
// The text parser rejects both kinds: a module never loads with a custom
// annotation it could not encode faithfully.
enum class AnnotationError : uint8_t { kNone, kMalformed, kInvalid };
AnnotationError GetAnnotationError(const absl::Status& status);

// The same for a module already cut into tokens: a WAST script's
// `(module ...)` command (text/script.h). `tokens` are the group without
// the script's module id or `definition` keyword; `end` is the token just
// after them, where end-of-input errors point. Positions in errors are the
// tokens' own, so they name the script's lines.
absl::StatusOr<std::vector<uint8_t>> ParseWatTokens(std::vector<Token> tokens,
                                                    const Token& end);

}  // namespace weft::text

#endif  // WEFT_TEXT_PARSER_H_
