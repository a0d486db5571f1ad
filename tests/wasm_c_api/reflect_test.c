/* Reflection: a module's imports and exports (names, kinds, types) as
 * wasm_module_imports / wasm_module_exports give them, copies of those
 * descriptions, and the externtype views. */
#include "check.h"

static int NameIs(const wasm_name_t* name, const char* expected) {
  return name->size == strlen(expected) && memcmp(name->data, expected, name->size) == 0;
}

static int KindsAre(const wasm_valtype_vec_t* types, size_t n, const wasm_valkind_t* kinds) {
  if (types->size != n) return 0;
  for (size_t i = 0; i < n; ++i) {
    if (wasm_valtype_kind(types->data[i]) != kinds[i]) return 0;
  }
  return 1;
}

int main(void) {
  wasm_engine_t* engine = wasm_engine_new();
  wasm_store_t* store = wasm_store_new(engine);
  wasm_module_t* module = LoadModule(store, "reflect");

  wasm_importtype_vec_t imports;
  wasm_module_imports(module, &imports);
  CHECK(imports.size == 3);
  /* (import "m" "f" (func (param i32 i64) (result f64))) */
  CHECK(NameIs(wasm_importtype_module(imports.data[0]), "m"));
  CHECK(NameIs(wasm_importtype_name(imports.data[0]), "f"));
  const wasm_externtype_t* t = wasm_importtype_type(imports.data[0]);
  CHECK(wasm_externtype_kind(t) == WASM_EXTERN_FUNC);
  const wasm_functype_t* f = wasm_externtype_as_functype_const(t);
  CHECK(f != NULL && wasm_externtype_as_globaltype_const(t) == NULL);
  wasm_valkind_t f_params[] = {WASM_I32, WASM_I64};
  wasm_valkind_t f_results[] = {WASM_F64};
  CHECK(KindsAre(wasm_functype_params(f), 2, f_params));
  CHECK(KindsAre(wasm_functype_results(f), 1, f_results));
  /* (import "m" "g" (global (mut f32))) */
  CHECK(NameIs(wasm_importtype_name(imports.data[1]), "g"));
  t = wasm_importtype_type(imports.data[1]);
  CHECK(wasm_externtype_kind(t) == WASM_EXTERN_GLOBAL);
  const wasm_globaltype_t* g = wasm_externtype_as_globaltype_const(t);
  CHECK(wasm_valtype_kind(wasm_globaltype_content(g)) == WASM_F32);
  CHECK(wasm_globaltype_mutability(g) == WASM_VAR);
  /* (import "m" "t" (table 1 5 funcref)) */
  CHECK(NameIs(wasm_importtype_name(imports.data[2]), "t"));
  t = wasm_importtype_type(imports.data[2]);
  CHECK(wasm_externtype_kind(t) == WASM_EXTERN_TABLE);
  const wasm_tabletype_t* tt = wasm_externtype_as_tabletype_const(t);
  CHECK(wasm_valtype_kind(wasm_tabletype_element(tt)) == WASM_FUNCREF);
  CHECK(wasm_tabletype_limits(tt)->min == 1 && wasm_tabletype_limits(tt)->max == 5);

  /* A copy of the vector is deep: it outlives the original. */
  wasm_importtype_vec_t copy;
  wasm_importtype_vec_copy(&copy, &imports);
  wasm_importtype_vec_delete(&imports);
  CHECK(copy.size == 3 && NameIs(wasm_importtype_name(copy.data[2]), "t"));
  wasm_importtype_vec_delete(&copy);

  wasm_exporttype_vec_t exports;
  wasm_module_exports(module, &exports);
  CHECK(exports.size == 4);
  /* (func (export "f2") (param f32) (result i32 i32)) */
  CHECK(NameIs(wasm_exporttype_name(exports.data[0]), "f2"));
  f = wasm_externtype_as_functype_const(wasm_exporttype_type(exports.data[0]));
  wasm_valkind_t f2_params[] = {WASM_F32};
  wasm_valkind_t f2_results[] = {WASM_I32, WASM_I32};
  CHECK(f != NULL && KindsAre(wasm_functype_params(f), 1, f2_params));
  CHECK(KindsAre(wasm_functype_results(f), 2, f2_results));
  /* (global (export "g2") i64) */
  CHECK(NameIs(wasm_exporttype_name(exports.data[1]), "g2"));
  g = wasm_externtype_as_globaltype_const(wasm_exporttype_type(exports.data[1]));
  CHECK(g != NULL && wasm_valtype_kind(wasm_globaltype_content(g)) == WASM_I64);
  CHECK(wasm_globaltype_mutability(g) == WASM_CONST);
  /* (table (export "t2") 3 externref): no maximum */
  CHECK(NameIs(wasm_exporttype_name(exports.data[2]), "t2"));
  tt = wasm_externtype_as_tabletype_const(wasm_exporttype_type(exports.data[2]));
  CHECK(tt != NULL && wasm_valtype_kind(wasm_tabletype_element(tt)) == WASM_EXTERNREF);
  CHECK(wasm_tabletype_limits(tt)->min == 3);
  CHECK(wasm_tabletype_limits(tt)->max == wasm_limits_max_default);
  /* (memory (export "mem2") 1 4) */
  CHECK(NameIs(wasm_exporttype_name(exports.data[3]), "mem2"));
  const wasm_externtype_t* mt = wasm_exporttype_type(exports.data[3]);
  CHECK(wasm_externtype_kind(mt) == WASM_EXTERN_MEMORY);
  const wasm_memorytype_t* m = wasm_externtype_as_memorytype_const(mt);
  CHECK(wasm_memorytype_limits(m)->min == 1 && wasm_memorytype_limits(m)->max == 4);
  wasm_exporttype_t* one = wasm_exporttype_copy(exports.data[3]);
  wasm_exporttype_vec_delete(&exports);
  CHECK(NameIs(wasm_exporttype_name(one), "mem2"));
  wasm_exporttype_delete(one);

  /* Type objects built by hand: ownership of parts moves in, views are the
   * same object. */
  wasm_functype_t* built = wasm_functype_new_2_1(wasm_valtype_new_i64(), wasm_valtype_new_f32(),
                                                 wasm_valtype_new_funcref());
  wasm_externtype_t* as_extern = wasm_functype_as_externtype(built);
  CHECK(wasm_externtype_as_functype(as_extern) == built);
  CHECK(wasm_externtype_as_memorytype(as_extern) == NULL);
  wasm_name_t mod_name, item_name;
  wasm_name_new_from_string(&mod_name, "env");
  wasm_name_new_from_string(&item_name, "cb");
  wasm_importtype_t* import = wasm_importtype_new(&mod_name, &item_name, as_extern);
  CHECK(NameIs(wasm_importtype_module(import), "env"));
  CHECK(wasm_externtype_kind(wasm_importtype_type(import)) == WASM_EXTERN_FUNC);
  wasm_importtype_delete(import); /* deletes the names and the type */

  wasm_module_delete(module);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
  printf("reflect: ok\n");
  return 0;
}
