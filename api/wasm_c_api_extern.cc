// wasm.h external objects: the handle every function, global, table and
// memory is (wasm_extern_t), its kind and type, and the views between an
// extern and its specific kind.
#include "api/wasm_c_api_internal.h"

const void* wasm_extern_t::Identity() const {
  switch (ext.kind) {
    case weft::ExternKind::kFunc: return ext.func;
    case weft::ExternKind::kTable: return ext.table;
    case weft::ExternKind::kMemory: return ext.memory;
    case weft::ExternKind::kGlobal: return ext.global;
    default: return ext.tag;
  }
}

wasm_ref_t* wasm_extern_t::Clone() const { return weft::capi::NewExtern(store, ext); }

namespace weft::capi {

wasm_extern_t* NewExtern(wasm_store_t* store, const runtime::Extern& ext) {
  wasm_extern_t* e;
  switch (ext.kind) {
    case ExternKind::kFunc: e = new wasm_func_t; break;
    case ExternKind::kTable: e = new wasm_table_t; break;
    case ExternKind::kMemory: e = new wasm_memory_t; break;
    case ExternKind::kGlobal: e = new wasm_global_t; break;
    default: e = new wasm_extern_t; break;  // tags: wasm.h modules never link them
  }
  e->store = store;
  e->keepalive = store->impl;
  e->ext = ext;
  return e;
}

}  // namespace weft::capi

namespace {

wasm_externkind_t ExternKindOf(weft::ExternKind k) {
  switch (k) {
    case weft::ExternKind::kGlobal: return WASM_EXTERN_GLOBAL;
    case weft::ExternKind::kTable: return WASM_EXTERN_TABLE;
    case weft::ExternKind::kMemory: return WASM_EXTERN_MEMORY;
    default: return WASM_EXTERN_FUNC;
  }
}

}  // namespace

extern "C" {

wasm_externkind_t wasm_extern_kind(const wasm_extern_t* e) { return ExternKindOf(e->ext.kind); }

wasm_externtype_t* wasm_extern_type(const wasm_extern_t* e) {
  switch (e->ext.kind) {
    case weft::ExternKind::kGlobal:
      return wasm_global_type(static_cast<const wasm_global_t*>(e));
    case weft::ExternKind::kTable:
      return wasm_table_type(static_cast<const wasm_table_t*>(e));
    case weft::ExternKind::kMemory:
      return wasm_memory_type(static_cast<const wasm_memory_t*>(e));
    default:
      return wasm_func_type(static_cast<const wasm_func_t*>(e));
  }
}

// Every kind's object is an extern (derived type), so the views are casts
// guarded by the kind.
#define WEFT_EXTERN_VIEWS(name, KIND)                                                   \
  wasm_extern_t* wasm_##name##_as_extern(wasm_##name##_t* x) { return x; }              \
  const wasm_extern_t* wasm_##name##_as_extern_const(const wasm_##name##_t* x) { return x; } \
  wasm_##name##_t* wasm_extern_as_##name(wasm_extern_t* e) {                            \
    return e && e->ext.kind == KIND ? static_cast<wasm_##name##_t*>(e) : nullptr;       \
  }                                                                                     \
  const wasm_##name##_t* wasm_extern_as_##name##_const(const wasm_extern_t* e) {        \
    return e && e->ext.kind == KIND ? static_cast<const wasm_##name##_t*>(e) : nullptr; \
  }
WEFT_EXTERN_VIEWS(func, weft::ExternKind::kFunc)
WEFT_EXTERN_VIEWS(global, weft::ExternKind::kGlobal)
WEFT_EXTERN_VIEWS(table, weft::ExternKind::kTable)
WEFT_EXTERN_VIEWS(memory, weft::ExternKind::kMemory)

}  // extern "C"
