// The validator's inline pre-reader: decodes the most common instruction
// encodings (one-byte opcodes whose immediates fit in a single LEB128 byte)
// directly from the body bytes, and declines everything else, which then
// goes through the shared InstructionReader. Only encodings that cannot be
// malformed are handled here, so all malformed-byte errors still come from
// InstructionReader with its wording. This roughly halves the cost of
// reading a typical body (per-instruction out-of-line calls dominate).
#ifndef WEFT_VALIDATOR_FAST_READER_H_
#define WEFT_VALIDATOR_FAST_READER_H_

#include <cstdint>

#include "base/byte_reader.h"
#include "decoder/instruction_reader.h"
#include "validator/op_table.h"

namespace weft {
namespace validator_internal {

// Returns true and fills `out` (fields as InstructionReader would) when the
// instruction at `in`'s position has a simple short encoding.
inline bool FastRead(ByteReader& in, const FastEntry* table, Instruction* out) {
  // Three bytes cover every encoding handled here; the final `end` and
  // anything near the end of the body take the general path.
  if (in.remaining() < 3) return false;
  const uint8_t* p = in.current();
  const FastEntry& e = table[p[0]];
  // A couple of well-predicted tests instead of a switch per instruction:
  // the immediates are read speculatively and kept only when the entry is
  // usable and its LEB128 immediates are short.
  if (e.len == 0) return false;
  const uint8_t b1 = p[1];
  size_t len = e.len;
  if ((b1 & e.mask1) | (p[2] & e.mask2)) {
    // Two-byte index or i32 immediate (common for constants and calls).
    if (e.imm != FastImm::kIndex && e.imm != FastImm::kI32) return false;
    if (p[2] & 0x80) return false;
    const uint32_t v = (b1 & 0x7Fu) | (static_cast<uint32_t>(p[2]) << 7);
    out->index = v;
    // 14-bit two's complement: bit 13 is the sign.
    out->bits = static_cast<uint64_t>(static_cast<int64_t>(
        static_cast<int32_t>(v & 0x1FFF) - static_cast<int32_t>(v & 0x2000)));
    len = 3;
  } else {
    if (e.imm == FastImm::kBlockType) {
      if (b1 == 0x40) {
        out->block_type.kind = BlockType::Kind::kEmpty;
      } else if (IsValTypeByte(b1)) {
        out->block_type.kind = BlockType::Kind::kValue;
        out->block_type.value = static_cast<ValType>(b1);
      } else {
        return false;
      }
    }
    out->index = b1;
    // One-byte signed LEB128: bit 6 is the sign.
    out->bits = static_cast<uint64_t>(static_cast<int64_t>(
        static_cast<int32_t>(b1 & 0x3F) - static_cast<int32_t>(b1 & 0x40)));
  }
  out->memarg.align_log2 = b1;
  out->memarg.offset = p[2];
  out->op = e.op;
  out->offset = static_cast<uint32_t>(in.offset());
  in.ReadBytes(len);
  return true;
}

}  // namespace validator_internal
}  // namespace weft

#endif  // WEFT_VALIDATOR_FAST_READER_H_
