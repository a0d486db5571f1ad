/* Shared by the wasm.h tests (C): CHECK aborts with the failing line,
 * LoadModule reads a test module built from testdata/NAME.wat, and a few
 * helpers keep call sites short. */
#ifndef WEFT_TESTS_WASM_C_API_CHECK_H_
#define WEFT_TESTS_WASM_C_API_CHECK_H_

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wasm.h"

#define CHECK(cond)                                                      \
  do {                                                                   \
    if (!(cond)) {                                                       \
      fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond); \
      abort();                                                           \
    }                                                                    \
  } while (0)

/* The module's binary in *out (owned by the caller). */
static inline void ReadWasm(const char* name, wasm_byte_vec_t* out) {
  char path[256];
  snprintf(path, sizeof path, "tests/wasm_c_api/testdata/%s.wasm", name);
  FILE* f = fopen(path, "rb");
  CHECK(f != NULL);
  fseek(f, 0, SEEK_END);
  long size = ftell(f);
  fseek(f, 0, SEEK_SET);
  wasm_byte_vec_new_uninitialized(out, (size_t)size);
  CHECK(fread(out->data, 1, (size_t)size, f) == (size_t)size);
  fclose(f);
}

static inline wasm_module_t* LoadModule(wasm_store_t* store, const char* name) {
  wasm_byte_vec_t bin;
  ReadWasm(name, &bin);
  wasm_module_t* m = wasm_module_new(store, &bin);
  wasm_byte_vec_delete(&bin);
  CHECK(m != NULL);
  return m;
}

/* Whether the trap's message contains `text`; deletes the trap. */
static inline int TrapSays(wasm_trap_t* trap, const char* text) {
  if (trap == NULL) return 0;
  wasm_message_t message;
  wasm_trap_message(trap, &message);
  int found = message.size > 0 && message.data[message.size - 1] == '\0' &&
              strstr(message.data, text) != NULL;
  if (!found) fprintf(stderr, "trap message: %.*s\n", (int)message.size, message.data);
  wasm_byte_vec_delete(&message);
  wasm_trap_delete(trap);
  return found;
}

/* Aborts, printing the message, if `trap` is a trap. */
static inline void CheckNoTrap(wasm_trap_t* trap, const char* where) {
  if (trap == NULL) return;
  wasm_message_t message;
  wasm_trap_message(trap, &message);
  fprintf(stderr, "%s: unexpected trap: %s\n", where, message.data);
  abort();
}

/* Export `index` of an instance's exports as a function (borrowed from
 * `exports`). */
static inline wasm_func_t* ExportedFunc(const wasm_extern_vec_t* exports, size_t index) {
  CHECK(index < exports->size);
  wasm_func_t* f = wasm_extern_as_func(exports->data[index]);
  CHECK(f != NULL);
  return f;
}

/* Calls a function of one i32 result with up to two i32 arguments; the
 * call must succeed. */
static inline int32_t CallI32(const wasm_func_t* f, size_t nargs, int32_t a, int32_t b) {
  wasm_val_t args[2] = {WASM_I32_VAL(a), WASM_I32_VAL(b)};
  wasm_val_t results[1] = {WASM_INIT_VAL};
  wasm_val_vec_t arg_vec = {nargs, args};
  wasm_val_vec_t result_vec = WASM_ARRAY_VEC(results);
  wasm_trap_t* trap = wasm_func_call(f, &arg_vec, &result_vec);
  CheckNoTrap(trap, "CallI32");
  CHECK(results[0].kind == WASM_I32);
  return results[0].of.i32;
}

#endif
