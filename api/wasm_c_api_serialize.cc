// wasm_module_serialize / wasm_module_deserialize in weft's own format.
//
// weft interprets modules from their validated binary, so the serialized
// form carries that binary, wrapped so deserialize can tell weft's bytes
// from anything else before trusting them:
//
//   offset  size  field
//        0     8  magic "weftmod\0"
//        8     4  format version (little-endian), kFormatVersion
//       12     8  payload size in bytes (little-endian)
//       20     4  CRC-32 (IEEE 802.3) of the payload (little-endian)
//       24     n  payload: the module's WebAssembly binary
//
// Deserialize refuses (returns NULL) a wrong magic, another version, a size
// that disagrees with the bytes given, or a checksum mismatch, and then
// compiles the payload, which validates it again: a serialized module is
// never trusted more than the binary it came from. The checksum catches
// corruption that would still validate (a flipped constant, say).
#include <array>
#include <cstring>

#include "api/wasm_c_api_internal.h"

namespace {

constexpr char kMagic[8] = {'w', 'e', 'f', 't', 'm', 'o', 'd', '\0'};
constexpr uint32_t kFormatVersion = 1;
constexpr size_t kVersionAt = 8, kSizeAt = 12, kChecksumAt = 20, kHeaderSize = 24;

constexpr std::array<uint32_t, 256> MakeCrcTable() {
  std::array<uint32_t, 256> table{};
  for (uint32_t n = 0; n < 256; ++n) {
    uint32_t c = n;
    for (int k = 0; k < 8; ++k) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
    table[n] = c;
  }
  return table;
}
constexpr std::array<uint32_t, 256> kCrcTable = MakeCrcTable();

uint32_t Crc32(const uint8_t* data, size_t size) {
  uint32_t c = 0xFFFFFFFFu;
  for (size_t i = 0; i < size; ++i) c = kCrcTable[(c ^ data[i]) & 0xFF] ^ (c >> 8);
  return c ^ 0xFFFFFFFFu;
}

void PutLittleEndian(uint8_t* at, uint64_t v, int bytes) {
  for (int i = 0; i < bytes; ++i) at[i] = uint8_t(v >> (8 * i));
}

uint64_t GetLittleEndian(const uint8_t* at, int bytes) {
  uint64_t v = 0;
  for (int i = 0; i < bytes; ++i) v |= uint64_t(at[i]) << (8 * i);
  return v;
}

}  // namespace

extern "C" {

void wasm_module_serialize(const wasm_module_t* m, wasm_byte_vec_t* out) {
  const std::vector<uint8_t>& bin = *m->binary;
  wasm_byte_vec_new_uninitialized(out, kHeaderSize + bin.size());
  auto* bytes = reinterpret_cast<uint8_t*>(out->data);
  std::memcpy(bytes, kMagic, sizeof(kMagic));
  PutLittleEndian(bytes + kVersionAt, kFormatVersion, 4);
  PutLittleEndian(bytes + kSizeAt, bin.size(), 8);
  PutLittleEndian(bytes + kChecksumAt, Crc32(bin.data(), bin.size()), 4);
  if (!bin.empty()) std::memcpy(bytes + kHeaderSize, bin.data(), bin.size());
}

wasm_module_t* wasm_module_deserialize(wasm_store_t* store, const wasm_byte_vec_t* serialized) {
  if (serialized == nullptr || serialized->size < kHeaderSize) return nullptr;
  const auto* bytes = reinterpret_cast<const uint8_t*>(serialized->data);
  if (std::memcmp(bytes, kMagic, sizeof(kMagic)) != 0) return nullptr;
  if (GetLittleEndian(bytes + kVersionAt, 4) != kFormatVersion) return nullptr;
  const uint64_t payload_size = GetLittleEndian(bytes + kSizeAt, 8);
  if (payload_size != serialized->size - kHeaderSize) return nullptr;  // truncated or padded
  const uint8_t* payload = bytes + kHeaderSize;
  if (GetLittleEndian(bytes + kChecksumAt, 4) != Crc32(payload, payload_size)) return nullptr;
  return weft::capi::CompileModule(store, payload, payload_size);
}

}  // extern "C"
