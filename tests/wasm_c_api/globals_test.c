/* Globals: host globals imported by a module (const f32, mutable i64),
 * the module's own exported globals, reads and writes from both sides, and
 * the writes wasm.h cannot make. */
#include "check.h"

/* Exports of globals.wat, in order. */
enum { OWN_CONST, OWN_VAR, GET_IN_CONST, GET_IN_VAR, SET_IN_VAR, GET_OWN_VAR };

static wasm_global_t* NewGlobal(wasm_store_t* store, wasm_valkind_t kind,
                                wasm_mutability_t mutability, wasm_val_t init) {
  wasm_globaltype_t* type = wasm_globaltype_new(wasm_valtype_new(kind), mutability);
  wasm_global_t* g = wasm_global_new(store, type, &init);
  wasm_globaltype_delete(type);
  return g;
}

static wasm_val_t Call0(const wasm_func_t* f) {
  wasm_val_t results[1] = {WASM_INIT_VAL};
  wasm_val_vec_t none = WASM_EMPTY_VEC;
  wasm_val_vec_t result_vec = WASM_ARRAY_VEC(results);
  CheckNoTrap(wasm_func_call(f, &none, &result_vec), "Call0");
  return results[0];
}

int main(void) {
  wasm_engine_t* engine = wasm_engine_new();
  wasm_store_t* store = wasm_store_new(engine);
  wasm_module_t* module = LoadModule(store, "globals");

  wasm_val_t f32 = WASM_F32_VAL(1.5f);
  wasm_val_t i64 = WASM_I64_VAL(-7);
  wasm_global_t* in_const = NewGlobal(store, WASM_F32, WASM_CONST, f32);
  wasm_global_t* in_var = NewGlobal(store, WASM_I64, WASM_VAR, i64);
  CHECK(in_const != NULL && in_var != NULL);

  /* A value of another kind than the type says: no global. */
  CHECK(NewGlobal(store, WASM_I32, WASM_CONST, i64) == NULL);

  /* Types read back as created. */
  wasm_globaltype_t* t = wasm_global_type(in_var);
  CHECK(wasm_valtype_kind(wasm_globaltype_content(t)) == WASM_I64);
  CHECK(wasm_globaltype_mutability(t) == WASM_VAR);
  wasm_globaltype_delete(t);

  wasm_extern_t* imports[] = {wasm_global_as_extern(in_const), wasm_global_as_extern(in_var)};
  wasm_extern_vec_t import_vec = WASM_ARRAY_VEC(imports);
  wasm_trap_t* trap = NULL;
  wasm_instance_t* instance = wasm_instance_new(store, module, &import_vec, &trap);
  CHECK(instance != NULL && trap == NULL);
  wasm_extern_vec_t exports;
  wasm_instance_exports(instance, &exports);
  CHECK(exports.size == 6);

  /* wasm sees the host's values. */
  wasm_val_t v = Call0(ExportedFunc(&exports, GET_IN_CONST));
  CHECK(v.kind == WASM_F32 && v.of.f32 == 1.5f);
  v = Call0(ExportedFunc(&exports, GET_IN_VAR));
  CHECK(v.kind == WASM_I64 && v.of.i64 == -7);

  /* The host writes, wasm reads. */
  wasm_val_t forty = WASM_I64_VAL(40);
  wasm_global_set(in_var, &forty);
  CHECK(Call0(ExportedFunc(&exports, GET_IN_VAR)).of.i64 == 40);

  /* wasm writes, the host reads. */
  wasm_val_t args[] = {WASM_I64_VAL(0x123456789)};
  wasm_val_vec_t arg_vec = WASM_ARRAY_VEC(args);
  wasm_val_vec_t no_results = WASM_EMPTY_VEC;
  CheckNoTrap(wasm_func_call(ExportedFunc(&exports, SET_IN_VAR), &arg_vec, &no_results), "set");
  wasm_global_get(in_var, &v);
  CHECK(v.kind == WASM_I64 && v.of.i64 == 0x123456789);

  /* The module's own globals, through their exports. */
  wasm_global_t* own_const = wasm_extern_as_global(exports.data[OWN_CONST]);
  wasm_global_t* own_var = wasm_extern_as_global(exports.data[OWN_VAR]);
  CHECK(own_const != NULL && own_var != NULL);
  CHECK(wasm_extern_kind(exports.data[OWN_VAR]) == WASM_EXTERN_GLOBAL);
  wasm_global_get(own_const, &v);
  CHECK(v.kind == WASM_I32 && v.of.i32 == 7);
  wasm_global_get(own_var, &v);
  CHECK(v.kind == WASM_I32 && v.of.i32 == 8);
  wasm_val_t nine = WASM_I32_VAL(9);
  wasm_global_set(own_var, &nine);
  CHECK(CallI32(ExportedFunc(&exports, GET_OWN_VAR), 0, 0, 0) == 9);
  t = wasm_global_type(own_const);
  CHECK(wasm_valtype_kind(wasm_globaltype_content(t)) == WASM_I32);
  CHECK(wasm_globaltype_mutability(t) == WASM_CONST);
  wasm_globaltype_delete(t);

  /* Writes wasm.h cannot make leave the global as it was: an immutable
   * global, and a value of another kind. */
  wasm_global_set(own_const, &nine);
  wasm_global_get(own_const, &v);
  CHECK(v.of.i32 == 7);
  wasm_global_set(own_var, &forty); /* i64 into an i32 global */
  wasm_global_get(own_var, &v);
  CHECK(v.kind == WASM_I32 && v.of.i32 == 9);

  /* Import type checks are the module's: a mutable global for the const
   * import is refused with a message. */
  wasm_global_t* wrong = NewGlobal(store, WASM_F32, WASM_VAR, f32);
  wasm_extern_t* wrong_imports[] = {wasm_global_as_extern(wrong), wasm_global_as_extern(in_var)};
  wasm_extern_vec_t wrong_vec = WASM_ARRAY_VEC(wrong_imports);
  CHECK(wasm_instance_new(store, module, &wrong_vec, &trap) == NULL);
  CHECK(TrapSays(trap, "import"));

  /* Two handles of one global are the same global. */
  wasm_global_t* copy = wasm_global_copy(own_var);
  CHECK(wasm_global_same(copy, own_var) && !wasm_global_same(copy, own_const));
  wasm_global_delete(copy);

  wasm_global_delete(wrong);
  wasm_extern_vec_delete(&exports);
  wasm_instance_delete(instance);
  wasm_global_delete(in_const);
  wasm_global_delete(in_var);
  wasm_module_delete(module);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
  printf("globals: ok\n");
  return 0;
}
