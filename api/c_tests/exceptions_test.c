/* Exceptions through weft.h: a C host function throws a new WebAssembly
 * exception (weft_exception_new) that the calling wasm code catches,
 * rethrows the exception of a nested call it received, reads an uncaught
 * exception's payload, and gets clear errors for a wrong tag, a wrong
 * payload and another linker's exception. Exits 0 when every check passes. */
#include <stdio.h>
#include <string.h>

#include "api/c_tests/check.h"
#include "weft/weft.h"


static const char kGuest[] =
    "(module\n"
    "  (import \"env\" \"host\" (func $host (param i32) (result i32)))\n"
    "  (tag $e (export \"e\") (param i32))\n"
    "  (func (export \"thrower\") (param i32) (result i32) (throw $e (local.get 0)))\n"
    "  (func (export \"outer\") (param i32) (result i32)\n"
    "    (block $h (result i32)\n"
    "      (try_table (result i32) (catch $e $h) (call $host (local.get 0)))\n"
    "      (return))\n"
    "    (i32.add (i32.const 1000))))\n";

enum mode { THROW_NEW, RETHROW_NESTED, WRONG_TAG, WRONG_PAYLOAD, OTHER_STORE };

typedef struct {
  enum mode mode;
  weft_instance_t* self;  /* the instance that imports the host function */
  weft_instance_t* other; /* an instance of another linker */
  int nested_payload;     /* what the nested call's exception carried */
} host_state;

static weft_val_t i32(int32_t v) {
  weft_val_t x;
  x.kind = WEFT_I32;
  x.of.i32 = v;
  return x;
}

static weft_error_t* host(void* env, const weft_val_t* args, size_t nargs, weft_val_t* results,
                          size_t nresults) {
  host_state* s = (host_state*)env;
  (void)nargs;
  (void)results;
  (void)nresults;
  weft_val_t payload = i32(args[0].of.i32 * 2);
  switch (s->mode) {
    case THROW_NEW:
      return weft_exception_new(s->self, "e", &payload, 1);
    case RETHROW_NESTED: {
      weft_val_t r;
      weft_error_t* err = weft_instance_call(s->self, "thrower", &payload, 1, &r, 1);
      weft_val_t seen[2];
      size_t n = 0;
      if (err != NULL && weft_error_exception_payload(err, seen, 2, &n) == 0 && n == 1) {
        s->nested_payload = seen[0].of.i32;
      }
      return err; /* rethrown into "outer", which catches it */
    }
    case WRONG_TAG:
      return weft_exception_new(s->self, "nope", &payload, 1);
    case WRONG_PAYLOAD: {
      weft_val_t wrong;
      wrong.kind = WEFT_I64;
      wrong.of.i64 = 1;
      return weft_exception_new(s->self, "e", &wrong, 1);
    }
    case OTHER_STORE:
      return weft_exception_new(s->other, "e", &payload, 1);
  }
  return weft_error_new("unreachable mode");
}

static weft_instance_t* instantiate(weft_linker_t* linker, weft_module_t* module) {
  weft_instance_t* inst = NULL;
  weft_error_t* err = weft_instance_new(linker, module, NULL, &inst);
  if (err != NULL) {
    fprintf(stderr, "instantiation failed: %s\n", weft_error_message(err));
    weft_error_delete(err);
    return NULL;
  }
  return inst;
}

int main(void) {
  weft_engine_t* engine = weft_engine_new(NULL);
  weft_module_t* module = NULL;
  weft_error_t* err =
      weft_module_new(engine, (const uint8_t*)kGuest, sizeof(kGuest) - 1, &module);
  if (err != NULL) {
    fprintf(stderr, "compile failed: %s\n", weft_error_message(err));
    return 1;
  }
  host_state state = {THROW_NEW, NULL, NULL, 0};
  const weft_valkind_t params[] = {WEFT_I32}, results[] = {WEFT_I32};
  weft_linker_t* linker = weft_linker_new(engine);
  weft_linker_t* other_linker = weft_linker_new(engine);
  CHECK(weft_linker_define_func(linker, "env", "host", params, 1, results, 1, host, &state,
                                NULL) == NULL);
  CHECK(weft_linker_define_func(other_linker, "env", "host", params, 1, results, 1, host,
                                &state, NULL) == NULL);
  state.self = instantiate(linker, module);
  state.other = instantiate(other_linker, module);
  if (state.self == NULL || state.other == NULL) return 1;

  weft_val_t arg = i32(21), r;
  /* A new exception from the host, caught in wasm: 1000 + 2 * 21. */
  err = weft_instance_call(state.self, "outer", &arg, 1, &r, 1);
  CHECK(err == NULL && r.of.i32 == 1042);
  weft_error_delete(err);

  /* A nested call's exception, seen by the host and rethrown. */
  state.mode = RETHROW_NESTED;
  err = weft_instance_call(state.self, "outer", &arg, 1, &r, 1);
  CHECK(err == NULL && r.of.i32 == 1042);
  CHECK(state.nested_payload == 42);
  weft_error_delete(err);

  /* Uncaught: its own trap code, the payload readable from C. */
  err = weft_instance_call(state.self, "thrower", &arg, 1, &r, 1);
  CHECK(err != NULL && weft_error_trap_code(err) == WEFT_TRAP_UNCAUGHT_EXCEPTION);
  weft_val_t seen[1];
  size_t n = 0;
  CHECK(weft_error_exception_payload(err, seen, 1, &n) == 0 && n == 1);
  CHECK(seen[0].kind == WEFT_I32 && seen[0].of.i32 == 21);
  CHECK(weft_error_exception_payload(err, NULL, 0, &n) == 0 && n == 1);
  weft_error_delete(err);

  /* Mistakes trap with the reason. */
  state.mode = WRONG_TAG;
  err = weft_instance_call(state.self, "outer", &arg, 1, &r, 1);
  CHECK(err != NULL && weft_error_trap_code(err) == WEFT_TRAP_HOST);
  CHECK(err != NULL && strstr(weft_error_message(err), "no exported tag \"nope\"") != NULL);
  CHECK(weft_error_exception_payload(err, seen, 1, &n) == -1);
  weft_error_delete(err);

  state.mode = WRONG_PAYLOAD;
  err = weft_instance_call(state.self, "outer", &arg, 1, &r, 1);
  CHECK(err != NULL && weft_error_trap_code(err) == WEFT_TRAP_HOST);
  CHECK(err != NULL && strstr(weft_error_message(err), "carries (i32) -> ()") != NULL);
  weft_error_delete(err);

  /* Another linker's exception cannot enter this store. */
  state.mode = OTHER_STORE;
  err = weft_instance_call(state.self, "outer", &arg, 1, &r, 1);
  CHECK(err != NULL && weft_error_trap_code(err) == WEFT_TRAP_HOST);
  CHECK(err != NULL && strstr(weft_error_message(err), "another store") != NULL);
  weft_error_delete(err);

  /* Bad arguments. */
  err = weft_exception_new(NULL, "e", &arg, 1);
  CHECK(err != NULL && strstr(weft_error_message(err), "null argument") != NULL);
  weft_error_delete(err);
  CHECK(weft_error_exception_payload(NULL, seen, 1, &n) == -1);

  weft_instance_delete(state.self);
  weft_instance_delete(state.other);
  weft_linker_delete(linker);
  weft_linker_delete(other_linker);
  weft_module_delete(module);
  weft_engine_delete(engine);
  if (failures == 0) printf("exceptions_test: all checks passed\n");
  return failures == 0 ? 0 : 1;
}
