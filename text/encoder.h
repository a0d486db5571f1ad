// Byte-level writer for the WebAssembly binary format, used by the text
// parser: LEB128 integers, little-endian floats, names and sections.
//
// Integers are written in their shortest (canonical) LEB128 form. An
// Encoder never fails; it only grows, but for Truncate.
#ifndef WEFT_TEXT_ENCODER_H_
#define WEFT_TEXT_ENCODER_H_

#include <cstddef>
#include <cstdint>
#include <vector>

#include "absl/strings/string_view.h"

namespace weft::text {

class Encoder {
 public:
  void Byte(uint8_t b) { bytes_.push_back(b); }
  void U32(uint32_t v) { U64(v); }
  void U64(uint64_t v);
  void S32(int32_t v) { S64(v); }
  void S64(int64_t v);
  // Little-endian fixed-width values (float bit patterns).
  void Fixed32(uint32_t v);
  void Fixed64(uint64_t v);
  // vec(byte): length then the bytes (names, data strings).
  void Name(absl::string_view s);
  void Raw(absl::string_view s);
  void Append(const Encoder& other);
  // Section `id` with `content`'s size and bytes.
  void Section(uint8_t id, const Encoder& content);
  // Drops the bytes from `size` on (the parser's empty `else`).
  void Truncate(size_t size) {
    if (size < bytes_.size()) bytes_.resize(size);
  }

  size_t size() const { return bytes_.size(); }
  bool empty() const { return bytes_.empty(); }
  const std::vector<uint8_t>& bytes() const { return bytes_; }
  std::vector<uint8_t> Release() { return std::move(bytes_); }

 private:
  std::vector<uint8_t> bytes_;
};

}  // namespace weft::text

#endif  // WEFT_TEXT_ENCODER_H_
