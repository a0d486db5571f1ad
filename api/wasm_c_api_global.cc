// wasm.h globals: host-created globals, and reading and writing any global
// of the store.
#include "api/wasm_c_api_internal.h"

extern "C" {

wasm_global_t* wasm_global_new(wasm_store_t* store, const wasm_globaltype_t* type,
                               const wasm_val_t* init) {
  if (!weft::capi::IsKnownKind(type->content->kind)) return nullptr;
  weft::GlobalType t;
  t.type = weft::capi::ValTypeOf(type->content->kind);
  t.is_mutable = type->mutability == WASM_VAR;
  weft::Value v;
  if (init == nullptr || !weft::capi::ToValue(store, *init, t.type, &v)) return nullptr;
  weft::runtime::Extern ext;
  ext.kind = weft::ExternKind::kGlobal;
  ext.global = store->impl->store.AddGlobal(t, weft::api::ValueToSlot(v));
  return static_cast<wasm_global_t*>(weft::capi::NewExtern(store, ext));
}

wasm_globaltype_t* wasm_global_type(const wasm_global_t* g) {
  return wasm_globaltype_new(wasm_valtype_new(weft::capi::KindOf(g->ext.global->type)),
                             g->ext.global->is_mutable ? WASM_VAR : WASM_CONST);
}

void wasm_global_get(const wasm_global_t* g, wasm_val_t* out) {
  weft::capi::FromValue(g->store, weft::api::GlobalValue(*g->ext.global), out);
}

void wasm_global_set(wasm_global_t* g, const wasm_val_t* v) {
  weft::interp::GlobalCell& cell = *g->ext.global;
  weft::Value value;
  // wasm.h gives this function no way to report an error, so a write the
  // global cannot take (immutable, or a value of another type) is not made
  // (listed in wasm.h).
  if (!cell.is_mutable || !weft::capi::ToValue(g->store, *v, cell.type, &value)) return;
  weft::api::WriteSlots(value, cell.bits);
}

}  // extern "C"
