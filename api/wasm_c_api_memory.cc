// wasm.h memories: host-created memories, their bytes, size and growth.
#include "api/wasm_c_api_internal.h"

extern "C" {

wasm_memory_t* wasm_memory_new(wasm_store_t* store, const wasm_memorytype_t* type) {
  weft::MemoryType t;
  t.limits = weft::capi::FromLimits(type->limits);
  if (t.limits.min > weft::kMaxPages || (t.limits.has_max && t.limits.max > weft::kMaxPages) ||
      (t.limits.has_max && t.limits.max < t.limits.min)) {
    return nullptr;
  }
  weft::runtime::Extern ext;
  ext.kind = weft::ExternKind::kMemory;
  ext.memory = store->impl->store.AddMemory(t);
  if (ext.memory == nullptr) return nullptr;
  ext.memory_type = t;
  return static_cast<wasm_memory_t*>(weft::capi::NewExtern(store, ext));
}

wasm_memorytype_t* wasm_memory_type(const wasm_memory_t* m) {
  const weft::interp::LinearMemory& mem = *m->ext.memory;
  // The current size is the minimum (as for tables); the maximum is the
  // declared one, not weft's cap on memories without one.
  const weft::Limits& declared = m->ext.memory_type.limits;
  wasm_limits_t l = weft::capi::ToLimits(weft::Limits{mem.pages(), declared.has_max, declared.max});
  return wasm_memorytype_new(&l);
}

byte_t* wasm_memory_data(wasm_memory_t* m) {
  return reinterpret_cast<byte_t*>(m->ext.memory->base());
}
size_t wasm_memory_data_size(const wasm_memory_t* m) { return m->ext.memory->size_bytes(); }
wasm_memory_pages_t wasm_memory_size(const wasm_memory_t* m) {
  return wasm_memory_pages_t(m->ext.memory->pages());
}
bool wasm_memory_grow(wasm_memory_t* m, wasm_memory_pages_t delta) {
  return m->ext.memory->GrowPages(delta) >= 0;
}

}  // extern "C"
