// A bounds-checked view of a guest's linear memory.
//
// WASI functions see guest memory only through this class: every guest
// pointer and length is checked before it is dereferenced, and a violation is
// reported as EFAULT instead of touching host memory. The view does not own
// the bytes; it is built for one host call (memory.grow may move the buffer
// between calls, never during one). Values are little-endian as wasm requires
// and accesses need no alignment.
#ifndef WEFT_WASI_GUEST_MEMORY_H_
#define WEFT_WASI_GUEST_MEMORY_H_

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>
#include <type_traits>

#include "wasi/wasi_types.h"

namespace weft::wasi {

class GuestMemory {
 public:
  GuestMemory(uint8_t* base, uint64_t size) : base_(base), size_(size) {}

  uint64_t size() const { return size_; }

  // True if [ptr, ptr+len) lies inside memory. No wrap-around: the sum is
  // computed in 64 bits from 32-bit guest values.
  bool InBounds(uint32_t ptr, uint64_t len) const {
    return static_cast<uint64_t>(ptr) + len <= size_;
  }

  // Host pointer to a checked range, or nullptr (EFAULT) if out of bounds.
  uint8_t* Range(uint32_t ptr, uint64_t len) const {
    return InBounds(ptr, len) ? base_ + ptr : nullptr;
  }

  template <typename T>
  Errno Load(uint32_t ptr, T* out) const {
    static_assert(std::is_integral_v<T>);
    if (!InBounds(ptr, sizeof(T))) return Errno::kFault;
    std::memcpy(out, base_ + ptr, sizeof(T));  // host is little-endian
    return Errno::kSuccess;
  }
  template <typename T>
  Errno Store(uint32_t ptr, T value) const {
    static_assert(std::is_integral_v<T>);
    if (!InBounds(ptr, sizeof(T))) return Errno::kFault;
    std::memcpy(base_ + ptr, &value, sizeof(T));
    return Errno::kSuccess;
  }
  Errno LoadU8(uint32_t p, uint8_t* v) const { return Load(p, v); }
  Errno LoadU16(uint32_t p, uint16_t* v) const { return Load(p, v); }
  Errno LoadU32(uint32_t p, uint32_t* v) const { return Load(p, v); }
  Errno LoadU64(uint32_t p, uint64_t* v) const { return Load(p, v); }
  Errno StoreU8(uint32_t p, uint8_t v) const { return Store(p, v); }
  Errno StoreU16(uint32_t p, uint16_t v) const { return Store(p, v); }
  Errno StoreU32(uint32_t p, uint32_t v) const { return Store(p, v); }
  Errno StoreU64(uint32_t p, uint64_t v) const { return Store(p, v); }

  Errno Write(uint32_t ptr, const void* data, uint64_t len) const {
    if (!InBounds(ptr, len)) return Errno::kFault;
    if (len) std::memcpy(base_ + ptr, data, len);
    return Errno::kSuccess;
  }
  Errno Read(uint32_t ptr, void* data, uint64_t len) const {
    if (!InBounds(ptr, len)) return Errno::kFault;
    if (len) std::memcpy(data, base_ + ptr, len);
    return Errno::kSuccess;
  }
  // A view of guest bytes as a string (for paths). EFAULT if out of bounds.
  Errno ReadString(uint32_t ptr, uint32_t len, std::string_view* out) const {
    if (!InBounds(ptr, len)) return Errno::kFault;
    *out = std::string_view(reinterpret_cast<const char*>(base_) + ptr, len);
    return Errno::kSuccess;
  }

 private:
  uint8_t* base_;
  uint64_t size_;
};

}  // namespace weft::wasi

#endif  // WEFT_WASI_GUEST_MEMORY_H_
