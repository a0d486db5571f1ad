// Where custom annotations may stand (custom_annotations.h), checked as
// the parser walks the module, and the sections they become.
//
// Every annotation was cut out of the token stream with its anchor, the
// index of the token after it; the parser knows the token index of each
// place an annotation may stand, so placement is an equality of indices
// and needs no second walk. Annotations left unclaimed at the end of the
// module stood somewhere else: "misplaced", or, for a branch hint,
// "not in a function".
#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "text/custom_annotations.h"
#include "text/parser_internal.h"

namespace weft::text::parser_internal {

void Parser::SortAnnotations(std::vector<Annotation> known) {
  for (Annotation& a : known) {
    switch (a.kind) {
      case Annotation::Kind::kCustom: customs_.push_back(std::move(a)); break;
      case Annotation::Kind::kName: names_.push_back(std::move(a)); break;
      case Annotation::Kind::kBranchHint: hints_.push_back(std::move(a)); break;
    }
  }
  name_used_.assign(names_.size(), false);
}

absl::Status Parser::ReadModuleAnnotations(bool wrapped, size_t fields_start) {
  // Module level: inside `(module` (past the keyword), or the top of a
  // bare list of fields.
  const uint32_t module_depth = wrapped ? 1 : 0;
  const size_t first = wrapped ? 2 : 0;
  auto at_module_level = [&](const Annotation& a) {
    return a.depth == module_depth && a.anchor >= first;
  };
  for (const Annotation& a : customs_) {
    if (!at_module_level(a)) return MalformedAnnotation(a.head, "misplaced @custom annotation");
    WEFT_ASSIGN_OR_RETURN(CustomSection section, ParseCustomAnnotation(a));
    section.order = a.head.offset;
    custom_sections_.push_back(std::move(section));
  }
  for (size_t i = 0; i < names_.size(); ++i) {
    const Annotation& a = names_[i];
    if (!at_module_level(a) || a.anchor > fields_start) continue;  // claimed later, or not
    WEFT_ASSIGN_OR_RETURN(std::string name, ParseNameAnnotation(a));
    if (names_section_.module) {
      return MalformedAnnotation(a.head, "@name annotation: multiple module names");
    }
    names_section_.module = std::move(name);
    name_used_[i] = true;
    if (names_order_ == kNoId) names_order_ = a.head.offset;
  }
  for (const Annotation& a : hints_) {
    WEFT_ASSIGN_OR_RETURN(uint8_t value, ParseBranchHintAnnotation(a));
    hint_values_.push_back(value);
  }
  return absl::OkStatus();
}

absl::StatusOr<std::optional<std::string>> Parser::TakeNameAt(size_t anchor,
                                                             absl::string_view what) {
  auto it = std::lower_bound(names_.begin(), names_.end(), anchor,
                             [](const Annotation& a, size_t at) { return a.anchor < at; });
  std::optional<std::string> found;
  for (; it != names_.end() && it->anchor == anchor; ++it) {
    const size_t i = static_cast<size_t>(it - names_.begin());
    if (name_used_[i]) continue;
    if (found) {
      return MalformedAnnotation(it->head, absl::StrCat("@name annotation: multiple ", what, " names"));
    }
    WEFT_ASSIGN_OR_RETURN(found, ParseNameAnnotation(*it));
    name_used_[i] = true;
    if (names_order_ == kNoId || it->head.offset < names_order_) names_order_ = it->head.offset;
  }
  return found;
}

absl::Status Parser::NameFunction(size_t anchor, uint32_t index) {
  WEFT_ASSIGN_OR_RETURN(std::optional<std::string> name, TakeNameAt(anchor, "function"));
  if (name) names_section_.funcs[index] = *std::move(name);
  return absl::OkStatus();
}

absl::Status Parser::NameTag(size_t anchor, uint32_t index) {
  WEFT_ASSIGN_OR_RETURN(std::optional<std::string> name, TakeNameAt(anchor, "tag"));
  if (name) names_section_.tags[index] = *std::move(name);
  return absl::OkStatus();
}

absl::Status Parser::NameLocals(uint32_t func, const std::vector<LocalGroup>& groups) {
  for (const LocalGroup& g : groups) {
    // A name belongs to one local: `(local $x (@name "x") i32)`, or an
    // anonymous group of one; on a group of several it is left unclaimed
    // (misplaced).
    if (g.count != 1) continue;
    WEFT_ASSIGN_OR_RETURN(std::optional<std::string> name, TakeNameAt(g.anchor, "local"));
    if (name) names_section_.locals[func][g.first] = *std::move(name);
  }
  return absl::OkStatus();
}

absl::Status Parser::BeginFunctionHints(size_t func_start) {
  if (next_hint_ < hints_.size() && hints_[next_hint_].anchor <= func_start) {
    return MalformedAnnotation(hints_[next_hint_].head,
                               "@metadata.code.branch_hint annotation: not in a function");
  }
  in_code_ = true;
  return absl::OkStatus();
}

absl::StatusOr<std::optional<uint32_t>> Parser::TakeBranchHint(size_t at, const Token& instr) {
  if (!in_code_ || next_hint_ >= hints_.size() || hints_[next_hint_].anchor > at) {
    return std::nullopt;
  }
  if (next_hint_ + 1 < hints_.size() && hints_[next_hint_ + 1].anchor <= at) {
    return MalformedAnnotation(hints_[next_hint_ + 1].head,
                               "@metadata.code.branch_hint annotation: duplicate annotation");
  }
  // Well-formed, but a hint means something only on a branch: the
  // validity rule of the code metadata document.
  if (instr.text != "if" && instr.text != "br_if") {
    return InvalidAnnotation(
        hints_[next_hint_].head,
        absl::StrCat("@metadata.code.branch_hint annotation: invalid target ", instr.text,
                     " (only if and br_if take a hint)"));
  }
  return static_cast<uint32_t>(next_hint_++);
}

absl::Status Parser::EndFunctionHints(uint32_t func, size_t end, const Encoder& body) {
  in_code_ = false;
  if (next_hint_ < hints_.size() && hints_[next_hint_].anchor <= end) {
    return MalformedAnnotation(
        hints_[next_hint_].head,
        "@metadata.code.branch_hint annotation: misplaced, no instruction follows");
  }
  // The body starts with the locals declaration: marks are the offsets
  // the section wants.
  std::vector<BranchHint> hints;
  for (const Encoder::MarkAt& m : body.marks()) {
    hints.push_back(BranchHint{static_cast<uint32_t>(m.offset), hint_values_[m.id]});
  }
  if (!hints.empty()) {
    if (branch_hints_.empty()) hints_order_ = hints_[body.marks()[0].id].head.offset;
    branch_hints_.emplace_back(func, std::move(hints));
  }
  return absl::OkStatus();
}

absl::Status Parser::CheckAnnotationsClaimed() {
  if (next_hint_ < hints_.size()) {
    return MalformedAnnotation(hints_[next_hint_].head,
                               "@metadata.code.branch_hint annotation: not in a function");
  }
  for (size_t i = 0; i < names_.size(); ++i) {
    if (name_used_[i]) continue;
    // A malformed one says so first: that is the more precise message.
    WEFT_RETURN_IF_ERROR(ParseNameAnnotation(names_[i]).status());
    return MalformedAnnotation(names_[i].head, "misplaced @name annotation");
  }
  return absl::OkStatus();
}

std::vector<CustomSection> Parser::TakeCustomSections() {
  std::vector<CustomSection> sections = std::move(custom_sections_);
  if (!names_section_.empty()) {
    sections.push_back(CustomSection{SlotAfter(SectionKind::kData), names_order_, "name",
                                     EncodeNameSection(names_section_)});
  }
  if (!branch_hints_.empty()) {
    sections.push_back(CustomSection{SlotBefore(SectionKind::kCode), hints_order_,
                                     "metadata.code.branch_hint",
                                     EncodeBranchHintSection(branch_hints_)});
  }
  std::stable_sort(sections.begin(), sections.end(),
                   [](const CustomSection& a, const CustomSection& b) {
                     return a.slot != b.slot ? a.slot < b.slot : a.order < b.order;
                   });
  return sections;
}

}  // namespace weft::text::parser_internal
