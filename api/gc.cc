// The host's view of GC objects (weft/gc.h): held references, field and
// element access of numeric types, i31s, heap statistics.
#include "weft/gc.h"

#include "absl/strings/str_cat.h"
#include "api/internal.h"
#include "interp/gc_heap.h"
#include "weft/instance.h"

namespace weft {
namespace {

constexpr ValType kI31Ref = MakeRefType(false, HeapType::kI31);
constexpr ValType kAnyRef = MakeRefType(true, HeapType::kAny);

// The numeric Value of a field's bits (packed: extended to i32).
absl::StatusOr<Value> Read(const FieldType& f, const uint8_t* p, bool sign) {
  if (f.packed == Packed::kNone && (IsRefType(f.type) || f.type == ValType::kV128)) {
    return absl::InvalidArgumentError("only numeric fields and elements are readable");
  }
  uint64_t slots[2] = {0, 0};
  interp::GcLoadField(f, p, slots, sign);
  switch (f.packed == Packed::kNone ? f.type : ValType::kI32) {
    case ValType::kI32: return Value::I32(int32_t(uint32_t(slots[0])));
    case ValType::kI64: return Value::I64(int64_t(slots[0]));
    case ValType::kF32: return Value::F32Bits(uint32_t(slots[0]));
    default: return Value::F64Bits(slots[0]);
  }
}

absl::Status Write(const FieldType& f, uint8_t* p, const Value& v) {
  if (!f.is_mutable) return absl::FailedPreconditionError("immutable field or element");
  const ValType want = f.packed == Packed::kNone ? f.type : ValType::kI32;
  if (IsRefType(want) || want == ValType::kV128) {
    return absl::InvalidArgumentError("only numeric fields and elements are writable");
  }
  if (v.type() != want) {
    return absl::InvalidArgumentError(
        absl::StrCat("expected ", ValTypeName(want), ", got ", ValTypeName(v.type())));
  }
  uint64_t slots[2] = {0, 0};
  switch (want) {
    case ValType::kI32: slots[0] = uint32_t(v.i32()); break;
    case ValType::kI64: slots[0] = uint64_t(v.i64()); break;
    case ValType::kF32: slots[0] = v.f32_bits(); break;
    default: slots[0] = v.f64_bits(); break;
  }
  interp::GcStoreField(f, p, slots);
  return absl::OkStatus();
}

}  // namespace

Value MakeI31(int32_t v) { return Value::Ref(kI31Ref, interp::MakeI31Ref(uint32_t(v))); }

absl::StatusOr<int32_t> I31GetS(const Value& v) {
  if (!IsRefType(v.type()) || !interp::IsI31Ref(v.ref_handle())) {
    return absl::InvalidArgumentError("not an i31 reference");
  }
  return interp::I31GetS(v.ref_handle());
}

absl::StatusOr<uint32_t> I31GetU(const Value& v) {
  if (!IsRefType(v.type()) || !interp::IsI31Ref(v.ref_handle())) {
    return absl::InvalidArgumentError("not an i31 reference");
  }
  return interp::I31GetU(v.ref_handle());
}

GcRef::~GcRef() { Release(); }

GcRef::GcRef(GcRef&& o) noexcept : store_(std::move(o.store_)), bits_(o.bits_), slot_(o.slot_) {
  o.bits_ = 0;
}

GcRef& GcRef::operator=(GcRef&& o) noexcept {
  if (this != &o) {
    Release();
    store_ = std::move(o.store_);
    bits_ = o.bits_;
    slot_ = o.slot_;
    o.bits_ = 0;
  }
  return *this;
}

void GcRef::Release() {
  if (store_ != nullptr && interp::IsObjectRef(bits_)) store_->store.gc_heap().Release(slot_);
  store_.reset();
  bits_ = 0;
}

bool GcRef::is_struct() const {
  return interp::IsObjectRef(bits_) &&
         interp::GcObject::FromRef(bits_)->type->kind == CompositeKind::kStruct;
}

bool GcRef::is_array() const {
  return interp::IsObjectRef(bits_) &&
         interp::GcObject::FromRef(bits_)->type->kind == CompositeKind::kArray;
}

Value GcRef::value() const { return bits_ == 0 ? Value::NullRef(kAnyRef) : Value::Ref(kAnyRef, bits_); }

absl::StatusOr<uint32_t> GcRef::ArrayLength() const {
  if (!is_array()) return absl::InvalidArgumentError("not an array");
  return interp::GcObject::FromRef(bits_)->length;
}

absl::StatusOr<Value> GcRef::GetField(uint32_t field, bool sign_extend) const {
  if (!is_struct()) return absl::InvalidArgumentError("not a struct");
  interp::GcObject* o = interp::GcObject::FromRef(bits_);
  if (field >= o->type->fields.size()) return absl::OutOfRangeError("no such field");
  return Read(o->type->fields[field], o->payload() + o->type->field_offsets[field], sign_extend);
}

absl::Status GcRef::SetField(uint32_t field, const Value& v) const {
  if (!is_struct()) return absl::InvalidArgumentError("not a struct");
  interp::GcObject* o = interp::GcObject::FromRef(bits_);
  if (field >= o->type->fields.size()) return absl::OutOfRangeError("no such field");
  return Write(o->type->fields[field], o->payload() + o->type->field_offsets[field], v);
}

absl::StatusOr<Value> GcRef::GetElement(uint32_t index, bool sign_extend) const {
  if (!is_array()) return absl::InvalidArgumentError("not an array");
  interp::GcObject* o = interp::GcObject::FromRef(bits_);
  if (index >= o->length) return absl::OutOfRangeError("array index out of bounds");
  return Read(o->type->fields[0], o->payload() + uint64_t(index) * o->type->elem_bytes,
              sign_extend);
}

absl::Status GcRef::SetElement(uint32_t index, const Value& v) const {
  if (!is_array()) return absl::InvalidArgumentError("not an array");
  interp::GcObject* o = interp::GcObject::FromRef(bits_);
  if (index >= o->length) return absl::OutOfRangeError("array index out of bounds");
  return Write(o->type->fields[0], o->payload() + uint64_t(index) * o->type->elem_bytes, v);
}

absl::StatusOr<GcRef> Instance::Hold(const Value& v) const {
  if (!IsRefType(v.type())) return absl::InvalidArgumentError("not a reference");
  const uint64_t bits = v.ref_handle();
  if (bits == 0) return GcRef();
  if (interp::IsI31Ref(bits)) return GcRef(nullptr, bits, 0);  // nothing to root
  // Function and exception references are pointers too: the type says
  // which hierarchy the bits belong to (a concrete index is the module's).
  bool any = false;
  switch (RefHeapType(v.type())) {
    case HeapType::kAny:
    case HeapType::kEq:
    case HeapType::kStruct:
    case HeapType::kArray:
      any = true;
      break;
    case HeapType::kConcrete: {
      const Module& m = *impl_->instance->module;
      const uint32_t index = RefTypeIndex(v.type());
      any = index < m.types.size() && !m.types[index].is_func();
      break;
    }
    default:
      break;
  }
  if (!any || !interp::IsObjectRef(bits)) {
    return absl::InvalidArgumentError("not a struct, array or i31 reference");
  }
  const std::shared_ptr<api::StoreImpl>& store = impl_->store;
  const uint32_t slot = store->store.gc_heap().Hold(bits);
  return GcRef(store, bits, slot);
}

GcHeapStats Instance::gc_heap_stats() const {
  const interp::GcHeap& heap = impl_->store->store.gc_heap();
  return GcHeapStats{heap.bytes(),           heap.objects(),        heap.collections(),
                     heap.limit(),           heap.total_allocated(), heap.total_pause_ns(),
                     heap.max_pause_ns()};
}

absl::StatusOr<uint64_t> Instance::CollectGarbage() {
  if (impl_->active_calls != 0) {
    return absl::FailedPreconditionError("CollectGarbage during a call");
  }
  return impl_->store->store.CollectGarbage();
}

}  // namespace weft
