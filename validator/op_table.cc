#include "validator/op_table.h"

#include <array>
#include <cstring>

namespace weft {
namespace validator_internal {
namespace {

// Everything here is constexpr: the tables are built by the compiler, so
// startup pays nothing for them (exception handling's opcodes grew them;
// built at run time they cost ~70 instructions per opcode per process).
constexpr size_t Length(const char* s) {
  size_t n = 0;
  while (s[n] != 0) ++n;
  return n;
}

constexpr bool StartsWith(const char* text, const char* prefix) {
  for (size_t i = 0; prefix[i] != 0; ++i) {
    if (text[i] != prefix[i]) return false;
  }
  return true;
}

constexpr ValType LetterType(char c) {
  switch (c) {
    case 'l': return ValType::kI64;
    case 'f': return ValType::kF32;
    case 'd': return ValType::kF64;
    case 'v': return ValType::kV128;
    default: return ValType::kI32;
  }
}

// Lane count of a lane-indexed SIMD op, from its shape prefix ("i8x16.").
constexpr uint8_t ShapeLanes(const char* text) {
  if (StartsWith(text, "i8x16")) return 16;
  if (StartsWith(text, "i16x8")) return 8;
  if (StartsWith(text, "i32x4") || StartsWith(text, "f32x4")) return 4;
  if (StartsWith(text, "i64x2") || StartsWith(text, "f64x2")) return 2;
  return 0;
}

constexpr OpTyping Build(Opcode op) {
  const OpcodeInfo& info = opcode_internal::kInfo[static_cast<int>(op)];
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
    t.num_params = static_cast<uint8_t>(Length(info.params));
    for (int i = 0; i < t.num_params && i < 3; ++i) t.params[i] = LetterType(info.params[i]);
    t.num_results = static_cast<uint8_t>(Length(info.results));
    if (t.num_results) t.result = LetterType(info.results[0]);
  }
  return t;
}

constexpr FastImm FastImmOf(ImmKind k) {
  switch (k) {
    case ImmKind::None: return FastImm::kNone;
    case ImmKind::LabelIdx:
    case ImmKind::FuncIdx:
    case ImmKind::LocalIdx:
    case ImmKind::GlobalIdx:
    case ImmKind::TableIdx:
      return FastImm::kIndex;
    case ImmKind::I32: return FastImm::kI32;
    case ImmKind::MemArg: return FastImm::kMemArg;
    case ImmKind::BlockType: return FastImm::kBlockType;
    case ImmKind::F32: return FastImm::kF32;
    case ImmKind::F64: return FastImm::kF64;
    default: return FastImm::kSlow;
  }
}

struct Table {
  std::array<OpTyping, kOpcodeCount> ops;
  std::array<FastEntry, 256> fast;
  constexpr Table() {
    for (int i = 0; i < kOpcodeCount; ++i) {
      const OpcodeInfo& info = opcode_internal::kInfo[i];
      ops[i] = Build(static_cast<Opcode>(i));
      if (info.prefix != kPrefixNone) continue;
      FastEntry& e = fast[info.code];
      e.op = static_cast<Opcode>(i);
      e.imm = FastImmOf(info.imm);
      switch (e.imm) {
        case FastImm::kSlow:
        case FastImm::kF32:
        case FastImm::kF64:
          break;  // len 0: handled off the main path
        case FastImm::kNone: e.len = 1; break;
        // Flags with bit 6 (a memory index follows) take the reader.
        case FastImm::kMemArg: e.len = 3; e.mask1 = 0xC0; e.mask2 = 0x80; break;
        default: e.len = 2; e.mask1 = 0x80; break;
      }
    }
  }
};

constexpr Table kTable;

constexpr const Table& GetTable() { return kTable; }

}  // namespace

const OpTyping& GetOpTyping(Opcode op) { return GetTable().ops[static_cast<int>(op)]; }
const OpTyping* OpTypingTable() { return GetTable().ops.data(); }
const FastEntry* FastReadTable() { return GetTable().fast.data(); }

}  // namespace validator_internal
}  // namespace weft
