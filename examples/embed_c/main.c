/* Embeds weft from C through weft.h only: loads guest.wasm, registers host
 * functions, calls exports, uses memory, and checks traps (host error,
 * divide by zero with backtrace, fuel, timeout), a link error and a looping
 * start function stopped by an instantiation budget. Exits 0 when every
 * check passes. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "weft/weft.h"

static int failures = 0;

#define CHECK(cond)                                                  \
  do {                                                               \
    if (!(cond)) {                                                   \
      fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond); \
      ++failures;                                                    \
    }                                                                \
  } while (0)

/* Fails the test (and returns from main) on an unexpected error. */
#define OK(expr)                                                       \
  do {                                                                 \
    weft_error_t* err_ = (expr);                                       \
    if (err_ != NULL) {                                                \
      fprintf(stderr, "%s:%d: %s failed: %s\n", __FILE__, __LINE__, #expr, \
              weft_error_message(err_));                               \
      weft_error_delete(err_);                                         \
      return 1;                                                        \
    }                                                                  \
  } while (0)

typedef struct {
  int calls;
  int finalized;
} host_state;

static weft_error_t* host_mul(void* env, const weft_val_t* args, size_t nargs,
                              weft_val_t* results, size_t nresults) {
  host_state* state = (host_state*)env;
  state->calls++;
  if (nargs != 2 || nresults != 1 || args[0].kind != WEFT_I32) {
    return weft_error_new("host_mul: unexpected signature");
  }
  results[0].kind = WEFT_I32;
  results[0].of.i32 = args[0].of.i32 * args[1].of.i32;
  return NULL;
}

static weft_error_t* host_check(void* env, const weft_val_t* args, size_t nargs,
                                weft_val_t* results, size_t nresults) {
  (void)env;
  (void)nargs;
  (void)nresults;
  if (args[0].of.i32 < 0) return weft_error_new("negative input");
  results[0].of.i32 = args[0].of.i32;
  return NULL;
}

/* Interrupts the instance from another thread after 50 ms. */
static void* interrupt_later(void* arg) {
  struct timespec delay = {0, 50 * 1000 * 1000};
  nanosleep(&delay, NULL);
  weft_interrupt_handle_interrupt((const weft_interrupt_handle_t*)arg);
  return NULL;
}

static void finalize(void* env) { ((host_state*)env)->finalized++; }

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

static weft_val_t i32(int32_t v) {
  weft_val_t val;
  val.kind = WEFT_I32;
  val.of.i32 = v;
  return val;
}

