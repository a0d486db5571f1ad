#include "validator/op_table.h"

#include <array>
#include <cstring>

namespace weft {
namespace validator_internal {
namespace {

ValType LetterType(char c) {
  switch (c) {
    case 'l': return ValType::kI64;
    case 'f': return ValType::kF32;
    case 'd': return ValType::kF64;
    case 'v': return ValType::kV128;
    default: return ValType::kI32;
  }
}

// Lane count of a lane-indexed SIMD op, from its shape prefix ("i8x16.").
uint8_t ShapeLanes(const char* text) {
  if (std::strncmp(text, "i8x16", 5) == 0) return 16;
  if (std::strncmp(text, "i16x8", 5) == 0) return 8;
  if (std::strncmp(text, "i32x4", 5) == 0 || std::strncmp(text, "f32x4", 5) == 0) return 4;
  if (std::strncmp(text, "i64x2", 5) == 0 || std::strncmp(text, "f64x2", 5) == 0) return 2;
  return 0;
}

OpTyping Build(const OpcodeInfo& info) {
  OpTyping t;
  t.special = info.params[0] == '*';
  switch (info.imm) {
    case ImmKind::MemArg:
    case ImmKind::MemArgLane:
      t.has_memarg = true;
      t.uses_memory = true;
      break;
    case ImmKind::MemIdx:
    case ImmKind::MemoryInit:
    case ImmKind::MemoryCopy:
      t.uses_memory = true;
      break;
    default:
      break;
  }
  t.max_align = info.max_align;
  if (info.imm == ImmKind::Lane) t.lanes = ShapeLanes(info.text);
  // A lane load/store of 2^a bytes addresses one of 16 >> a lanes.
  if (info.imm == ImmKind::MemArgLane) t.lanes = static_cast<uint8_t>(16 >> info.max_align);
  if (!t.special) {
    t.num_params = static_cast<uint8_t>(std::strlen(info.params));
    for (int i = 0; i < t.num_params && i < 3; ++i) t.params[i] = LetterType(info.params[i]);
    t.num_results = static_cast<uint8_t>(std::strlen(info.results));
    if (t.num_results) t.result = LetterType(info.results[0]);
  }
  return t;
}

struct Table {
  std::array<OpTyping, kOpcodeCount> ops;
  Table() {
    for (int i = 0; i < kOpcodeCount; ++i) ops[i] = Build(GetOpcodeInfo(static_cast<Opcode>(i)));
  }
};

const Table& GetTable() {
  static const Table* table = new Table();
  return *table;
}

}  // namespace

const OpTyping& GetOpTyping(Opcode op) { return GetTable().ops[static_cast<int>(op)]; }
const OpTyping* OpTypingTable() { return GetTable().ops.data(); }

}  // namespace validator_internal
}  // namespace weft
