/* Host callbacks with their caller through weft.h: two instances of one
 * linker each see their own memory (the reported bug), and a callback
 * reads, writes and grows the caller's memory, gets and sets its globals,
 * calls it back, reads and charges its fuel, notices an interrupt and
 * throws its tag; the old callback type keeps working. Exits 0 when every
 * check passes. */
#define _POSIX_C_SOURCE 200809L
#include <poll.h>
#include <stdio.h>
#include <string.h>

#include "api/c_tests/check.h"
#include "weft/weft.h"


/* True when `err` is an error whose message contains `text`; deletes it. */
static int fails_with(weft_error_t* err, const char* text) {
  int ok = err != NULL && strstr(weft_error_message(err), text) != NULL;
  if (err != NULL && !ok) fprintf(stderr, "  unexpected message: %s\n", weft_error_message(err));
  weft_error_delete(err);
  return ok;
}

static const char kGuest[] =
    "(module\n"
    "  (import \"env\" \"host\" (func $host (param i32) (result i32)))\n"
    "  (import \"env\" \"plain\" (func $plain (param i32) (result i32)))\n"
    "  (memory (export \"memory\") 1 3)\n"
    "  (global (export \"counter\") (mut i32) (i32.const 5))\n"
    "  (global (export \"fixed\") i32 (i32.const 7))\n"
    "  (tag $oops (export \"oops\") (param i32))\n"
    "  (data (i32.const 16) \"AAAA\")\n"
    "  (func (export \"double\") (param i32) (result i32) (i32.mul (local.get 0) (i32.const 2)))\n"
    "  (func (export \"plain\") (param i32) (result i32) (call $plain (local.get 0)))\n"
    "  ;; run(op): the host's answer, or 100 + the payload of a thrown oops.\n"
    "  (func (export \"run\") (param i32) (result i32)\n"
    "    (block $caught (result i32)\n"
    "      (try_table (result i32) (catch $oops $caught) (call $host (local.get 0)))\n"
    "      (return))\n"
    "    (i32.add (i32.const 100))))\n";

enum op { READ_OWN, MEMORY, GLOBALS, CALL_BACK, FUEL, FUEL_OUT, INTERRUPT, THROW };

typedef struct {
  char seen[5];        /* READ_OWN: the caller's bytes 16..19 */
  int errors;          /* checks that failed inside the callback */
  weft_interrupt_handle_t* interrupt; /* INTERRUPT: the calling instance's */
  uint64_t fuel_before, fuel_after;
  int finalized;
} host_state;

