// The garbage-collected heap of WebAssembly 3.0 structs and arrays
// (docs/gc.md): one per store, objects never move, mark-sweep collection
// from precise roots.
//
// References. A Ref (instance_data.h) in the any/eq hierarchy is one of
//   0                         null
//   ...xx1                    an i31: the 31-bit value shifted left by one
//   ...x10                    a host (extern) handle converted with
//                             any.convert_extern: host handles are kept
//                             with these low bits (MakeHostRef), so the
//                             conversions are the identity and round-trip
//                             every value exactly
//   ...000 (non-zero)         a GcObject*
// The extern hierarchy holds the same bits (extern.convert_any is the
// identity too). Function and exception references are never converted,
// so their pointers never meet these tests.
//
// Threading: a heap belongs to one store, used by one thread at a time.
#ifndef WEFT_INTERP_GC_HEAP_H_
#define WEFT_INTERP_GC_HEAP_H_

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <functional>
#include <vector>

#include "validator/type_canon.h"

namespace weft::interp {

using GcRef = uintptr_t;

// i31 and host-handle tagging (above).
inline constexpr bool IsI31Ref(GcRef r) { return (r & 1) != 0; }
inline constexpr bool IsHostRef(GcRef r) { return (r & 3) == 2; }
inline constexpr bool IsObjectRef(GcRef r) { return r != 0 && (r & 7) == 0; }
inline constexpr GcRef MakeI31Ref(uint32_t v) { return (GcRef(v & 0x7FFFFFFFu) << 1) | 1; }
inline constexpr int32_t I31GetS(GcRef r) { return int32_t(uint32_t(r >> 1) << 1) >> 1; }
inline constexpr uint32_t I31GetU(GcRef r) { return uint32_t(r >> 1) & 0x7FFFFFFFu; }
// A host's extern handle as a Ref and back: handles are at most 62 bits
// (pointers and small integers are). Never null: handle 0 is a value too
// (callers that use 0 for null check it first).
inline constexpr GcRef MakeHostRef(uint64_t handle) { return (handle << 2) | 2; }
inline constexpr uint64_t HostRefHandle(GcRef r) { return r >> 2; }

// An object: this header, then the payload (struct fields at their
// CanonType::field_offsets, or `length` array elements of elem_bytes).
struct GcObject {
  const CanonType* type;
  GcObject* next;   // every object of the heap, for the sweep
  uint32_t length;  // arrays: element count
  uint32_t marked;  // set during a collection's mark phase
  uint8_t* payload() { return reinterpret_cast<uint8_t*>(this + 1); }
  static GcObject* FromRef(GcRef r) { return reinterpret_cast<GcObject*>(r); }
  GcRef AsRef() { return reinterpret_cast<GcRef>(this); }
};
static_assert(sizeof(GcObject) % 8 == 0);

class GcHeap {
 public:
  GcHeap() = default;
  ~GcHeap() { Clear(); }
  GcHeap(const GcHeap&) = delete;
  GcHeap& operator=(const GcHeap&) = delete;

  // Arrays longer than this are refused (the payload size must fit the
  // heap accounting in 64 bits with room to spare).
  static constexpr uint64_t kMaxArrayLength = uint64_t(1) << 32;

  // A zeroed object (all fields default: zero, null) of `type`, with
  // `length` elements for arrays; null when the heap limit would be
  // exceeded (or the system is out of memory).
  GcObject* Allocate(const CanonType* type, uint64_t length);

  // Bytes the live objects take (header included), and the limit.
  uint64_t bytes() const { return bytes_; }
  uint64_t limit() const { return limit_; }
  void set_limit(uint64_t bytes) { limit_ = bytes; }
  uint64_t objects() const { return objects_; }
  uint64_t collections() const { return collections_; }
  // Bytes ever allocated, and the collections' pause times.
  uint64_t total_allocated() const { return total_allocated_; }
  uint64_t total_pause_ns() const { return total_pause_ns_; }
  uint64_t max_pause_ns() const { return max_pause_ns_; }
  // Bytes allocated since the last collection: what triggers the next.
  uint64_t allocated_since_collection() const { return since_gc_; }
  // A collection is due when this much was allocated since the last one
  // (and at least half the live heap again: the heap may double between
  // collections, which bounds their total cost by the allocation volume).
  bool CollectionDue() const {
    return since_gc_ >= kMinTrigger && since_gc_ >= bytes_ / 2;
  }
  static constexpr uint64_t kMinTrigger = 1 << 20;

