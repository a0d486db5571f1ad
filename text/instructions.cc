// Instructions: plain and folded, structured control with labels, and
// every immediate kind of base/opcodes.def (parser_internal.h). The 3.0
// instructions base/ does not know yet are in instructions_3_0.cc.
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "text/numbers.h"
#include "text/parser.h"
#include "text/parser_internal.h"

namespace weft::text::parser_internal {
namespace {

// Text name -> opcode, generated from opcodes.def. Where two opcodes share
// a name (`select` and typed `select`), the first (untyped) wins; the
// typed form is chosen by its `(result ...)`.
const absl::flat_hash_map<absl::string_view, Opcode>& InstructionNames() {
  static const auto* names = [] {
    auto* m = new absl::flat_hash_map<absl::string_view, Opcode>();
    for (int i = 0; i < kOpcodeCount; ++i) {
      const Opcode op = static_cast<Opcode>(i);
      // GC's instructions have text forms (ref.test null, br_on_cast's
      // types) that instructions_3_0.def describes: parsed there.
      if (GetOpcodeInfo(op).prefix == kPrefixGc || op == Opcode::kRefEq) continue;
      m->try_emplace(GetOpcodeInfo(op).text, op);
    }
    return m;
  }();
  return *names;
}

void WriteOpcode(Opcode op, Encoder* out) {
  const OpcodeInfo& info = GetOpcodeInfo(op);
  if (info.prefix != kPrefixNone) {
    out->Byte(info.prefix);
    out->U32(info.code);
  } else {
    out->Byte(static_cast<uint8_t>(info.code));
  }
}

bool IsNumber(const Token& t) {
  return t.kind == TokenKind::kNat || t.kind == TokenKind::kInt ||
         t.kind == TokenKind::kFloat;
}

bool IsBlockContinuation(absl::string_view keyword) {
  return keyword == "else" || keyword == "end" || keyword == "catch" ||
         keyword == "catch_all" || keyword == "delegate";
}

class DepthGuard {
 public:
  explicit DepthGuard(int* depth) : depth_(depth) { ++*depth_; }
  ~DepthGuard() { --*depth_; }
  DepthGuard(const DepthGuard&) = delete;
  DepthGuard& operator=(const DepthGuard&) = delete;

