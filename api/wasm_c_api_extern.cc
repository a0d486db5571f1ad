// wasm.h external objects: the extern views and kinds, globals, tables,
// memories, plus what every reference object shares (copy, same, host
// info, the wasm_ref_t views) and wasm_val_t ownership.
#include <cstring>

#include "api/wasm_c_api_internal.h"

using weft::ValType;
using weft::capi::KindOf;

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
    default: e = new wasm_extern_t; break;
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

// ---- what every reference object has ----
#define WEFT_REF_COMMON(name)                                                        \
  wasm_##name##_t* wasm_##name##_copy(const wasm_##name##_t* r) {                    \
    return r ? static_cast<wasm_##name##_t*>(r->Clone()) : nullptr;                  \
  }                                                                                  \
  bool wasm_##name##_same(const wasm_##name##_t* a, const wasm_##name##_t* b) {      \
    return a == b || (a && b && a->Identity() == b->Identity());                     \
  }                                                                                  \
  void* wasm_##name##_get_host_info(const wasm_##name##_t* r) { return r->host_info.info; } \
  void wasm_##name##_set_host_info(wasm_##name##_t* r, void* info) {                 \
    wasm_##name##_set_host_info_with_finalizer(r, info, nullptr);                    \
  }                                                                                  \
  void wasm_##name##_set_host_info_with_finalizer(wasm_##name##_t* r, void* info,    \
                                                  void (*fin)(void*)) {              \
    if (r->host_info.finalizer) r->host_info.finalizer(r->host_info.info);           \
    r->host_info.info = info;                                                        \
    r->host_info.finalizer = fin;                                                    \
  }

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
void wasm_ref_delete(wasm_ref_t* r) { delete r; }
WEFT_REF_VIEWS(trap)
WEFT_REF_VIEWS(foreign)
WEFT_REF_VIEWS(module)
WEFT_REF_VIEWS(instance)
WEFT_REF_VIEWS(extern)
WEFT_REF_VIEWS(func)
WEFT_REF_VIEWS(global)
WEFT_REF_VIEWS(table)
WEFT_REF_VIEWS(memory)

void wasm_foreign_delete(wasm_foreign_t* f) { delete f; }
wasm_foreign_t* wasm_foreign_new(wasm_store_t*) { return new wasm_foreign_t; }

void wasm_extern_delete(wasm_extern_t* e) { delete e; }
void wasm_func_delete(wasm_func_t* e) { delete e; }
void wasm_global_delete(wasm_global_t* e) { delete e; }
void wasm_table_delete(wasm_table_t* e) { delete e; }
void wasm_memory_delete(wasm_memory_t* e) { delete e; }

// ---- values ----
void wasm_val_delete(wasm_val_t* v) {
  if (wasm_valkind_is_ref(v->kind) && v->of.ref != nullptr) {
    delete v->of.ref;
    v->of.ref = nullptr;
  }
}
void wasm_val_copy(wasm_val_t* out, const wasm_val_t* v) {
  *out = *v;
  if (wasm_valkind_is_ref(v->kind) && v->of.ref != nullptr) out->of.ref = v->of.ref->Clone();
}
void wasm_val_vec_new_empty(wasm_val_vec_t* out) {
  out->size = 0;
  out->data = nullptr;
}
void wasm_val_vec_new_uninitialized(wasm_val_vec_t* out, size_t size) {
  out->size = size;
  out->data = size ? new wasm_val_t[size]() : nullptr;
}
// The values' references move into the vector (they are owned).
void wasm_val_vec_new(wasm_val_vec_t* out, size_t size, const wasm_val_t src[]) {
  wasm_val_vec_new_uninitialized(out, size);
  for (size_t i = 0; i < size; ++i) out->data[i] = src[i];
}
void wasm_val_vec_copy(wasm_val_vec_t* out, const wasm_val_vec_t* src) {
  wasm_val_vec_new_uninitialized(out, src->size);
  for (size_t i = 0; i < src->size; ++i) wasm_val_copy(&out->data[i], &src->data[i]);
}
void wasm_val_vec_delete(wasm_val_vec_t* v) {
  for (size_t i = 0; i < v->size; ++i) wasm_val_delete(&v->data[i]);
  delete[] v->data;
  v->size = 0;
  v->data = nullptr;
}

// ---- externs ----
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

