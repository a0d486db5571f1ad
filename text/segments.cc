// Elem and data segments, with their abbreviations (parser_internal.h).
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "text/parser_internal.h"

namespace weft::text::parser_internal {
namespace {

// If `expr` is exactly `ref.func x end`, sets *func to x.
bool IsRefFunc(const Encoder& expr, uint32_t* func) {
  const std::vector<uint8_t>& b = expr.bytes();
  if (b.size() < 3 || b[0] != 0xD2 || b.back() != 0x0B) return false;
  uint64_t v = 0;
  size_t i = 1;
  for (int shift = 0; i < b.size() - 1; ++i, shift += 7) {
    v |= uint64_t{b[i] & 0x7Fu} << shift;
    if ((b[i] & 0x80) == 0) break;
  }
  if (i + 2 != b.size()) return false;
  *func = static_cast<uint32_t>(v);
  return true;
}

}  // namespace

absl::Status Parser::ParseOffset(Encoder* out) {
  if (PeekField("offset")) {
    pos_ += 2;
    WEFT_RETURN_IF_ERROR(ParseConstExpr(out));
    return ExpectRParen();
  }
  if (!PeekIs(TokenKind::kLParen)) return Expected("offset expression");
  WEFT_RETURN_IF_ERROR(ParseFolded(out));
  out->Byte(0x0B);
  return absl::OkStatus();
}

absl::Status Parser::ParseElemList(bool inline_table, ValType* reftype,
                                   std::vector<Encoder>* items,
                                   std::vector<uint32_t>* funcs) {
  bool indices = false;
  if (inline_table) {
    indices = PeekVar();
  } else if (PeekKeyword("func")) {
    Take();
    // 3.0 reads `func x*` as (ref func); binary forms 0-3 mean the same.
    *reftype = "\x64\x70";
    indices = true;
  } else if (PeekVar() || PeekIs(TokenKind::kRParen)) {
    // Legacy `(elem (offset) x*)`; the caller allows it only when active.
    *reftype = "\x64\x70";
    indices = true;
  } else {
    WEFT_ASSIGN_OR_RETURN(*reftype, ParseRefType());
  }
  if (indices) {
    while (!PeekIs(TokenKind::kRParen)) {
      WEFT_ASSIGN_OR_RETURN(uint32_t f, ParseVar(Space::kFunc));
      funcs->push_back(f);
    }
    return absl::OkStatus();
  }
  while (!PeekIs(TokenKind::kRParen)) {
    Encoder expr;
    if (PeekField("item")) {
      pos_ += 2;
      WEFT_RETURN_IF_ERROR(ParseConstExpr(&expr));
      WEFT_RETURN_IF_ERROR(ExpectRParen());
    } else {
      if (!PeekIs(TokenKind::kLParen)) return Expected("element expression");
      WEFT_RETURN_IF_ERROR(ParseFolded(&expr));
      expr.Byte(0x0B);
    }
    items->push_back(std::move(expr));
  }
  return absl::OkStatus();
}

// Picks the smallest of the eight binary forms that keeps the segment's
// type: function indices when every item is a plain `ref.func` of a
// (ref func) segment — the index forms are typed (ref func) in 3.0, so a
// funcref segment keeps its expressions (wat2wasm 1.0.32 turns those into
// indices too, which changes the type: a funcref segment then fits a
// (ref func) table it must not). The table index is written only when it
// is not 0 or the type is not funcref (forms 0 and 4 imply table 0 and
// funcref).
void Parser::EncodeElem(int mode, uint32_t table, const Encoder& offset, const ValType& reftype,
                        const std::vector<Encoder>& items,
                        const std::vector<uint32_t>& funcs) {
  std::vector<uint32_t> indices = funcs;
  const ValType funcref = OneByte(kFuncRef);
  // Indices (`func x*`, or a table's inline `x*`) may keep the index form
  // when (ref func) fits the declared type (funcref or (ref func));
  // expressions only when the type is (ref func) itself.
  const bool ref_func_type = reftype == "\x64\x70";
  bool exprs = !funcs.empty() ? !(ref_func_type || reftype == funcref) : !ref_func_type;
  for (const Encoder& item : items) {
    uint32_t f;
    if (exprs || !IsRefFunc(item, &f)) {
      exprs = true;
      break;
    }
    indices.push_back(f);
  }
  uint32_t flags = static_cast<uint32_t>(mode);
  if (mode == kActive && (table != 0 || (exprs && reftype != funcref))) flags |= 2;
  if (exprs) flags |= 4;
  elems_.U32(flags);
  if (mode == kActive) {
    if (flags & 2) elems_.U32(table);
    elems_.Append(offset);
  }
  if (flags & 3) {
    if (exprs) elems_.Raw(reftype);
    else elems_.Byte(0x00);  // elemkind funcref
  }
  if (!exprs) {
    elems_.U32(static_cast<uint32_t>(indices.size()));
    for (uint32_t f : indices) elems_.U32(f);
    return;
  }
  elems_.U32(static_cast<uint32_t>(funcs.size() + items.size()));
  for (uint32_t f : funcs) {  // a table's inline `(elem $f)` of a typed reftype
    elems_.Byte(0xD2);
    elems_.U32(f);
    elems_.Byte(0x0B);
  }
  for (const Encoder& item : items) elems_.Append(item);
}

absl::Status Parser::ParseElem() {
  pos_ += 2;
  TakeId();
  ++spaces_[static_cast<int>(Space::kElem)].next;
  ValType reftype = OneByte(kFuncRef);
  std::vector<Encoder> items;
  std::vector<uint32_t> funcs;
  Encoder offset;
  int mode = kPassive;
  uint32_t table = 0;
  if (PeekKeyword("declare")) {
    Take();
    mode = kDeclarative;
  } else if ((PeekIs(TokenKind::kLParen) && !PeekField("ref")) || PeekIs(TokenKind::kNat)) {
    mode = kActive;
    if (PeekField("table")) {
      pos_ += 2;
      WEFT_ASSIGN_OR_RETURN(table, ParseVar(Space::kTable));
      WEFT_RETURN_IF_ERROR(ExpectRParen());
    } else if (PeekIs(TokenKind::kNat)) {  // 1.0's bare table index
      WEFT_ASSIGN_OR_RETURN(table, ParseVar(Space::kTable));
    }
    WEFT_RETURN_IF_ERROR(ParseOffset(&offset));
  }
  if (mode != kActive && (PeekVar() || PeekIs(TokenKind::kRParen))) {
    return Expected("'func' or reference type");
  }
  WEFT_RETURN_IF_ERROR(ParseElemList(/*inline_table=*/false, &reftype, &items, &funcs));
  EncodeElem(mode, table, offset, reftype, items, funcs);
  return ExpectRParen();
}

absl::Status Parser::ParseDataStrings(std::string* bytes) {
  while (PeekIs(TokenKind::kString)) absl::StrAppend(bytes, Take().value);
  return absl::OkStatus();
}

absl::Status Parser::ParseData() {
  pos_ += 2;
  TakeId();
  ++spaces_[static_cast<int>(Space::kData)].next;
  if (PeekIs(TokenKind::kLParen) || PeekIs(TokenKind::kNat)) {
    uint32_t memory = 0;
    if (PeekField("memory")) {
      pos_ += 2;
      WEFT_ASSIGN_OR_RETURN(memory, ParseVar(Space::kMemory));
      WEFT_RETURN_IF_ERROR(ExpectRParen());
    } else if (PeekIs(TokenKind::kNat)) {  // 1.0's bare memory index
      WEFT_ASSIGN_OR_RETURN(memory, ParseVar(Space::kMemory));
    }
    datas_.U32(memory == 0 ? 0 : 2);
    if (memory != 0) datas_.U32(memory);
    WEFT_RETURN_IF_ERROR(ParseOffset(&datas_));
  } else {
    datas_.U32(1);
  }
  std::string bytes;
  WEFT_RETURN_IF_ERROR(ParseDataStrings(&bytes));
  datas_.Name(bytes);
  return ExpectRParen();
}

}  // namespace weft::text::parser_internal
