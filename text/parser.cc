#include "text/parser.h"

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "text/numbers.h"
#include "text/parser_internal.h"
#include "text/strings.h"

namespace weft::text {
namespace parser_internal {
namespace {

std::string Describe(const Token& t) {
  absl::string_view text = t.text;
  std::string shown = absl::CHexEscape(text.substr(0, 40));
  if (text.size() > 40) absl::StrAppend(&shown, "...");
  switch (t.kind) {
    case TokenKind::kLParen:
      return "'('";
    case TokenKind::kRParen:
      return "')'";
    case TokenKind::kEof:
      return "end of input";
    case TokenKind::kKeyword:
      return absl::StrCat("keyword \"", shown, "\"");
    case TokenKind::kId:
      return absl::StrCat("identifier ", shown);
    case TokenKind::kString:
      return absl::StrCat("string ", shown);
    case TokenKind::kNat:
    case TokenKind::kInt:
    case TokenKind::kFloat:
      return absl::StrCat("number ", shown);
    default:
      return absl::StrCat(TokenKindName(t.kind), " ", shown);
  }
}

bool SpaceOfKeyword(absl::string_view kw, Space* space, uint8_t* kind) {
  if (kw == "func") *space = Space::kFunc, *kind = 0;
  else if (kw == "table") *space = Space::kTable, *kind = 1;
  else if (kw == "memory") *space = Space::kMemory, *kind = 2;
  else if (kw == "global") *space = Space::kGlobal, *kind = 3;
  else if (kw == "tag") *space = Space::kTag, *kind = 4;
  else return false;
  return true;
}

}  // namespace

absl::string_view SpaceName(Space space) {
  static constexpr absl::string_view kNames[] = {
      "type", "func", "table", "memory", "global", "elem", "data", "tag"};
  return kNames[static_cast<int>(space)];
}

Parser::Parser(std::vector<Token> tokens, size_t end_line, size_t end_column)
{
  // Annotations may stand wherever white space may: the ones weft reads
  // are set aside with where they stood, the others dropped.
  std::vector<Annotation> known;
  tokens_ = ExtractAnnotations(std::move(tokens), &known, &unclosed_annotation_);
  SortAnnotations(std::move(known));
  eof_.kind = TokenKind::kEof;
  eof_.line = end_line;
  eof_.column = end_column;
}

// ---- tokens

const Token& Parser::Peek(size_t ahead) const {
  return pos_ + ahead < tokens_.size() ? tokens_[pos_ + ahead] : eof_;
}

const Token& Parser::Take() {
  const Token& t = Peek();
  if (pos_ < tokens_.size()) ++pos_;
  return t;
}

bool Parser::PeekIs(TokenKind kind, size_t ahead) const {
  return Peek(ahead).kind == kind;
}

bool Parser::PeekKeyword(absl::string_view keyword, size_t ahead) const {
  const Token& t = Peek(ahead);
  return t.kind == TokenKind::kKeyword && t.text == keyword;
}

bool Parser::PeekField(absl::string_view keyword) const {
  return PeekIs(TokenKind::kLParen) && PeekKeyword(keyword, 1);
}

absl::Status Parser::Fail(const Token& at, absl::string_view what) const {
  return ErrorAt(at, absl::StrCat(what, context_));
}

absl::Status Parser::Expected(absl::string_view what) const {
  return Fail(Peek(), absl::StrCat("expected ", what, " but found ", Describe(Peek())));
}

absl::Status Parser::ExpectLParen() {
  if (!PeekIs(TokenKind::kLParen)) return Expected("'('");
  Take();
  return absl::OkStatus();
}

absl::Status Parser::ExpectRParen() {
  if (!PeekIs(TokenKind::kRParen)) return Expected("')'");
  Take();
  return absl::OkStatus();
}

absl::Status Parser::ExpectKeyword(absl::string_view keyword) {
  if (!PeekKeyword(keyword)) return Expected(absl::StrCat("'", keyword, "'"));
  Take();
  return absl::OkStatus();
}

absl::Status Parser::ExpectField(absl::string_view keyword) {
  if (!PeekField(keyword)) return Expected(absl::StrCat("'(", keyword, "'"));
  pos_ += 2;
  return absl::OkStatus();
}

absl::StatusOr<std::string> Parser::ParseString() {
  if (!PeekIs(TokenKind::kString)) return Expected("string");
  return Take().value;
}

absl::StatusOr<std::string> Parser::ParseName() {
  const Token& at = Peek();
  WEFT_ASSIGN_OR_RETURN(std::string name, ParseString());
  absl::Status utf8 = CheckName(name);
  if (!utf8.ok()) return Fail(at, utf8.message());
  return name;
}

std::string Parser::TakeId() {
  if (!PeekIs(TokenKind::kId)) return "";
  return Take().value;
}

absl::StatusOr<uint32_t> Parser::ParseU32(absl::string_view what) {
  if (!PeekIs(TokenKind::kNat)) return Expected(what);
  const Token& t = Take();
  absl::StatusOr<uint32_t> v = text::ParseU32(t.text);
  if (!v.ok()) return Fail(t, v.status().message());
  return *v;
}

bool Parser::PeekVar() const {
  return PeekIs(TokenKind::kNat) || PeekIs(TokenKind::kId);
}

absl::StatusOr<uint32_t> Parser::ParseVar(Space space) {
  if (PeekIs(TokenKind::kNat)) return ParseU32("index");
  if (!PeekIs(TokenKind::kId)) return Expected(absl::StrCat(SpaceName(space), " index"));
  const Token& t = Take();
  const auto& names = spaces_[static_cast<int>(space)].names;
  auto it = names.find(t.value);
  if (it == names.end()) return Fail(t, absl::StrCat("unknown ", SpaceName(space), " ", t.text));
  return it->second;
}

void Parser::SkipGroup() {
  size_t depth = 0;
  do {
    const Token& t = Take();
    if (t.kind == TokenKind::kLParen) ++depth;
    if (t.kind == TokenKind::kRParen) --depth;
    if (t.kind == TokenKind::kEof) return;
  } while (depth > 0);
}

// ---- pass 1: names

absl::Status Parser::DefineName(Space space, size_t token_index) {
  IndexSpace& s = spaces_[static_cast<int>(space)];
  const uint32_t index = s.count++;
  if (token_index == kNoId) return absl::OkStatus();
  const Token& id = tokens_[token_index];
  if (!s.names.try_emplace(id.value, index).second) {
    return ErrorAt(id, absl::StrCat("duplicate ", SpaceName(space), " ", id.text));
  }
  return absl::OkStatus();
}

absl::Status Parser::CollectNames() {
  const size_t start = pos_;
  // Type definitions are parsed after every type name is known: in a rec
  // group (and across groups, for the validator to judge) a type may
  // refer to one defined later.
  std::vector<size_t> type_fields;
  while (PeekIs(TokenKind::kLParen)) {
    const size_t field = pos_;
    const Token& kw = Peek(1);
    auto id_at = [&](size_t ahead) {
      return PeekIs(TokenKind::kId, ahead) ? pos_ + ahead : kNoId;
    };
    Space space;
    uint8_t kind;
    if (kw.kind != TokenKind::kKeyword) {
      break;  // pass 2 reports it
    } else if (kw.text == "type") {
      type_fields.push_back(field);
      WEFT_RETURN_IF_ERROR(DefineName(Space::kType, id_at(2)));
    } else if (kw.text == "rec") {
      type_fields.push_back(field);
      pos_ += 2;
      while (PeekField("type")) {
        WEFT_RETURN_IF_ERROR(DefineName(Space::kType, id_at(2)));
        SkipGroup();
      }
    } else if (SpaceOfKeyword(kw.text, &space, &kind)) {
      WEFT_RETURN_IF_ERROR(DefineName(space, id_at(2)));
      // Inline segments take the next elem / data index.
      if (space == Space::kTable || space == Space::kMemory) {
        const absl::string_view inner = space == Space::kTable ? "elem" : "data";
        size_t depth = 0;
        for (size_t i = field; i < tokens_.size(); ++i) {
          if (tokens_[i].kind == TokenKind::kRParen && --depth == 0) break;
          if (tokens_[i].kind != TokenKind::kLParen) continue;
          ++depth;
          if (depth == 2 && i + 1 < tokens_.size() && tokens_[i + 1].text == inner &&
              tokens_[i + 1].kind == TokenKind::kKeyword) {
            WEFT_RETURN_IF_ERROR(DefineName(
                space == Space::kTable ? Space::kElem : Space::kData, kNoId));
          }
        }
      }
    } else if (kw.text == "import") {
      if (PeekIs(TokenKind::kLParen, 4) && SpaceOfKeyword(Peek(5).text, &space, &kind) &&
          PeekIs(TokenKind::kKeyword, 5)) {
        WEFT_RETURN_IF_ERROR(DefineName(space, id_at(6)));
      }
    } else if (kw.text == "elem") {
      WEFT_RETURN_IF_ERROR(DefineName(Space::kElem, id_at(2)));
    } else if (kw.text == "data") {
      WEFT_RETURN_IF_ERROR(DefineName(Space::kData, id_at(2)));
    }
    pos_ = field;
    SkipGroup();
  }
  for (size_t field : type_fields) {
    pos_ = field;
    const Token& id = Peek(2);
    context_ = PeekField("rec") ? " (in rec)"
               : absl::StrCat(" (in type ", id.kind == TokenKind::kId
                                                 ? std::string(id.text)
                                                 : absl::StrCat(types_.size()),
                              ")");
    WEFT_RETURN_IF_ERROR(ParseTypeField());
  }
  context_.clear();
  pos_ = start;
  return absl::OkStatus();
}

// ---- pass 2: fields

absl::Status Parser::BeginDefinition(Space space, bool imported, const Token& at) {
  IndexSpace& s = spaces_[static_cast<int>(space)];
  // The spec's rule: imports precede every function, table, memory, global
  // and tag definition, of any kind ("import after function").
  if (imported && !first_definition_.empty()) {
    return Fail(at, absl::StrCat("import after ", first_definition_));
  }
  if (!imported && first_definition_.empty()) first_definition_ = SpaceName(space);
  ++s.next;
  if (!imported) ++s.defined;
  return absl::OkStatus();
}

absl::StatusOr<Parser::FieldHead> Parser::BeginField(Space space, uint8_t export_kind) {
  const Token& start = Peek();
  pos_ += 2;  // "(" and the field keyword
  TakeId();
  FieldHead head;
  head.start = &start;
  head.index = spaces_[static_cast<int>(space)].next;
  WEFT_RETURN_IF_ERROR(ParseInlineExports(export_kind, head.index));
  WEFT_ASSIGN_OR_RETURN(head.imported, ParseInlineImport());
  WEFT_RETURN_IF_ERROR(BeginDefinition(space, head.imported, start));
  return head;
}

absl::Status Parser::ParseInlineExports(uint8_t kind, uint32_t index) {
  while (PeekField("export")) {
    pos_ += 2;
    WEFT_ASSIGN_OR_RETURN(std::string name, ParseName());
    WEFT_RETURN_IF_ERROR(ExpectRParen());
    AddExport(name, kind, index);
  }
  return absl::OkStatus();
}

void Parser::AddExport(const std::string& name, uint8_t kind, uint32_t index) {
  exports_.Name(name);
  exports_.Byte(kind);
  exports_.U32(index);
  ++export_count_;
}

absl::Status Parser::TakeKindKeyword(absl::string_view what, Space* space, uint8_t* kind) {
  const Token& kw = Peek();
  if (kw.kind != TokenKind::kKeyword || !SpaceOfKeyword(kw.text, space, kind)) {
    return Expected(absl::StrCat(what, " kind (func, table, memory, global or tag)"));
  }
  Take();
  return absl::OkStatus();
}

absl::StatusOr<bool> Parser::ParseInlineImport() {
  if (!PeekField("import")) return false;
  pos_ += 2;
  WEFT_ASSIGN_OR_RETURN(std::string module, ParseName());
  WEFT_ASSIGN_OR_RETURN(std::string name, ParseName());
  WEFT_RETURN_IF_ERROR(ExpectRParen());
  imports_.Name(module);
  imports_.Name(name);
  ++import_count_;
  return true;
}

absl::Status Parser::ParseField() {
  const Token& kw = Peek(1);
  if (kw.kind != TokenKind::kKeyword) {
    Take();
    return Expected("module field");
  }
  const absl::string_view name = kw.text;
  // Context for messages: the field's identifier, else its index.
  std::string id = PeekIs(TokenKind::kId, 2) ? std::string(Peek(2).text) : "";
  Space space = Space::kType;
  uint8_t kind;
  if (name == "elem") space = Space::kElem;
  if (name == "data") space = Space::kData;
  if (id.empty() && (space != Space::kType || SpaceOfKeyword(name, &space, &kind))) {
    id = absl::StrCat(spaces_[static_cast<int>(space)].next);
  }
  if (name == "import" || name == "export" || name == "start") id.clear();
  context_ = absl::StrCat(" (in ", name, id.empty() ? "" : " ", id, ")");
  if (name == "type" || name == "rec") {
    SkipGroup();  // pass 1 read it
    return absl::OkStatus();
  }
  if (name == "func") return ParseFunc();
  if (name == "table") return ParseTable();
  if (name == "memory") return ParseMemory();
  if (name == "global") return ParseGlobal();
  if (name == "tag") return ParseTag();
  if (name == "import") return ParseImport();
  if (name == "export") return ParseExport();
  if (name == "start") return ParseStart();
  if (name == "elem") return ParseElem();
  if (name == "data") return ParseData();
  context_.clear();
  Take();
  return Expected("module field");
}

absl::Status Parser::ParseFunc() {
  const size_t func_start = pos_;
  const size_t name_anchor = pos_ + (PeekIs(TokenKind::kId, 2) ? 3 : 2);
  WEFT_ASSIGN_OR_RETURN(const FieldHead head, BeginField(Space::kFunc, 0x00));
  WEFT_RETURN_IF_ERROR(NameFunction(name_anchor, head.index));
  const Token& start = *head.start;
  const bool imported = head.imported;
  FuncType type;
  std::vector<std::string> names;
  param_groups_.clear();
  WEFT_ASSIGN_OR_RETURN(uint32_t type_index, ParseTypeUse(&type, &names));
  std::vector<LocalGroup> local_groups = std::move(param_groups_);
  if (imported) {
    imports_.Byte(0x00);
    imports_.U32(type_index);
    return ExpectRParen();
  }
  funcs_.U32(type_index);

  FunctionContext fn;
  uint32_t local_count = 0;
  auto name_local = [&](const Token& at, std::string name) -> absl::Status {
    const uint32_t i = local_count++;
    if (!name.empty() && !fn.locals.try_emplace(name, i).second) {
      return Fail(at, absl::StrCat("duplicate local $", name));
    }
    return absl::OkStatus();
  };
  for (std::string& name : names) WEFT_RETURN_IF_ERROR(name_local(start, std::move(name)));
  std::vector<ValType> locals;
  while (PeekField("local")) {
    pos_ += 2;
    local_groups.push_back(LocalGroup{PeekIs(TokenKind::kId) ? pos_ + 1 : pos_, local_count, 0});
    if (PeekIs(TokenKind::kId)) {
      const Token& id = Take();
      WEFT_ASSIGN_OR_RETURN(ValType t, ParseValType());
      WEFT_RETURN_IF_ERROR(name_local(id, id.value));
      locals.push_back(std::move(t));
    } else {
      while (!PeekIs(TokenKind::kRParen)) {
        WEFT_ASSIGN_OR_RETURN(ValType t, ParseValType());
        WEFT_RETURN_IF_ERROR(name_local(start, ""));
        locals.push_back(std::move(t));
      }
    }
    local_groups.back().count = local_count - local_groups.back().first;
    WEFT_RETURN_IF_ERROR(ExpectRParen());
  }
  WEFT_RETURN_IF_ERROR(NameLocals(head.index, local_groups));

  Encoder body;
  // Locals as runs of one type, the compressed form every encoder uses.
  uint32_t runs = 0;
  for (size_t i = 0; i < locals.size(); ++i) {
    if (i == 0 || locals[i] != locals[i - 1]) ++runs;
  }
  body.U32(runs);
  for (size_t i = 0; i < locals.size();) {
    size_t j = i;
    while (j < locals.size() && locals[j] == locals[i]) ++j;
    body.U32(static_cast<uint32_t>(j - i));
    body.Raw(locals[i]);
    i = j;
  }
  fn_ = &fn;
  WEFT_RETURN_IF_ERROR(BeginFunctionHints(func_start));
  absl::Status status = ParseInstrs(&body);
  fn_ = &empty_function_;
  WEFT_RETURN_IF_ERROR(status);
  WEFT_RETURN_IF_ERROR(EndFunctionHints(head.index, pos_, body));
  body.Byte(0x0B);
  code_.U32(static_cast<uint32_t>(body.size()));
  code_.Append(body);
  ++code_count_;
  return ExpectRParen();
}

absl::Status Parser::ParseTable() {
  WEFT_ASSIGN_OR_RETURN(const FieldHead head, BeginField(Space::kTable, 0x01));
  const uint32_t index = head.index;
  const bool imported = head.imported;
  const bool index64 = PeekKeyword("i64");
  if (!imported && (PeekRefType() || (index64 && (Peek(1).kind != TokenKind::kNat)))) {
    // (table i64? reftype (elem ...)): limits from the element count, and
    // an active segment at offset 0.
    if (index64) Take();
    WEFT_ASSIGN_OR_RETURN(ValType reftype, ParseRefType());
    WEFT_RETURN_IF_ERROR(ExpectField("elem"));
    std::vector<Encoder> items;
    std::vector<uint32_t> funcs;
    WEFT_RETURN_IF_ERROR(ParseElemList(/*inline_table=*/true, &reftype, &items, &funcs));
    WEFT_RETURN_IF_ERROR(ExpectRParen());
    const uint32_t n = static_cast<uint32_t>(items.size() + funcs.size());
    tables_.Raw(reftype);
    tables_.Byte(index64 ? 0x05 : 0x01);
    tables_.U32(n);
    tables_.U32(n);
    Encoder offset;
    offset.Byte(index64 ? 0x42 : 0x41);  // i32/i64.const 0
    offset.Byte(0x00);
    offset.Byte(0x0B);
    ++spaces_[static_cast<int>(Space::kElem)].next;
    EncodeElem(kActive, index, offset, reftype, items, funcs);
    return ExpectRParen();
  }
  if (imported) {
    imports_.Byte(0x01);
    WEFT_RETURN_IF_ERROR(ParseTableType(&imports_));
    return ExpectRParen();
  }
  Encoder type;
  WEFT_RETURN_IF_ERROR(ParseTableType(&type));
  if (!PeekIs(TokenKind::kRParen)) {
    // 3.0: `(table tabletype expr)`, every entry initialised by expr.
    tables_.Byte(0x40);
    tables_.Byte(0x00);
    tables_.Append(type);
    WEFT_RETURN_IF_ERROR(ParseConstExpr(&tables_));
  } else {
    tables_.Append(type);
  }
  return ExpectRParen();
}

absl::Status Parser::ParseMemory() {
  WEFT_ASSIGN_OR_RETURN(const FieldHead head, BeginField(Space::kMemory, 0x02));
  const uint32_t index = head.index;
  const bool imported = head.imported;
  // (memory i64? (pagesize n)? (data ...)): as many pages as the bytes
  // need, min = max.
  size_t ahead = PeekKeyword("i64") ? 1 : 0;
  const bool has_pagesize = PeekIs(TokenKind::kLParen, ahead) && PeekKeyword("pagesize", ahead + 1);
  if (has_pagesize) ahead += 4;  // ( pagesize n )
  if (!imported && PeekIs(TokenKind::kLParen, ahead) && PeekKeyword("data", ahead + 1)) {
    const bool index64 = PeekKeyword("i64");
    if (index64) Take();
    uint32_t log2_page = 16;
    if (has_pagesize) {
      WEFT_ASSIGN_OR_RETURN(log2_page, ParsePageSizeLog2());
    }
    pos_ += 2;
    std::string bytes;
    WEFT_RETURN_IF_ERROR(ParseDataStrings(&bytes));
    WEFT_RETURN_IF_ERROR(ExpectRParen());
    const uint64_t page = uint64_t{1} << log2_page;
    const uint64_t pages = (uint64_t{bytes.size()} + page - 1) / page;
    memories_.Byte(0x01 | (index64 ? 0x04 : 0x00) | (has_pagesize ? 0x08 : 0x00));
    memories_.U64(pages);
    memories_.U64(pages);
    if (has_pagesize) memories_.U32(log2_page);
    ++spaces_[static_cast<int>(Space::kData)].next;
    datas_.U32(index == 0 ? 0 : 2);
    if (index != 0) datas_.U32(index);
    datas_.Byte(index64 ? 0x42 : 0x41);
    datas_.Byte(0x00);
    datas_.Byte(0x0B);
    datas_.Name(bytes);
    return ExpectRParen();
  }
  if (imported) imports_.Byte(0x02);
  WEFT_RETURN_IF_ERROR(ParseMemoryType(imported ? &imports_ : &memories_));
  return ExpectRParen();
}

absl::Status Parser::ParseTag() {
  const size_t name_anchor = pos_ + (PeekIs(TokenKind::kId, 2) ? 3 : 2);
  WEFT_ASSIGN_OR_RETURN(const FieldHead head, BeginField(Space::kTag, 0x04));
  WEFT_RETURN_IF_ERROR(NameTag(name_anchor, head.index));
  FuncType type;
  WEFT_ASSIGN_OR_RETURN(uint32_t type_index, ParseTypeUse(&type, nullptr));
  Encoder* out = head.imported ? &imports_ : &tags_;
  if (head.imported) out->Byte(0x04);
  out->Byte(0x00);  // attribute: exception
  out->U32(type_index);
  return ExpectRParen();
}

absl::Status Parser::ParseGlobal() {
  WEFT_ASSIGN_OR_RETURN(const FieldHead head, BeginField(Space::kGlobal, 0x03));
  const bool imported = head.imported;
  if (imported) {
    imports_.Byte(0x03);
    WEFT_RETURN_IF_ERROR(ParseGlobalType(&imports_));
    return ExpectRParen();
  }
  WEFT_RETURN_IF_ERROR(ParseGlobalType(&globals_));
  WEFT_RETURN_IF_ERROR(ParseConstExpr(&globals_));
  return ExpectRParen();
}

absl::Status Parser::ParseImport() {
  pos_ += 2;
  WEFT_ASSIGN_OR_RETURN(std::string module, ParseName());
  WEFT_ASSIGN_OR_RETURN(std::string name, ParseName());
  WEFT_RETURN_IF_ERROR(ExpectLParen());
  const Token& kw = Peek();
  Space space;
  uint8_t kind;
  WEFT_RETURN_IF_ERROR(TakeKindKeyword("import", &space, &kind));
  TakeId();
  const size_t name_anchor = pos_;
  const uint32_t index = spaces_[static_cast<int>(space)].next;
  WEFT_RETURN_IF_ERROR(BeginDefinition(space, /*imported=*/true, kw));
  if (space == Space::kFunc) WEFT_RETURN_IF_ERROR(NameFunction(name_anchor, index));
  if (space == Space::kTag) WEFT_RETURN_IF_ERROR(NameTag(name_anchor, index));
  imports_.Name(module);
  imports_.Name(name);
  imports_.Byte(kind);
  ++import_count_;
  switch (space) {
    case Space::kFunc: {
      FuncType type;
      std::vector<std::string> names;
      WEFT_ASSIGN_OR_RETURN(uint32_t type_index, ParseTypeUse(&type, &names));
      imports_.U32(type_index);
      break;
    }
    case Space::kTable:
      WEFT_RETURN_IF_ERROR(ParseTableType(&imports_));
      break;
    case Space::kMemory:
      WEFT_RETURN_IF_ERROR(ParseMemoryType(&imports_));
      break;
    case Space::kTag: {
      FuncType type;
      WEFT_ASSIGN_OR_RETURN(uint32_t type_index, ParseTypeUse(&type, nullptr));
      imports_.Byte(0x00);
      imports_.U32(type_index);
      break;
    }
    default:
      WEFT_RETURN_IF_ERROR(ParseGlobalType(&imports_));
      break;
  }
  WEFT_RETURN_IF_ERROR(ExpectRParen());
  return ExpectRParen();
}

absl::Status Parser::ParseExport() {
  pos_ += 2;
  WEFT_ASSIGN_OR_RETURN(std::string name, ParseName());
  WEFT_RETURN_IF_ERROR(ExpectLParen());
  Space space;
  uint8_t kind;
  WEFT_RETURN_IF_ERROR(TakeKindKeyword("export", &space, &kind));
  WEFT_ASSIGN_OR_RETURN(uint32_t index, ParseVar(space));
  WEFT_RETURN_IF_ERROR(ExpectRParen());
  AddExport(name, kind, index);
  return ExpectRParen();
}

absl::Status Parser::ParseStart() {
  const Token& start = Peek();
  pos_ += 2;
  if (seen_start_) return Fail(start, "multiple start fields");
  seen_start_ = true;
  WEFT_ASSIGN_OR_RETURN(uint32_t index, ParseVar(Space::kFunc));
  start_.U32(index);
  return ExpectRParen();
}

absl::StatusOr<std::vector<uint8_t>> Parser::ParseModule() {
  if (unclosed_annotation_) return Fail(*unclosed_annotation_, "unclosed annotation");
  bool wrapped = false;
  if (PeekField("module")) {
    wrapped = true;
    pos_ += 2;
    TakeId();
    if (PeekKeyword("binary") || PeekKeyword("quote")) {
      return Fail(Peek(), "(module binary/quote) is WAST, not supported here");
    }
  }
  WEFT_RETURN_IF_ERROR(ReadModuleAnnotations(wrapped, pos_));
  WEFT_RETURN_IF_ERROR(CollectNames());
  while (PeekIs(TokenKind::kLParen)) WEFT_RETURN_IF_ERROR(ParseField());
  context_.clear();
  if (wrapped) WEFT_RETURN_IF_ERROR(ExpectRParen());
  if (!PeekIs(TokenKind::kEof)) {
    return wrapped ? Expected("end of input") : Expected("'('");
  }
  WEFT_RETURN_IF_ERROR(CheckAnnotationsClaimed());

  Encoder out;
  out.Raw(absl::string_view("\0asm", 4));
  out.Fixed32(1);
  // Custom sections go before or after the known section they name
  // (custom_annotations.h), whether or not that one is written.
  const std::vector<CustomSection> customs = TakeCustomSections();
  size_t next_custom = 0;
  auto customs_up_to = [&](uint32_t slot) {
    for (; next_custom < customs.size() && customs[next_custom].slot <= slot; ++next_custom) {
      Encoder c;
      c.Name(customs[next_custom].name);
      c.Raw(customs[next_custom].content);
      out.Section(0, c);
    }
  };
  auto section = [&](SectionKind kind, uint8_t id, bool present, const Encoder& body) {
    customs_up_to(SlotBefore(kind));
    if (present) out.Section(id, body);
    customs_up_to(SlotAfter(kind));
  };
  auto vec_section = [&](SectionKind kind, uint8_t id, uint32_t count, const Encoder& body) {
    Encoder s;
    if (count != 0) {
      s.U32(count);
      s.Append(body);
    }
    section(kind, id, count != 0, s);
  };
  Encoder types;
  uint32_t groups = 0;
  EncodeTypes(&types, &groups);
  auto defined = [this](Space s) { return spaces_[static_cast<int>(s)].defined; };
  auto count = [this](Space s) { return spaces_[static_cast<int>(s)].next; };
  vec_section(SectionKind::kType, 1, groups, types);
  vec_section(SectionKind::kImport, 2, import_count_, imports_);
  vec_section(SectionKind::kFunc, 3, defined(Space::kFunc), funcs_);
  vec_section(SectionKind::kTable, 4, defined(Space::kTable), tables_);
  vec_section(SectionKind::kMemory, 5, defined(Space::kMemory), memories_);
  // 3.0: the tag section stands between memory and global.
  vec_section(SectionKind::kTag, 13, defined(Space::kTag), tags_);
  vec_section(SectionKind::kGlobal, 6, defined(Space::kGlobal), globals_);
  vec_section(SectionKind::kExport, 7, export_count_, exports_);
  section(SectionKind::kStart, 8, seen_start_, start_);
  vec_section(SectionKind::kElem, 9, count(Space::kElem), elems_);
  Encoder data_count;
  data_count.U32(count(Space::kData));
  section(SectionKind::kDataCount, 12, uses_data_count_, data_count);
  vec_section(SectionKind::kCode, 10, code_count_, code_);
  vec_section(SectionKind::kData, 11, count(Space::kData), datas_);
  return out.Release();
}

}  // namespace parser_internal

absl::StatusOr<std::vector<uint8_t>> ParseWat(absl::string_view text) {
  WEFT_ASSIGN_OR_RETURN(std::vector<Token> tokens, Tokenize(text));
  // Where end-of-input errors point: just past the last character. The
  // last token knows its own position; only what follows it is scanned.
  size_t line = 1, column = 1, from = 0;
  if (!tokens.empty()) {
    line = tokens.back().line;
    column = tokens.back().column;
    from = tokens.back().offset;
  }
  for (char c : text.substr(from)) {
    if (c == '\n') {
      ++line;
      column = 1;
    } else if ((static_cast<uint8_t>(c) & 0xC0) != 0x80) {
      ++column;
    }
  }
  parser_internal::Parser parser(std::move(tokens), line, column);
  return parser.ParseModule();
}

absl::StatusOr<std::vector<uint8_t>> ParseWatTokens(std::vector<Token> tokens,
                                                    const Token& end) {
  parser_internal::Parser parser(std::move(tokens), end.line, end.column);
  return parser.ParseModule();
}

}  // namespace weft::text
