/* Threads: one engine, one store per thread. Four threads each compile the
 * module in their own store, instantiate it, and run their own counter and
 * a host callback with a per-thread env, at the same time; each must see
 * only its own state. A fifth store obtains a module shared from the main
 * thread's store. */
#include <pthread.h>

#include "check.h"

enum { NUM_THREADS = 4, ROUNDS = 200 };

typedef struct {
  wasm_engine_t* engine;
  const wasm_byte_vec_t* counter_wasm;
  const wasm_byte_vec_t* hello_wasm;
  int id;
  int callbacks; /* this thread's env */
  int32_t last_count;
  int32_t last_hello;
  int32_t fib;
} Worker;

static wasm_trap_t* AddId(void* env, const wasm_val_vec_t* args, wasm_val_vec_t* results) {
  Worker* w = (Worker*)env;
  ++w->callbacks;
  results->data[0] = (wasm_val_t)WASM_I32_VAL(args->data[0].of.i32 + 1000 * w->id);
  return NULL;
}

static void* Run(void* arg) {
  Worker* w = (Worker*)arg;
  wasm_store_t* store = wasm_store_new(w->engine);
  wasm_module_t* counter = wasm_module_new(store, w->counter_wasm);
  wasm_module_t* hello = wasm_module_new(store, w->hello_wasm);
  CHECK(counter != NULL && hello != NULL);
  wasm_extern_vec_t none = WASM_EMPTY_VEC;
  wasm_instance_t* ci = wasm_instance_new(store, counter, &none, NULL);
  wasm_functype_t* type = wasm_functype_new_1_1(wasm_valtype_new_i32(), wasm_valtype_new_i32());
  wasm_func_t* add_id = wasm_func_new_with_env(store, type, AddId, w, NULL);
  wasm_functype_delete(type);
  wasm_extern_t* imports[] = {wasm_func_as_extern(add_id)};
  wasm_extern_vec_t import_vec = WASM_ARRAY_VEC(imports);
  wasm_instance_t* hi = wasm_instance_new(store, hello, &import_vec, NULL);
  CHECK(ci != NULL && hi != NULL);
  wasm_extern_vec_t ce, he;
  wasm_instance_exports(ci, &ce);
  wasm_instance_exports(hi, &he);
  for (int i = 0; i < ROUNDS; ++i) {
    w->last_count = CallI32(ExportedFunc(&ce, 0), 0, 0, 0);
    w->last_hello = CallI32(ExportedFunc(&he, 0), 1, i, 0);
  }
  w->fib = CallI32(ExportedFunc(&ce, 1), 1, 18, 0);
  wasm_extern_vec_delete(&ce);
  wasm_extern_vec_delete(&he);
  wasm_instance_delete(ci);
  wasm_instance_delete(hi);
  wasm_func_delete(add_id);
  wasm_module_delete(counter);
  wasm_module_delete(hello);
  wasm_store_delete(store);
  return NULL;
}

typedef struct {
  wasm_engine_t* engine;
  wasm_shared_module_t* shared;
  int32_t count;
} SharedUser;

static void* UseShared(void* arg) {
  SharedUser* u = (SharedUser*)arg;
  wasm_store_t* store = wasm_store_new(u->engine);
  wasm_module_t* module = wasm_module_obtain(store, u->shared);
  wasm_extern_vec_t none = WASM_EMPTY_VEC;
  wasm_instance_t* instance = wasm_instance_new(store, module, &none, NULL);
  CHECK(instance != NULL);
  wasm_extern_vec_t exports;
  wasm_instance_exports(instance, &exports);
  for (int i = 0; i < ROUNDS; ++i) u->count = CallI32(ExportedFunc(&exports, 0), 0, 0, 0);
  wasm_extern_vec_delete(&exports);
  wasm_instance_delete(instance);
  wasm_module_delete(module);
  wasm_store_delete(store);
  return NULL;
}

int main(void) {
  wasm_engine_t* engine = wasm_engine_new();
  wasm_byte_vec_t counter_wasm, hello_wasm;
  ReadWasm("counter", &counter_wasm);
  ReadWasm("hello", &hello_wasm);

  wasm_store_t* main_store = wasm_store_new(engine);
  wasm_module_t* main_module = wasm_module_new(main_store, &counter_wasm);
  SharedUser shared_user = {engine, wasm_module_share(main_module), 0};

  Worker workers[NUM_THREADS];
  pthread_t threads[NUM_THREADS + 1];
  for (int i = 0; i < NUM_THREADS; ++i) {
    workers[i] = (Worker){engine, &counter_wasm, &hello_wasm, i + 1, 0, 0, 0, 0};
    CHECK(pthread_create(&threads[i], NULL, Run, &workers[i]) == 0);
  }
  CHECK(pthread_create(&threads[NUM_THREADS], NULL, UseShared, &shared_user) == 0);
  for (int i = 0; i <= NUM_THREADS; ++i) CHECK(pthread_join(threads[i], NULL) == 0);

  for (int i = 0; i < NUM_THREADS; ++i) {
    CHECK(workers[i].last_count == ROUNDS);
    CHECK(workers[i].callbacks == ROUNDS);
    /* hello.wat: run(x) = env.hello(x) + 1; this thread's hello adds 1000*id. */
    CHECK(workers[i].last_hello == (ROUNDS - 1) + 1000 * workers[i].id + 1);
    CHECK(workers[i].fib == 2584);
  }
  CHECK(shared_user.count == ROUNDS);

  wasm_shared_module_delete(shared_user.shared);
  wasm_module_delete(main_module);
  wasm_store_delete(main_store);
  wasm_byte_vec_delete(&counter_wasm);
  wasm_byte_vec_delete(&hello_wasm);
  wasm_engine_delete(engine);
  printf("threads: ok\n");
  return 0;
}
