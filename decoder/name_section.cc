#include "decoder/name_section.h"

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "base/byte_reader.h"
#include "base/utf8.h"

namespace weft {
namespace {

constexpr uint8_t kModuleNameId = 0;
constexpr uint8_t kFunctionNamesId = 1;
constexpr uint8_t kLocalNamesId = 2;

bool ReadName(ByteReader& in, std::string* out) {
  uint32_t n = in.ReadU32();
  if (!in.ok() || n > in.remaining()) return false;
  const uint8_t* p = in.ReadBytes(n);
  if (!IsValidUtf8(p, n)) return false;
  out->assign(reinterpret_cast<const char*>(p), n);
  return true;
}

// namemap: vec(idx name), indices strictly increasing.
bool ReadNameMap(ByteReader& in, std::vector<NameMap::Entry>* out) {
  uint32_t n = in.ReadU32();
  // Each entry takes at least two bytes, so a larger count is a lie; this
  // also bounds the reservation below.
  if (!in.ok() || n > in.remaining() / 2) return false;
  out->reserve(n);
  for (uint32_t i = 0; i < n; ++i) {
    uint32_t index = in.ReadU32();
    if (!in.ok()) return false;
    if (!out->empty() && index <= out->back().index) return false;
    std::string name;
    if (!ReadName(in, &name)) return false;
    out->push_back({index, std::move(name)});
  }
  return true;
}

bool ReadIndirectNameMap(ByteReader& in, std::vector<NameMap::LocalEntry>* out) {
  uint32_t n = in.ReadU32();
  if (!in.ok() || n > in.remaining() / 2) return false;
  out->reserve(n);
  for (uint32_t i = 0; i < n; ++i) {
    uint32_t func_index = in.ReadU32();
    if (!in.ok()) return false;
    if (!out->empty() && func_index <= out->back().func_index) return false;
    NameMap::LocalEntry entry{func_index, {}};
    if (!ReadNameMap(in, &entry.locals)) return false;
    out->push_back(std::move(entry));
  }
  return true;
}

}  // namespace

bool ParseNameSection(const uint8_t* payload, size_t size, size_t base_offset,
                      NameMap* out) {
  NameMap names;
  ByteReader in(payload, size, base_offset);
  int last_id = -1;
  while (!in.at_end()) {
    uint8_t id = in.ReadByte();
    uint32_t len = in.ReadU32();
    if (!in.ok() || len > in.remaining()) return false;
    // Subsections appear at most once, in increasing id order.
    if (static_cast<int>(id) <= last_id) return false;
    last_id = id;
    size_t sub_offset = in.offset();
    const uint8_t* sub_data = in.ReadBytes(len);
    ByteReader sub(sub_data, len, sub_offset);
    bool ok = true;
    switch (id) {
      case kModuleNameId: {
        std::string name;
        ok = ReadName(sub, &name);
        names.module_name = std::move(name);
        break;
      }
      case kFunctionNamesId:
        ok = ReadNameMap(sub, &names.function_names);
        break;
      case kLocalNamesId:
        ok = ReadIndirectNameMap(sub, &names.local_names);
        break;
      default:
        // Later proposals (extended name section) add ids 3+; skip them.
        continue;
    }
    if (!ok || !sub.ok() || !sub.at_end()) return false;
  }
  *out = std::move(names);
  return true;
}

}  // namespace weft
