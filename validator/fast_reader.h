// The validator's inline pre-reader: decodes the most common instruction
// encodings (one-byte opcodes whose immediates fit in a single LEB128 byte)
// directly from the body bytes, and declines everything else, which then
// goes through the shared InstructionReader. Only encodings that cannot be
// malformed are handled here, so all malformed-byte errors still come from
// InstructionReader with its wording. This roughly halves the cost of
// reading a typical body (per-instruction out-of-line calls dominate).
#ifndef WEFT_VALIDATOR_FAST_READER_H_
#define WEFT_VALIDATOR_FAST_READER_H_

#include <cstddef>
#include <cstdint>
#include <cstring>

#include "base/byte_reader.h"
#include "decoder/instruction_reader.h"
#include "validator/op_table.h"

namespace weft {
namespace validator_internal {

// Returns true and fills `out` (fields as InstructionReader would) when the
// instruction at `in`'s position has a simple short encoding.
// Decodes an unsigned LEB128 of at most 3 bytes at p (p[0..2] readable);
// returns its length, or 0 when it is longer.
[[gnu::always_inline]] inline size_t ShortLeb(const uint8_t* p, uint32_t* value) {
  if (!(p[0] & 0x80)) {
    *value = p[0];
    return 1;
  }
  if (!(p[1] & 0x80)) {
    *value = (p[0] & 0x7Fu) | (static_cast<uint32_t>(p[1]) << 7);
    return 2;
  }
  if (!(p[2] & 0x80)) {
    *value = (p[0] & 0x7Fu) | ((p[1] & 0x7Fu) << 7) | (static_cast<uint32_t>(p[2]) << 14);
    return 3;
  }
  return 0;
}

// Sign-extends the low 7*n bits of a short signed LEB128's value.
inline uint64_t SignExtendLeb(uint32_t v, size_t n) {
  const int shift = 32 - 7 * static_cast<int>(n);
  return static_cast<uint64_t>(
      static_cast<int64_t>(static_cast<int32_t>(v << shift) >> shift));
}

// Returns true and fills `out` (fields as InstructionReader would) when the
// instruction at `in`'s position has a simple short encoding.
[[gnu::always_inline]] inline bool FastRead(ByteReader& in, const FastEntry* table, Instruction* out) {
  // Seven bytes cover the encodings handled on the main path; the final
  // `end` and anything near the end of the body take the general path.
  const size_t remaining = in.remaining();
  if (remaining < 7) return false;
  const uint8_t* p = in.current();
  const uint32_t offset = static_cast<uint32_t>(in.offset());
  const FastEntry e = table[p[0]];
  const uint8_t b1 = p[1];
  // Everything is decoded into locals first and `in` is advanced before
  // the stores to *out, so those stores cannot force reloads of `in`.
  size_t len = e.len;
  uint32_t index = b1;
  uint64_t bits = SignExtendLeb(b1, 1);
  uint32_t mem_offset = p[2];
  if (e.len == 0) {
    // Float constants: raw little-endian bits, as ReadFixedU32/U64 read them.
    if (e.imm == FastImm::kF32) {
      uint32_t f;
      std::memcpy(&f, p + 1, 4);
      bits = f;
      len = 5;
    } else if (e.imm == FastImm::kF64 && remaining >= 9) {
      std::memcpy(&bits, p + 1, 8);
      len = 9;
    } else {
      return false;
    }
  } else if ((b1 & e.mask1) | (p[2] & e.mask2)) {
    // Longer LEB128 immediates (addresses, offsets, larger constants).
    uint32_t v;
    if (e.imm == FastImm::kIndex || e.imm == FastImm::kI32) {
      size_t n = ShortLeb(p + 1, &v);
      if (n == 0) return false;
      index = v;
      bits = SignExtendLeb(v, n);
      len = 1 + n;
    } else if (e.imm == FastImm::kMemArg && !(b1 & e.mask1)) {
      size_t n = ShortLeb(p + 2, &v);
      if (n == 0) return false;
      mem_offset = v;
      len = 2 + n;
    } else {
      return false;
    }
  } else if (e.imm == FastImm::kBlockType) {
    if (b1 == 0x40) {
      out->block_type.kind = BlockType::Kind::kEmpty;
    } else if (IsValTypeByte(b1)) {
      out->block_type.kind = BlockType::Kind::kValue;
      out->block_type.value = static_cast<ValType>(b1);
    } else {
      return false;
    }
  }
  in.ReadBytes(len);
  // Speculative: whichever of these the opcode uses is now correct.
  out->op = e.op;
  out->offset = offset;
  out->index = index;
  out->bits = bits;
  out->memarg.align_log2 = b1;
  out->memarg.offset = mem_offset;
  out->memarg.memory = 0;  // (mask1 sent flags with bit 6 to the reader)
  out->memarg.explicit_memory = false;
  return true;
}

}  // namespace validator_internal
}  // namespace weft

#endif  // WEFT_VALIDATOR_FAST_READER_H_
