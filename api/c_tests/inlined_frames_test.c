/* Inlined frames through weft.h: api/testdata/inline_trap.c (clang -O2
 * -g) traps in ratio(), inlined into per_item(), inlined into average();
 * frame 0 lists both inlined functions, innermost first, each with the
 * position reached in it, and its own position is average()'s call of
 * per_item(). Exits 0 when every check passes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/c_tests/check.h"
#include "weft/weft.h"

static unsigned char* read_file(const char* path, size_t* size) {
  FILE* f = fopen(path, "rb");
  if (f == NULL) return NULL;
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  unsigned char* buf = (unsigned char*)malloc(n > 0 ? (size_t)n : 1);
  *size = fread(buf, 1, (size_t)n, f);
  fclose(f);
  return buf;
}

static int ends_with(const char* text, const char* suffix) {
  size_t n = strlen(text), m = strlen(suffix);
  return n >= m && strcmp(text + n - m, suffix) == 0;
}

int main(int argc, char** argv) {
  if (argc < 2) return 1;
  size_t wasm_size = 0;
  unsigned char* wasm = read_file(argv[1], &wasm_size);
  if (wasm == NULL) return 1;
  weft_engine_t* engine = weft_engine_new(NULL);
  weft_module_t* module = NULL;
  OK(weft_module_new(engine, wasm, wasm_size, &module));
  free(wasm);
  weft_wasi_config_t* config = weft_wasi_config_new();
  const char* args[] = {"inline_trap"}; /* no arguments: average of none */
  OK(weft_wasi_config_set_args(config, args, 1));
  OK(weft_wasi_config_set_stdout(config, WEFT_WASI_STDIO_CAPTURE));
  weft_linker_t* linker = weft_linker_new(engine);
  weft_wasi_t* wasi = NULL;
  OK(weft_linker_define_wasi(linker, config, &wasi));
  weft_wasi_config_delete(config);
  weft_instance_t* inst = NULL;
  OK(weft_instance_new(linker, module, NULL, &inst));
  OK(weft_wasi_attach(wasi, inst));

  weft_error_t* err = weft_instance_call(inst, "_start", NULL, 0, NULL, 0);
  CHECK(err != NULL && weft_error_trap_code(err) == WEFT_TRAP_INTEGER_DIVIDE_BY_ZERO);
  if (err == NULL) return 1;
  CHECK(weft_error_frame_count(err) >= 2);
  CHECK(strcmp(weft_error_frame_demangled_name(err, 0), "average") == 0);
  const char* file = NULL;
  uint32_t line = 0, column = 0;
  CHECK(weft_error_frame_source(err, 0, &file, &line, &column) == 0);
  CHECK(file != NULL && ends_with(file, "api/testdata/inline_trap.c"));
  CHECK(line == 17 && column == 10); /* return per_item(total, n); */

  CHECK(weft_error_frame_inlined_count(err, 0) == 2);
  const char *name = NULL, *demangled = NULL;
  CHECK(weft_error_frame_inlined(err, 0, 0, &name, &demangled, &file, &line, &column) == 0);
  CHECK(strcmp(name, "ratio") == 0 && strcmp(demangled, "ratio") == 0);
  CHECK(ends_with(file, "api/testdata/inline_trap.c"));
  CHECK(line == 7 && column == 16); /* total / parts */
  CHECK(weft_error_frame_inlined(err, 0, 1, &name, &demangled, &file, &line, &column) == 0);
  CHECK(strcmp(name, "per_item") == 0);
  CHECK(line == 11 && column == 10); /* return ratio(total, items) + 1; */
  CHECK(weft_error_frame_inlined(err, 0, 2, &name, NULL, NULL, NULL, NULL) == -1);
  CHECK(weft_error_frame_inlined(err, 0, 0, NULL, NULL, NULL, NULL, NULL) == 0);

  /* main's call of average() is main's own code. */
  CHECK(strcmp(weft_error_frame_demangled_name(err, 1), "main") == 0);
  CHECK(weft_error_frame_inlined_count(err, 1) == 0);
  CHECK(weft_error_frame_inlined(err, 1, 0, NULL, NULL, NULL, NULL, NULL) == -1);
  CHECK(weft_error_frame_inlined_count(err, 99) == 0);
  CHECK(weft_error_frame_inlined(err, 99, 0, NULL, NULL, NULL, NULL, NULL) == -1);
  weft_error_delete(err);

  weft_wasi_delete(wasi);
  weft_instance_delete(inst);
  weft_linker_delete(linker);
  weft_module_delete(module);
  weft_engine_delete(engine);
  return failures == 0 ? 0 : 1;
}
