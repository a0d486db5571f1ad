// Byte-level writer for the WebAssembly binary format, used by the text
// parser: LEB128 integers, little-endian floats, names and sections.
//
// Integers are written in their shortest (canonical) LEB128 form. An
// Encoder never fails; it only grows, but for Truncate.
//
// Marks name a position in the bytes that stays true when the bytes move:
// Append carries the other encoder's marks along, shifted by where its
// bytes land. The parser marks hinted instructions with them (a branch
// hint's offset is only known once the function body is assembled from
// its folded pieces).
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
  // Marks the current end of the bytes with `id` (see above).
  void Mark(uint32_t id) { marks_.push_back({bytes_.size(), id}); }
  // Section `id` with `content`'s size and bytes.
  void Section(uint8_t id, const Encoder& content);
  // Drops the bytes from `size` on (the parser's empty `else`), and the
  // marks that pointed into them.
  void Truncate(size_t size);

  size_t size() const { return bytes_.size(); }
  bool empty() const { return bytes_.empty(); }
  const std::vector<uint8_t>& bytes() const { return bytes_; }
  std::vector<uint8_t> Release() { return std::move(bytes_); }

  struct MarkAt {
    size_t offset;
    uint32_t id;
  };
  // In the order they were made (appended ones after the existing ones).
  const std::vector<MarkAt>& marks() const { return marks_; }

 private:
  std::vector<uint8_t> bytes_;
  std::vector<MarkAt> marks_;
};

}  // namespace weft::text

#endif  // WEFT_TEXT_ENCODER_H_