int main(int argc, char** argv) {
  /* The library linked in is the one these headers describe. */
  if (strcmp(weft_version(), WEFT_VERSION) != 0) {
    fprintf(stderr, "weft %s linked, headers are %s\n", weft_version(), WEFT_VERSION);
    return 1;
  }
  const char* path = argc > 1 ? argv[1] : "examples/embed_c/guest.wasm";
  size_t size = 0;
  unsigned char* bytes = read_file(path, &size);
  if (bytes == NULL) {
    fprintf(stderr, "cannot read %s\n", path);
    return 1;
  }

  weft_config_t config;
  memset(&config, 0, sizeof config);
  config.metering = 1;
  weft_engine_t* engine = weft_engine_new(&config);

  /* A malformed module is an error with a byte offset. */
  weft_module_t* bad = NULL;
  const uint8_t junk[] = {0, 'a', 's', 'm', 9, 0, 0, 0};
  weft_error_t* err = weft_module_new(engine, junk, sizeof junk, &bad);
  CHECK(err != NULL && bad == NULL);
  CHECK(strstr(weft_error_message(err), "byte offset") != NULL);
  CHECK(weft_error_trap_code(err) == WEFT_TRAP_NONE);
  weft_error_delete(err);

  weft_module_t* module = NULL;
  OK(weft_module_new(engine, bytes, size, &module));
  free(bytes);

  /* Introspection: imports and the signature of "compute". */
  CHECK(weft_module_import_count(module) == 2);
  CHECK(strcmp(weft_module_import_module(module, 0), "env") == 0);
  CHECK(strcmp(weft_module_import_name(module, 1), "host_check") == 0);
  CHECK(weft_module_import_kind(module, 0) == 0);
  int found = 0;
  for (size_t i = 0; i < weft_module_export_count(module); ++i) {
    if (strcmp(weft_module_export_name(module, i), "compute") == 0) {
      weft_valkind_t p[4], r[4];
      size_t np = 0, nr = 0;
      CHECK(weft_module_export_signature(module, i, p, 4, &np, r, 4, &nr) == 0);
      CHECK(np == 1 && nr == 1 && p[0] == WEFT_I32 && r[0] == WEFT_I32);
      found = 1;
    }
    if (strcmp(weft_module_export_name(module, i), "memory") == 0) {
      CHECK(weft_module_export_kind(module, i) == 2);
      CHECK(weft_module_export_signature(module, i, NULL, 0, NULL, NULL, 0, NULL) == -1);
    }
  }
  CHECK(found);
  CHECK(weft_module_export_name(module, 1000) == NULL);

  /* Link error: the host functions are missing. */
  weft_linker_t* empty = weft_linker_new(engine);
  weft_instance_t* none = NULL;
  err = weft_instance_new(empty, module, NULL, &none);
  CHECK(err != NULL && none == NULL);
  CHECK(strstr(weft_error_message(err), "unknown import") != NULL);
  weft_error_delete(err);
  weft_linker_delete(empty);

  host_state state = {0, 0};
  weft_linker_t* linker = weft_linker_new(engine);
  const weft_valkind_t two_i32[] = {WEFT_I32, WEFT_I32};
  const weft_valkind_t one_i32[] = {WEFT_I32};
  OK(weft_linker_define_func(linker, "env", "host_mul", two_i32, 2, one_i32, 1, host_mul,
                             &state, finalize));
  OK(weft_linker_define_func(linker, "env", "host_check", one_i32, 1, one_i32, 1, host_check,
                             NULL, NULL));
  weft_instance_t* instance = NULL;
  OK(weft_instance_new(linker, module, NULL, &instance));

  /* wasm -> host -> wasm result. */
  weft_val_t arg = i32(7), result;
  OK(weft_instance_call(instance, "compute", &arg, 1, &result, 1));
  CHECK(result.kind == WEFT_I32 && result.of.i32 == 50);
  CHECK(state.calls == 1);
  weft_val_t calls;
  OK(weft_instance_global_get(instance, "calls", &calls));
  CHECK(calls.of.i32 == 1);

  weft_val_t x;
  x.kind = WEFT_F64;
  x.of.f64 = 5.0;
  OK(weft_instance_call(instance, "half", &x, 1, &result, 1));
  CHECK(result.kind == WEFT_F64 && result.of.f64 == 2.5);

  /* Bad arguments. */
  weft_val_t wrong[2] = {i32(1), i32(2)};
  err = weft_instance_call(instance, "compute", wrong, 2, &result, 1);
  CHECK(err != NULL && strstr(weft_error_message(err), "takes 1 argument") != NULL);
  weft_error_delete(err);

  /* Memory: the host writes, the guest sums; out of range fails. */
  const uint8_t data[4] = {10, 20, 30, 40};
  OK(weft_instance_memory_write(instance, NULL, 1000, data, sizeof data));
  weft_val_t range[2] = {i32(1000), i32(4)};
  OK(weft_instance_call(instance, "sum_bytes", range, 2, &result, 1));
  CHECK(result.of.i32 == 100);
  uint8_t back[4] = {0, 0, 0, 0};
  OK(weft_instance_memory_read(instance, "memory", 1001, back, 2));
  CHECK(back[0] == 20 && back[1] == 30);
  CHECK(weft_instance_memory_size(instance, NULL) == 65536);
  err = weft_instance_memory_read(instance, NULL, 65535, back, 2);
  CHECK(err != NULL && weft_error_trap_code(err) == WEFT_TRAP_NONE);
  weft_error_delete(err);

  /* A trap, with its code and backtrace. */
  weft_val_t div_args[2] = {i32(1), i32(0)};
  err = weft_instance_call(instance, "div", div_args, 2, &result, 1);
  CHECK(err != NULL);
  CHECK(weft_error_trap_code(err) == WEFT_TRAP_INTEGER_DIVIDE_BY_ZERO);
  CHECK(strstr(weft_error_message(err), "integer divide by zero") != NULL);
  CHECK(strstr(weft_error_message(err), "<div>") != NULL);
  weft_error_delete(err);

  /* A host error traps the guest. */
  arg = i32(-1);
  err = weft_instance_call(instance, "checked", &arg, 1, &result, 1);
  CHECK(err != NULL && weft_error_trap_code(err) == WEFT_TRAP_HOST);
  CHECK(strstr(weft_error_message(err), "negative input") != NULL);
  weft_error_delete(err);

  /* Fuel stops an infinite loop; the instance keeps working. */
  OK(weft_instance_set_fuel(instance, 10000));
  err = weft_instance_call(instance, "spin", NULL, 0, NULL, 0);
  CHECK(err != NULL && weft_error_trap_code(err) == WEFT_TRAP_FUEL_EXHAUSTED);
  weft_error_delete(err);
  CHECK(weft_instance_remaining_fuel(instance) < 2);
  OK(weft_instance_set_fuel(instance, 0));

  /* So does a timeout. */
  weft_instance_set_timeout_ms(instance, 50);
  err = weft_instance_call(instance, "spin", NULL, 0, NULL, 0);
  CHECK(err != NULL && weft_error_trap_code(err) == WEFT_TRAP_INTERRUPTED);
  weft_error_delete(err);
  weft_instance_set_timeout_ms(instance, 0);

  arg = i32(3);
  OK(weft_instance_call(instance, "compute", &arg, 1, &result, 1));
  CHECK(result.of.i32 == 10);

  /* Another thread stops an infinite loop; state survives. */
  weft_interrupt_handle_t* handle = weft_instance_interrupt_handle(instance);
  pthread_t stopper;
  CHECK(pthread_create(&stopper, NULL, interrupt_later, handle) == 0);
  err = weft_instance_call(instance, "spin", NULL, 0, NULL, 0);
  CHECK(err != NULL && weft_error_trap_code(err) == WEFT_TRAP_INTERRUPTED);
  CHECK(err != NULL && strstr(weft_error_message(err), "interrupted") != NULL);
  weft_error_delete(err);
  pthread_join(stopper, NULL);
  OK(weft_instance_global_get(instance, "calls", &calls));
  CHECK(calls.of.i32 == 2);
  OK(weft_instance_memory_read(instance, NULL, 1000, back, 4));
  CHECK(back[0] == 10 && back[3] == 40);

  /* A pending interrupt stops the next call. */
  weft_interrupt_handle_interrupt(handle);
  err = weft_instance_call(instance, "compute", &arg, 1, &result, 1);
  CHECK(err != NULL && weft_error_trap_code(err) == WEFT_TRAP_INTERRUPTED);
  weft_error_delete(err);
  weft_interrupt_handle_delete(handle);

  /* A start function that never returns, (module (func (loop (br 0)))
   * (start 0)): instantiation is bounded by a timeout, by fuel, and by a
   * handle made before the instance exists. */
  static const uint8_t looping_start[] = {
      0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x04, 0x01,
      0x60, 0x00, 0x00, 0x03, 0x02, 0x01, 0x00, 0x08, 0x01, 0x00, 0x0a,
      0x09, 0x01, 0x07, 0x00, 0x03, 0x40, 0x0c, 0x00, 0x0b, 0x0b};
  weft_module_t* looper = NULL;
  OK(weft_module_new(engine, looping_start, sizeof looping_start, &looper));
  weft_instantiate_options_t io;
  memset(&io, 0, sizeof io);
  io.start_timeout_ms = 50;
  weft_instance_t* never = NULL;
  err = weft_instance_new_with_options(linker, looper, &io, &never);
  CHECK(err != NULL && never == NULL);
  CHECK(weft_error_trap_code(err) == WEFT_TRAP_INTERRUPTED);
  CHECK(err != NULL &&
        strstr(weft_error_message(err), "start function func[0]: deadline exceeded") != NULL);
  weft_error_delete(err);
  io.start_timeout_ms = 0;
  io.start_fuel = 10000;
  err = weft_instance_new_with_options(linker, looper, &io, &never);
  CHECK(err != NULL && weft_error_trap_code(err) == WEFT_TRAP_FUEL_EXHAUSTED);
  weft_error_delete(err);
  io.start_fuel = 0;
  weft_interrupt_handle_t* starter = weft_interrupt_handle_new();
  io.interrupt = starter;
  CHECK(pthread_create(&stopper, NULL, interrupt_later, starter) == 0);
  err = weft_instance_new_with_options(linker, looper, &io, &never);
  CHECK(err != NULL && weft_error_trap_code(err) == WEFT_TRAP_INTERRUPTED);
  weft_error_delete(err);
  pthread_join(stopper, NULL);
  weft_interrupt_handle_delete(starter);
  weft_module_delete(looper);
  /* The linker still instantiates and the instance still calls. */
  OK(weft_instance_call(instance, "compute", &arg, 1, &result, 1));
  CHECK(result.of.i32 == 10);

  weft_instance_delete(instance);
  CHECK(state.finalized == 0); /* the linker still holds the function */
  weft_linker_delete(linker);
  CHECK(state.finalized == 1);
  weft_module_delete(module);
  weft_engine_delete(engine);

  if (failures != 0) {
    fprintf(stderr, "%d check(s) failed\n", failures);
    return 1;
  }
  printf("embed_c: all checks passed\n");
  return 0;
}
