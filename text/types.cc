// Value types, type definitions (func, struct, array, sub, rec), type
// uses, and the limits of memories and tables (parser_internal.h).
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "text/numbers.h"
#include "text/parser_internal.h"

namespace weft::text::parser_internal {
namespace {

// Abstract heap types and their one-byte encodings.
constexpr std::pair<absl::string_view, uint8_t> kHeapTypes[] = {
    {"func", 0x70},   {"extern", 0x6F}, {"any", 0x6E},    {"eq", 0x6D},
    {"i31", 0x6C},    {"struct", 0x6B}, {"array", 0x6A},  {"none", 0x71},
    {"nofunc", 0x73}, {"noextern", 0x72}, {"exn", 0x69}, {"noexn", 0x74}};

// `(ref null ht)` shorthands: the same byte as the heap type.
constexpr std::pair<absl::string_view, uint8_t> kRefShorthands[] = {
    {"funcref", 0x70},     {"externref", 0x6F},   {"anyref", 0x6E},
    {"eqref", 0x6D},       {"i31ref", 0x6C},      {"structref", 0x6B},
    {"arrayref", 0x6A},    {"nullref", 0x71},     {"nullfuncref", 0x73},
    {"nullexternref", 0x72}, {"exnref", 0x69},    {"nullexnref", 0x74}};

constexpr std::pair<absl::string_view, uint8_t> kNumTypes[] = {
    {"i32", kI32}, {"i64", kI64}, {"f32", kF32}, {"f64", kF64}, {"v128", kV128}};

void EncodeFuncComp(const FuncType& type, std::string* out) {
  Encoder e;
  e.Byte(0x60);
  e.U32(static_cast<uint32_t>(type.params.size()));
  for (const ValType& p : type.params) e.Raw(p);
  e.U32(static_cast<uint32_t>(type.results.size()));
  for (const ValType& r : type.results) e.Raw(r);
  out->assign(e.bytes().begin(), e.bytes().end());
}

}  // namespace

// ---- value types

bool Parser::PeekRefType() const {
  if (PeekField("ref")) return true;
  if (!PeekIs(TokenKind::kKeyword)) return false;
  for (const auto& [name, byte] : kRefShorthands) {
    if (Peek().text == name) return true;
  }
  return false;
}

absl::StatusOr<std::string> Parser::ParseHeapType() {
  if (PeekIs(TokenKind::kKeyword)) {
    for (const auto& [name, byte] : kHeapTypes) {
      if (Peek().text == name) {
        Take();
        return OneByte(byte);
      }
    }
  }
  if (!PeekVar()) return Expected("heap type");
  WEFT_ASSIGN_OR_RETURN(uint32_t index, ParseVar(Space::kType));
  Encoder e;
  e.S64(index);  // s33: a non-negative type index
  return std::string(e.bytes().begin(), e.bytes().end());
}

absl::StatusOr<ValType> Parser::ParseRefType() {
  if (PeekIs(TokenKind::kKeyword)) {
    for (const auto& [name, byte] : kRefShorthands) {
      if (Peek().text == name) {
        Take();
        return OneByte(byte);
      }
    }
  }
  if (!PeekField("ref")) return Expected("reference type");
  pos_ += 2;
  const bool nullable = PeekKeyword("null");
  if (nullable) Take();
  WEFT_ASSIGN_OR_RETURN(std::string heap, ParseHeapType());
  WEFT_RETURN_IF_ERROR(ExpectRParen());
  // A nullable abstract type has a one-byte shorthand: (ref null func) is
  // funcref, 0x70, the form every encoder writes.
  if (nullable && heap.size() == 1 && static_cast<uint8_t>(heap[0]) >= 0x69) return heap;
  return absl::StrCat(OneByte(nullable ? 0x63 : 0x64), heap);
}

absl::StatusOr<ValType> Parser::ParseValType() {
  if (PeekIs(TokenKind::kKeyword)) {
    for (const auto& [name, byte] : kNumTypes) {
      if (Peek().text == name) {
        Take();
        return OneByte(byte);
      }
    }
  }
  if (PeekRefType()) return ParseRefType();
  return Expected("value type");
}

absl::Status Parser::ParseParams(FuncType* type, std::vector<std::string>* names) {
  param_groups_.clear();
  while (PeekField("param")) {
    pos_ += 2;
    const auto first = static_cast<uint32_t>(type->params.size());
    const size_t anchor = PeekIs(TokenKind::kId) ? pos_ + 1 : pos_;
    if (PeekIs(TokenKind::kId)) {
      if (names == nullptr) return Expected("value type");
      std::string name = Take().value;
      WEFT_ASSIGN_OR_RETURN(ValType t, ParseValType());
      type->params.push_back(std::move(t));
      names->push_back(std::move(name));
    } else {
      while (!PeekIs(TokenKind::kRParen)) {
        WEFT_ASSIGN_OR_RETURN(ValType t, ParseValType());
        type->params.push_back(std::move(t));
        if (names != nullptr) names->emplace_back();
      }
    }
    param_groups_.push_back(
        LocalGroup{anchor, first, static_cast<uint32_t>(type->params.size()) - first});
    WEFT_RETURN_IF_ERROR(ExpectRParen());
  }
  return absl::OkStatus();
}

absl::Status Parser::ParseResults(FuncType* type) {
  while (PeekField("result")) {
    pos_ += 2;
    while (!PeekIs(TokenKind::kRParen)) {
      WEFT_ASSIGN_OR_RETURN(ValType t, ParseValType());
      type->results.push_back(std::move(t));
    }
    WEFT_RETURN_IF_ERROR(ExpectRParen());
  }
  return absl::OkStatus();
}

// ---- type definitions (pass 1; names are already defined)

absl::Status Parser::ParseTypeField() {
  RecGroup group;
  group.first = static_cast<uint32_t>(types_.size());
  if (PeekField("rec")) {
    pos_ += 2;
    group.explicit_rec = true;
    while (PeekField("type")) WEFT_RETURN_IF_ERROR(ParseTypeDef());
    WEFT_RETURN_IF_ERROR(ExpectRParen());
  } else {
    WEFT_RETURN_IF_ERROR(ParseTypeDef());
  }
  group.size = static_cast<uint32_t>(types_.size()) - group.first;
  // (rec (type ...)) with one type is the same group as a bare (type ...).
  if (group.size != 1) {
    for (uint32_t i = group.first; i < types_.size(); ++i) types_[i].singleton = false;
  }
  groups_.push_back(group);
  return absl::OkStatus();
}

absl::Status Parser::ParseTypeDef() {
  WEFT_RETURN_IF_ERROR(ExpectField("type"));
  TakeId();
  TypeDef def;
  const bool sub = PeekField("sub");
  if (sub) {
    pos_ += 2;
    def.final = PeekKeyword("final");
    if (def.final) Take();
    while (PeekVar()) {
      WEFT_ASSIGN_OR_RETURN(uint32_t super, ParseVar(Space::kType));
      def.supers.push_back(super);
    }
  }
  if (PeekField("func")) {
    pos_ += 2;
    std::vector<std::string> names;  // allowed, but they name nothing
    WEFT_RETURN_IF_ERROR(ParseParams(&def.func, &names));
    WEFT_RETURN_IF_ERROR(ParseResults(&def.func));
    EncodeFuncComp(def.func, &def.comp);
  } else if (PeekField("struct")) {
    pos_ += 2;
    def.kind = TypeDef::Kind::kStruct;
    WEFT_RETURN_IF_ERROR(ParseStructType(&def));
  } else if (PeekField("array")) {
    pos_ += 2;
    def.kind = TypeDef::Kind::kArray;
    def.comp = "\x5E";
    WEFT_RETURN_IF_ERROR(ParseFieldType(&def.comp));
  } else {
    return Expected("'(func', '(struct' or '(array'");
  }
  WEFT_RETURN_IF_ERROR(ExpectRParen());  // comptype
  if (sub) WEFT_RETURN_IF_ERROR(ExpectRParen());
  types_.push_back(std::move(def));
  return ExpectRParen();
}

absl::Status Parser::ParseStructType(TypeDef* def) {
  std::string fields;
  uint32_t count = 0;
  while (PeekField("field")) {
    pos_ += 2;
    if (PeekIs(TokenKind::kId)) {
      const Token& id = Take();
      if (!def->fields.try_emplace(id.value, count).second) {
        return Fail(id, absl::StrCat("duplicate field ", id.text));
      }
      WEFT_RETURN_IF_ERROR(ParseFieldType(&fields));
      ++count;
    } else {
      while (!PeekIs(TokenKind::kRParen)) {
        WEFT_RETURN_IF_ERROR(ParseFieldType(&fields));
        ++count;
      }
    }
    WEFT_RETURN_IF_ERROR(ExpectRParen());
  }
  Encoder e;
  e.Byte(0x5F);
  e.U32(count);
  def->comp.assign(e.bytes().begin(), e.bytes().end());
  def->comp += fields;
  return absl::OkStatus();
}

absl::Status Parser::ParseFieldType(std::string* out) {
  const bool mut = PeekField("mut");
  if (mut) pos_ += 2;
  if (PeekKeyword("i8")) {
    Take();
    out->push_back(0x78);
  } else if (PeekKeyword("i16")) {
    Take();
    out->push_back(0x77);
  } else {
    WEFT_ASSIGN_OR_RETURN(ValType t, ParseValType());
    *out += t;
  }
  if (mut) WEFT_RETURN_IF_ERROR(ExpectRParen());
  out->push_back(mut ? 0x01 : 0x00);
  return absl::OkStatus();
}

void Parser::EncodeTypes(Encoder* out, uint32_t* groups) const {
  *groups = static_cast<uint32_t>(groups_.size());
  for (const RecGroup& g : groups_) {
    if (g.explicit_rec) {
      out->Byte(0x4E);
      out->U32(g.size);
    }
    for (uint32_t i = g.first; i < g.first + g.size; ++i) {
      const TypeDef& t = types_[i];
      // `sub final` without supertypes is the bare comptype (the short
      // form; it is what a plain `(type (func))` means).
      if (!t.final || !t.supers.empty()) {
        out->Byte(t.final ? 0x4F : 0x50);
        out->U32(static_cast<uint32_t>(t.supers.size()));
        for (uint32_t s : t.supers) out->U32(s);
      }
      out->Raw(t.comp);
    }
  }
}

// ---- type uses

absl::StatusOr<uint32_t> Parser::ParseTypeUse(FuncType* type,
                                              std::vector<std::string>* names) {
  const Token& start = Peek();
  bool has_index = false;
  uint32_t index = 0;
  if (PeekField("type")) {
    pos_ += 2;
    WEFT_ASSIGN_OR_RETURN(index, ParseVar(Space::kType));
    WEFT_RETURN_IF_ERROR(ExpectRParen());
    has_index = true;
  }
  FuncType inline_type;
  WEFT_RETURN_IF_ERROR(ParseParams(&inline_type, names));
  WEFT_RETURN_IF_ERROR(ParseResults(&inline_type));
  if (!has_index) {
    *type = inline_type;
    return FindOrAddType(inline_type);
  }
  // A numeric index past the types alone, or a struct or array type, is
  // invalid, not malformed (the suite's assert_invalid "unknown type"):
  // it encodes, for the validator to reject. With an inline type to
  // check against it, it is malformed (assert_malformed in func.wast).
  const bool has_inline = !inline_type.params.empty() || !inline_type.results.empty();
  if (index >= types_.size()) {
    if (has_inline) return Fail(start, absl::StrCat("unknown type ", index));
    *type = inline_type;
    return index;
  }
  if (has_inline && !(inline_type == types_[index].func)) {
    return Fail(start, absl::StrCat("inline function type does not match type ", index));
  }
  *type = types_[index].func;
  if (names != nullptr && !has_inline) names->assign(type->params.size(), "");
  return index;
}

uint32_t Parser::FindOrAddType(const FuncType& type) {
  for (size_t i = 0; i < types_.size(); ++i) {
    const TypeDef& t = types_[i];
    if (t.kind == TypeDef::Kind::kFunc && t.final && t.supers.empty() && t.singleton &&
        t.func == type) {
      return static_cast<uint32_t>(i);
    }
  }
  TypeDef def;
  def.func = type;
  EncodeFuncComp(type, &def.comp);
  types_.push_back(std::move(def));
  groups_.push_back(RecGroup{static_cast<uint32_t>(types_.size() - 1), 1, false});
  return static_cast<uint32_t>(types_.size() - 1);
}

// ---- limits, memory, table and global types

absl::Status Parser::ParseLimits(Encoder* out, bool index64, bool allow_pagesize) {
  // 3.0 encodes every bound as a u64; the validator checks i32 ones.
  auto bound = [&](absl::string_view what) -> absl::StatusOr<uint64_t> {
    if (!PeekIs(TokenKind::kNat)) return Expected(what);
    const Token& t = Take();
    absl::StatusOr<uint64_t> v = ParseUnsigned(t.text, 64);
    if (!v.ok()) return Fail(t, v.status().message());
    return *v;
  };
  WEFT_ASSIGN_OR_RETURN(uint64_t min, bound("limits"));
  const bool has_max = PeekIs(TokenKind::kNat);
  uint64_t max = 0;
  if (has_max) {
    WEFT_ASSIGN_OR_RETURN(max, bound("maximum"));
  }
  const bool has_pagesize = allow_pagesize && PeekField("pagesize");
  uint32_t log2_page = 16;
  if (has_pagesize) {
    WEFT_ASSIGN_OR_RETURN(log2_page, ParsePageSizeLog2());
  }
  out->Byte((has_max ? 0x01 : 0x00) | (index64 ? 0x04 : 0x00) | (has_pagesize ? 0x08 : 0x00));
  out->U64(min);
  if (has_max) out->U64(max);
  if (has_pagesize) out->U32(log2_page);
  return absl::OkStatus();
}

absl::StatusOr<uint32_t> Parser::ParsePageSizeLog2() {
  WEFT_RETURN_IF_ERROR(ExpectField("pagesize"));
  const Token& at = Peek();
  if (!PeekIs(TokenKind::kNat)) return Expected("page size");
  absl::StatusOr<uint64_t> v = ParseUnsigned(Take().text, 64);
  if (!v.ok()) return Fail(at, v.status().message());
  if (*v == 0 || (*v & (*v - 1)) != 0) return Fail(at, "invalid custom page size");
  uint32_t log2 = 0;
  while ((uint64_t{1} << log2) != *v) ++log2;
  WEFT_RETURN_IF_ERROR(ExpectRParen());
  return log2;
}

absl::Status Parser::ParseMemoryType(Encoder* out) {
  const bool index64 = PeekKeyword("i64");
  if (index64) Take();
  else if (PeekKeyword("i32")) Take();
  return ParseLimits(out, index64, /*allow_pagesize=*/true);
}

absl::Status Parser::ParseTableType(Encoder* out) {
  const bool index64 = PeekKeyword("i64");
  if (index64) Take();
  else if (PeekKeyword("i32")) Take();
  Encoder limits;
  WEFT_RETURN_IF_ERROR(ParseLimits(&limits, index64, /*allow_pagesize=*/false));
  WEFT_ASSIGN_OR_RETURN(ValType reftype, ParseRefType());
  out->Raw(reftype);
  out->Append(limits);
  return absl::OkStatus();
}

absl::Status Parser::ParseGlobalType(Encoder* out) {
  const bool mut = PeekField("mut");
  if (mut) pos_ += 2;
  WEFT_ASSIGN_OR_RETURN(ValType t, ParseValType());
  if (mut) WEFT_RETURN_IF_ERROR(ExpectRParen());
  out->Raw(t);
  out->Byte(mut ? 0x01 : 0x00);
  return absl::OkStatus();
}

}  // namespace weft::text::parser_internal
