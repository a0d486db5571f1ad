// Value types in the binary format, read in one place for the module
// decoder, the instruction reader and the validator's fast reader:
//   numtype | vectype          one byte (0x7F..0x7B)
//   abstract heap shorthand     one byte (0x70 funcref, 0x6F externref,
//                               0x69 exnref, 0x6E anyref, ... 0x74)
//   0x63 heaptype / 0x64 heaptype
//                               (ref null ht) / (ref ht); heaptype is an s33:
//                               negative for the abstract ones (the same
//                               bytes), else a type index
// The decoder accepts every heap type; what the module may use (a type
// index in range, GC types, exnref) is the validator's to check.
#ifndef WEFT_DECODER_VALUE_TYPE_READER_H_
#define WEFT_DECODER_VALUE_TYPE_READER_H_

#include <cstdint>

#include "base/byte_reader.h"
#include "weft/value_type.h"

namespace weft {

// The heap type after 0x63/0x64 (or of ref.null): abstract or an index.
// Fails `in` with "malformed heap type" / "type index too large".
inline ValType ReadHeapTypeAsRef(ByteReader& in, bool nullable) {
  const size_t at = in.offset();
  const int64_t v = in.ReadS33();
  if (!in.ok()) return ValType::kFuncRef;
  if (v < 0) {
    const uint8_t code = static_cast<uint8_t>(v & 0x7F);
    if (v < -0x40 || !IsAbstractHeapByte(code)) {
      in.FailAt(at, "malformed heap type");
      return ValType::kFuncRef;
    }
    return MakeRefType(nullable, static_cast<HeapType>(code));
  }
  if (v > kMaxRefTypeIndex) {
    in.FailAt(at, "type index too large");
    return ValType::kFuncRef;
  }
  return MakeConcreteRefType(nullable, static_cast<uint32_t>(v));
}

// A value type; `first` is its first byte, already consumed. On a byte
// that starts no value type fails `in` with `error` at `at`.
inline ValType ReadValTypeAfter(ByteReader& in, uint8_t first, size_t at,
                                const char* error = "malformed value type") {
  if ((first >= 0x7B && first <= 0x7F) || IsAbstractHeapByte(first)) {
    return static_cast<ValType>(first);
  }
  if (first == 0x63 || first == 0x64) return ReadHeapTypeAsRef(in, first == 0x63);
  in.FailAt(at, error);
  return ValType::kI32;
}

inline ValType ReadValType(ByteReader& in) {
  const size_t at = in.offset();
  const uint8_t first = in.ReadByte();
  if (!in.ok()) return ValType::kI32;
  return ReadValTypeAfter(in, first, at);
}

// A reference type only (tables, element segments).
inline ValType ReadRefType(ByteReader& in) {
  const size_t at = in.offset();
  const uint8_t first = in.ReadByte();
  if (!in.ok()) return ValType::kFuncRef;
  if (first >= 0x7B && first <= 0x7F) {
    in.FailAt(at, "malformed reference type");
    return ValType::kFuncRef;
  }
  return ReadValTypeAfter(in, first, at, "malformed reference type");
}

// Whether `b` starts a value type (block types tell a value type from a
// type index by it).
constexpr bool StartsValType(uint8_t b) {
  return (b >= 0x7B && b <= 0x7F) || IsAbstractHeapByte(b) || b == 0x63 || b == 0x64;
}

}  // namespace weft

#endif  // WEFT_DECODER_VALUE_TYPE_READER_H_
