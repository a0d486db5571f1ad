/* Tables: a module's funcref table read, written and grown from the host,
 * a host function placed in it and called through call_indirect, null and
 * out-of-range elements, and a host-created externref table. */
#include "check.h"

enum { TABLE, DOUBLE, CALL_AT };

static wasm_trap_t* Triple(const wasm_val_vec_t* args, wasm_val_vec_t* results) {
  results->data[0] = (wasm_val_t)WASM_I32_VAL(args->data[0].of.i32 * 3);
  return NULL;
}

static wasm_trap_t* CallAt(const wasm_func_t* call_at, int32_t index, int32_t value) {
  wasm_val_t args[] = {WASM_I32_VAL(index), WASM_I32_VAL(value)};
  wasm_val_t results[1] = {WASM_INIT_VAL};
  wasm_val_vec_t arg_vec = WASM_ARRAY_VEC(args);
  wasm_val_vec_t result_vec = WASM_ARRAY_VEC(results);
  return wasm_func_call(call_at, &arg_vec, &result_vec);
}

int main(void) {
  wasm_engine_t* engine = wasm_engine_new();
  wasm_store_t* store = wasm_store_new(engine);
  wasm_module_t* module = LoadModule(store, "tables");
  wasm_extern_vec_t no_imports = WASM_EMPTY_VEC;
  wasm_instance_t* instance = wasm_instance_new(store, module, &no_imports, NULL);
  CHECK(instance != NULL);
  wasm_extern_vec_t exports;
  wasm_instance_exports(instance, &exports);
  wasm_table_t* table = wasm_extern_as_table(exports.data[TABLE]);
  CHECK(table != NULL && wasm_extern_kind(exports.data[TABLE]) == WASM_EXTERN_TABLE);
  const wasm_func_t* call_at = ExportedFunc(&exports, CALL_AT);

  /* The declared type: funcref, 2 elements, at most 10. */
  wasm_tabletype_t* type = wasm_table_type(table);
  CHECK(wasm_valtype_kind(wasm_tabletype_element(type)) == WASM_FUNCREF);
  CHECK(wasm_tabletype_limits(type)->min == 2 && wasm_tabletype_limits(type)->max == 10);
  wasm_tabletype_delete(type);
  CHECK(wasm_table_size(table) == 2);

  /* Element 0 is null, element 1 is the module's $double. */
  CHECK(wasm_table_get(table, 0) == NULL);
  wasm_ref_t* elem = wasm_table_get(table, 1);
  CHECK(elem != NULL);
  wasm_func_t* double_fn = wasm_ref_as_func(elem);
  CHECK(double_fn != NULL && wasm_func_same(double_fn, ExportedFunc(&exports, DOUBLE)));
  CHECK(CallI32(double_fn, 1, 21, 0) == 42);
  wasm_ref_delete(elem);
  CHECK(CallI32(call_at, 2, 1, 5) == 10);

  /* A null element traps call_indirect; so does an index past the end. */
  CHECK(TrapSays(CallAt(call_at, 0, 5), "uninitialized element"));
  CHECK(TrapSays(CallAt(call_at, 7, 5), "undefined element"));

  /* A host function set into the table is called by wasm. */
  wasm_functype_t* ft = wasm_functype_new_1_1(wasm_valtype_new_i32(), wasm_valtype_new_i32());
  wasm_func_t* triple = wasm_func_new(store, ft, Triple);
  wasm_functype_delete(ft);
  CHECK(wasm_table_set(table, 0, wasm_func_as_ref(triple)));
  CHECK(CallI32(call_at, 2, 0, 5) == 15);

  /* Out of range, or not a function: refused, table unchanged. */
  CHECK(!wasm_table_set(table, 2, wasm_func_as_ref(triple)));
  wasm_foreign_t* foreign = wasm_foreign_new(store);
  CHECK(!wasm_table_set(table, 1, wasm_foreign_as_ref(foreign)));
  CHECK(CallI32(call_at, 2, 1, 5) == 10);
  CHECK(wasm_table_get(table, 99) == NULL);

  /* Growth: new elements take the given value; past the maximum, no. */
  CHECK(wasm_table_grow(table, 3, wasm_func_as_ref(triple)));
  CHECK(wasm_table_size(table) == 5);
  CHECK(CallI32(call_at, 2, 4, 2) == 6);
  CHECK(wasm_table_grow(table, 1, NULL));
  CHECK(wasm_table_get(table, 5) == NULL);
  CHECK(!wasm_table_grow(table, 5, NULL));
  CHECK(wasm_table_size(table) == 6);

  /* A host table of externrefs keeps any reference, and hands back the
   * same object. */
  wasm_limits_t limits = {1, 2};
  wasm_tabletype_t* ext_type = wasm_tabletype_new(wasm_valtype_new_externref(), &limits);
  wasm_table_t* refs = wasm_table_new(store, ext_type, wasm_foreign_as_ref(foreign));
  wasm_tabletype_delete(ext_type);
  CHECK(refs != NULL && wasm_table_size(refs) == 1);
  wasm_ref_t* back = wasm_table_get(refs, 0);
  CHECK(back != NULL && wasm_ref_same(back, wasm_foreign_as_ref(foreign)));
  CHECK(wasm_ref_as_foreign(back) != NULL);
  wasm_ref_delete(back);
  CHECK(wasm_table_grow(refs, 1, NULL) && !wasm_table_grow(refs, 1, NULL));
  CHECK(wasm_table_get(refs, 1) == NULL);

  /* A table type wasm.h cannot make (i32 elements): no table. */
  wasm_tabletype_t* bad = wasm_tabletype_new(wasm_valtype_new_i32(), &limits);
  CHECK(wasm_table_new(store, bad, NULL) == NULL);
  wasm_tabletype_delete(bad);

  wasm_table_delete(refs);
  wasm_foreign_delete(foreign);
  wasm_func_delete(triple);
  wasm_extern_vec_delete(&exports);
  wasm_instance_delete(instance);
  wasm_module_delete(module);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
  printf("tables: ok\n");
  return 0;
}
