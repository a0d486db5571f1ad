#include "text/encoder.h"

namespace weft::text {

void Encoder::U64(uint64_t v) {
  do {
    uint8_t b = v & 0x7F;
    v >>= 7;
    if (v != 0) b |= 0x80;
    bytes_.push_back(b);
  } while (v != 0);
}

void Encoder::S64(int64_t v) {
  while (true) {
    const uint8_t b = v & 0x7F;
    v >>= 7;  // arithmetic shift: the sign is kept
    const bool done = (v == 0 && (b & 0x40) == 0) || (v == -1 && (b & 0x40) != 0);
    bytes_.push_back(done ? b : (b | 0x80));
    if (done) return;
  }
}

void Encoder::Fixed32(uint32_t v) {
  for (int i = 0; i < 4; ++i) bytes_.push_back(static_cast<uint8_t>(v >> (8 * i)));
}

void Encoder::Fixed64(uint64_t v) {
  for (int i = 0; i < 8; ++i) bytes_.push_back(static_cast<uint8_t>(v >> (8 * i)));
}

void Encoder::Name(absl::string_view s) {
  U32(static_cast<uint32_t>(s.size()));
  Raw(s);
}

void Encoder::Raw(absl::string_view s) { bytes_.insert(bytes_.end(), s.begin(), s.end()); }

void Encoder::Append(const Encoder& other) {
  for (const MarkAt& m : other.marks_) marks_.push_back({bytes_.size() + m.offset, m.id});
  bytes_.insert(bytes_.end(), other.bytes_.begin(), other.bytes_.end());
}

void Encoder::Truncate(size_t size) {
  if (size >= bytes_.size()) return;
  bytes_.resize(size);
  while (!marks_.empty() && marks_.back().offset >= size) marks_.pop_back();
}

void Encoder::Section(uint8_t id, const Encoder& content) {
  Byte(id);
  U32(static_cast<uint32_t>(content.size()));
  Append(content);
}

}  // namespace weft::text
