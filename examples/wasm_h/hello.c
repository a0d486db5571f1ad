/* Embedding weft through the standard WebAssembly C API (wasm.h): load a
 * module, give it a host function, call its export, handle a trap.
 *
 *   bazel run //examples/wasm_h:hello -- $PWD/examples/wasm_h/hello.wasm
 *
 * (hello.wasm is built from hello.wat; //examples/wasm_h:hello_test runs
 * this program on it so the example stays true.) */
#include <stdio.h>
#include <stdlib.h>

#include "wasm.h"

/* The host side of the module's import "host" "log": wasm passes an i32. */
static wasm_trap_t* Log(const wasm_val_vec_t* args, wasm_val_vec_t* results) {
  (void)results;
  printf("the module says: %d\n", args->data[0].of.i32);
  return NULL;
}

/* The whole file as a byte vector; 0 on failure. */
static int ReadFile(const char* path, wasm_byte_vec_t* out) {
  FILE* f = fopen(path, "rb");
  if (f == NULL) return 0;
  fseek(f, 0, SEEK_END);
  long size = ftell(f);
  fseek(f, 0, SEEK_SET);
  wasm_byte_vec_new_uninitialized(out, (size_t)size);
  int ok = fread(out->data, 1, (size_t)size, f) == (size_t)size;
  fclose(f);
  if (!ok) wasm_byte_vec_delete(out);
  return ok;
}

int main(int argc, char** argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: %s hello.wasm\n", argv[0]);
    return 2;
  }
  wasm_byte_vec_t binary;
  if (!ReadFile(argv[1], &binary)) {
    fprintf(stderr, "cannot read %s\n", argv[1]);
    return 1;
  }

  /* One engine per process; one store per thread that runs wasm. */
  wasm_engine_t* engine = wasm_engine_new();
  wasm_store_t* store = wasm_store_new(engine);
  wasm_module_t* module = wasm_module_new(store, &binary);
  wasm_byte_vec_delete(&binary); /* the module keeps what it needs */
  if (module == NULL) {
    fprintf(stderr, "%s is not a valid WebAssembly module\n", argv[1]);
    return 1;
  }

  /* Imports are given by position, in the module's import order. */
  wasm_functype_t* log_type = wasm_functype_new_1_0(wasm_valtype_new_i32());
  wasm_func_t* log_func = wasm_func_new(store, log_type, Log);
  wasm_functype_delete(log_type); /* wasm_func_new only borrowed it */
  wasm_extern_t* imports[] = {wasm_func_as_extern(log_func)};
  wasm_extern_vec_t import_vec = WASM_ARRAY_VEC(imports);
  wasm_trap_t* trap = NULL;
  wasm_instance_t* instance = wasm_instance_new(store, module, &import_vec, &trap);
  if (instance == NULL) {
    wasm_message_t message;
    wasm_trap_message(trap, &message);
    fprintf(stderr, "instantiation failed: %s\n", message.data);
    wasm_byte_vec_delete(&message);
    wasm_trap_delete(trap);
    return 1;
  }

  /* Exports come back in the module's export order, owned by us. */
  wasm_extern_vec_t exports;
  wasm_instance_exports(instance, &exports);
  const wasm_func_t* greet = wasm_extern_as_func(exports.data[0]);

  wasm_val_t args[] = {WASM_I32_VAL(21)};
  wasm_val_t results[1] = {WASM_INIT_VAL};
  wasm_val_vec_t arg_vec = WASM_ARRAY_VEC(args);
  wasm_val_vec_t result_vec = WASM_ARRAY_VEC(results);
  trap = wasm_func_call(greet, &arg_vec, &result_vec);
  int status = 0;
  if (trap != NULL) {
    wasm_message_t message;
    wasm_trap_message(trap, &message);
    fprintf(stderr, "greet trapped: %s\n", message.data);
    wasm_byte_vec_delete(&message);
    wasm_trap_delete(trap);
    status = 1;
  } else {
    printf("greet(21) = %d\n", results[0].of.i32);
    status = results[0].of.i32 == 42 ? 0 : 1;
  }

  /* Everything we own, deleted; the store last but the engine. */
  wasm_extern_vec_delete(&exports);
  wasm_instance_delete(instance);
  wasm_func_delete(log_func);
  wasm_module_delete(module);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
  return status;
}
