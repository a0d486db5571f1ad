// The 3.0 instructions base/opcodes.def does not list yet (tail calls,
// typed function references, GC, exceptions, relaxed SIMD), from
// text/instructions_3_0.def, and their immediates (parser_internal.h).
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "text/parser_internal.h"

namespace weft::text::parser_internal {
namespace {

enum class Imm30 : uint8_t {
  None,
  FuncIdx,
  CallIndirect,
  TypeIdx,
  TagIdx,
  LabelIdx,
  TypeField,
  TypeU32,
  TypeData,
  TypeElem,
  TypeType,
  Cast,
  BrOnCast,
};

struct Op30 {
  uint8_t prefix;
  uint32_t code;
  Imm30 imm;
};

const absl::flat_hash_map<absl::string_view, Op30>& Ops30() {
  static const auto* ops = [] {
    auto* m = new absl::flat_hash_map<absl::string_view, Op30>();
#define WEFT_OP3(name, prefix, code, text, imm) m->try_emplace(text, Op30{prefix, code, Imm30::imm});
#include "text/instructions_3_0.def"
#undef WEFT_OP3
    return m;
  }();
  return *ops;
}

void WriteOp(uint8_t prefix, uint32_t code, Encoder* out) {
  if (prefix != 0x00) {
    out->Byte(prefix);
    out->U32(code);
  } else {
    out->Byte(static_cast<uint8_t>(code));
  }
}

}  // namespace

absl::Status Parser::ParseCastType(std::string* heap, bool* nullable) {
  WEFT_ASSIGN_OR_RETURN(ValType type, ParseRefType());
  const uint8_t first = static_cast<uint8_t>(type[0]);
  if (first == 0x63 || first == 0x64) {
    *nullable = first == 0x63;
    *heap = type.substr(1);
  } else {  // a shorthand: nullable, the byte is the heap type
    *nullable = true;
    *heap = type;
  }
  return absl::OkStatus();
}

absl::StatusOr<uint32_t> Parser::ParseFieldIndex(uint32_t type) {
  if (PeekIs(TokenKind::kNat)) return ParseU32("field index");
  if (!PeekIs(TokenKind::kId)) return Expected("field index");
  const Token& t = Take();
  if (type < types_.size()) {
    auto it = types_[type].fields.find(t.value);
    if (it != types_[type].fields.end()) return it->second;
  }
  return Fail(t, absl::StrCat("unknown field ", t.text));
}

absl::Status Parser::ParseCatchClauses(Encoder* out) {
  Encoder clauses;
  uint32_t count = 0;
  while (PeekIs(TokenKind::kLParen)) {
    uint8_t kind;
    if (PeekKeyword("catch", 1)) kind = 0x00;
    else if (PeekKeyword("catch_ref", 1)) kind = 0x01;
    else if (PeekKeyword("catch_all", 1)) kind = 0x02;
    else if (PeekKeyword("catch_all_ref", 1)) kind = 0x03;
    else break;
    pos_ += 2;
    clauses.Byte(kind);
    if (kind < 0x02) {
      WEFT_ASSIGN_OR_RETURN(uint32_t tag, ParseVar(Space::kTag));
      clauses.U32(tag);
    }
    WEFT_ASSIGN_OR_RETURN(uint32_t label, ParseLabel());
    clauses.U32(label);
    WEFT_RETURN_IF_ERROR(ExpectRParen());
    ++count;
  }
  out->U32(count);
  out->Append(clauses);
  return absl::OkStatus();
}

absl::StatusOr<bool> Parser::ParseOp30(const Token& name, Encoder* out) {
  const auto& ops = Ops30();
  auto it = ops.find(name.text);
  if (it == ops.end()) return false;
  const Op30 op = it->second;
  auto var = [this](Space space, Encoder* to) -> absl::Status {
    WEFT_ASSIGN_OR_RETURN(uint32_t index, ParseVar(space));
    to->U32(index);
    return absl::OkStatus();
  };
  // Cast and BrOnCast choose their opcode or a flags byte from the
  // immediates, so every kind writes the opcode itself.
  switch (op.imm) {
    case Imm30::Cast: {
      std::string heap;
      bool nullable;
      WEFT_RETURN_IF_ERROR(ParseCastType(&heap, &nullable));
      WriteOp(op.prefix, op.code + (nullable ? 1 : 0), out);
      out->Raw(heap);
      return true;
    }
    case Imm30::BrOnCast: {
      WEFT_ASSIGN_OR_RETURN(uint32_t label, ParseLabel());
      std::string heap1, heap2;
      bool null1, null2;
      WEFT_RETURN_IF_ERROR(ParseCastType(&heap1, &null1));
      WEFT_RETURN_IF_ERROR(ParseCastType(&heap2, &null2));
      WriteOp(op.prefix, op.code, out);
      out->Byte((null1 ? 0x01 : 0x00) | (null2 ? 0x02 : 0x00));
      out->U32(label);
      out->Raw(heap1);
      out->Raw(heap2);
      return true;
    }
    default:
      break;
  }
  WriteOp(op.prefix, op.code, out);
  switch (op.imm) {
    case Imm30::None:
    case Imm30::Cast:
    case Imm30::BrOnCast:
      break;
    case Imm30::FuncIdx:
      WEFT_RETURN_IF_ERROR(var(Space::kFunc, out));
      break;
    case Imm30::CallIndirect: {
      WEFT_ASSIGN_OR_RETURN(uint32_t table, ParseOptionalVar(Space::kTable));
      FuncType type;
      WEFT_ASSIGN_OR_RETURN(uint32_t index, ParseTypeUse(&type, nullptr));
      out->U32(index);
      out->U32(table);
      break;
    }
    case Imm30::TypeIdx:
      WEFT_RETURN_IF_ERROR(var(Space::kType, out));
      break;
    case Imm30::TagIdx:
      WEFT_RETURN_IF_ERROR(var(Space::kTag, out));
      break;
    case Imm30::LabelIdx: {
      WEFT_ASSIGN_OR_RETURN(uint32_t depth, ParseLabel());
      out->U32(depth);
      break;
    }
    case Imm30::TypeField: {
      WEFT_ASSIGN_OR_RETURN(uint32_t type, ParseVar(Space::kType));
      WEFT_ASSIGN_OR_RETURN(uint32_t field, ParseFieldIndex(type));
      out->U32(type);
      out->U32(field);
      break;
    }
    case Imm30::TypeU32: {
      WEFT_RETURN_IF_ERROR(var(Space::kType, out));
      WEFT_ASSIGN_OR_RETURN(uint32_t n, ParseU32("array length"));
      out->U32(n);
      break;
    }
    case Imm30::TypeData:
      uses_data_count_ = true;  // a data index in code needs the count
      WEFT_RETURN_IF_ERROR(var(Space::kType, out));
      WEFT_RETURN_IF_ERROR(var(Space::kData, out));
      break;
    case Imm30::TypeElem:
      WEFT_RETURN_IF_ERROR(var(Space::kType, out));
      WEFT_RETURN_IF_ERROR(var(Space::kElem, out));
      break;
    case Imm30::TypeType:
      WEFT_RETURN_IF_ERROR(var(Space::kType, out));
      WEFT_RETURN_IF_ERROR(var(Space::kType, out));
      break;
  }
  return true;
}

}  // namespace weft::text::parser_internal