 private:
  int* depth_;
};

}  // namespace

absl::Status Parser::PushLabel(std::string name, bool plain, LabelKind kind) {
  if (fn_->labels.size() >= static_cast<size_t>(kMaxNesting)) {
    return Fail(Peek(), absl::StrCat("blocks nested more than ", kMaxNesting, " deep"));
  }
  fn_->labels.push_back(Label{std::move(name), plain, kind, false});
  return absl::OkStatus();
}

absl::StatusOr<uint32_t> Parser::ParseLabel() {
  if (PeekIs(TokenKind::kNat)) return ParseU32("label");
  if (!PeekIs(TokenKind::kId)) return Expected("label");
  const Token& t = Take();
  const std::vector<Label>& labels = fn_->labels;
  for (size_t i = labels.size(); i-- > 0;) {
    if (labels[i].name == t.value) return static_cast<uint32_t>(labels.size() - 1 - i);
  }
  return Fail(t, absl::StrCat("unknown label ", t.text));
}

absl::StatusOr<uint32_t> Parser::ParseLocal() {
  if (PeekIs(TokenKind::kNat)) return ParseU32("local index");
  if (!PeekIs(TokenKind::kId)) return Expected("local index");
  const Token& t = Take();
  auto it = fn_->locals.find(t.value);
  if (it == fn_->locals.end()) return Fail(t, absl::StrCat("unknown local ", t.text));
  return it->second;
}

absl::StatusOr<uint32_t> Parser::ParseOptionalVar(Space space) {
  if (!PeekVar()) return 0u;
  return ParseVar(space);
}

absl::Status Parser::ParseBlockType(Encoder* out) {
  if (PeekField("type")) {
    FuncType type;
    WEFT_ASSIGN_OR_RETURN(uint32_t index, ParseTypeUse(&type, nullptr));
    // A known [] -> [t?] type takes the short form, as wat2wasm writes it.
    const bool known_func =
        index < types_.size() && types_[index].kind == TypeDef::Kind::kFunc;
    if (known_func && type.params.empty() && type.results.empty()) {
      out->Byte(0x40);
    } else if (known_func && type.params.empty() && type.results.size() == 1) {
      out->Raw(type.results[0]);
    } else {
      out->S64(index);
    }
    return absl::OkStatus();
  }
  FuncType type;
  WEFT_RETURN_IF_ERROR(ParseParams(&type, nullptr));
  WEFT_RETURN_IF_ERROR(ParseResults(&type));
  if (type.params.empty() && type.results.empty()) {
    out->Byte(0x40);
  } else if (type.params.empty() && type.results.size() == 1) {
    out->Raw(type.results[0]);
  } else {
    out->S64(FindOrAddType(type));
  }
  return absl::OkStatus();
}

absl::Status Parser::ParseInstrs(Encoder* out) {
  const size_t base = fn_->labels.size();
  while (true) {
    const Token& t = Peek();
    if (t.kind == TokenKind::kRParen || t.kind == TokenKind::kEof) break;
    if (t.kind == TokenKind::kLParen) {
      WEFT_RETURN_IF_ERROR(ParseFolded(out));
      continue;
    }
    if (t.kind != TokenKind::kKeyword) return Expected("instruction");
    Take();
    // A branch hint goes on the next instruction; `else`, `end` and the
    // legacy `catch`/`delegate` only continue a block. Plain instructions
    // write their opcode first (if's block type waits in its own encoder).
    if (!IsBlockContinuation(t.text)) {
      WEFT_ASSIGN_OR_RETURN(std::optional<uint32_t> hint, TakeBranchHint(pos_ - 1, t));
      if (hint) out->Mark(*hint);
    }
    if (t.text == "block" || t.text == "loop" || t.text == "if") {
      std::string name = TakeId();
      Encoder block_type;
      WEFT_RETURN_IF_ERROR(ParseBlockType(&block_type));
      out->Byte(t.text == "block" ? 0x02 : t.text == "loop" ? 0x03 : 0x04);
      out->Append(block_type);
      WEFT_RETURN_IF_ERROR(
          PushLabel(std::move(name), true, t.text == "if" ? LabelKind::kIf : LabelKind::kBlock));
      continue;
    }
    if (t.text == "try_table") {
      std::string name = TakeId();
      out->Byte(0x1F);
      WEFT_RETURN_IF_ERROR(ParseBlockType(out));
      // Catch labels are outside the try_table's own label.
      WEFT_RETURN_IF_ERROR(ParseCatchClauses(out));
      WEFT_RETURN_IF_ERROR(PushLabel(std::move(name), true, LabelKind::kTryTable));
      continue;
    }
    {
      WEFT_ASSIGN_OR_RETURN(bool was_try, ParsePlainTry(t, base, out));
      if (was_try) continue;
    }
    if (t.text == "else" || t.text == "end") {
      const bool is_else = t.text == "else";
      if (fn_->labels.size() == base ||
          (is_else &&
           (fn_->labels.back().kind != LabelKind::kIf || fn_->labels.back().in_else))) {
        return Fail(t, absl::StrCat("unexpected ", t.text));
      }
      Label& label = fn_->labels.back();
      if (PeekIs(TokenKind::kId)) {
        const Token& id = Take();
        if (id.value != label.name) {
          return Fail(id, absl::StrCat("mismatching label ", id.text, " after ", t.text));
        }
      }
      if (is_else) {
        label.in_else = true;
        out->Byte(0x05);
        label.else_end = out->size();
      } else {
        // An empty else is dropped, as wat2wasm does (the same meaning).
        if (label.in_else && label.kind == LabelKind::kIf && out->size() == label.else_end) {
          out->Truncate(out->size() - 1);
        }
        fn_->labels.pop_back();
        out->Byte(0x0B);
      }
      continue;
    }
    WEFT_RETURN_IF_ERROR(ParsePlainOp(t, out));
  }
  if (fn_->labels.size() > base) return Expected("'end'");
  return absl::OkStatus();
}

absl::Status Parser::ParseFolded(Encoder* out) {
  DepthGuard guard(&depth_);
  if (depth_ > kMaxFoldedNesting) {
    return Fail(Peek(),
                absl::StrCat("folded instructions nested more than ", kMaxFoldedNesting, " deep"));
  }
  WEFT_RETURN_IF_ERROR(ExpectLParen());
  if (!PeekIs(TokenKind::kKeyword)) return Expected("instruction");
  WEFT_ASSIGN_OR_RETURN(const std::optional<uint32_t> hint, TakeBranchHint(pos_, Peek()));
  const Token& t = Take();
  if (t.text == "block" || t.text == "loop") {
    std::string name = TakeId();
    out->Byte(t.text == "block" ? 0x02 : 0x03);
    WEFT_RETURN_IF_ERROR(ParseBlockType(out));
    WEFT_RETURN_IF_ERROR(PushLabel(std::move(name), false, LabelKind::kBlock));
    WEFT_RETURN_IF_ERROR(ParseInstrs(out));
    fn_->labels.pop_back();
    out->Byte(0x0B);
    return ExpectRParen();
  }
  if (t.text == "if") {
    std::string name = TakeId();
    Encoder block_type;
    WEFT_RETURN_IF_ERROR(ParseBlockType(&block_type));
    // The condition is outside the if's label.
    while (PeekIs(TokenKind::kLParen) && !PeekField("then") && !PeekField("else")) {
      WEFT_RETURN_IF_ERROR(ParseFolded(out));
    }
    if (hint) out->Mark(*hint);  // the hinted opcode follows its condition
    out->Byte(0x04);
    out->Append(block_type);
    WEFT_RETURN_IF_ERROR(PushLabel(std::move(name), false, LabelKind::kIf));
    WEFT_RETURN_IF_ERROR(ExpectField("then"));
    WEFT_RETURN_IF_ERROR(ParseInstrs(out));
    WEFT_RETURN_IF_ERROR(ExpectRParen());
    if (PeekField("else")) {
      pos_ += 2;
      Encoder else_body;
      WEFT_RETURN_IF_ERROR(ParseInstrs(&else_body));
      WEFT_RETURN_IF_ERROR(ExpectRParen());
      // An empty else is dropped, as wat2wasm does (the same meaning).
      if (!else_body.empty()) {
        out->Byte(0x05);
        out->Append(else_body);
      }
    }
    fn_->labels.pop_back();
    out->Byte(0x0B);
    return ExpectRParen();
  }
  if (t.text == "try_table") return ParseFoldedTryTable(out);
  if (t.text == "try") return ParseFoldedTry(out);
  // (op immediates operand*): operands first, then the op.
  Encoder op;
  if (hint) op.Mark(*hint);  // lands after the operands with the op
  WEFT_RETURN_IF_ERROR(ParsePlainOp(t, &op));
  while (PeekIs(TokenKind::kLParen)) WEFT_RETURN_IF_ERROR(ParseFolded(out));
  out->Append(op);
  return ExpectRParen();
}

absl::Status Parser::ParsePlainOp(const Token& name, Encoder* out) {
  const auto& names = InstructionNames();
  auto it = names.find(name.text);
  if (it == names.end()) {
    WEFT_ASSIGN_OR_RETURN(bool found, ParseOp30(name, out));
    if (found) return absl::OkStatus();
    return Fail(name, absl::StrCat("expected instruction but found keyword \"", name.text,
                                   "\""));
  }
  const Opcode op = it->second;
  switch (op) {
    case Opcode::kBlock:
    case Opcode::kLoop:
    case Opcode::kIf:
    case Opcode::kElse:
    case Opcode::kEnd:
    case Opcode::kTry:
    case Opcode::kCatch:
    case Opcode::kCatchAll:
    case Opcode::kDelegate:
    case Opcode::kTryTable:
      return Fail(name, absl::StrCat("unexpected ", name.text));
    case Opcode::kSelect:
      if (PeekField("result")) {
        FuncType type;
        WEFT_RETURN_IF_ERROR(ParseResults(&type));
        WriteOpcode(Opcode::kSelectT, out);
        out->U32(static_cast<uint32_t>(type.results.size()));
        for (const ValType& r : type.results) out->Raw(r);
        return absl::OkStatus();
      }
      break;
    default:
      break;
  }
  WriteOpcode(op, out);
  return ParseImmediates(op, name, out);
}

absl::StatusOr<uint32_t> Parser::ParseOptionalMemory(bool lane_follows) {
  if (PeekIs(TokenKind::kId)) return ParseVar(Space::kMemory);
  if (!PeekIs(TokenKind::kNat)) return 0u;
  if (lane_follows) {
    const Token& next = Peek(1);
    const bool memarg_follows =
        next.kind == TokenKind::kKeyword &&
        (absl::StartsWith(next.text, "offset=") || absl::StartsWith(next.text, "align="));
    if (next.kind != TokenKind::kNat && !memarg_follows) return 0u;
  }
  return ParseVar(Space::kMemory);
}

absl::Status Parser::ParseMemArg(uint32_t natural_align, Encoder* out, bool lane_follows) {
  WEFT_ASSIGN_OR_RETURN(uint32_t memory, ParseOptionalMemory(lane_follows));
  uint64_t offset = 0;
  uint32_t align_log2 = natural_align;
  if (PeekIs(TokenKind::kKeyword) && absl::StartsWith(Peek().text, "offset=")) {
    const Token& t = Take();
    // A u64 in 3.0's binary format; the validator bounds it by the
    // memory's address type.
    absl::StatusOr<uint64_t> v = ParseUnsigned(t.text.substr(7), 64);
    if (!v.ok()) return Fail(t, v.status().message());
    offset = *v;
  }
  if (PeekIs(TokenKind::kKeyword) && absl::StartsWith(Peek().text, "align=")) {
    const Token& t = Take();
    // Up to 2^63: too large is invalid (the validator's "alignment must
    // not be larger than natural"), not malformed.
    absl::StatusOr<uint64_t> v = ParseUnsigned(t.text.substr(6), 64);
    if (!v.ok()) return Fail(t, v.status().message());
    if (*v == 0 || (*v & (*v - 1)) != 0) return Fail(t, "alignment must be a power of two");
    align_log2 = 0;
    while ((uint64_t{1} << align_log2) != *v) ++align_log2;
  }
  if (memory != 0) {
    out->U32(align_log2 | 0x40);  // multi-memory: bit 6 flags an index
    out->U32(memory);
  } else {
    out->U32(align_log2);
  }
  out->U64(offset);
  return absl::OkStatus();
}

absl::Status Parser::ParseV128Const(Encoder* out) {
  static constexpr struct {
    absl::string_view shape;
    int lanes;
    int bits;
    bool is_float;
  } kShapes[] = {{"i8x16", 16, 8, false}, {"i16x8", 8, 16, false}, {"i32x4", 4, 32, false},
                 {"i64x2", 2, 64, false}, {"f32x4", 4, 32, true},  {"f64x2", 2, 64, true}};
  for (const auto& s : kShapes) {
    if (!PeekKeyword(s.shape)) continue;
    Take();
    for (int i = 0; i < s.lanes; ++i) {
      if (!IsNumber(Peek()) || (!s.is_float && PeekIs(TokenKind::kFloat))) {
        return Expected(absl::StrCat(s.shape, " lane value"));
      }
      const Token& t = Take();
      absl::StatusOr<uint64_t> v;
      if (!s.is_float) {
        v = ParseUninterpreted(t.text, s.bits);
      } else if (s.bits == 32) {
        absl::StatusOr<uint32_t> f = ParseF32(t.text);
        v = f.ok() ? absl::StatusOr<uint64_t>(*f) : f.status();
      } else {
        v = ParseF64(t.text);
      }
      if (!v.ok()) return Fail(t, v.status().message());
      for (int b = 0; b < s.bits / 8; ++b) out->Byte(static_cast<uint8_t>(*v >> (8 * b)));
    }
    return absl::OkStatus();
  }
  return Expected("v128 shape (i8x16, i16x8, i32x4, i64x2, f32x4 or f64x2)");
}

absl::Status Parser::ParseImmediates(Opcode op, const Token& name, Encoder* out) {
  auto lane = [this, out]() -> absl::Status {
    if (!PeekIs(TokenKind::kNat)) return Expected("lane index");
    const Token& t = Take();
    absl::StatusOr<uint64_t> v = ParseUnsigned(t.text, 8);
    if (!v.ok()) return Fail(t, v.status().message());
    out->Byte(static_cast<uint8_t>(*v));
    return absl::OkStatus();
  };
  auto var = [this, out](Space space) -> absl::Status {
    WEFT_ASSIGN_OR_RETURN(uint32_t index, ParseVar(space));
    out->U32(index);
    return absl::OkStatus();
  };
  switch (GetOpcodeInfo(op).imm) {
    case ImmKind::None:
      return absl::OkStatus();
    case ImmKind::BlockType:
    case ImmKind::SelectT:
      return Fail(name, absl::StrCat("unexpected ", name.text));  // handled by callers
    case ImmKind::LabelIdx: {
      WEFT_ASSIGN_OR_RETURN(uint32_t depth, ParseLabel());
      out->U32(depth);
      return absl::OkStatus();
    }
    case ImmKind::BrTable: {
      std::vector<uint32_t> depths;
      while (PeekVar()) {
        WEFT_ASSIGN_OR_RETURN(uint32_t depth, ParseLabel());
        depths.push_back(depth);
      }
      if (depths.empty()) return Expected("label");
      out->U32(static_cast<uint32_t>(depths.size() - 1));
      for (uint32_t d : depths) out->U32(d);
      return absl::OkStatus();
    }
    case ImmKind::FuncIdx:
      return var(Space::kFunc);
    case ImmKind::TypeIdx:
      return var(Space::kType);
    case ImmKind::TagIdx:
      return var(Space::kTag);
    case ImmKind::TryTable:
      return Fail(name, absl::StrCat("unexpected ", name.text));  // handled by callers
    case ImmKind::CallIndirect: {
      WEFT_ASSIGN_OR_RETURN(uint32_t table, ParseOptionalVar(Space::kTable));
      FuncType type;
      WEFT_ASSIGN_OR_RETURN(uint32_t index, ParseTypeUse(&type, nullptr));
      out->U32(index);
      out->U32(table);
      return absl::OkStatus();
    }
    case ImmKind::LocalIdx: {
      WEFT_ASSIGN_OR_RETURN(uint32_t index, ParseLocal());
      out->U32(index);
      return absl::OkStatus();
    }
    case ImmKind::GlobalIdx:
      return var(Space::kGlobal);
    case ImmKind::TableIdx: {
      WEFT_ASSIGN_OR_RETURN(uint32_t table, ParseOptionalVar(Space::kTable));
      out->U32(table);
      return absl::OkStatus();
    }
    case ImmKind::ElemIdx:
      return var(Space::kElem);
    case ImmKind::DataIdx:
      uses_data_count_ = true;
      return var(Space::kData);
    case ImmKind::MemArg:
      return ParseMemArg(GetOpcodeInfo(op).max_align, out, /*lane_follows=*/false);
    case ImmKind::MemArgLane:
      WEFT_RETURN_IF_ERROR(ParseMemArg(GetOpcodeInfo(op).max_align, out,
                                       /*lane_follows=*/true));
      return lane();
    case ImmKind::MemIdx: {
      WEFT_ASSIGN_OR_RETURN(uint32_t memory, ParseOptionalMemory(false));
      out->U32(memory);
      return absl::OkStatus();
    }
    case ImmKind::MemoryInit: {
      // `memory.init x y` (memory, data) or `memory.init y` (memory 0).
      uses_data_count_ = true;
      uint32_t memory = 0;
      if (PeekVar() && (PeekIs(TokenKind::kNat, 1) || PeekIs(TokenKind::kId, 1))) {
        WEFT_ASSIGN_OR_RETURN(memory, ParseVar(Space::kMemory));
      }
      WEFT_RETURN_IF_ERROR(var(Space::kData));
      out->U32(memory);
      return absl::OkStatus();
    }
    case ImmKind::MemoryCopy: {
      uint32_t dst = 0, src = 0;
      if (PeekVar()) {
        WEFT_ASSIGN_OR_RETURN(dst, ParseVar(Space::kMemory));
        WEFT_ASSIGN_OR_RETURN(src, ParseVar(Space::kMemory));
      }
      out->U32(dst);
      out->U32(src);
      return absl::OkStatus();
    }
    case ImmKind::TableInit: {
      // `table.init x y` (table, elem) or `table.init y` (table 0).
      uint32_t table = 0;
      if (PeekVar() && (PeekIs(TokenKind::kNat, 1) || PeekIs(TokenKind::kId, 1))) {
        WEFT_ASSIGN_OR_RETURN(table, ParseVar(Space::kTable));
      }
      WEFT_RETURN_IF_ERROR(var(Space::kElem));
      out->U32(table);
      return absl::OkStatus();
    }
    case ImmKind::TableCopy: {
      uint32_t dst = 0, src = 0;
      if (PeekVar()) {
        WEFT_ASSIGN_OR_RETURN(dst, ParseVar(Space::kTable));
        WEFT_ASSIGN_OR_RETURN(src, ParseVar(Space::kTable));
      }
      out->U32(dst);
      out->U32(src);
      return absl::OkStatus();
    }
    case ImmKind::I32:
    case ImmKind::I64: {
      const bool is32 = GetOpcodeInfo(op).imm == ImmKind::I32;
      if (!PeekIs(TokenKind::kNat) && !PeekIs(TokenKind::kInt)) {
        return Expected(is32 ? "i32 literal" : "i64 literal");
      }
      const Token& t = Take();
      absl::StatusOr<uint64_t> v = ParseUninterpreted(t.text, is32 ? 32 : 64);
      if (!v.ok()) return Fail(t, v.status().message());
      if (is32) {
        out->S32(static_cast<int32_t>(static_cast<uint32_t>(*v)));
      } else {
        out->S64(static_cast<int64_t>(*v));
      }
      return absl::OkStatus();
    }
    case ImmKind::F32: {
      if (!IsNumber(Peek())) return Expected("f32 literal");
      const Token& t = Take();
      absl::StatusOr<uint32_t> v = ParseF32(t.text);
      if (!v.ok()) return Fail(t, v.status().message());
      out->Fixed32(*v);
      return absl::OkStatus();
    }
    case ImmKind::F64: {
      if (!IsNumber(Peek())) return Expected("f64 literal");
      const Token& t = Take();
      absl::StatusOr<uint64_t> v = ParseF64(t.text);
      if (!v.ok()) return Fail(t, v.status().message());
      out->Fixed64(*v);
      return absl::OkStatus();
    }
    case ImmKind::V128:
      return ParseV128Const(out);
    case ImmKind::Lane:
      return lane();
    case ImmKind::Shuffle:
      for (int i = 0; i < 16; ++i) WEFT_RETURN_IF_ERROR(lane());
      return absl::OkStatus();
    case ImmKind::RefType: {
      WEFT_ASSIGN_OR_RETURN(std::string type, ParseHeapType());
      out->Raw(type);
      return absl::OkStatus();
    }
    // The GC instructions' immediates are parsed in instructions_3_0.cc,
    // before this is reached.
    case ImmKind::TypeField:
    case ImmKind::TypeU32:
    case ImmKind::TypeData:
    case ImmKind::TypeElem:
    case ImmKind::TypeType:
    case ImmKind::BrOnCast:
      break;
  }
  return Fail(name, "unsupported immediate");
}

absl::Status Parser::ParseConstExpr(Encoder* out) {
  WEFT_RETURN_IF_ERROR(ParseInstrs(out));
  out->Byte(0x0B);
  return absl::OkStatus();
}

}  // namespace weft::text::parser_internal
