// A bounds-checked cursor over untrusted bytes, with the WebAssembly LEB128
// rules. The first error sticks: later reads return zero and the error
// (with the byte offset where it happened) is reported once, by status().
// Reads never touch memory outside [begin, end).
#ifndef WEFT_BASE_BYTE_READER_H_
#define WEFT_BASE_BYTE_READER_H_

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "base/byte_offset.h"

namespace weft {

class ByteReader {
 public:
  // `base_offset` is the module offset of data[0], so errors name positions
  // in the whole module even when reading a sub-range.
  ByteReader(const uint8_t* data, size_t size, size_t base_offset = 0)
      : begin_(data), pos_(data), end_(data + size), base_offset_(base_offset) {}

  bool ok() const { return error_.empty(); }
  const absl::Status status() const {
    if (ok()) return absl::OkStatus();
    return ErrorAtByteOffset(error_, error_offset_);
  }
  // The spec wording alone, without the offset (e.g. "unexpected end").
  const std::string& error_message() const { return error_; }
  size_t error_offset() const { return error_offset_; }

  // Records an error at the current position (first one wins).
  void Fail(absl::string_view message) { FailAt(offset(), message); }
  void FailAt(size_t module_offset, absl::string_view message) {
    if (!ok()) return;
    error_ = std::string(message);
    error_offset_ = module_offset;
    pos_ = end_;  // stop further reads
  }

  size_t offset() const { return base_offset_ + (pos_ - begin_); }
  size_t remaining() const { return end_ - pos_; }
  bool at_end() const { return pos_ >= end_; }
  const uint8_t* current() const { return pos_; }

  uint8_t ReadByte() {
    if (pos_ >= end_) return FailEnd(), 0;
    return *pos_++;
  }
  uint8_t PeekByte() {
    if (pos_ >= end_) return FailEnd(), 0;
    return *pos_;
  }
  // Returns a pointer to `n` bytes and advances past them, or nullptr.
  const uint8_t* ReadBytes(size_t n) {
    if (remaining() < n) return FailEnd(), nullptr;
    const uint8_t* p = pos_;
    pos_ += n;
    return p;
  }
  uint32_t ReadFixedU32() {
    const uint8_t* p = ReadBytes(4);
    uint32_t v = 0;
    if (p) std::memcpy(&v, p, 4);
    return v;
  }
  uint64_t ReadFixedU64() {
    const uint8_t* p = ReadBytes(8);
    uint64_t v = 0;
    if (p) std::memcpy(&v, p, 8);
    return v;
  }

  uint32_t ReadU32() { return static_cast<uint32_t>(ReadUnsigned(32)); }
  uint64_t ReadU64() { return ReadUnsigned(64); }  // memory64 limits and offsets
  int32_t ReadS32() { return static_cast<int32_t>(ReadSigned(32)); }
  int64_t ReadS64() { return ReadSigned(64); }
  // Block types are s33: a negative single byte or a type index.
  int64_t ReadS33() { return ReadSigned(33); }

  // A vec length, rejected when the remaining bytes cannot possibly hold
  // `count` items of at least `min_item_size` bytes each — so a hostile
  // count never drives an allocation.
  uint32_t ReadCount(size_t min_item_size = 1) {
    size_t at = offset();
    uint32_t n = ReadU32();
    if (ok() && min_item_size > 0 && n > remaining() / min_item_size) {
      // The spec's reference interpreter reports a truncated vector this way.
      FailAt(at, "unexpected end of section or function");
      return 0;
    }
    return n;
  }

 private:
  void FailEnd() { Fail("unexpected end"); }

  // Unsigned LEB128 of at most ceil(bits/7) bytes; unused bits of the last
  // byte must be zero.
  uint64_t ReadUnsigned(int bits) {
    uint64_t result = 0;
    int shift = 0;
    const int max_bytes = (bits + 6) / 7;
    for (int i = 0;; ++i) {
      if (pos_ >= end_) return FailEnd(), 0;
      uint8_t b = *pos_++;
      if (i == max_bytes - 1) {
        if (b & 0x80) return Fail("integer representation too long"), 0;
        int used = bits - shift;  // bits still allowed in this byte
        if (used < 7 && (b >> used) != 0) return Fail("integer too large"), 0;
        return result | (static_cast<uint64_t>(b) << shift);
      }
      result |= static_cast<uint64_t>(b & 0x7F) << shift;
      shift += 7;
      if (!(b & 0x80)) return result;
    }
  }

  // Signed LEB128; the unused bits of the last byte must be a sign extension.
  int64_t ReadSigned(int bits) {
    uint64_t result = 0;
    int shift = 0;
    const int max_bytes = (bits + 6) / 7;
    for (int i = 0;; ++i) {
      if (pos_ >= end_) return FailEnd(), 0;
      uint8_t b = *pos_++;
      if (i == max_bytes - 1) {
        if (b & 0x80) return Fail("integer representation too long"), 0;
        int used = bits - shift;  // value bits in this byte, incl. sign
        if (used < 7) {
          // Bits [used-1, 6] must all equal the sign bit.
          int8_t sb = static_cast<int8_t>(b << 1) >> 1;  // sign-extend 7 bits
          int64_t top = static_cast<int64_t>(sb) >> (used - 1);
          if (top != 0 && top != -1) return Fail("integer too large"), 0;
        }
        result |= static_cast<uint64_t>(b & 0x7F) << shift;
        shift += 7;
        if (shift < 64 && (b & 0x40)) result |= ~uint64_t{0} << shift;
        return static_cast<int64_t>(result);
      }
      result |= static_cast<uint64_t>(b & 0x7F) << shift;
      shift += 7;
      if (!(b & 0x80)) {
        if (shift < 64 && (b & 0x40)) result |= ~uint64_t{0} << shift;
        return static_cast<int64_t>(result);
      }
    }
  }

  const uint8_t* begin_;
  const uint8_t* pos_;
  const uint8_t* end_;
  size_t base_offset_;
  std::string error_;
  size_t error_offset_ = 0;
};

}  // namespace weft

#endif  // WEFT_BASE_BYTE_READER_H_
