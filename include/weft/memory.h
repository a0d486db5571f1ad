// weft public API: bounds-checked host access to a linear memory.
//
// A Memory is a cheap, copyable handle to one memory of an instance
// (Instance::GetMemory). Every access is checked against the memory's
// current size: an out-of-range access returns OutOfRange and touches
// neither the memory nor any host byte outside the caller's buffer.
// Multi-byte values are little-endian, as in WebAssembly.
//
// Ownership: the handle keeps the memory alive (with the Linker's store it
// belongs to) even after the Instance is destroyed.
// Thread-safety: same rule as the owning Instance — do not use a Memory
// while wasm that can access it runs on another thread.
#ifndef WEFT_INCLUDE_WEFT_MEMORY_H_
#define WEFT_INCLUDE_WEFT_MEMORY_H_

#include <cstdint>
#include <cstring>
#include <memory>
#include <type_traits>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/types/span.h"

namespace weft {

class Memory {
 public:
  // Current size.
  uint64_t size_bytes() const;
  uint32_t pages() const;
  // The effective maximum in pages (declared max lowered by
  // InstanceLimits::max_memory_pages).
  uint32_t max_pages() const;

  // Copies size(out) bytes at `offset` into `out`.
  absl::Status Read(uint64_t offset, absl::Span<uint8_t> out) const;
  // Copies `data` to `offset`.
  absl::Status Write(uint64_t offset, absl::Span<const uint8_t> data);

  // Typed little-endian access; T is an integer or floating-point type.
  template <typename T>
  absl::StatusOr<T> Load(uint64_t offset) const {
    static_assert(std::is_arithmetic_v<T>, "Load<T>: T must be arithmetic");
    uint8_t bytes[sizeof(T)];
    if (absl::Status s = Read(offset, absl::MakeSpan(bytes)); !s.ok()) return s;
    return FromLittleEndian<T>(bytes);
  }
  template <typename T>
  absl::Status Store(uint64_t offset, T value) {
    static_assert(std::is_arithmetic_v<T>, "Store<T>: T must be arithmetic");
    uint8_t bytes[sizeof(T)];
    ToLittleEndian(value, bytes);
    return Write(offset, absl::MakeConstSpan(bytes));
  }

  // The memory's bytes in place, unchecked, for hosts that must hand a
  // guest buffer to something that takes a pointer (a read(2), a parser)
  // without copying. The span is valid only until the memory can grow or
  // move: any call into wasm of this store, Grow, or the end of the host
  // function that obtained it. Fetch it again after each of those; keep
  // every access inside the span. Prefer Read/Write.
  absl::Span<uint8_t> UnsafeBytes() const;

  // memory.grow from the host: the previous size in pages, or
  // ResourceExhausted when the maximum would be exceeded.
  absl::StatusOr<uint32_t> Grow(uint32_t delta_pages);

 private:
  friend class Instance;
  friend class Caller;
  Memory(void* memory, std::shared_ptr<void> keepalive)
      : memory_(memory), keepalive_(std::move(keepalive)) {}

  template <typename T>
  static T FromLittleEndian(const uint8_t* b) {
    using U = std::conditional_t<sizeof(T) == 1, uint8_t,
              std::conditional_t<sizeof(T) == 2, uint16_t,
              std::conditional_t<sizeof(T) == 4, uint32_t, uint64_t>>>;
    U u = 0;
    for (size_t i = 0; i < sizeof(T); ++i) u |= U(b[i]) << (8 * i);
    T v;
    std::memcpy(&v, &u, sizeof v);
    return v;
  }
  template <typename T>
  static void ToLittleEndian(T v, uint8_t* b) {
    using U = std::conditional_t<sizeof(T) == 1, uint8_t,
              std::conditional_t<sizeof(T) == 2, uint16_t,
              std::conditional_t<sizeof(T) == 4, uint32_t, uint64_t>>>;
    U u;
    std::memcpy(&u, &v, sizeof u);
    for (size_t i = 0; i < sizeof(T); ++i) b[i] = uint8_t(u >> (8 * i));
  }

  void* memory_;  // the runtime's linear memory (opaque here)
  std::shared_ptr<void> keepalive_;
};

}  // namespace weft

#endif  // WEFT_INCLUDE_WEFT_MEMORY_H_
