/* Memories: a module's memory seen from the host (data pointer, size in
 * bytes and pages, the data segment), writes on either side seen on the
 * other, growth up to the maximum, the out-of-bounds trap, and a
 * host-created memory imported by nothing. */
#include "check.h"

enum { MEMORY, LOAD, STORE, SIZE };

static wasm_trap_t* Load(const wasm_func_t* load, int32_t address, int32_t* out) {
  wasm_val_t args[] = {WASM_I32_VAL(address)};
  wasm_val_t results[1] = {WASM_INIT_VAL};
  wasm_val_vec_t arg_vec = WASM_ARRAY_VEC(args);
  wasm_val_vec_t result_vec = WASM_ARRAY_VEC(results);
  wasm_trap_t* trap = wasm_func_call(load, &arg_vec, &result_vec);
  *out = results[0].of.i32;
  return trap;
}

int main(void) {
  wasm_engine_t* engine = wasm_engine_new();
  wasm_store_t* store = wasm_store_new(engine);
  wasm_module_t* module = LoadModule(store, "memory");
  wasm_extern_vec_t no_imports = WASM_EMPTY_VEC;
  wasm_instance_t* instance = wasm_instance_new(store, module, &no_imports, NULL);
  CHECK(instance != NULL);
  wasm_extern_vec_t exports;
  wasm_instance_exports(instance, &exports);
  wasm_memory_t* memory = wasm_extern_as_memory(exports.data[MEMORY]);
  CHECK(memory != NULL && wasm_extern_kind(exports.data[MEMORY]) == WASM_EXTERN_MEMORY);
  const wasm_func_t* load = ExportedFunc(&exports, LOAD);
  const wasm_func_t* store_fn = ExportedFunc(&exports, STORE);
  const wasm_func_t* size = ExportedFunc(&exports, SIZE);

  /* One page of three; the data segment put 0x2a at 16. */
  CHECK(wasm_memory_size(memory) == 1);
  CHECK(wasm_memory_data_size(memory) == MEMORY_PAGE_SIZE);
  wasm_memorytype_t* type = wasm_memory_type(memory);
  CHECK(wasm_memorytype_limits(type)->min == 1 && wasm_memorytype_limits(type)->max == 3);
  wasm_memorytype_delete(type);
  byte_t* data = wasm_memory_data(memory);
  CHECK(data != NULL && data[16] == 0x2a && data[0] == 0);

  /* Host writes, wasm reads; wasm writes, host reads. */
  data[100] = 77;
  CHECK(CallI32(load, 1, 100, 0) == 77);
  wasm_val_t args[] = {WASM_I32_VAL(0xffff), WASM_I32_VAL(0xab)};
  wasm_val_vec_t arg_vec = WASM_ARRAY_VEC(args);
  wasm_val_vec_t no_results = WASM_EMPTY_VEC;
  CheckNoTrap(wasm_func_call(store_fn, &arg_vec, &no_results), "store");
  CHECK((unsigned char)data[0xffff] == 0xab);

  /* Past the end: a trap, not a crash. */
  int32_t value;
  CHECK(TrapSays(Load(load, 0x10000, &value), "out of bounds memory access"));
  CHECK(TrapSays(Load(load, -1, &value), "out of bounds memory access"));

  /* Growth: new pages are zero and addressable; wasm sees the new size. */
  CHECK(wasm_memory_grow(memory, 1));
  CHECK(wasm_memory_size(memory) == 2 && CallI32(size, 0, 0, 0) == 2);
  CHECK(wasm_memory_data_size(memory) == 2 * MEMORY_PAGE_SIZE);
  data = wasm_memory_data(memory); /* re-read after growing */
  CHECK(data[0x10000] == 0);
  CheckNoTrap(Load(load, 0x10000, &value), "load after grow");
  CHECK(value == 0);
  data[0x1ffff] = 5;
  CHECK(CallI32(load, 1, 0x1ffff, 0) == 5);
  CHECK(data[16] == 0x2a); /* old contents kept */

  /* The maximum is 3 pages. */
  CHECK(!wasm_memory_grow(memory, 2));
  CHECK(wasm_memory_size(memory) == 2);
  CHECK(wasm_memory_grow(memory, 1) && wasm_memory_size(memory) == 3);
  CHECK(!wasm_memory_grow(memory, 1));
  CHECK(wasm_memory_grow(memory, 0)); /* growing by nothing always works */

  /* A host memory: limits as given, zeroed, growable to its maximum. */
  wasm_limits_t limits = {2, 4};
  wasm_memorytype_t* host_type = wasm_memorytype_new(&limits);
  wasm_memory_t* host = wasm_memory_new(store, host_type);
  wasm_memorytype_delete(host_type);
  CHECK(host != NULL && wasm_memory_size(host) == 2);
  CHECK(wasm_memory_data(host)[2 * MEMORY_PAGE_SIZE - 1] == 0);
  CHECK(wasm_memory_grow(host, 2) && !wasm_memory_grow(host, 1));
  wasm_limits_t inverted = {3, 1};
  wasm_memorytype_t* bad_type = wasm_memorytype_new(&inverted);
  CHECK(wasm_memory_new(store, bad_type) == NULL);
  wasm_memorytype_delete(bad_type);

  wasm_memory_delete(host);
  wasm_extern_vec_delete(&exports);
  wasm_instance_delete(instance);
  wasm_module_delete(module);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
  printf("memory: ok\n");
  return 0;
}
