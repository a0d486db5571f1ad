/* weft through the standard WebAssembly C API (wasm.h): the same code runs
 * on any engine that implements it. */
#include <stdio.h>

#include "wasm.h"

static wasm_trap_t* add(const wasm_val_vec_t* args, wasm_val_vec_t* results) {
  results->data[0] = (wasm_val_t)WASM_I32_VAL(args->data[0].of.i32 + args->data[1].of.i32);
  return NULL;
}

int main(int argc, char** argv) {
  /* A binary module: (import "env" "add" (func (param i32 i32) (result i32)))
   * (func (export "run") (param i32) (result i32) (call 0 (local.get 0) (i32.const 37))) */
  FILE* f = argc == 2 ? fopen(argv[1], "rb") : NULL;
  if (f == NULL) return fprintf(stderr, "usage: %s embed.wasm\n", argv[0]), 2;
  wasm_byte_vec_t binary;
  wasm_byte_vec_new_uninitialized(&binary, 4096);
  binary.size = fread(binary.data, 1, binary.size, f);
  fclose(f);

  wasm_engine_t* engine = wasm_engine_new();
  wasm_store_t* store = wasm_store_new(engine);
  wasm_module_t* module = wasm_module_new(store, &binary);
  wasm_byte_vec_delete(&binary);
  if (module == NULL) return fprintf(stderr, "not a valid module\n"), 1;

  wasm_functype_t* add_type = wasm_functype_new_2_1(
      wasm_valtype_new_i32(), wasm_valtype_new_i32(), wasm_valtype_new_i32());
  wasm_func_t* add_func = wasm_func_new(store, add_type, add);
  wasm_functype_delete(add_type);
  wasm_extern_t* imports[] = {wasm_func_as_extern(add_func)};
  wasm_extern_vec_t import_vec = WASM_ARRAY_VEC(imports);
  wasm_instance_t* instance = wasm_instance_new(store, module, &import_vec, NULL);
  if (instance == NULL) return fprintf(stderr, "instantiation failed\n"), 1;

  wasm_extern_vec_t exports;
  wasm_instance_exports(instance, &exports);
  wasm_val_t args[] = {WASM_I32_VAL(5)}, results[1] = {WASM_INIT_VAL};
  wasm_val_vec_t arg_vec = WASM_ARRAY_VEC(args), result_vec = WASM_ARRAY_VEC(results);
  wasm_trap_t* trap = wasm_func_call(wasm_extern_as_func(exports.data[0]), &arg_vec, &result_vec);
  int ok = trap == NULL && results[0].of.i32 == 42;
  if (trap == NULL) printf("run(5) = %d\n", results[0].of.i32); /* 42 */
  wasm_trap_delete(trap);

  wasm_extern_vec_delete(&exports);
  wasm_instance_delete(instance);
  wasm_func_delete(add_func);
  wasm_module_delete(module);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
  return ok ? 0 : 1;
}
