/* wasm_func_new_with_env: the env reaches the callback, a callback's trap
 * traps the wasm caller with its message, and the finalizer runs exactly
 * once when the store is gone. */
#include <string.h>

#include "check.h"

typedef struct {
  int calls;
  int finalized;
} Env;

static wasm_store_t* the_store;

static wasm_trap_t* Hello(void* env, const wasm_val_vec_t* args, wasm_val_vec_t* results) {
  Env* e = (Env*)env;
  ++e->calls;
  if (args->data[0].of.i32 < 0) {
    wasm_message_t msg;
    wasm_name_new_from_string_nt(&msg, "negative input");
    wasm_trap_t* trap = wasm_trap_new(the_store, &msg);
    wasm_byte_vec_delete(&msg);
    return trap;
  }
  results->data[0].of.i32 = args->data[0].of.i32 + 100;
  return NULL;
}

static void Finalize(void* env) { ((Env*)env)->finalized++; }

int main(void) {
  Env env = {0, 0};
  wasm_engine_t* engine = wasm_engine_new_with_config(wasm_config_new());
  wasm_store_t* store = wasm_store_new(engine);
  the_store = store;
  wasm_module_t* module = LoadModule(store, "hello");
  wasm_functype_t* type = wasm_functype_new_1_1(wasm_valtype_new_i32(), wasm_valtype_new_i32());
  wasm_func_t* hello = wasm_func_new_with_env(store, type, Hello, &env, Finalize);
  wasm_functype_delete(type);

  wasm_extern_t* imports[] = {wasm_func_as_extern(hello)};
  wasm_extern_vec_t import_vec = WASM_ARRAY_VEC(imports);
  wasm_instance_t* instance = wasm_instance_new(store, module, &import_vec, NULL);
  CHECK(instance != NULL);
  wasm_extern_vec_t exports;
  wasm_instance_exports(instance, &exports);
  wasm_func_t* run = wasm_extern_as_func(exports.data[0]);

  wasm_val_t args[] = {WASM_I32_VAL(1)};
  wasm_val_t results[1] = {WASM_INIT_VAL};
  wasm_val_vec_t arg_vec = WASM_ARRAY_VEC(args);
  wasm_val_vec_t result_vec = WASM_ARRAY_VEC(results);
  CHECK(wasm_func_call(run, &arg_vec, &result_vec) == NULL);
  CHECK(results[0].of.i32 == 102 && env.calls == 1);

  args[0].of.i32 = -5;
  wasm_trap_t* trap = wasm_func_call(run, &arg_vec, &result_vec);
  CHECK(trap != NULL && env.calls == 2);
  wasm_message_t message;
  wasm_trap_message(trap, &message);
  CHECK(message.size == strlen("negative input") + 1);
  CHECK(message.data[message.size - 1] == '\0');
  CHECK(strcmp(message.data, "negative input") == 0);
  wasm_byte_vec_delete(&message);
  /* The trap passed through the wasm function "run": its frame is there. */
  wasm_frame_vec_t trace;
  wasm_trap_trace(trap, &trace);
  CHECK(trace.size >= 1);
  wasm_frame_vec_delete(&trace);
  wasm_trap_delete(trap);

  CHECK(env.finalized == 0);
  wasm_extern_vec_delete(&exports);
  wasm_instance_delete(instance);
  wasm_func_delete(hello);
  CHECK(env.finalized == 0); /* the store still holds the function */
  wasm_module_delete(module);
  wasm_store_delete(store);
  CHECK(env.finalized == 1);
  wasm_engine_delete(engine);
  CHECK(env.finalized == 1);
  printf("callback_env: ok\n");
  return 0;
}
