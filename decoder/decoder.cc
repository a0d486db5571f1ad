// The binary decoder. Error wording follows the spec's reference
// interpreter (the testsuite's assert_malformed texts). Like the reference,
// a section's contents are read from the whole remaining module and the
// section size is checked afterwards ("section size mismatch"), so a
// truncated or miscounted section reports the same error the testsuite
// expects; lengths are checked against the bytes that remain ("length out
// of bounds"), which also bounds every allocation by the module size.
#include "decoder/decoder.h"

#include <cstring>
#include <limits>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "base/byte_offset.h"
#include "base/byte_reader.h"
#include "decoder/instruction_reader.h"
#include "decoder/name_section.h"
#include "decoder/value_type_reader.h"
#include "base/utf8.h"

namespace weft {
namespace {

constexpr char kUnexpectedEnd[] = "unexpected end of section or function";

// Position of a non-custom section in the required order (data count sits
// between element and code). 0 for an id that is not a known section.
int SectionRank(uint8_t id) {
  switch (static_cast<SectionId>(id)) {
    case SectionId::kType: return 1;
    case SectionId::kImport: return 2;
    case SectionId::kFunction: return 3;
    case SectionId::kTable: return 4;
    case SectionId::kMemory: return 5;
    case SectionId::kTag: return 6;  // exception handling: memory < tag < global
    case SectionId::kGlobal: return 7;
    case SectionId::kExport: return 8;
    case SectionId::kStart: return 9;
    case SectionId::kElement: return 10;
    case SectionId::kDataCount: return 11;
    case SectionId::kCode: return 12;
    case SectionId::kData: return 13;
    case SectionId::kCustom: return 0;
  }
  return 0;
}

class Decoder {
 public:
  Decoder(Module* module, const DecodeLimits& limits)
      : m_(module),
        limits_(limits),
        in_(module->bytes.data(), module->bytes.size()) {}

  absl::Status Decode();

 private:
  // --- Primitive reads (errors stick in in_) ---
  uint32_t ReadLen();
  size_t Reservable(uint32_t count, size_t min_item_size) const {
    size_t fit = in_.remaining() / min_item_size;
    return count < fit ? count : fit;
  }
  void ReadName(std::string* out);
  uint8_t ReadTypeByte();
  ValType ReadValType();
  void ReadSubType(TypeDef* t);
  FieldType ReadFieldType();
  ValType ReadRefType();
  // `page_size_log2` is null for tables (no custom page sizes).
  void ReadLimits(Limits* out, bool* is64, uint32_t* page_size_log2);
  void ReadTableType(TableType* out);
  void ReadMemoryType(MemoryType* out);
  void ReadGlobalType(GlobalType* out);
  void ReadConstExpr(ConstExpr* out);
  void SkipInstructionsToEnd();
  void SkipTo(size_t offset);

  // --- Sections ---
  void ReadSection();
  void ReadCustomSection(size_t end, SectionInfo* info);
  void ReadTypeSection();
  void ReadImportSection();
  void ReadFunctionSection();
  void ReadTableSection();
  void ReadMemorySection();
  void ReadGlobalSection();
  void ReadTagSection();
  uint32_t ReadTagType();
  void ReadExportSection();
  void ReadStartSection();
  void ReadElementSection();
  void ReadElemSegment(ElemSegment* seg);
  void ReadDataCountSection();
  void ReadCodeSection();
  void ReadFunctionBody(FunctionBody* body);
  void DiagnoseUnterminatedBody(size_t body_start, size_t body_end);
  void ReadDataSection();
  void CheckModuleEnd();

  absl::Status MakeStatus() const;

