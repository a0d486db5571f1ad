#include "decoder/instruction_reader.h"

#include "decoder/value_type_reader.h"

namespace weft {

bool InstructionReader::Read(Instruction* out) {
  out->offset = static_cast<uint32_t>(in_->offset());
  uint8_t byte = in_->ReadByte();
  if (!in_->ok()) return false;
  Opcode op;
  if (byte == kPrefixMisc || byte == kPrefixSimd || byte == kPrefixGc) {
    uint32_t code = in_->ReadU32();
    if (!in_->ok()) return false;
    if (!LookupPrefixedOpcode(byte, code, &op)) {
      in_->FailAt(out->offset, "illegal opcode");
      return false;
    }
  } else if (!LookupOpcode(byte, &op)) {
    in_->FailAt(out->offset, "illegal opcode");
    return false;
  }
  out->op = op;
  ReadImmediates(GetOpcodeInfo(op).imm, out);
  return in_->ok();
}

void InstructionReader::ReadZeroByte() {
  if (in_->ReadByte() != 0 && in_->ok()) in_->Fail("zero byte expected");
}

void InstructionReader::ReadMemArg(MemArg* out) {
  const size_t at = in_->offset();
  uint32_t flags = in_->ReadU32();
  out->memory = 0;
  out->explicit_memory = false;
  if (multi_memory_ && in_->ok()) {
    // Bit 6 announces a memory index; bit 7 and up name nothing.
    if (flags >= 0x80) return in_->FailAt(at, "malformed memop flags");
    if (flags & 0x40) {
      flags &= ~0x40u;
      out->explicit_memory = true;
      out->memory = in_->ReadU32();
    }
  }
  out->align_log2 = flags;
  out->offset = memory64_ ? in_->ReadU64() : in_->ReadU32();
}

uint32_t InstructionReader::ReadMemoryIndex() {
  if (multi_memory_) return in_->ReadU32();
  ReadZeroByte();
  return 0;
}

void InstructionReader::ReadBlockType(Instruction* out) {
  BlockType& bt = out->block_type;
  uint8_t first = in_->PeekByte();
  if (!in_->ok()) return;
  if (first == 0x40) {
    in_->ReadByte();
    bt.kind = BlockType::Kind::kEmpty;
    return;
  }
  if (StartsValType(first)) {
    const size_t at = in_->offset();
    in_->ReadByte();
    bt.kind = BlockType::Kind::kValue;
    bt.value = ReadValTypeAfter(*in_, first, at);
    return;
  }
  int64_t v = in_->ReadS33();
  if (!in_->ok()) return;
  if (v < 0) {
    in_->Fail("malformed value type");
    return;
  }
  bt.kind = BlockType::Kind::kTypeIndex;
  bt.type_index = static_cast<uint32_t>(v);
}

void InstructionReader::ReadImmediates(ImmKind kind, Instruction* out) {
  switch (kind) {
    case ImmKind::None:
      return;
    case ImmKind::BlockType:
      return ReadBlockType(out);
    case ImmKind::LabelIdx:
    case ImmKind::TagIdx:
    case ImmKind::FuncIdx:
    case ImmKind::LocalIdx:
    case ImmKind::GlobalIdx:
    case ImmKind::TableIdx:
    case ImmKind::ElemIdx:
    case ImmKind::DataIdx:
    case ImmKind::TypeIdx:
      out->index = in_->ReadU32();
      return;
    case ImmKind::BrTable: {
      uint32_t n = in_->ReadCount(1);
      br_targets_.clear();
      br_targets_.reserve(n + 1);
      for (uint32_t i = 0; i <= n && in_->ok(); ++i) br_targets_.push_back(in_->ReadU32());
      out->br_targets = &br_targets_;
      return;
    }
    case ImmKind::CallIndirect:
    case ImmKind::TableInit:
    case ImmKind::TableCopy:
    case ImmKind::TypeField:
    case ImmKind::TypeU32:
    case ImmKind::TypeData:
    case ImmKind::TypeElem:
    case ImmKind::TypeType:
      out->index = in_->ReadU32();
      out->index2 = in_->ReadU32();
      return;
    case ImmKind::MemArg:
    case ImmKind::MemArgLane:
      ReadMemArg(&out->memarg);
      if (kind == ImmKind::MemArgLane) out->lane = in_->ReadByte();
      return;
    case ImmKind::MemIdx:
      out->index = ReadMemoryIndex();
      return;
    case ImmKind::MemoryInit:
      out->index = in_->ReadU32();
      out->index2 = ReadMemoryIndex();
      return;
    case ImmKind::MemoryCopy:
      out->index = ReadMemoryIndex();
      out->index2 = ReadMemoryIndex();
      return;
    case ImmKind::I32:
      out->bits = static_cast<uint64_t>(static_cast<int64_t>(in_->ReadS32()));
      return;
    case ImmKind::I64:
      out->bits = static_cast<uint64_t>(in_->ReadS64());
      return;
    case ImmKind::F32:
      out->bits = in_->ReadFixedU32();
      return;
    case ImmKind::F64:
      out->bits = in_->ReadFixedU64();
      return;
    case ImmKind::V128:
    case ImmKind::Shuffle: {
      const uint8_t* p = in_->ReadBytes(16);
      if (p) std::copy(p, p + 16, out->bytes16);
      return;
    }
    case ImmKind::Lane:
      out->lane = in_->ReadByte();
      return;
    case ImmKind::SelectT: {
      uint32_t n = in_->ReadCount(1);
      out->select_arity = n;
      for (uint32_t i = 0; i < n && in_->ok(); ++i) {
        const ValType t = ReadValType(*in_);
        if (i == 0) out->value_type = t;
      }
      return;
    }
    case ImmKind::TryTable: {
      ReadBlockType(out);
      uint32_t n = in_->ReadCount(2);
      catches_.clear();
      catches_.reserve(n);
      for (uint32_t i = 0; i < n && in_->ok(); ++i) {
        CatchClause c;
        const size_t at = in_->offset();
        const uint8_t kind = in_->ReadByte();
        if (!in_->ok()) return;
        if (kind > 3) return in_->FailAt(at, "malformed catch clause");
        c.kind = static_cast<CatchClause::Kind>(kind);
        if (c.has_tag()) c.tag = in_->ReadU32();
        c.label = in_->ReadU32();
        catches_.push_back(c);
      }
      out->catches = &catches_;
      return;
    }
    case ImmKind::RefType:  // ref.null's, ref.test's and ref.cast's heap type
      out->value_type = ReadHeapTypeAsRef(*in_, /*nullable=*/true);
      return;
    case ImmKind::BrOnCast: {
      const size_t at = in_->offset();
      const uint8_t flags = in_->ReadByte();
      if (in_->ok() && flags > 3) return in_->FailAt(at, "malformed br_on_cast flags");
      out->index = in_->ReadU32();
      out->value_type = ReadHeapTypeAsRef(*in_, (flags & 1) != 0);
      out->value_type2 = ReadHeapTypeAsRef(*in_, (flags & 2) != 0);
      return;
    }
  }
}

}  // namespace weft
