// wasm.h tables: host-created tables, element access, size and growth.
#include "api/wasm_c_api_internal.h"
#include "interp/gc_heap.h"

using weft::ValType;

namespace {

// Table elements are slots: an externref there is a tagged host handle
// (interp/gc_heap.h), as the call paths make it (api::ValueToSlot).
bool ElementBits(wasm_store_t* store, const wasm_ref_t* ref, ValType type, uint64_t* bits) {
  if (!weft::capi::RefBits(store, ref, type, bits)) return false;
  if (type == ValType::kExternRef && *bits != 0) *bits = weft::interp::MakeHostRef(*bits);
  return true;
}

// The wasm_ref_t of an element; null for null and for a GC value that
// wasm converted to an externref (no wasm.h object stands for one).
wasm_ref_t* ElementRef(wasm_store_t* store, ValType type, uint64_t bits) {
  if (type == ValType::kExternRef) {
    if (!weft::interp::IsHostRef(bits)) return nullptr;
    bits = weft::interp::HostRefHandle(bits);
  }
  return weft::capi::RefFromBits(store, type, bits);
}

}  // namespace

extern "C" {

wasm_table_t* wasm_table_new(wasm_store_t* store, const wasm_tabletype_t* type,
                             wasm_ref_t* init) {
  weft::TableType t;
  t.elem_type = weft::capi::ValTypeOf(type->element->kind);
  if (t.elem_type != ValType::kFuncRef && t.elem_type != ValType::kExternRef) return nullptr;
  t.limits = weft::capi::FromLimits(type->limits);
  if (t.limits.has_max && t.limits.max < t.limits.min) return nullptr;
  uint64_t init_bits;
  if (!ElementBits(store, init, t.elem_type, &init_bits)) return nullptr;
  weft::runtime::Extern ext;
  ext.kind = weft::ExternKind::kTable;
  ext.table = store->impl->store.AddTable(t, init_bits);
  if (ext.table == nullptr) return nullptr;
  ext.table_type = t;
  return static_cast<wasm_table_t*>(weft::capi::NewExtern(store, ext));
}

wasm_tabletype_t* wasm_table_type(const wasm_table_t* t) {
  const weft::interp::Table& table = *t->ext.table;
  // The current size is the minimum a table of this type must now have
  // (what import matching compares).
  wasm_limits_t l{table.size(), t->ext.table_type.limits.has_max ? table.max_size
                                                                  : wasm_limits_max_default};
  return wasm_tabletype_new(wasm_valtype_new(weft::capi::KindOf(table.elem_type)), &l);
}

wasm_ref_t* wasm_table_get(const wasm_table_t* t, wasm_table_size_t index) {
  const weft::interp::Table& table = *t->ext.table;
  if (index >= table.size()) return nullptr;
  return ElementRef(t->store, table.elem_type, table.elements[index]);
}

bool wasm_table_set(wasm_table_t* t, wasm_table_size_t index, wasm_ref_t* ref) {
  weft::interp::Table& table = *t->ext.table;
  if (index >= table.size()) return false;
  uint64_t bits;
  if (!ElementBits(t->store, ref, table.elem_type, &bits)) return false;
  table.elements[index] = bits;
  return true;
}

wasm_table_size_t wasm_table_size(const wasm_table_t* t) { return t->ext.table->size(); }

bool wasm_table_grow(wasm_table_t* t, wasm_table_size_t delta, wasm_ref_t* init) {
  weft::interp::Table& table = *t->ext.table;
  uint64_t bits;
  if (!ElementBits(t->store, init, table.elem_type, &bits)) return false;
  return table.Grow(delta, bits) >= 0;
}

}  // extern "C"
