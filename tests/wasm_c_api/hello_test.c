/* A host callback called from wasm, through wasm_instance_new's positional
 * imports and wasm_func_call. */
#include "check.h"

static int calls = 0;

static wasm_trap_t* Hello(const wasm_val_vec_t* args, wasm_val_vec_t* results) {
  CHECK(args->size == 1 && args->data[0].kind == WASM_I32);
  CHECK(results->size == 1 && results->data[0].kind == WASM_I32);
  ++calls;
  results->data[0].of.i32 = args->data[0].of.i32 * 2;
  return NULL;
}

int main(void) {
  wasm_engine_t* engine = wasm_engine_new();
  wasm_store_t* store = wasm_store_new(engine);
  wasm_module_t* module = LoadModule(store, "hello");

  wasm_functype_t* type = wasm_functype_new_1_1(wasm_valtype_new_i32(), wasm_valtype_new_i32());
  wasm_func_t* hello = wasm_func_new(store, type, Hello);
  wasm_functype_delete(type);
  CHECK(wasm_func_param_arity(hello) == 1 && wasm_func_result_arity(hello) == 1);

  wasm_extern_t* imports[] = {wasm_func_as_extern(hello)};
  wasm_extern_vec_t import_vec = WASM_ARRAY_VEC(imports);
  wasm_trap_t* trap = NULL;
  wasm_instance_t* instance = wasm_instance_new(store, module, &import_vec, &trap);
  CHECK(instance != NULL && trap == NULL);

  wasm_extern_vec_t exports;
  wasm_instance_exports(instance, &exports);
  CHECK(exports.size == 1);
  CHECK(wasm_extern_kind(exports.data[0]) == WASM_EXTERN_FUNC);
  const wasm_func_t* run = wasm_extern_as_func_const(exports.data[0]);
  CHECK(run != NULL);
  CHECK(wasm_extern_as_memory(exports.data[0]) == NULL);

  wasm_val_t args[] = {WASM_I32_VAL(41)};
  wasm_val_t results[1] = {WASM_INIT_VAL};
  wasm_val_vec_t arg_vec = WASM_ARRAY_VEC(args);
  wasm_val_vec_t result_vec = WASM_ARRAY_VEC(results);
  CHECK(wasm_func_call(run, &arg_vec, &result_vec) == NULL);
  CHECK(results[0].kind == WASM_I32 && results[0].of.i32 == 83);
  CHECK(calls == 1);

  /* The host function called directly from the host. */
  CHECK(wasm_func_call(hello, &arg_vec, &result_vec) == NULL);
  CHECK(results[0].of.i32 == 82 && calls == 2);

  /* Wrong argument kinds and counts trap instead of running. */
  wasm_val_t bad[] = {WASM_I64_VAL(1)};
  wasm_val_vec_t bad_vec = WASM_ARRAY_VEC(bad);
  CHECK(TrapSays(wasm_func_call(run, &bad_vec, &result_vec),
                 "argument 0 is i64 (or a reference of the wrong kind), the parameter is i32"));
  wasm_val_vec_t none = WASM_EMPTY_VEC;
  CHECK(TrapSays(wasm_func_call(run, &none, &result_vec),
                 "0 arguments given, the function takes 1"));
  wasm_val_vec_t no_room = WASM_EMPTY_VEC;
  CHECK(TrapSays(wasm_func_call(run, &arg_vec, &no_room),
                 "room for 0 results given, the function returns 1"));
  CHECK(calls == 2);

  /* Too few or too many imports: a trap explains it. */
  wasm_extern_vec_t no_imports = WASM_EMPTY_VEC;
  wasm_instance_t* missing = wasm_instance_new(store, module, &no_imports, &trap);
  CHECK(missing == NULL);
  CHECK(TrapSays(trap, "the module has 1 imports, 0 externs were given"));
  wasm_extern_t* two[] = {wasm_func_as_extern(hello), wasm_func_as_extern(hello)};
  wasm_extern_vec_t two_vec = WASM_ARRAY_VEC(two);
  CHECK(wasm_instance_new(store, module, &two_vec, &trap) == NULL);
  CHECK(TrapSays(trap, "the module has 1 imports, 2 externs were given"));
  /* An import of the wrong type: weft's link error. */
  wasm_functype_t* other_type = wasm_functype_new_0_0();
  wasm_func_t* other = wasm_func_new(store, other_type, Hello);
  wasm_functype_delete(other_type);
  wasm_extern_t* wrong[] = {wasm_func_as_extern(other)};
  wasm_extern_vec_t wrong_vec = WASM_ARRAY_VEC(wrong);
  CHECK(wasm_instance_new(store, module, &wrong_vec, &trap) == NULL);
  CHECK(TrapSays(trap, "incompatible import type"));
  wasm_func_delete(other);
  /* No trap pointer: still NULL, nothing leaks. */
  CHECK(wasm_instance_new(store, module, &no_imports, NULL) == NULL);

  wasm_extern_vec_delete(&exports);
  wasm_instance_delete(instance);
  wasm_func_delete(hello);
  wasm_module_delete(module);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
  printf("hello: ok\n");
  return 0;
}