  // Mark-sweep. The roots are what the owner's tracer (set_root_tracer:
  // the store's globals, tables, segments, exceptions), the host-held
  // references and `trace_roots` (the running frames) pass to their
  // visitor; non-object refs are ignored. Frees every object not reachable
  // from them. Returns the bytes freed.
  using RootVisitor = std::function<void(GcRef)>;
  using RootTracer = std::function<void(const RootVisitor&)>;
  uint64_t Collect(const RootTracer& trace_roots = nullptr);
  void set_root_tracer(RootTracer tracer) { root_tracer_ = std::move(tracer); }

  // Frees every object (store destruction).
  void Clear();

  // Pristine image (instance pools): SaveImage records every live object
  // and its payload — the objects a pristine instance's globals, tables
  // and segments may name. They stay alive (as roots) until the next
  // SaveImage. ResetToImage frees every other object not reachable from
  // a host-held reference and restores the saved payloads (undoing
  // struct.set/array.set since): the heap is then what it was at
  // SaveImage (empty when nothing was allocated by then) plus what the
  // host still holds.
  void SaveImage();
  void ResetToImage();

  // Host-held references (the API's handles): roots until released.
  // Returns a slot id; the same ref may be held several times.
  uint32_t Hold(GcRef r);
  void Release(uint32_t slot);
  GcRef Held(uint32_t slot) const { return slot < held_.size() ? held_[slot] : 0; }

 private:
  void Mark(GcRef r, std::vector<GcObject*>* stack);
  uint64_t MarkAndSweep(const RootTracer& trace_roots);

  RootTracer root_tracer_;
  GcObject* all_ = nullptr;
  uint64_t bytes_ = 0;
  uint64_t limit_ = UINT64_MAX;
  uint64_t since_gc_ = 0;
  uint64_t objects_ = 0;
  uint64_t collections_ = 0;
  uint64_t total_allocated_ = 0;
  uint64_t total_pause_ns_ = 0;
  uint64_t max_pause_ns_ = 0;
  std::vector<GcRef> held_;
  std::vector<uint32_t> free_held_;
  struct Saved {
    GcObject* object;
    std::vector<uint8_t> payload;
  };
  std::vector<Saved> image_;
};

// Size of the payload of an object of `type` with `length` elements.
inline uint64_t GcPayloadBytes(const CanonType& type, uint64_t length) {
  return type.kind == CompositeKind::kStruct ? type.payload_bytes
                                             : (length * type.elem_bytes + 7) / 8 * 8;
}

// Reads the field (element) at `p` into slot(s) at `dst`: packed values
// sign- or zero-extended to i32, v128 into two slots.
inline void GcLoadField(const FieldType& f, const uint8_t* p, uint64_t* dst, bool sign) {
  switch (f.packed) {
    case Packed::kI8:
      *dst = sign ? uint32_t(int32_t(int8_t(*p))) : uint32_t(*p);
      return;
    case Packed::kI16: {
      uint16_t v;
      std::memcpy(&v, p, 2);
      *dst = sign ? uint32_t(int32_t(int16_t(v))) : uint32_t(v);
      return;
    }
    case Packed::kNone:
      break;
  }
  switch (f.type) {
    case ValType::kI32:
    case ValType::kF32: {
      uint32_t v;
      std::memcpy(&v, p, 4);
      *dst = v;
      return;
    }
    case ValType::kV128:
      std::memcpy(dst, p, 16);
      return;
    default:
      std::memcpy(dst, p, 8);
      return;
  }
}

inline void GcStoreField(const FieldType& f, uint8_t* p, const uint64_t* src) {
  switch (f.packed) {
    case Packed::kI8: *p = uint8_t(*src); return;
    case Packed::kI16: {
      const uint16_t v = uint16_t(*src);
      std::memcpy(p, &v, 2);
      return;
    }
    case Packed::kNone: break;
  }
  std::memcpy(p, src, FieldBytes(f));
}

inline uint32_t GcFieldSlots(const FieldType& f) {
  return f.packed == Packed::kNone && f.type == ValType::kV128 ? 2 : 1;
}

}  // namespace weft::interp

#endif  // WEFT_INTERP_GC_HEAP_H_
