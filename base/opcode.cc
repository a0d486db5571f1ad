#include "base/opcode.h"

#include <array>

namespace weft {
namespace {

constexpr OpcodeInfo kInfo[] = {
#define WEFT_OP(name, prefix, code, text, imm, align, params, results) \
  {prefix, code, text, ImmKind::imm, align, params, results},
#include "base/opcodes.def"
#undef WEFT_OP
};
static_assert(sizeof(kInfo) / sizeof(kInfo[0]) == kOpcodeCount);

// Wire byte -> Opcode tables; kInvalid marks holes. Built once at startup
// from the same list, so they cannot disagree with it.
constexpr uint16_t kInvalid = 0xFFFF;

struct WireTables {
  std::array<uint16_t, 256> plain;
  std::array<uint16_t, 256> misc;  // 0xFC sub-opcodes in use are < 256
  std::array<uint16_t, 256> simd;  // 0xFD sub-opcodes in use are < 256
};

constexpr WireTables BuildWireTables() {
  WireTables t{};
  for (auto& v : t.plain) v = kInvalid;
  for (auto& v : t.misc) v = kInvalid;
  for (auto& v : t.simd) v = kInvalid;
  for (int i = 0; i < kOpcodeCount; ++i) {
    const OpcodeInfo& info = kInfo[i];
    if (info.prefix == kPrefixNone) t.plain[info.code] = i;
    if (info.prefix == kPrefixMisc) t.misc[info.code] = i;
    if (info.prefix == kPrefixSimd) t.simd[info.code] = i;
  }
  return t;
}

constexpr WireTables kWire = BuildWireTables();

}  // namespace

const OpcodeInfo& GetOpcodeInfo(Opcode op) { return kInfo[static_cast<int>(op)]; }

bool LookupOpcode(uint8_t byte, Opcode* out) {
  // 0xFC/0xFD are prefixes, not instructions; they have no entry.
  uint16_t v = kWire.plain[byte];
  if (v == kInvalid) return false;
  *out = static_cast<Opcode>(v);
  return true;
}

bool LookupPrefixedOpcode(uint8_t prefix, uint32_t code, Opcode* out) {
  if (code >= 256) return false;
  uint16_t v = kInvalid;
  if (prefix == kPrefixMisc) v = kWire.misc[code];
  if (prefix == kPrefixSimd) v = kWire.simd[code];
  if (v == kInvalid) return false;
  *out = static_cast<Opcode>(v);
  return true;
}

}  // namespace weft
