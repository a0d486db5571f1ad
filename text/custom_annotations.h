// The custom annotations of the text format (spec 3.0 appendix "Custom
// Sections and Annotations", and the code metadata document): what the
// parser keeps of them and how each becomes a custom section. Not a public
// header; the parser (parser.cc, instructions.cc) decides where each
// annotation may stand, this file reads their contents and encodes them.
//
//   (@custom "name" place? "bytes"*)   a custom section, verbatim;
//       place is (before|after sec), sec one of type import func table
//       memory tag global export start elem code data datacount, or first
//       (= type) or last (= data). Default: after last. Custom sections at
//       the same place keep their order in the text.
//   (@name "n")   a name section entry: the module (before its first
//       field), a function or a tag (just after `func`/`tag` and its id),
//       a parameter or local (just after `param`/`local` and its id).
//   (@metadata.code.branch_hint "\00"|"\01")   a hint on the `if` or
//       `br_if` that follows (unlikely / likely), in function code only.
//
// Every other annotation is ignored, as the spec allows.
#ifndef WEFT_TEXT_CUSTOM_ANNOTATIONS_H_
#define WEFT_TEXT_CUSTOM_ANNOTATIONS_H_

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "text/lexer.h"

namespace weft::text::parser_internal {

// An annotation the parser acts on, cut out of the token stream.
struct Annotation {
  enum class Kind : uint8_t { kCustom, kName, kBranchHint };
  Kind kind;
  Token head;                // `(@custom`, for positions
  std::vector<Token> items;  // the tokens up to (without) its `)`
  // Where it stood: the index, among the tokens left, of the token after
  // it, and how many `(` of those tokens were open around it.
  size_t anchor = 0;
  uint32_t depth = 0;
};

// Takes `(@custom`, `(@name` and `(@metadata.code.branch_hint` annotations
// out of `tokens` into `known` (in text order, so sorted by anchor) and
// drops every other annotation. Returns the tokens left, moved in place;
// no copy when there are no annotations (the common case). An annotation
// left open is returned in `unclosed`.
std::vector<Token> ExtractAnnotations(std::vector<Token> tokens,
                                      std::vector<Annotation>* known,
                                      std::optional<Token>* unclosed);

// Errors of annotations carry a mark (see text/parser.h) so a WAST runner
// can tell assert_malformed_custom from assert_invalid_custom.
absl::Status MalformedAnnotation(const Token& at, absl::string_view what);
absl::Status InvalidAnnotation(const Token& at, absl::string_view what);
// The same mark on an error made elsewhere (a parse error with context).
absl::Status MarkMalformedAnnotation(absl::Status status);
absl::Status MarkInvalidAnnotation(absl::Status status);

// Where a custom section goes, as a slot number that sorts the way the
// binary format orders sections: each known section has the slot before
// it (2k) and after it (2k+1), k its position in the binary order.
enum class SectionKind : uint8_t {
  kType, kImport, kFunc, kTable, kMemory, kTag, kGlobal, kExport, kStart,
  kElem, kDataCount, kCode, kData,
};
inline uint32_t SlotBefore(SectionKind k) { return 2 * static_cast<uint32_t>(k); }
inline uint32_t SlotAfter(SectionKind k) { return 2 * static_cast<uint32_t>(k) + 1; }

struct CustomSection {
  uint32_t slot = SlotAfter(SectionKind::kData);
  size_t order = 0;  // ties on slot: text order
  std::string name;
  std::string content;
};

// The contents of `(@custom ...)`: "@custom annotation: missing section
// name", "... malformed placement", "... malformed section kind", "...
// unexpected token", "... malformed UTF-8 encoding", at the token at fault.
absl::StatusOr<CustomSection> ParseCustomAnnotation(const Annotation& a);

// The name of `(@name "n")`.
absl::StatusOr<std::string> ParseNameAnnotation(const Annotation& a);

// The value of `(@metadata.code.branch_hint "\00")`: 0 or 1, the payload's
// strings concatenated.
absl::StatusOr<uint8_t> ParseBranchHintAnnotation(const Annotation& a);

// The names given by @name, by index (an index map keeps the name
// section's increasing order).
struct NameAnnotations {
  std::optional<std::string> module;
  std::map<uint32_t, std::string> funcs;
  std::map<uint32_t, std::map<uint32_t, std::string>> locals;  // func -> local
  std::map<uint32_t, std::string> tags;
  bool empty() const {
    return !module && funcs.empty() && locals.empty() && tags.empty();
  }
};

// The "name" section's content (after its name): subsections module (0),
// functions (1), locals (2), tags (11), each only when not empty.
std::string EncodeNameSection(const NameAnnotations& names);

struct BranchHint {
  uint32_t offset;  // from the start of the function's locals declaration
  uint8_t value;    // 0 unlikely, 1 likely
};

// The "metadata.code.branch_hint" section's content: for each function
// (increasing index) its hints sorted by offset, each `offset 1 value`.
std::string EncodeBranchHintSection(
    const std::vector<std::pair<uint32_t, std::vector<BranchHint>>>& funcs);

}  // namespace weft::text::parser_internal

#endif  // WEFT_TEXT_CUSTOM_ANNOTATIONS_H_
