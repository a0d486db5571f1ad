#include "decoder/instruction_reader.h"

#include <cstdint>
#include <vector>

#include "gtest/gtest.h"

namespace weft {
namespace {

using Bytes = std::vector<uint8_t>;

// Minimal well-formed immediates for each kind.
Bytes ZeroImmediates(ImmKind kind) {
  switch (kind) {
    case ImmKind::None: return {};
    case ImmKind::BlockType: return {0x40};
    case ImmKind::LabelIdx:
    case ImmKind::FuncIdx:
    case ImmKind::LocalIdx:
    case ImmKind::GlobalIdx:
    case ImmKind::TableIdx:
    case ImmKind::ElemIdx:
    case ImmKind::DataIdx:
    case ImmKind::TypeIdx:
    case ImmKind::MemIdx:
    case ImmKind::I32:
    case ImmKind::I64:
    case ImmKind::Lane: return {0x00};
    case ImmKind::BrTable:
    case ImmKind::CallIndirect:
    case ImmKind::TableInit:
    case ImmKind::TableCopy:
    case ImmKind::MemArg:
    case ImmKind::MemoryInit:
    case ImmKind::MemoryCopy: return {0x00, 0x00};
    case ImmKind::MemArgLane: return {0x00, 0x00, 0x00};
    case ImmKind::F32: return Bytes(4, 0);
    case ImmKind::F64: return Bytes(8, 0);
    case ImmKind::V128:
    case ImmKind::Shuffle: return Bytes(16, 0);
    case ImmKind::SelectT: return {0x01, 0x7F};
    case ImmKind::RefType: return {0x70};
    case ImmKind::TagIdx: return {0x00};
    case ImmKind::TryTable: return {0x40, 0x00};  // no catch clauses
    case ImmKind::TypeField:
    case ImmKind::TypeU32:
    case ImmKind::TypeData:
    case ImmKind::TypeElem:
    case ImmKind::TypeType: return {0x00, 0x00};
    case ImmKind::BrOnCast: return {0x03, 0x00, 0x6E, 0x6B};  // nullable any -> nullable struct
  }
  return {};
}

Bytes Encode(Opcode op) {
  const OpcodeInfo& info = GetOpcodeInfo(op);
  Bytes out;
  if (info.prefix != kPrefixNone) {
    out.push_back(info.prefix);
    uint32_t v = info.code;
    do {
      uint8_t b = v & 0x7F;
      v >>= 7;
      if (v) b |= 0x80;
      out.push_back(b);
    } while (v);
  } else {
    out.push_back(static_cast<uint8_t>(info.code));
  }
  Bytes imm = ZeroImmediates(info.imm);
  out.insert(out.end(), imm.begin(), imm.end());
  return out;
}

TEST(InstructionReaderTest, EveryOpcodeRoundTrips) {
  for (int i = 0; i < kOpcodeCount; ++i) {
    Opcode op = static_cast<Opcode>(i);
    Bytes b = Encode(op);
    ByteReader in(b.data(), b.size(), 100);
    InstructionReader reader(&in);
    Instruction ins;
    ASSERT_TRUE(reader.Read(&ins)) << OpcodeName(op) << ": " << in.status();
    EXPECT_EQ(ins.op, op) << OpcodeName(op);
    EXPECT_EQ(ins.offset, 100u);
    EXPECT_TRUE(in.at_end()) << OpcodeName(op);
  }
}

Instruction ReadOne(const Bytes& b, bool* ok, std::string* error = nullptr,
                    WasmFeatures features = {}) {
  ByteReader in(b.data(), b.size());
  InstructionReader reader(&in, features);
  Instruction ins;
  *ok = reader.Read(&ins);
  if (error) *error = in.error_message();
  return ins;
}

TEST(InstructionReaderTest, Immediates) {
  bool ok;
  Instruction ins = ReadOne({0x41, 0x7F}, &ok);  // i32.const -1
  ASSERT_TRUE(ok);
  EXPECT_EQ(static_cast<int64_t>(ins.bits), -1);
  ins = ReadOne({0x42, 0x80, 0x01}, &ok);  // i64.const 128
  ASSERT_TRUE(ok);
  EXPECT_EQ(ins.bits, 128u);
  ins = ReadOne({0x43, 0x00, 0x00, 0x80, 0x3F}, &ok);  // f32.const 1.0
  ASSERT_TRUE(ok);
  EXPECT_EQ(ins.bits, 0x3F800000u);
  {
    // br_targets points into the reader, so keep it alive here.
    Bytes b = {0x0E, 0x02, 0x03, 0x04, 0x05};  // br_table 3 4 default 5
    ByteReader in(b.data(), b.size());
    InstructionReader reader(&in);
    ASSERT_TRUE(reader.Read(&ins));
    ASSERT_NE(ins.br_targets, nullptr);
    EXPECT_EQ(*ins.br_targets, (std::vector<uint32_t>{3, 4, 5}));
  }
  ins = ReadOne({0x11, 0x07, 0x01}, &ok);  // call_indirect type 7 table 1
  ASSERT_TRUE(ok);
  EXPECT_EQ(ins.index, 7u);
  EXPECT_EQ(ins.index2, 1u);
  ins = ReadOne({0x28, 0x02, 0x10}, &ok);  // i32.load align=4 offset=16
  ASSERT_TRUE(ok);
  EXPECT_EQ(ins.memarg.align_log2, 2u);
  EXPECT_EQ(ins.memarg.offset, 16u);
  ins = ReadOne({0x02, 0x7B}, &ok);  // block (result v128)
  ASSERT_TRUE(ok);
  EXPECT_EQ(ins.block_type.kind, BlockType::Kind::kValue);
  EXPECT_EQ(ins.block_type.value, ValType::kV128);
  ins = ReadOne({0x03, 0x05}, &ok);  // loop (type 5)
  ASSERT_TRUE(ok);
  EXPECT_EQ(ins.block_type.kind, BlockType::Kind::kTypeIndex);
  EXPECT_EQ(ins.block_type.type_index, 5u);
  ins = ReadOne({0x1C, 0x01, 0x6F}, &ok);  // select (result externref)
  ASSERT_TRUE(ok);
  EXPECT_EQ(ins.select_arity, 1u);
  EXPECT_EQ(ins.value_type, ValType::kExternRef);
  ins = ReadOne({0xD0, 0x6F}, &ok);  // ref.null extern
  ASSERT_TRUE(ok);
  EXPECT_EQ(ins.value_type, ValType::kExternRef);
  ins = ReadOne({0xFC, 0x88, 0x00, 0x03, 0x00}, &ok);  // memory.init 3, 2-byte sub-opcode
  ASSERT_TRUE(ok);
  EXPECT_EQ(ins.op, Opcode::kMemoryInit);
  EXPECT_EQ(ins.index, 3u);
  ins = ReadOne({0xFD, 0x54, 0x00, 0x08, 0x0F}, &ok);  // v128.load8_lane offset 8 lane 15
  ASSERT_TRUE(ok);
  EXPECT_EQ(ins.memarg.offset, 8u);
  EXPECT_EQ(ins.lane, 15);
}

// Multi-memory and memory64 immediates.
TEST(InstructionReaderTest, MemoryIndicesAndWideOffsets) {
  bool ok;
  // i32.load flags 0x42 (align 2, memory index follows) memory 3 offset 7.
  Instruction ins = ReadOne({0x28, 0x42, 0x03, 0x07}, &ok);
  ASSERT_TRUE(ok);
  EXPECT_EQ(ins.memarg.align_log2, 2u);
  EXPECT_EQ(ins.memarg.memory, 3u);
  EXPECT_TRUE(ins.memarg.explicit_memory);
  EXPECT_EQ(ins.memarg.offset, 7u);
  // Offset 2^40 (a u64 LEB128).
  ins = ReadOne({0x29, 0x03, 0x80, 0x80, 0x80, 0x80, 0x80, 0x20}, &ok);
  ASSERT_TRUE(ok);
  EXPECT_EQ(ins.memarg.memory, 0u);
  EXPECT_EQ(ins.memarg.offset, uint64_t(1) << 40);
  // 2.0: bit 6 is just part of the alignment.
  ins = ReadOne({0x28, 0x42, 0x03}, &ok, nullptr, WasmFeatures::Wasm20());
  ASSERT_TRUE(ok);
  EXPECT_EQ(ins.memarg.align_log2, 0x42u);
  EXPECT_EQ(ins.memarg.offset, 3u);
  ins = ReadOne({0x40, 0x02}, &ok);  // memory.grow 2
  ASSERT_TRUE(ok);
  EXPECT_EQ(ins.index, 2u);
  ins = ReadOne({0xFC, 0x0A, 0x01, 0x02}, &ok);  // memory.copy 1 2
  ASSERT_TRUE(ok);
  EXPECT_EQ(ins.index, 1u);
  EXPECT_EQ(ins.index2, 2u);
  ins = ReadOne({0xFC, 0x08, 0x05, 0x01}, &ok);  // memory.init data 5, memory 1
  ASSERT_TRUE(ok);
  EXPECT_EQ(ins.index, 5u);
  EXPECT_EQ(ins.index2, 1u);
}

TEST(InstructionReaderTest, Malformations) {
  bool ok;
  std::string error;
  ReadOne({0x27}, &ok, &error);  // 0x06 is exception handling's try now
  EXPECT_FALSE(ok);
  EXPECT_EQ(error, "illegal opcode");
  ReadOne({0xFC, 0x12}, &ok, &error);
  EXPECT_EQ(error, "illegal opcode");
  ReadOne({0xFD, 0xFF, 0x7F}, &ok, &error);
  EXPECT_EQ(error, "illegal opcode");
  // 2.0 has a zero byte where multi-memory has a memory index.
  ReadOne({0x3F, 0x01}, &ok, &error, WasmFeatures::Wasm20());  // memory.size
  EXPECT_EQ(error, "zero byte expected");
  ReadOne({0xFC, 0x0A, 0x00, 0x01}, &ok, &error, WasmFeatures::Wasm20());  // memory.copy
  EXPECT_EQ(error, "zero byte expected");
  // memarg flags: bit 6 is the memory index's; 0x80 and up are malformed.
  ReadOne({0x28, 0x80, 0x01, 0x00}, &ok, &error);
  EXPECT_EQ(error, "malformed memop flags");
  ReadOne({0x28, 0x42, 0x80, 0x80, 0x80, 0x80, 0x10, 0x00}, &ok, &error);  // index > u32
  EXPECT_EQ(error, "integer too large");
  // 2.0: a u32 offset.
  ReadOne({0x28, 0x02, 0x82, 0x80, 0x80, 0x80, 0x10}, &ok, &error, WasmFeatures::Wasm20());
  EXPECT_EQ(error, "integer too large");
  ReadOne({0xD0, 0x7F}, &ok, &error);  // ref.null of i32
  EXPECT_EQ(error, "malformed heap type");
  ReadOne({0xD0, 0x80, 0x80, 0x80, 0x80, 0x01}, &ok, &error);  // type 2^28
  EXPECT_EQ(error, "type index too large");
  ReadOne({0x1C, 0x01, 0x40}, &ok, &error);
  EXPECT_EQ(error, "malformed value type");
  ReadOne({0x41, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00}, &ok, &error);
  EXPECT_EQ(error, "integer representation too long");
  ReadOne({0x41, 0x80, 0x80, 0x80, 0x80, 0x70}, &ok, &error);
  EXPECT_EQ(error, "integer too large");
  ReadOne({0x0E, 0x05, 0x00}, &ok, &error);  // br_table count beyond the bytes
  EXPECT_FALSE(ok);
  // Every truncation of every opcode's encoding fails without reading past
  // the end.
  for (int i = 0; i < kOpcodeCount; ++i) {
    Bytes b = Encode(static_cast<Opcode>(i));
    for (size_t len = 0; len < b.size(); ++len) {
      Bytes cut(b.begin(), b.begin() + len);
      ReadOne(cut, &ok, &error);
      EXPECT_FALSE(ok) << OpcodeName(static_cast<Opcode>(i)) << " cut at " << len;
    }
  }
}

TEST(InstructionReaderTest, ExceptionHandlingEncodings) {
  bool ok;
  std::string error;
  // try_table (result i32) (catch 1 0) (catch_ref 2 1) (catch_all 3) (catch_all_ref 4)
  // (The clauses live in the reader, so it must outlive them.)
  const Bytes b = {0x1F, 0x7F, 0x04, 0x00, 0x01, 0x00, 0x01, 0x02, 0x01, 0x02, 0x03, 0x03, 0x04};
  ByteReader in(b.data(), b.size(), 0);
  InstructionReader reader(&in);
  Instruction ins;
  ASSERT_TRUE(reader.Read(&ins));
  EXPECT_TRUE(in.at_end());
  EXPECT_EQ(ins.op, Opcode::kTryTable);
  EXPECT_EQ(ins.block_type.kind, BlockType::Kind::kValue);
  ASSERT_EQ(ins.catches->size(), 4u);
  EXPECT_EQ((*ins.catches)[0].kind, CatchClause::Kind::kCatch);
  EXPECT_EQ((*ins.catches)[0].tag, 1u);
  EXPECT_EQ((*ins.catches)[0].label, 0u);
  EXPECT_EQ((*ins.catches)[1].kind, CatchClause::Kind::kCatchRef);
  EXPECT_EQ((*ins.catches)[1].tag, 2u);
  EXPECT_EQ((*ins.catches)[1].label, 1u);
  EXPECT_EQ((*ins.catches)[2].kind, CatchClause::Kind::kCatchAll);
  EXPECT_EQ((*ins.catches)[2].label, 3u);
  EXPECT_EQ((*ins.catches)[3].kind, CatchClause::Kind::kCatchAllRef);
  EXPECT_EQ((*ins.catches)[3].label, 4u);
  // A catch kind past catch_all_ref, and a truncated clause.
  ReadOne({0x1F, 0x40, 0x01, 0x04, 0x00}, &ok, &error);
  EXPECT_FALSE(ok);
  EXPECT_EQ(error, "malformed catch clause");
  ReadOne({0x1F, 0x40, 0x01, 0x00, 0x00}, &ok, &error);
  EXPECT_FALSE(ok);
  // throw 5, throw_ref, rethrow 1, delegate 2, catch 3, catch_all, try.
  EXPECT_EQ(ReadOne({0x08, 0x05}, &ok).index, 5u);
  EXPECT_EQ(ReadOne({0x0A}, &ok).op, Opcode::kThrowRef);
  EXPECT_EQ(ReadOne({0x09, 0x01}, &ok).op, Opcode::kRethrow);
  EXPECT_EQ(ReadOne({0x18, 0x02}, &ok).index, 2u);
  EXPECT_EQ(ReadOne({0x07, 0x03}, &ok).op, Opcode::kCatch);
  EXPECT_EQ(ReadOne({0x19}, &ok).op, Opcode::kCatchAll);
  EXPECT_EQ(ReadOne({0x06, 0x40}, &ok).op, Opcode::kTry);
  // ref.null exn.
  EXPECT_EQ(ReadOne({0xD0, 0x69}, &ok).value_type, ValType::kExnRef);
  EXPECT_TRUE(ok);
}

}  // namespace
}  // namespace weft
