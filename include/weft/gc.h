// weft public API: WebAssembly 3.0 GC objects seen from the host.
//
// Structs and arrays live in their store's garbage-collected heap
// (docs/gc.md). A call's results and globals may be GC references
// (Values of any-hierarchy types); such a Value is valid until the next
// call into the store — a collection may free the object then. To keep
// an object, hold it: Instance::Hold returns a GcRef, which roots the
// object (it survives every collection) until the GcRef is destroyed,
// and through which the host reads and writes fields and elements of
// numeric types. GcRef::value() passes it back into calls.
//
// A GC reference the host passes into a call must come from this store
// (a result, a global or a held GcRef of it) or be an i31 (MakeI31).
// Extern handles the host makes (Value::Ref(kExternRef, h)) are at most
// 62 bits wide.
//
// Thread safety: as the instance it came from (one thread at a time).
#ifndef WEFT_INCLUDE_WEFT_GC_H_
#define WEFT_INCLUDE_WEFT_GC_H_

#include <cstdint>
#include <memory>

#include "absl/status/statusor.h"
#include "weft/value.h"

namespace weft {

namespace api {
struct StoreImpl;
}

// The store's heap at a glance.
struct GcHeapStats {
  uint64_t bytes = 0;        // live objects, headers included
  uint64_t objects = 0;
  uint64_t collections = 0;  // since the store was made
  uint64_t limit = 0;        // InstanceLimits::max_gc_heap_bytes (smallest)
  uint64_t total_allocated = 0;  // bytes ever allocated
  uint64_t total_pause_ns = 0;   // time spent in collections
  uint64_t max_pause_ns = 0;     // the longest collection
};

// An i31 reference holding the low 31 bits of `v`: (ref i31).
Value MakeI31(int32_t v);
// The value of an i31 reference (sign- or zero-extended); InvalidArgument
// when `v` is not a non-null i31.
absl::StatusOr<int32_t> I31GetS(const Value& v);
absl::StatusOr<uint32_t> I31GetU(const Value& v);

// A held (rooted) GC reference; move-only. Null after a move.
class GcRef {
 public:
  GcRef() = default;
  ~GcRef();
  GcRef(GcRef&& o) noexcept;
  GcRef& operator=(GcRef&& o) noexcept;
  GcRef(const GcRef&) = delete;
  GcRef& operator=(const GcRef&) = delete;

  bool is_null() const { return bits_ == 0; }
  bool is_struct() const;
  bool is_array() const;
  // The reference as a Value of type (ref null any), to pass into calls.
  Value value() const;

  // Struct fields and array elements of numeric types (i32, i64, f32,
  // f64; packed i8/i16 read zero-extended, or sign-extended with
  // `sign_extend`, and written truncated). InvalidArgument: not a struct
  // / array, a reference or v128 field, a value of another type;
  // OutOfRange: a field index or element index beyond the object;
  // FailedPrecondition: writing an immutable field or element.
  absl::StatusOr<uint32_t> ArrayLength() const;
  absl::StatusOr<Value> GetField(uint32_t field, bool sign_extend = false) const;
  absl::Status SetField(uint32_t field, const Value& v) const;
  absl::StatusOr<Value> GetElement(uint32_t index, bool sign_extend = false) const;
  absl::Status SetElement(uint32_t index, const Value& v) const;

 private:
  friend class Instance;
  GcRef(std::shared_ptr<api::StoreImpl> store, uint64_t bits, uint32_t slot)
      : store_(std::move(store)), bits_(bits), slot_(slot) {}
  void Release();
  std::shared_ptr<api::StoreImpl> store_;
  uint64_t bits_ = 0;
  uint32_t slot_ = 0;
};

}  // namespace weft

#endif  // WEFT_INCLUDE_WEFT_GC_H_
