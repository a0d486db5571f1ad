// Exception handling's structured instructions: 3.0's `try_table` with
// its catch clauses, and the legacy `try` ... `catch` / `catch_all` /
// `delegate` (the "legacy exceptions" the 3.0 suite still tests), plain
// and folded (parser_internal.h).
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "text/parser_internal.h"

namespace weft::text::parser_internal {

absl::StatusOr<bool> Parser::ParsePlainTry(const Token& t, size_t base, Encoder* out) {
  if (t.text == "try") {
    std::string name = TakeId();
    out->Byte(0x06);
    WEFT_RETURN_IF_ERROR(ParseBlockType(out));
    WEFT_RETURN_IF_ERROR(PushLabel(std::move(name), true, LabelKind::kTry));
    return true;
  }
  if (t.text != "catch" && t.text != "catch_all" && t.text != "delegate") return false;
  // Each continues the innermost block, which must be a try before its
  // catch_all (and, for delegate, before any catch).
  if (fn_->labels.size() == base || fn_->labels.back().kind != LabelKind::kTry ||
      fn_->labels.back().in_else ||
      (t.text == "delegate" && fn_->labels.back().in_catch)) {
    return Fail(t, absl::StrCat("unexpected ", t.text));
  }
  Label& label = fn_->labels.back();
  if (t.text == "catch") {
    out->Byte(0x07);
    WEFT_ASSIGN_OR_RETURN(uint32_t tag, ParseVar(Space::kTag));
    out->U32(tag);
    label.in_catch = true;
  } else if (t.text == "catch_all") {
    out->Byte(0x19);
    label.in_catch = true;
    label.in_else = true;
  } else {
    // delegate ends the try; its label counts from outside the try.
    fn_->labels.pop_back();
    WEFT_ASSIGN_OR_RETURN(uint32_t depth, ParseLabel());
    out->Byte(0x18);
    out->U32(depth);
  }
  return true;
}

// (try $l? bt (do instr*) (catch x instr*)* (catch_all instr*)?)
// (try $l? bt (do instr*) (delegate l))
absl::Status Parser::ParseFoldedTry(Encoder* out) {
  std::string name = TakeId();
  out->Byte(0x06);
  WEFT_RETURN_IF_ERROR(ParseBlockType(out));
  WEFT_RETURN_IF_ERROR(PushLabel(std::move(name), false, LabelKind::kTry));
  WEFT_RETURN_IF_ERROR(ExpectField("do"));
  WEFT_RETURN_IF_ERROR(ParseInstrs(out));
  WEFT_RETURN_IF_ERROR(ExpectRParen());
  if (PeekField("delegate")) {
    pos_ += 2;
    fn_->labels.pop_back();
    WEFT_ASSIGN_OR_RETURN(uint32_t depth, ParseLabel());
    out->Byte(0x18);
    out->U32(depth);
    WEFT_RETURN_IF_ERROR(ExpectRParen());
    return ExpectRParen();
  }
  while (PeekField("catch")) {
    pos_ += 2;
    out->Byte(0x07);
    WEFT_ASSIGN_OR_RETURN(uint32_t tag, ParseVar(Space::kTag));
    out->U32(tag);
    WEFT_RETURN_IF_ERROR(ParseInstrs(out));
    WEFT_RETURN_IF_ERROR(ExpectRParen());
  }
  if (PeekField("catch_all")) {
    pos_ += 2;
    out->Byte(0x19);
    WEFT_RETURN_IF_ERROR(ParseInstrs(out));
    WEFT_RETURN_IF_ERROR(ExpectRParen());
  }
  fn_->labels.pop_back();
  out->Byte(0x0B);
  return ExpectRParen();
}

// (try_table $l? bt catch* instr*)
absl::Status Parser::ParseFoldedTryTable(Encoder* out) {
  std::string name = TakeId();
  out->Byte(0x1F);
  WEFT_RETURN_IF_ERROR(ParseBlockType(out));
  // Catch labels are outside the try_table's own label.
  WEFT_RETURN_IF_ERROR(ParseCatchClauses(out));
  WEFT_RETURN_IF_ERROR(PushLabel(std::move(name), false, LabelKind::kTryTable));
  WEFT_RETURN_IF_ERROR(ParseInstrs(out));
  fn_->labels.pop_back();
  out->Byte(0x0B);
  return ExpectRParen();
}

}  // namespace weft::text::parser_internal
