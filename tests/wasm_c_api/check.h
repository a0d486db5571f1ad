/* Shared by the wasm.h tests (C): CHECK aborts with the failing line, and
 * LoadModule reads a test module built from testdata/NAME.wat. */
#ifndef WEFT_TESTS_WASM_C_API_CHECK_H_
#define WEFT_TESTS_WASM_C_API_CHECK_H_

#include <stdio.h>
#include <stdlib.h>

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

#endif
