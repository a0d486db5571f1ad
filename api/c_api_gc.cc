// The C API's GC functions (weft.h, "GC objects") over weft/gc.h.
#include <cstring>

#include "api/c_api_internal.h"
#include "weft/gc.h"
#include "weft/weft.h"

struct weft_gcref {
  weft::GcRef ref;
};

namespace {

weft_error_t* Get(absl::StatusOr<weft::Value> v, weft_val_t* out) {
  if (!v.ok()) return weft::c_api::Wrap(v.status());
  *out = weft::c_api::FromValue(*v);
  return nullptr;
}

// One C value as a weft::Value; an error naming `fn` if it is not one.
weft_error_t* OneValue(const char* fn, const weft_val_t* value, weft::Value* out) {
  std::vector<weft::Value> v;
  if (absl::Status s = weft::c_api::ToValues(fn, value, 1, &v); !s.ok()) {
    return weft::c_api::Wrap(s);
  }
  *out = v[0];
  return nullptr;
}

}  // namespace

extern "C" {

weft_error_t* weft_instance_gc_hold(const weft_instance_t* instance, const weft_val_t* value,
                                    weft_gcref_t** out) {
  WEFT_C_REQUIRE(instance);
  WEFT_C_REQUIRE(value);
  WEFT_C_REQUIRE(out);
  std::vector<weft::Value> v;
  if (absl::Status s = weft::c_api::ToValues(__func__, value, 1, &v); !s.ok()) {
    return weft::c_api::Wrap(s);
  }
  absl::StatusOr<weft::GcRef> held = instance->instance->Hold(v[0]);
  if (!held.ok()) return weft::c_api::Wrap(held.status());
  *out = new weft_gcref{std::move(*held)};
  return nullptr;
}

void weft_gcref_delete(weft_gcref_t* ref) { delete ref; }

weft_val_t weft_gcref_value(const weft_gcref_t* ref) {
  weft_val_t out;
  std::memset(&out, 0, sizeof out);
  out.kind = WEFT_ANYREF;
  if (ref != nullptr) out.of.ref = ref->ref.value().ref_handle();
  return out;
}

weft_error_t* weft_gcref_array_length(const weft_gcref_t* ref, uint32_t* out) {
  WEFT_C_REQUIRE(ref);
  WEFT_C_REQUIRE(out);
  absl::StatusOr<uint32_t> n = ref->ref.ArrayLength();
  if (!n.ok()) return weft::c_api::Wrap(n.status());
  *out = *n;
  return nullptr;
}

weft_error_t* weft_gcref_get_field(const weft_gcref_t* ref, uint32_t field, int sign_extend,
                                   weft_val_t* out) {
  WEFT_C_REQUIRE(ref);
  WEFT_C_REQUIRE(out);
  return Get(ref->ref.GetField(field, sign_extend != 0), out);
}

weft_error_t* weft_gcref_set_field(const weft_gcref_t* ref, uint32_t field,
                                   const weft_val_t* value) {
  WEFT_C_REQUIRE(ref);
  WEFT_C_REQUIRE(value);
  weft::Value v;
  if (weft_error_t* e = OneValue(__func__, value, &v)) return e;
  return weft::c_api::Wrap(ref->ref.SetField(field, v));
}

weft_error_t* weft_gcref_get_element(const weft_gcref_t* ref, uint32_t index, int sign_extend,
                                     weft_val_t* out) {
  WEFT_C_REQUIRE(ref);
  WEFT_C_REQUIRE(out);
  return Get(ref->ref.GetElement(index, sign_extend != 0), out);
}

weft_error_t* weft_gcref_set_element(const weft_gcref_t* ref, uint32_t index,
                                     const weft_val_t* value) {
  WEFT_C_REQUIRE(ref);
  WEFT_C_REQUIRE(value);
  weft::Value v;
  if (weft_error_t* e = OneValue(__func__, value, &v)) return e;
  return weft::c_api::Wrap(ref->ref.SetElement(index, v));
}

weft_val_t weft_i31_new(int32_t value) {
  weft_val_t out = weft::c_api::FromValue(weft::MakeI31(value));
  out.kind = WEFT_ANYREF;
  return out;
}

int weft_i31_get(const weft_val_t* ref, int sign_extend, int32_t* out) {
  if (ref == nullptr || out == nullptr || ref->kind != WEFT_ANYREF) return -1;
  const weft::Value v = weft::Value::Ref(weft::ValType(WEFT_ANYREF), ref->of.ref);
  if (sign_extend) {
    absl::StatusOr<int32_t> r = weft::I31GetS(v);
    if (!r.ok()) return -1;
    *out = *r;
  } else {
    absl::StatusOr<uint32_t> r = weft::I31GetU(v);
    if (!r.ok()) return -1;
    *out = int32_t(*r);
  }
  return 0;
}

uint64_t weft_instance_gc_heap_bytes(const weft_instance_t* instance) {
  return instance == nullptr ? 0 : instance->instance->gc_heap_stats().bytes;
}

}  // extern "C"