#define HOST_CHECK(cond)                                                        \
  do {                                                                          \
    if (!(cond)) {                                                              \
      fprintf(stderr, "%s:%d: host CHECK failed: %s\n", __FILE__, __LINE__, #cond); \
      ++s->errors;                                                              \
    }                                                                           \
  } while (0)

static weft_val_t i32(int32_t v) {
  weft_val_t x;
  memset(&x, 0, sizeof x);
  x.kind = WEFT_I32;
  x.of.i32 = v;
  return x;
}

static weft_error_t* host(void* env, weft_caller_t* caller, const weft_val_t* args, size_t nargs,
                          weft_val_t* results, size_t nresults) {
  host_state* s = (host_state*)env;
  HOST_CHECK(nargs == 1 && nresults == 1 && results[0].kind == WEFT_I32);
  results[0] = i32(0);
  switch ((enum op)args[0].of.i32) {
    case READ_OWN: {
      weft_error_t* err = weft_caller_memory_read(caller, NULL, 16, s->seen, 4);
      if (err != NULL) return err;
      s->seen[4] = '\0';
      results[0].of.i32 = s->seen[0];
      return NULL;
    }
    case MEMORY: {
      HOST_CHECK(weft_caller_memory_size(caller, NULL) == 65536);
      HOST_CHECK(weft_caller_memory_size(caller, "nope") == 0);
      HOST_CHECK(weft_caller_memory_write(caller, "memory", 32, "xyz", 3) == NULL);
      HOST_CHECK(fails_with(weft_caller_memory_write(caller, NULL, 65535, "xyz", 3), "out of"));
      char buf[2];
      HOST_CHECK(fails_with(weft_caller_memory_read(caller, NULL, 65535, buf, 2), "out of"));
      HOST_CHECK(fails_with(weft_caller_memory_read(caller, "nope", 0, buf, 1),
                            "no exported memory \"nope\""));
      uint8_t* data = NULL;
      uint64_t size = 0;
      HOST_CHECK(weft_caller_memory_data(caller, NULL, &data, &size) == NULL);
      HOST_CHECK(data != NULL && size == 65536);
      if (data != NULL) data[40] = 'D';
      uint32_t old_pages = 0;
      HOST_CHECK(weft_caller_memory_grow(caller, NULL, 1, &old_pages) == NULL && old_pages == 1);
      HOST_CHECK(weft_caller_memory_size(caller, NULL) == 2 * 65536);
      HOST_CHECK(fails_with(weft_caller_memory_grow(caller, NULL, 5, NULL), "cannot grow"));
      return NULL;
    }
    case GLOBALS: {
      weft_val_t v;
      HOST_CHECK(weft_caller_global_get(caller, "counter", &v) == NULL);
      HOST_CHECK(v.kind == WEFT_I32);
      weft_val_t next = i32(v.of.i32 + 10);
      HOST_CHECK(weft_caller_global_set(caller, "counter", &next) == NULL);
      HOST_CHECK(fails_with(weft_caller_global_set(caller, "fixed", &next), "immutable"));
      weft_val_t wrong;
      memset(&wrong, 0, sizeof wrong);
      wrong.kind = WEFT_I64;
      HOST_CHECK(fails_with(weft_caller_global_set(caller, "counter", &wrong), "has type i32"));
      HOST_CHECK(fails_with(weft_caller_global_get(caller, "nope", &v), "no exported global"));
      results[0].of.i32 = v.of.i32;
      return NULL;
    }
    case CALL_BACK: {
      weft_val_t arg = i32(21), r;
      weft_error_t* err = weft_caller_call(caller, "double", &arg, 1, &r, 1);
      if (err != NULL) return err;
      HOST_CHECK(fails_with(weft_caller_call(caller, "double", &arg, 1, NULL, 0),
                            "returns 1 result(s), got room for 0"));
      HOST_CHECK(fails_with(weft_caller_call(caller, "nope", NULL, 0, NULL, 0),
                            "no exported function \"nope\""));
      HOST_CHECK(fails_with(weft_caller_call(caller, "double", NULL, 0, &r, 1), "takes 1"));
      results[0] = r;
      return NULL;
    }
    case FUEL: {
      s->fuel_before = weft_caller_remaining_fuel(caller);
      weft_error_t* err = weft_caller_consume_fuel(caller, 100);
      s->fuel_after = weft_caller_remaining_fuel(caller);
      return err;
    }
    case FUEL_OUT:
      return weft_caller_consume_fuel(caller, 1u << 30);
    case INTERRUPT: {
      HOST_CHECK(!weft_caller_interrupted(caller));
      int fd = weft_caller_interrupt_fd(caller);
      HOST_CHECK(fd >= 0);
      struct pollfd p = {fd, POLLIN, 0};
      HOST_CHECK(poll(&p, 1, 0) == 0);
      weft_interrupt_handle_interrupt(s->interrupt);
      HOST_CHECK(weft_caller_interrupted(caller));
      HOST_CHECK(poll(&p, 1, 1000) == 1 && (p.revents & POLLIN));
      return weft_error_new_interrupted();
    }
    case THROW: {
      weft_val_t payload = i32(7);
      HOST_CHECK(fails_with(weft_caller_throw(caller, "nope", &payload, 1), "no exported tag"));
      return weft_caller_throw(caller, "oops", &payload, 1);
    }
  }
  return weft_error_new("unknown op");
}

/* The old callback type, without a caller. */
static weft_error_t* plain(void* env, const weft_val_t* args, size_t nargs, weft_val_t* results,
                           size_t nresults) {
  (void)env;
  (void)nargs;
  (void)nresults;
  results[0] = i32(args[0].of.i32 + 1);
  return NULL;
}

static void finalize(void* env) { ((host_state*)env)->finalized++; }

static int32_t run(weft_instance_t* inst, enum op op, weft_error_t** err) {
  weft_val_t arg = i32((int32_t)op), r = i32(-1);
  *err = weft_instance_call(inst, "run", &arg, 1, &r, 1);
  return r.of.i32;
}

/* Runs `op`, expecting success; returns its result. */
static int32_t run_ok(weft_instance_t* inst, enum op op) {
  weft_error_t* err = NULL;
  int32_t r = run(inst, op, &err);
  if (err != NULL) {
    fprintf(stderr, "op %d failed: %s\n", (int)op, weft_error_message(err));
    ++failures;
    weft_error_delete(err);
  }
  return r;
}

int main(void) {
  weft_config_t config;
  memset(&config, 0, sizeof config);
  config.metering = 1;
  weft_engine_t* engine = weft_engine_new(&config);
  weft_module_t* module = NULL;
  weft_error_t* err =
      weft_module_new(engine, (const uint8_t*)kGuest, sizeof(kGuest) - 1, &module);
  if (err != NULL) {
    fprintf(stderr, "compile failed: %s\n", weft_error_message(err));
    return 1;
  }
  host_state state;
  memset(&state, 0, sizeof state);
  const weft_valkind_t params[] = {WEFT_I32}, results[] = {WEFT_I32};
  weft_linker_t* linker = weft_linker_new(engine);
  CHECK(weft_linker_define_func_with_caller(linker, "env", "host", params, 1, results, 1, host,
                                            &state, finalize) == NULL);
  CHECK(weft_linker_define_func(linker, "env", "plain", params, 1, results, 1, plain, NULL,
                                NULL) == NULL);
  weft_instance_t *a = NULL, *b = NULL;
  CHECK(weft_instance_new(linker, module, NULL, &a) == NULL);
  CHECK(weft_instance_new(linker, module, NULL, &b) == NULL);
  if (a == NULL || b == NULL) return 1;

  /* The reported bug: one linker, two instances; the host reads the memory
   * of the instance that called it. */
  CHECK(weft_instance_memory_write(b, NULL, 16, "BBBB", 4) == NULL);
  CHECK(run_ok(a, READ_OWN) == 'A' && strcmp(state.seen, "AAAA") == 0);
  CHECK(run_ok(b, READ_OWN) == 'B' && strcmp(state.seen, "BBBB") == 0);
  CHECK(run_ok(a, READ_OWN) == 'A' && strcmp(state.seen, "AAAA") == 0);

  /* Memory: writes land in the caller (and only there), growth shows. */
  run_ok(a, MEMORY);
  char got[9] = {0};
  CHECK(weft_instance_memory_read(a, NULL, 32, got, 9) == NULL);
  CHECK(memcmp(got, "xyz\0\0\0\0\0D", 9) == 0);
  CHECK(weft_instance_memory_size(a, NULL) == 2 * 65536);
  CHECK(weft_instance_memory_size(b, NULL) == 65536);
  CHECK(weft_instance_memory_read(b, NULL, 32, got, 3) == NULL && memcmp(got, "\0\0\0", 3) == 0);

  /* Globals: the caller's counter goes 5 -> 15, b's stays 5. */
  CHECK(run_ok(a, GLOBALS) == 5);
  weft_val_t v;
  CHECK(weft_instance_global_get(a, "counter", &v) == NULL && v.of.i32 == 15);
  CHECK(weft_instance_global_get(b, "counter", &v) == NULL && v.of.i32 == 5);
  CHECK(run_ok(a, GLOBALS) == 15);

  /* Re-entry. */
  CHECK(run_ok(b, CALL_BACK) == 42);

  /* Fuel: the host sees the call's fuel and charges exactly 100. */
  CHECK(weft_instance_set_fuel(a, 10000) == NULL);
  run_ok(a, FUEL);
  CHECK(state.fuel_before > 9900 && state.fuel_before < 10000);
  CHECK(state.fuel_after == state.fuel_before - 100);
  CHECK(weft_instance_remaining_fuel(a) <= state.fuel_after);
  run(a, FUEL_OUT, &err);
  CHECK(weft_error_trap_code(err) == WEFT_TRAP_FUEL_EXHAUSTED);
  weft_error_delete(err);

  /* Interruption seen from the callback, reported as an interrupt. */
  state.interrupt = weft_instance_interrupt_handle(b);
  run(b, INTERRUPT, &err);
  CHECK(weft_error_trap_code(err) == WEFT_TRAP_INTERRUPTED);
  weft_error_delete(err);
  CHECK(run_ok(b, READ_OWN) == 'B'); /* the interrupt was consumed */

  /* The caller's tag, caught by the caller: 100 + 7. */
  CHECK(run_ok(a, THROW) == 107);

  /* The old callback type still works next to the new one. */
  weft_val_t arg = i32(41), r;
  CHECK(weft_instance_call(a, "plain", &arg, 1, &r, 1) == NULL && r.of.i32 == 42);

  CHECK(state.errors == 0);
  /* The finalizer runs once, when the linker and its instances are gone. */
  weft_interrupt_handle_delete(state.interrupt);
  weft_instance_delete(a);
  weft_instance_delete(b);
  CHECK(state.finalized == 0);
  weft_linker_delete(linker);
  CHECK(state.finalized == 1);
  weft_module_delete(module);
  weft_engine_delete(engine);
  if (failures == 0) printf("caller_test: all checks passed\n");
  return failures == 0 ? 0 : 1;
}