  Module* m_;
  const DecodeLimits& limits_;
  ByteReader in_;
  int last_rank_ = 0;
  bool have_names_ = false;
};

absl::Status Decoder::MakeStatus() const {
  if (in_.ok()) return absl::OkStatus();
  // The reference interpreter reports every premature end this way.
  const std::string& msg = in_.error_message();
  absl::string_view text = msg == "unexpected end" ? absl::string_view(kUnexpectedEnd)
                                                 : absl::string_view(msg);
  return ErrorAtByteOffset(text, in_.error_offset());
}

// A u32 length or vec count. As in the reference interpreter it may not
// exceed the bytes remaining counted from the start of its own encoding;
// an item count that passes this is still bounded by the module size.
uint32_t Decoder::ReadLen() {
  size_t at = in_.offset();
  uint32_t n = in_.ReadU32();
  if (in_.ok() && n > in_.remaining() + (in_.offset() - at)) {
    in_.FailAt(at, "length out of bounds");
  }
  return in_.ok() ? n : 0;
}

void Decoder::ReadName(std::string* out) {
  size_t at = in_.offset();
  uint32_t n = ReadLen();
  const uint8_t* p = in_.ReadBytes(n);
  if (!in_.ok()) return;
  if (!IsValidUtf8(p, n)) return in_.FailAt(at, "malformed UTF-8 encoding");
  out->assign(reinterpret_cast<const char*>(p), n);
}

// Type constructors are one-byte negative s7 LEB128 values; a set
// continuation bit is reported the way a LEB128 reader would.
uint8_t Decoder::ReadTypeByte() {
  uint8_t b = in_.ReadByte();
  if (in_.ok() && (b & 0x80)) in_.Fail("integer representation too long");
  return b;
}

// The type byte's continuation-bit check keeps the message the 2.0 suite
// expects for a long encoding; everything else is the shared reader's.
ValType Decoder::ReadValType() {
  const size_t at = in_.offset();
  const uint8_t b = ReadTypeByte();
  if (!in_.ok()) return ValType::kI32;
  return ReadValTypeAfter(in_, b, at);
}

ValType Decoder::ReadRefType() {
  const size_t at = in_.offset();
  const uint8_t b = ReadTypeByte();
  if (!in_.ok()) return ValType::kFuncRef;
  if (b >= 0x7B && b <= 0x7F) {
    in_.FailAt(at, "malformed reference type");
    return ValType::kFuncRef;
  }
  return ReadValTypeAfter(in_, b, at, "malformed reference type");
}

// Limits flags (3.0): bit 0 = a maximum follows, bit 2 = 64-bit address
// type (memory64: min and max are u64), bit 3 = a u32 log2 page size
// follows (custom-page-sizes; memories only). Bit 1 (shared memory, the
// threads proposal) is not supported.
void Decoder::ReadLimits(Limits* out, bool* is64, uint32_t* page_size_log2) {
  size_t at = in_.offset();
  uint8_t flag = in_.ReadByte();
  if (!in_.ok()) return;
  const uint8_t allowed = page_size_log2 != nullptr ? 0x0D : 0x05;
  if (flag & ~allowed) {
    if (limits_.features.Has(WasmFeature::kMemory64)) {
      return in_.FailAt(at, "malformed limits flags");
    }
    // 2.0: the flag is a 1-bit LEB128 integer in the reference interpreter.
    if ((flag & 0x7F) > 1) return in_.FailAt(at, "integer too large");
    return in_.Fail("integer representation too long");
  }
  *is64 = flag & 4;
  out->has_max = flag & 1;
  out->min = *is64 ? in_.ReadU64() : in_.ReadU32();
  if (out->has_max) out->max = *is64 ? in_.ReadU64() : in_.ReadU32();
  if (flag & 8) *page_size_log2 = in_.ReadU32();
}

void Decoder::ReadTableType(TableType* out) {
  out->elem_type = ReadRefType();
  ReadLimits(&out->limits, &out->is64, nullptr);
}

void Decoder::ReadMemoryType(MemoryType* out) {
  ReadLimits(&out->limits, &out->is64, &out->page_size_log2);
}

void Decoder::ReadGlobalType(GlobalType* out) {
  out->type = ReadValType();
  size_t at = in_.offset();
  uint8_t mut = in_.ReadByte();
  if (!in_.ok()) return;
  if (mut > 1) return in_.FailAt(at, "malformed mutability");
  out->is_mutable = mut == 1;
}

// Reads instructions up to and including the `end` that closes depth 0.
// Which instructions are allowed is the validator's business.
void Decoder::SkipInstructionsToEnd() {
  InstructionReader reader(&in_, limits_.features);
  Instruction ins;
  uint32_t depth = 0;
  while (reader.Read(&ins)) {
    switch (ins.op) {
      case Opcode::kBlock:
      case Opcode::kLoop:
      case Opcode::kIf:
      case Opcode::kTry:
      case Opcode::kTryTable:
        ++depth;
        break;
      case Opcode::kElse:
        if (depth == 0) return in_.FailAt(ins.offset, "END opcode expected");
        break;
      case Opcode::kDelegate:  // ends a legacy try
        if (depth == 0) return in_.FailAt(ins.offset, "END opcode expected");
        --depth;
        break;
      case Opcode::kEnd:
        if (depth == 0) return;
        --depth;
        break;
      default:
        break;
    }
  }
}

void Decoder::ReadConstExpr(ConstExpr* out) {
  out->code.begin = static_cast<uint32_t>(in_.offset());
  SkipInstructionsToEnd();
  out->code.end = static_cast<uint32_t>(in_.offset());
}

void Decoder::SkipTo(size_t offset) {
  if (in_.ok() && offset >= in_.offset()) in_.ReadBytes(offset - in_.offset());
}

absl::Status Decoder::Decode() {
  const uint8_t* magic = in_.ReadBytes(4);
  if (magic && std::memcmp(magic, "\0asm", 4) != 0) {
    in_.FailAt(0, "magic header not detected");
  }
  uint32_t version = in_.ReadFixedU32();
  if (in_.ok() && version != 1) in_.FailAt(4, "unknown binary version");
  while (in_.ok() && !in_.at_end()) ReadSection();
  if (in_.ok()) CheckModuleEnd();
  return MakeStatus();
}

void Decoder::ReadSection() {
  size_t section_offset = in_.offset();
  uint8_t id = in_.ReadByte();
  if (id > static_cast<uint8_t>(SectionId::kTag)) {
    return in_.FailAt(section_offset, "malformed section id");
  }
  if (id != static_cast<uint8_t>(SectionId::kCustom)) {
    // Each known section at most once, in order; the reference stops
    // decoding at the first out-of-place one.
    int rank = SectionRank(id);
    if (rank <= last_rank_) {
      return in_.FailAt(section_offset, "unexpected content after last section");
    }
    last_rank_ = rank;
  }
  uint32_t size = ReadLen();
  if (!in_.ok()) return;
  size_t start = in_.offset();
  size_t end = start + size;
  m_->sections.push_back(SectionInfo{static_cast<SectionId>(id),
                                     static_cast<uint32_t>(section_offset),
                                     size, std::string()});
  switch (static_cast<SectionId>(id)) {
    case SectionId::kCustom: ReadCustomSection(end, &m_->sections.back()); break;
    case SectionId::kType: ReadTypeSection(); break;
    case SectionId::kImport: ReadImportSection(); break;
    case SectionId::kFunction: ReadFunctionSection(); break;
    case SectionId::kTable: ReadTableSection(); break;
    case SectionId::kMemory: ReadMemorySection(); break;
    case SectionId::kGlobal: ReadGlobalSection(); break;
    case SectionId::kExport: ReadExportSection(); break;
    case SectionId::kStart: ReadStartSection(); break;
    case SectionId::kElement: ReadElementSection(); break;
    case SectionId::kCode: ReadCodeSection(); break;
    case SectionId::kData: ReadDataSection(); break;
    case SectionId::kDataCount: ReadDataCountSection(); break;
    case SectionId::kTag: ReadTagSection(); break;
  }
  if (in_.ok() && in_.offset() != end) in_.FailAt(start, "section size mismatch");
}

void Decoder::ReadCustomSection(size_t end, SectionInfo* info) {
  std::string name;
  ReadName(&name);
  if (!in_.ok()) return;
  // The name may not run past the section.
  if (in_.offset() > end) return in_.FailAt(end, kUnexpectedEnd);
  ByteRange payload{static_cast<uint32_t>(in_.offset()), static_cast<uint32_t>(end)};
  SkipTo(end);
  if (!in_.ok()) return;
  if (name == "name" && !have_names_) {
    // Informational only: a malformed name section is ignored.
    have_names_ = true;
    ParseNameSection(m_->data_at(payload), payload.size(), payload.begin, &m_->names);
  }
  info->custom_name = name;
  m_->customs.push_back(CustomSection{std::move(name), payload});
}

// typesec: vec(rectype); rectype: 0x4E vec(subtype) | subtype;
// subtype: 0x50 vec(typeidx) comptype | 0x4F vec(typeidx) comptype |
// comptype. The count in the section header is of rec groups; `types`
// holds the flattened list.
void Decoder::ReadTypeSection() {
  uint32_t n = ReadLen();
  if (n > limits_.max_types) return in_.Fail("too many types");
  m_->types.reserve(Reservable(n, 3));
  for (uint32_t i = 0; i < n && in_.ok(); ++i) {
    const size_t at = in_.offset();
    uint32_t group = 1;
    if (in_.ok() && in_.PeekByte() == 0x4E) {
      in_.ReadByte();
      group = ReadLen();
    }
    if (!in_.ok()) return;
    const uint32_t start = static_cast<uint32_t>(m_->types.size());
    if (group > limits_.max_types - start) return in_.FailAt(at, "too many types");
    for (uint32_t j = 0; j < group && in_.ok(); ++j) {
      TypeDef& t = m_->types.emplace_back();
      t.rec_start = start;
      t.rec_size = group;
      ReadSubType(&t);
    }
  }
}

void Decoder::ReadSubType(TypeDef* t) {
  size_t at = in_.offset();
  uint8_t form = ReadTypeByte();
  if (!in_.ok()) return;
  if (form == 0x50 || form == 0x4F) {
    t->is_final = form == 0x4F;
    const size_t count_at = in_.offset();
    const uint32_t supers = ReadLen();
    if (!in_.ok()) return;
    // The spec allows at most one supertype (a validation rule; weft's
    // representation holds one, so more are refused here with its words).
    if (supers > 1) return in_.FailAt(count_at, "multiple supertypes");
    if (supers == 1) {
      const size_t idx_at = in_.offset();
      const uint32_t s = in_.ReadU32();
      if (!in_.ok()) return;
      if (s > kMaxRefTypeIndex) return in_.FailAt(idx_at, "type index too large");
      t->supertype = s;
    }
    at = in_.offset();
    form = ReadTypeByte();
    if (!in_.ok()) return;
  }
  switch (form) {
    case 0x60: {
      t->kind = CompositeKind::kFunc;
      uint32_t params = ReadLen();
      t->func.params.reserve(params);  // ReadLen bounded it by the module size
      for (uint32_t j = 0; j < params && in_.ok(); ++j) t->func.params.push_back(ReadValType());
      uint32_t results = ReadLen();
      t->func.results.reserve(results);
      for (uint32_t j = 0; j < results && in_.ok(); ++j) t->func.results.push_back(ReadValType());
      return;
    }
    case 0x5F: {
      t->kind = CompositeKind::kStruct;
      uint32_t fields = ReadLen();
      t->fields.reserve(fields);
      for (uint32_t j = 0; j < fields && in_.ok(); ++j) t->fields.push_back(ReadFieldType());
      return;
    }
    case 0x5E:
      t->kind = CompositeKind::kArray;
      t->fields.push_back(ReadFieldType());
      return;
    default:
      return in_.FailAt(at, "malformed function type");
  }
}

// fieldtype: storagetype mut; storagetype: valtype | 0x78 (i8) | 0x77 (i16).
FieldType Decoder::ReadFieldType() {
  FieldType f;
  const size_t at = in_.offset();
  const uint8_t b = ReadTypeByte();
  if (!in_.ok()) return f;
  if (b == 0x78 || b == 0x77) {
    f.packed = b == 0x78 ? Packed::kI8 : Packed::kI16;
  } else {
    f.type = ReadValTypeAfter(in_, b, at);
  }
  const size_t mut_at = in_.offset();
  const uint8_t m = in_.ReadByte();
  if (!in_.ok()) return f;
  if (m > 1) {
    in_.FailAt(mut_at, "malformed mutability");
    return f;
  }
  f.is_mutable = m == 1;
  return f;
}

void Decoder::ReadImportSection() {
  uint32_t n = ReadLen();
  m_->imports.reserve(Reservable(n, 4));
  for (uint32_t i = 0; i < n && in_.ok(); ++i) {
    Import& imp = m_->imports.emplace_back();
    ReadName(&imp.module);
    ReadName(&imp.name);
    size_t at = in_.offset();
    uint8_t kind = in_.ReadByte();
    if (!in_.ok()) return;
    switch (kind) {
      case 0:
        imp.func_type_index = in_.ReadU32();
        ++m_->num_imported_funcs;
        break;
      case 1:
        ReadTableType(&imp.table);
        ++m_->num_imported_tables;
        break;
      case 2:
        ReadMemoryType(&imp.memory);
        ++m_->num_imported_memories;
        break;
      case 3:
        ReadGlobalType(&imp.global);
        ++m_->num_imported_globals;
        break;
      case 4:
        imp.tag_type_index = ReadTagType();
        ++m_->num_imported_tags;
        break;
      default:
        return in_.FailAt(at, "malformed import kind");
    }
    imp.kind = static_cast<ExternKind>(kind);
    m_->imports_of_kind[kind].push_back(i);
  }
}

void Decoder::ReadFunctionSection() {
  uint32_t n = ReadLen();
  if (n > limits_.max_functions) return in_.Fail("too many functions");
  m_->function_type_indices.reserve(n);
  for (uint32_t i = 0; i < n && in_.ok(); ++i) {
    m_->function_type_indices.push_back(in_.ReadU32());
  }
}

// A table is its type, or (3.0) 0x40 0x00, its type and an initial value
// for its elements (a constant expression).
void Decoder::ReadTableSection() {
  uint32_t n = ReadLen();
  m_->tables.reserve(Reservable(n, 3));
  for (uint32_t i = 0; i < n && in_.ok(); ++i) {
    ConstExpr init;
    const bool has_init = in_.PeekByte() == 0x40;
    if (has_init) {
      in_.ReadByte();
      const size_t at = in_.offset();
      if (in_.ReadByte() != 0x00 && in_.ok()) return in_.FailAt(at, "malformed table");
    }
    ReadTableType(&m_->tables.emplace_back());
    if (has_init) {
      ReadConstExpr(&init);
      m_->table_inits.resize(m_->tables.size());
      m_->table_inits.back() = init;
    }
  }
  if (!m_->table_inits.empty()) m_->table_inits.resize(m_->tables.size());
}

void Decoder::ReadMemorySection() {
  uint32_t n = ReadLen();
  m_->memories.reserve(Reservable(n, 2));
  for (uint32_t i = 0; i < n && in_.ok(); ++i) {
    ReadMemoryType(&m_->memories.emplace_back());
  }
}

void Decoder::ReadGlobalSection() {
  uint32_t n = ReadLen();
  m_->globals.reserve(Reservable(n, 3));
  for (uint32_t i = 0; i < n && in_.ok(); ++i) {
    Global& g = m_->globals.emplace_back();
    ReadGlobalType(&g.type);
    ReadConstExpr(&g.init);
  }
}

// tag ::= 0x00 typeidx (the attribute byte: 0 is an exception, the only
// kind there is).
uint32_t Decoder::ReadTagType() {
  size_t at = in_.offset();
  uint8_t attribute = in_.ReadByte();
  if (in_.ok() && attribute != 0) in_.FailAt(at, "malformed tag attribute");
  return in_.ReadU32();
}

void Decoder::ReadTagSection() {
  uint32_t n = ReadLen();
  m_->tags.reserve(Reservable(n, 2));
  for (uint32_t i = 0; i < n && in_.ok(); ++i) m_->tags.push_back(ReadTagType());
}

void Decoder::ReadExportSection() {
  uint32_t n = ReadLen();
  m_->exports.reserve(Reservable(n, 3));
  for (uint32_t i = 0; i < n && in_.ok(); ++i) {
    Export& exp = m_->exports.emplace_back();
    ReadName(&exp.name);
    size_t at = in_.offset();
    uint8_t kind = in_.ReadByte();
    if (!in_.ok()) return;
    if (kind > 4) return in_.FailAt(at, "malformed export kind");
    exp.kind = static_cast<ExternKind>(kind);
    exp.index = in_.ReadU32();
  }
}

void Decoder::ReadStartSection() { m_->start = in_.ReadU32(); }

void Decoder::ReadDataCountSection() { m_->data_count = in_.ReadU32(); }

void Decoder::ReadElementSection() {
  uint32_t n = ReadLen();
  m_->elements.reserve(Reservable(n, 3));
  for (uint32_t i = 0; i < n && in_.ok(); ++i) ReadElemSegment(&m_->elements.emplace_back());
}

// Encodings (flag bits): bit 0 = passive/declarative, bit 1 = explicit table
// index (active) or declarative (otherwise), bit 2 = items are expressions.
void Decoder::ReadElemSegment(ElemSegment* seg) {
  size_t at = in_.offset();
  uint32_t flags = in_.ReadU32();
  if (!in_.ok()) return;
  if (flags > 7) return in_.FailAt(at, "malformed elements segment kind");
  const bool passive_or_declarative = flags & 1;
  const bool explicit_kind = flags & 3;  // encodings 0 and 4 imply funcref
  seg->uses_exprs = flags & 4;
  if (passive_or_declarative) {
    seg->mode = (flags & 2) ? SegmentMode::kDeclarative : SegmentMode::kPassive;
  } else {
    seg->mode = SegmentMode::kActive;
    if (flags & 2) seg->table_index = in_.ReadU32();
    ReadConstExpr(&seg->offset);
  }
  if (explicit_kind) {
    if (seg->uses_exprs) {
      seg->elem_type = ReadRefType();
    } else {
      size_t kind_at = in_.offset();
      uint8_t elemkind = in_.ReadByte();
      if (in_.ok() && elemkind != 0x00) {
        return in_.FailAt(kind_at, "malformed element kind");
      }
      seg->elem_type = ValType::kFuncRef;
    }
  }
  uint32_t count = ReadLen();
  if (seg->uses_exprs) {
    seg->exprs.reserve(Reservable(count, 2));
    for (uint32_t i = 0; i < count && in_.ok(); ++i) ReadConstExpr(&seg->exprs.emplace_back());
  } else {
    seg->func_indices.reserve(count);
    for (uint32_t i = 0; i < count && in_.ok(); ++i) {
      seg->func_indices.push_back(in_.ReadU32());
    }
  }
}

void Decoder::ReadCodeSection() {
  uint32_t n = ReadLen();
  if (n > limits_.max_functions) return in_.Fail("too many functions");
  m_->code.reserve(Reservable(n, 2));
  for (uint32_t i = 0; i < n && in_.ok(); ++i) ReadFunctionBody(&m_->code.emplace_back());
}

// Records the locals and the instruction range; the instructions themselves
// are read once, by the validator.
void Decoder::ReadFunctionBody(FunctionBody* body) {
  body->body_offset = static_cast<uint32_t>(in_.offset());
  uint32_t size = ReadLen();
  if (!in_.ok()) return;
  size_t start = in_.offset();
  size_t end = start + size;
  size_t locals_at = in_.offset();
  uint32_t decls = ReadLen();
  body->locals.reserve(Reservable(decls, 2));
  uint64_t total = 0;
  for (uint32_t i = 0; i < decls && in_.ok(); ++i) {
    LocalDecl decl;
    decl.count = in_.ReadU32();
    decl.type = ReadValType();
    total += decl.count;  // < 2^32 * 2^32: cannot overflow 64 bits
    if (in_.ok() && total > limits_.max_locals_per_function) {
      return in_.FailAt(locals_at, "too many locals");
    }
    body->locals.push_back(decl);
  }
  if (!in_.ok()) return;
  body->local_count = total;
  if (in_.offset() > end) return in_.FailAt(start, "section size mismatch");
  body->code = ByteRange{static_cast<uint32_t>(in_.offset()), static_cast<uint32_t>(end)};
  // Every body ends with `end` (0x0B). When it cannot, report what the
  // reference interpreter would (it reads on past the body's size).
  // (A size may overshoot the module by up to its own encoding's length,
  // which the reference's length rule lets through.)
  if (end > m_->bytes.size() || body->code.size() == 0 || m_->bytes[end - 1] != 0x0B) {
    return DiagnoseUnterminatedBody(start, end);
  }
  SkipTo(end);
}

void Decoder::DiagnoseUnterminatedBody(size_t body_start, size_t body_end) {
  SkipInstructionsToEnd();
  if (in_.ok() && in_.offset() != body_end) {
    in_.FailAt(body_start, "section size mismatch");
  }
  // Reached only if the scan ended exactly at body_end, which cannot happen
  // (the last byte is not 0x0B); keep the error explicit anyway.
  if (in_.ok()) in_.FailAt(body_end, "END opcode expected");
}

void Decoder::ReadDataSection() {
  uint32_t n = ReadLen();
  m_->data.reserve(Reservable(n, 2));
  for (uint32_t i = 0; i < n && in_.ok(); ++i) {
    DataSegment& seg = m_->data.emplace_back();
    size_t at = in_.offset();
    uint32_t flags = in_.ReadU32();
    if (!in_.ok()) return;
    switch (flags) {
      case 0:
        ReadConstExpr(&seg.offset);
        break;
      case 1:
        seg.mode = SegmentMode::kPassive;
        break;
      case 2:
        seg.memory_index = in_.ReadU32();
        ReadConstExpr(&seg.offset);
        break;
      default:
        return in_.FailAt(at, "malformed data segment kind");
    }
    uint32_t len = ReadLen();
    seg.bytes.begin = static_cast<uint32_t>(in_.offset());
    in_.ReadBytes(len);
    seg.bytes.end = static_cast<uint32_t>(in_.offset());
  }
}

void Decoder::CheckModuleEnd() {
  size_t at = in_.offset();
  if (m_->function_type_indices.size() != m_->code.size()) {
    return in_.FailAt(at, "function and code section have inconsistent lengths");
  }
  if (m_->data_count.has_value() && *m_->data_count != m_->data.size()) {
    return in_.FailAt(at, "data count and data section have inconsistent lengths");
  }
}

}  // namespace

absl::StatusOr<std::unique_ptr<const Module>> DecodeModule(
    absl::Span<const uint8_t> bytes, const DecodeLimits& limits) {
  // Byte ranges are 32-bit.
  if (bytes.size() > std::numeric_limits<uint32_t>::max()) {
    return ErrorAtByteOffset("module too large", 0);
  }
  auto module = std::make_unique<Module>();
  module->bytes.assign(bytes.begin(), bytes.end());
  Decoder decoder(module.get(), limits);
  absl::Status status = decoder.Decode();
  if (!status.ok()) return status;
  return std::unique_ptr<const Module>(std::move(module));
}

}  // namespace weft
