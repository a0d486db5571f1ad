// What every wasm.h reference object shares: copy, same, host info, the
// views to and from wasm_ref_t, and delete. Also foreign objects, which
// are nothing but a reference.
#include "api/wasm_c_api_internal.h"

namespace weft::capi {

wasm_ref_t* CopyRef(const wasm_ref_t* ref) {
  if (ref == nullptr) return nullptr;
  wasm_ref_t* copy = ref->Clone();
  copy->host_info = ref->host_info;
  return copy;
}

}  // namespace weft::capi

extern "C" {

#define WEFT_REF_COMMON(name)                                                             \
  wasm_##name##_t* wasm_##name##_copy(const wasm_##name##_t* r) {                         \
    return static_cast<wasm_##name##_t*>(weft::capi::CopyRef(r));                         \
  }                                                                                       \
  bool wasm_##name##_same(const wasm_##name##_t* a, const wasm_##name##_t* b) {           \
    return a == b || (a && b && a->Identity() == b->Identity());                          \
  }                                                                                       \
  void* wasm_##name##_get_host_info(const wasm_##name##_t* r) { return r->host_info->info; } \
  void wasm_##name##_set_host_info(wasm_##name##_t* r, void* info) {                      \
    wasm_##name##_set_host_info_with_finalizer(r, info, nullptr);                         \
  }                                                                                       \
  void wasm_##name##_set_host_info_with_finalizer(wasm_##name##_t* r, void* info,         \
                                                  void (*finalizer)(void*)) {             \
    /* The info being replaced is finished with: finalize it now. */                      \
    weft::capi::HostInfo& h = *r->host_info;                                              \
    if (h.finalizer != nullptr) h.finalizer(h.info);                                      \
    h.info = info;                                                                        \
    h.finalizer = finalizer;                                                              \
  }                                                                                       \
  void wasm_##name##_delete(wasm_##name##_t* r) { delete r; }

#define WEFT_REF_VIEWS(name)                                                          \
  WEFT_REF_COMMON(name)                                                               \
  wasm_ref_t* wasm_##name##_as_ref(wasm_##name##_t* r) { return r; }                  \
  const wasm_ref_t* wasm_##name##_as_ref_const(const wasm_##name##_t* r) { return r; } \
  wasm_##name##_t* wasm_ref_as_##name(wasm_ref_t* r) {                                \
    return dynamic_cast<wasm_##name##_t*>(r);                                         \
  }                                                                                   \
  const wasm_##name##_t* wasm_ref_as_##name##_const(const wasm_ref_t* r) {            \
    return dynamic_cast<const wasm_##name##_t*>(r);                                   \
  }

WEFT_REF_COMMON(ref)
WEFT_REF_VIEWS(trap)
WEFT_REF_VIEWS(foreign)
WEFT_REF_VIEWS(module)
WEFT_REF_VIEWS(instance)
WEFT_REF_VIEWS(extern)
WEFT_REF_VIEWS(func)
WEFT_REF_VIEWS(global)
WEFT_REF_VIEWS(table)
WEFT_REF_VIEWS(memory)

wasm_foreign_t* wasm_foreign_new(wasm_store_t*) { return new wasm_foreign_t; }

}  // extern "C"
