// Custom annotations: reading their contents and encoding their sections
// (custom_annotations.h). Where each may stand is the parser's business.
#include "text/custom_annotations.h"

#include <algorithm>
#include <utility>

#include "absl/strings/cord.h"
#include "absl/strings/str_cat.h"
#include "text/encoder.h"
#include "text/parser.h"
#include "text/strings.h"

namespace weft::text {
namespace {

// The payload that marks an annotation error (text/parser.h).
constexpr absl::string_view kAnnotationErrorUrl = "weft.text/custom-annotation";

}  // namespace

AnnotationError GetAnnotationError(const absl::Status& status) {
  absl::optional<absl::Cord> kind = status.GetPayload(kAnnotationErrorUrl);
  if (!kind) return AnnotationError::kNone;
  return *kind == "invalid" ? AnnotationError::kInvalid : AnnotationError::kMalformed;
}

namespace parser_internal {
namespace {

std::optional<Annotation::Kind> KnownAnnotation(absl::string_view id) {
  if (id == "custom") return Annotation::Kind::kCustom;
  if (id == "name") return Annotation::Kind::kName;
  if (id == "metadata.code.branch_hint") return Annotation::Kind::kBranchHint;
  return std::nullopt;
}

absl::Status Marked(absl::Status status, absl::string_view kind) {
  status.SetPayload(kAnnotationErrorUrl, absl::Cord(kind));
  return status;
}

// The section kinds a placement may name; `first` and `last` are the
// first and last known sections of the binary order.
std::optional<SectionKind> SectionKindOf(const Token& t) {
  if (t.kind != TokenKind::kKeyword) return std::nullopt;
  static constexpr std::pair<absl::string_view, SectionKind> kKinds[] = {
      {"type", SectionKind::kType},     {"import", SectionKind::kImport},
      {"func", SectionKind::kFunc},     {"table", SectionKind::kTable},
      {"memory", SectionKind::kMemory}, {"tag", SectionKind::kTag},
      {"global", SectionKind::kGlobal}, {"export", SectionKind::kExport},
      {"start", SectionKind::kStart},   {"elem", SectionKind::kElem},
      {"code", SectionKind::kCode},     {"data", SectionKind::kData},
      {"datacount", SectionKind::kDataCount},
      {"first", SectionKind::kType},    {"last", SectionKind::kData},
  };
  for (const auto& [text, kind] : kKinds) {
    if (t.text == text) return kind;
  }
  return std::nullopt;
}

}  // namespace

std::vector<Token> ExtractAnnotations(std::vector<Token> tokens,
                                      std::vector<Annotation>* known,
                                      std::optional<Token>* unclosed) {
  size_t out = 0;
  while (out < tokens.size() && tokens[out].kind != TokenKind::kAnnotation) ++out;
  if (out == tokens.size()) return tokens;
  // Open `(` among the tokens kept so far, for Annotation::depth.
  uint32_t depth = 0;
  for (size_t i = 0; i < out; ++i) {
    if (tokens[i].kind == TokenKind::kLParen) ++depth;
    if (tokens[i].kind == TokenKind::kRParen && depth > 0) --depth;
  }
  size_t nesting = 0;  // inside an annotation: its open groups
  size_t open_at = 0;
  Annotation* current = nullptr;  // the known annotation being read
  for (size_t in = out; in < tokens.size(); ++in) {
    Token& t = tokens[in];
    if (nesting > 0) {
      if (t.kind == TokenKind::kLParen || t.kind == TokenKind::kAnnotation) ++nesting;
      if (t.kind == TokenKind::kRParen) --nesting;
      if (current != nullptr && nesting > 0) current->items.push_back(t);
      if (nesting == 0) current = nullptr;
      continue;
    }
    if (t.kind == TokenKind::kAnnotation) {
      nesting = 1;
      open_at = in;
      if (std::optional<Annotation::Kind> kind = KnownAnnotation(t.value)) {
        known->push_back(Annotation{*kind, t, {}, out, depth});
        current = &known->back();
      }
      continue;
    }
    if (t.kind == TokenKind::kLParen) ++depth;
    if (t.kind == TokenKind::kRParen && depth > 0) --depth;
    if (out != in) tokens[out] = std::move(t);
    ++out;
  }
  if (nesting > 0) *unclosed = tokens[open_at];
  tokens.resize(out);
  return tokens;
}

absl::Status MalformedAnnotation(const Token& at, absl::string_view what) {
  return Marked(ErrorAt(at, what), "malformed");
}

absl::Status InvalidAnnotation(const Token& at, absl::string_view what) {
  return Marked(ErrorAt(at, what), "invalid");
}

absl::Status MarkMalformedAnnotation(absl::Status status) {
  return Marked(std::move(status), "malformed");
}

absl::Status MarkInvalidAnnotation(absl::Status status) {
  return Marked(std::move(status), "invalid");
}

absl::StatusOr<CustomSection> ParseCustomAnnotation(const Annotation& a) {
  const std::vector<Token>& items = a.items;
  size_t i = 0;
  if (items.empty() || items[0].kind != TokenKind::kString) {
    return MalformedAnnotation(items.empty() ? a.head : items[0],
                               "@custom annotation: missing section name");
  }
  CustomSection section;
  section.name = items[i++].value;
  if (!CheckName(section.name).ok()) {
    return MalformedAnnotation(items[0], "@custom annotation: malformed UTF-8 encoding");
  }
  // (before|after kind): every group here is a placement, for the messages
  // to say what is wrong with it.
  if (i < items.size() && items[i].kind == TokenKind::kLParen) {
    const Token& open = items[i++];
    const bool before = i < items.size() && items[i].text == "before" &&
                        items[i].kind == TokenKind::kKeyword;
    const bool after = i < items.size() && items[i].text == "after" &&
                       items[i].kind == TokenKind::kKeyword;
    if (!before && !after) {
      return MalformedAnnotation(i < items.size() ? items[i] : open,
                                 "@custom annotation: malformed placement");
    }
    ++i;
    std::optional<SectionKind> kind;
    if (i < items.size()) kind = SectionKindOf(items[i]);
    if (!kind) {
      return MalformedAnnotation(i < items.size() ? items[i] : open,
                                 "@custom annotation: malformed section kind");
    }
    ++i;
    if (i >= items.size() || items[i].kind != TokenKind::kRParen) {
      return MalformedAnnotation(i < items.size() ? items[i] : open,
                                 "@custom annotation: unexpected token");
    }
    ++i;
    section.slot = before ? SlotBefore(*kind) : SlotAfter(*kind);
  }
  for (; i < items.size(); ++i) {
    if (items[i].kind != TokenKind::kString) {
      return MalformedAnnotation(items[i], "@custom annotation: unexpected token");
    }
    section.content += items[i].value;
  }
  return section;
}

absl::StatusOr<std::string> ParseNameAnnotation(const Annotation& a) {
  if (a.items.empty() || a.items[0].kind != TokenKind::kString) {
    return MalformedAnnotation(a.items.empty() ? a.head : a.items[0],
                               "@name annotation: missing name string");
  }
  if (a.items.size() > 1) {
    return MalformedAnnotation(a.items[1], "@name annotation: unexpected token");
  }
  if (!CheckName(a.items[0].value).ok()) {
    return MalformedAnnotation(a.items[0], "@name annotation: malformed UTF-8 encoding");
  }
  return a.items[0].value;
}

absl::StatusOr<uint8_t> ParseBranchHintAnnotation(const Annotation& a) {
  std::string payload;
  for (const Token& t : a.items) {
    if (t.kind != TokenKind::kString) {
      return MalformedAnnotation(t, "@metadata.code.branch_hint annotation: unexpected token");
    }
    payload += t.value;
  }
  if (payload.size() != 1 || static_cast<uint8_t>(payload[0]) > 1) {
    return MalformedAnnotation(
        a.head, "@metadata.code.branch_hint annotation: invalid hint value (\"\\00\" or \"\\01\")");
  }
  return static_cast<uint8_t>(payload[0]);
}

namespace {

void EncodeNameMap(const std::map<uint32_t, std::string>& names, Encoder* out) {
  out->U32(static_cast<uint32_t>(names.size()));
  for (const auto& [index, name] : names) {
    out->U32(index);
    out->Name(name);
  }
}

void Subsection(uint8_t id, const Encoder& content, Encoder* out) {
  out->Byte(id);
  out->U32(static_cast<uint32_t>(content.size()));
  out->Append(content);
}

std::string ToString(const Encoder& e) {
  return std::string(e.bytes().begin(), e.bytes().end());
}

}  // namespace

std::string EncodeNameSection(const NameAnnotations& names) {
  Encoder out;
  if (names.module) {
    Encoder module;
    module.Name(*names.module);
    Subsection(0, module, &out);
  }
  if (!names.funcs.empty()) {
    Encoder funcs;
    EncodeNameMap(names.funcs, &funcs);
    Subsection(1, funcs, &out);
  }
  if (!names.locals.empty()) {
    Encoder locals;
    locals.U32(static_cast<uint32_t>(names.locals.size()));
    for (const auto& [func, map] : names.locals) {
      locals.U32(func);
      EncodeNameMap(map, &locals);
    }
    Subsection(2, locals, &out);
  }
  if (!names.tags.empty()) {
    Encoder tags;
    EncodeNameMap(names.tags, &tags);
    Subsection(11, tags, &out);
  }
  return ToString(out);
}

std::string EncodeBranchHintSection(
    const std::vector<std::pair<uint32_t, std::vector<BranchHint>>>& funcs) {
  Encoder out;
  out.U32(static_cast<uint32_t>(funcs.size()));
  for (const auto& [func, hints] : funcs) {
    std::vector<BranchHint> sorted = hints;
    // Text order is not byte order: a folded br_if's operands, hinted
    // too, are encoded before it.
    std::stable_sort(sorted.begin(), sorted.end(),
                     [](const BranchHint& a, const BranchHint& b) { return a.offset < b.offset; });
    out.U32(func);
    out.U32(static_cast<uint32_t>(sorted.size()));
    for (const BranchHint& h : sorted) {
      out.U32(h.offset);
      out.U32(1);  // the hint's size in bytes
      out.Byte(h.value);
    }
  }
  return ToString(out);
}

}  // namespace parser_internal
}  // namespace weft::text