// ---- globals ----
wasm_global_t* wasm_global_new(wasm_store_t* store, const wasm_globaltype_t* type,
                               const wasm_val_t* init) {
  weft::GlobalType t;
  t.type = weft::capi::ValTypeOf(type->content->kind);
  t.is_mutable = type->mutability == WASM_VAR;
  weft::Value v;
  if (!weft::capi::ToValue(store, *init, t.type, &v)) return nullptr;
  weft::runtime::Extern ext;
  ext.kind = weft::ExternKind::kGlobal;
  ext.global = store->impl->store.AddGlobal(t, weft::api::ValueToSlot(v));
  return static_cast<wasm_global_t*>(weft::capi::NewExtern(store, ext));
}

wasm_globaltype_t* wasm_global_type(const wasm_global_t* g) {
  return wasm_globaltype_new(wasm_valtype_new(KindOf(g->ext.global->type)),
                             g->ext.global->is_mutable ? WASM_VAR : WASM_CONST);
}

void wasm_global_get(const wasm_global_t* g, wasm_val_t* out) {
  weft::capi::FromValue(g->store, weft::api::GlobalValue(*g->ext.global), out);
}

void wasm_global_set(wasm_global_t* g, const wasm_val_t* v) {
  weft::interp::GlobalCell& cell = *g->ext.global;
  weft::Value value;
  // Immutable globals and values of another type are left alone: wasm.h
  // has no error channel here.
  if (!cell.is_mutable || !weft::capi::ToValue(g->store, *v, cell.type, &value)) return;
  weft::api::WriteSlots(value, cell.bits);
}

// ---- tables ----
wasm_table_t* wasm_table_new(wasm_store_t* store, const wasm_tabletype_t* type,
                             wasm_ref_t* init) {
  weft::TableType t;
  t.elem_type = weft::capi::ValTypeOf(type->element->kind);
  if (t.elem_type != ValType::kFuncRef && t.elem_type != ValType::kExternRef) return nullptr;
  t.limits = weft::capi::FromLimits(type->limits);
  if (t.limits.has_max && t.limits.max < t.limits.min) return nullptr;
  weft::runtime::Extern ext;
  ext.kind = weft::ExternKind::kTable;
  ext.table = store->impl->store.AddTable(t, weft::capi::RefBits(store, init));
  if (ext.table == nullptr) return nullptr;
  ext.table_type = t;
  return static_cast<wasm_table_t*>(weft::capi::NewExtern(store, ext));
}

wasm_tabletype_t* wasm_table_type(const wasm_table_t* t) {
  const weft::interp::Table& table = *t->ext.table;
  wasm_limits_t l{table.size(), table.max_size};
  return wasm_tabletype_new(wasm_valtype_new(KindOf(table.elem_type)), &l);
}

wasm_ref_t* wasm_table_get(const wasm_table_t* t, wasm_table_size_t index) {
  const weft::interp::Table& table = *t->ext.table;
  if (index >= table.size()) return nullptr;
  return weft::capi::RefFromBits(t->store, table.elem_type, table.elements[index]);
}

bool wasm_table_set(wasm_table_t* t, wasm_table_size_t index, wasm_ref_t* ref) {
  weft::interp::Table& table = *t->ext.table;
  if (index >= table.size()) return false;
  if (table.elem_type == ValType::kFuncRef && ref != nullptr &&
      dynamic_cast<wasm_func_t*>(ref) == nullptr) {
    return false;
  }
  table.elements[index] = weft::capi::RefBits(t->store, ref);
  return true;
}

wasm_table_size_t wasm_table_size(const wasm_table_t* t) { return t->ext.table->size(); }

bool wasm_table_grow(wasm_table_t* t, wasm_table_size_t delta, wasm_ref_t* init) {
  weft::interp::Table& table = *t->ext.table;
  if (table.elem_type == ValType::kFuncRef && init != nullptr &&
      dynamic_cast<wasm_func_t*>(init) == nullptr) {
    return false;
  }
  return table.Grow(delta, weft::capi::RefBits(t->store, init)) >= 0;
}

// ---- memories ----
wasm_memory_t* wasm_memory_new(wasm_store_t* store, const wasm_memorytype_t* type) {
  weft::MemoryType t;
  t.limits = weft::capi::FromLimits(type->limits);
  if (t.limits.min > weft::kMaxPages || (t.limits.has_max && t.limits.max > weft::kMaxPages)) {
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
  const uint64_t max = mem.max_pages();
  // A memory without a declared maximum reports weft's cap as its maximum
  // when it was created by a module; keep the declared form when known.
  wasm_limits_t l{uint32_t(mem.pages()),
                  m->ext.memory_type.limits.has_max || max < weft::kMaxPages
                      ? uint32_t(max)
                      : wasm_limits_max_default};
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
