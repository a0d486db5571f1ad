// Opcode identity and static facts, all generated from base/opcodes.def.
#ifndef WEFT_BASE_OPCODE_H_
#define WEFT_BASE_OPCODE_H_

#include <array>
#include <cstdint>

#include "absl/strings/string_view.h"
#include "weft/features.h"

namespace weft {

// Dense enum over every instruction (not the wire encoding: prefixed
// opcodes would collide). Use OpcodeInfo for prefix and code.
enum class Opcode : uint16_t {
#define WEFT_OP(name, prefix, code, text, imm, align, params, results) k##name,
#include "base/opcodes.def"
#undef WEFT_OP
  kCount,
};

inline constexpr int kOpcodeCount = static_cast<int>(Opcode::kCount);

// What follows an opcode in the binary format.
enum class ImmKind : uint8_t {
  None,
  BlockType,     // s33 block type
  LabelIdx,      // u32 label depth
  BrTable,       // vec(u32) + u32 default
  FuncIdx,       // u32
  CallIndirect,  // u32 type index, u32 table index
  LocalIdx,      // u32
  GlobalIdx,     // u32
  TableIdx,      // u32
  ElemIdx,       // u32
  DataIdx,       // u32
  MemArg,        // u32 flags (align; bit 6: u32 memory index follows), offset
  MemArgLane,    // memarg, then a lane byte
  MemIdx,        // memory index (2.0: one 0x00 byte)
  MemoryInit,    // u32 data index, memory index
  MemoryCopy,    // destination and source memory indices
  TableInit,     // u32 elem index, u32 table index
  TableCopy,     // u32 dst table, u32 src table
  I32,           // s32
  I64,           // s64
  F32,           // 4 raw bytes
  F64,           // 8 raw bytes
  V128,          // 16 raw bytes
  Lane,          // one lane byte
  Shuffle,       // 16 lane bytes
  SelectT,       // vec(valtype)
  RefType,       // a heap type (s33): ref.null
  TypeIdx,       // u32 type index: call_ref, return_call_ref
  TagIdx,        // u32 tag index (exception handling)
  TryTable,      // block type, then vec(catch clause) (try_table)
  // GC (0xFB prefix).
  TypeField,     // u32 type index, u32 field index: struct.get/set
  TypeU32,       // u32 type index, u32 count: array.new_fixed
  TypeData,      // u32 type index, u32 data index: array.new_data/init_data
  TypeElem,      // u32 type index, u32 elem index: array.new_elem/init_elem
  TypeType,      // two u32 type indices: array.copy (destination, source)
  BrOnCast,      // flags byte (bit 0: source nullable, bit 1: target),
                 // u32 label, two heap types (source, target)
};

// Wire prefixes.
inline constexpr uint8_t kPrefixNone = 0x00;
inline constexpr uint8_t kPrefixMisc = 0xFC;
inline constexpr uint8_t kPrefixSimd = 0xFD;
inline constexpr uint8_t kPrefixGc = 0xFB;
// Prefixed sub-opcodes in use are below this: 0xFC's below 256, 0xFD's
// up to relaxed SIMD's 0x113 (0x100-0x12F is relaxed SIMD's range).
inline constexpr uint32_t kPrefixedCodeLimit = 0x130;

struct OpcodeInfo {
  uint8_t prefix;      // kPrefixNone, kPrefixMisc, kPrefixSimd or kPrefixGc
  uint32_t code;       // byte (unprefixed) or u32 sub-opcode (prefixed)
  const char* text;    // text-format mnemonic
  ImmKind imm;
  uint8_t max_align;   // natural alignment, log2 bytes (memory ops)
  const char* params;  // "*" = validated individually; else type letters
  const char* results;
};

namespace opcode_internal {

inline constexpr OpcodeInfo kInfo[] = {
#define WEFT_OP(name, prefix, code, text, imm, align, params, results) \
  {prefix, code, text, ImmKind::imm, align, params, results},
#include "base/opcodes.def"
#undef WEFT_OP
};
static_assert(sizeof(kInfo) / sizeof(kInfo[0]) == kOpcodeCount);

// Wire byte -> Opcode tables; kInvalid marks holes. Built once at startup
// from the same list, so they cannot disagree with it.
inline constexpr uint16_t kInvalid = 0xFFFF;

struct WireTables {
  std::array<uint16_t, 256> plain;
  std::array<uint16_t, kPrefixedCodeLimit> misc;
  std::array<uint16_t, kPrefixedCodeLimit> simd;
  std::array<uint16_t, kPrefixedCodeLimit> gc;
};

constexpr WireTables BuildWireTables() {
  WireTables t{};
  for (auto& v : t.plain) v = kInvalid;
  for (auto& v : t.misc) v = kInvalid;
  for (auto& v : t.simd) v = kInvalid;
  for (auto& v : t.gc) v = kInvalid;
  for (int i = 0; i < kOpcodeCount; ++i) {
    const OpcodeInfo& info = kInfo[i];
    // An out-of-range code makes the index below ill-formed in a constant
    // expression, so a bad opcodes.def entry fails the build here.
    if (info.prefix == kPrefixNone) t.plain[info.code] = i;
    if (info.prefix == kPrefixMisc) t.misc[info.code] = i;
    if (info.prefix == kPrefixSimd) t.simd[info.code] = i;
    if (info.prefix == kPrefixGc) t.gc[info.code] = i;
  }
  return t;
}

inline constexpr WireTables kWire = BuildWireTables();

// The feature of each opcode, from the WEFT_FEATURE brackets of
// opcodes.def; kNoFeature for WebAssembly 2.0 instructions.
inline constexpr uint8_t kNoFeature = 0xFF;
constexpr std::array<uint8_t, kOpcodeCount> BuildOpcodeFeatures() {
  std::array<uint8_t, kOpcodeCount> t{};
  uint8_t current = kNoFeature;
  constexpr uint8_t kNone = kNoFeature;
  (void)kNone;
  using enum WasmFeature;
#define WEFT_FEATURE(f) current = static_cast<uint8_t>(f);
#define WEFT_OP(name, prefix, code, text, imm, align, params, results) \
  t[static_cast<int>(Opcode::k##name)] = current;
#include "base/opcodes.def"
#undef WEFT_OP
  return t;
}
inline constexpr std::array<uint8_t, kOpcodeCount> kOpcodeFeatures = BuildOpcodeFeatures();

}  // namespace opcode_internal

// The feature past 2.0 that `op` belongs to, if any.
constexpr bool OpcodeFeature(Opcode op, WasmFeature* feature) {
  const uint8_t f = opcode_internal::kOpcodeFeatures[static_cast<int>(op)];
  if (f == opcode_internal::kNoFeature) return false;
  *feature = static_cast<WasmFeature>(f);
  return true;
}

// Facts about an opcode; `op` must be a valid enumerator.
inline const OpcodeInfo& GetOpcodeInfo(Opcode op) {
  return opcode_internal::kInfo[static_cast<int>(op)];
}
inline absl::string_view OpcodeName(Opcode op) { return GetOpcodeInfo(op).text; }

// Wire lookup. Returns false when the encoding names no instruction.
// Inline: the decoder and validator call these once per instruction.
inline bool LookupOpcode(uint8_t byte, Opcode* out) {  // unprefixed
  // 0xFC/0xFD are prefixes, not instructions; they have no entry.
  uint16_t v = opcode_internal::kWire.plain[byte];
  if (v == opcode_internal::kInvalid) return false;
  *out = static_cast<Opcode>(v);
  return true;
}

inline bool LookupPrefixedOpcode(uint8_t prefix, uint32_t code, Opcode* out) {
  if (code >= kPrefixedCodeLimit) return false;
  uint16_t v = opcode_internal::kInvalid;
  if (prefix == kPrefixMisc) v = opcode_internal::kWire.misc[code];
  if (prefix == kPrefixSimd) v = opcode_internal::kWire.simd[code];
  if (prefix == kPrefixGc) v = opcode_internal::kWire.gc[code];
  if (v == opcode_internal::kInvalid) return false;
  *out = static_cast<Opcode>(v);
  return true;
}

}  // namespace weft

#endif  // WEFT_BASE_OPCODE_H_
