/* Every weft.h entry point given NULL: nothing crashes; those that return
 * a weft_error_t* fail with "<function>: null argument `<parameter>`";
 * getters give their documented "nothing" value; *_delete(NULL) and void
 * setters do nothing. Exits 0 when every check passes. */
#include <stdio.h>
#include <string.h>

#include "api/c_tests/check.h"
#include "weft/weft.h"


/* `err` names `function` and `parameter`; deletes it. */
static void expect_null_error(weft_error_t* err, const char* function, const char* parameter,
                              int line) {
  char expected[160];
  snprintf(expected, sizeof expected, "%s: null argument `%s`", function, parameter);
  if (err == NULL || strcmp(weft_error_message(err), expected) != 0) {
    fprintf(stderr, "%s:%d: expected \"%s\", got %s%s%s\n", __FILE__, line, expected,
            err == NULL ? "no error" : "\"", err == NULL ? "" : weft_error_message(err),
            err == NULL ? "" : "\"");
    ++failures;
  }
  weft_error_delete(err);
}
#define EXPECT_NULL(expr, function, parameter) \
  expect_null_error((expr), function, parameter, __LINE__)

static weft_error_t* plain_cb(void* env, const weft_val_t* a, size_t na, weft_val_t* r,
                              size_t nr) {
  (void)env, (void)a, (void)na, (void)r, (void)nr;
  return NULL;
}
static weft_error_t* caller_cb(void* env, weft_caller_t* c, const weft_val_t* a, size_t na,
                               weft_val_t* r, size_t nr) {
  (void)env, (void)c, (void)a, (void)na, (void)r, (void)nr;
  return NULL;
}

/* Inside a callback: a real caller, NULL everything else. */
static int inner_checks_ran = 0;
static weft_error_t* null_inside(void* env, weft_caller_t* c, const weft_val_t* a, size_t na,
                                 weft_val_t* r, size_t nr) {
  (void)env, (void)a, (void)na, (void)r, (void)nr;
  weft_val_t v;
  EXPECT_NULL(weft_caller_memory_read(c, NULL, 0, NULL, 1), "weft_caller_memory_read", "out");
  EXPECT_NULL(weft_caller_memory_write(c, NULL, 0, NULL, 1), "weft_caller_memory_write",
              "data");
  EXPECT_NULL(weft_caller_memory_data(c, NULL, NULL, NULL), "weft_caller_memory_data", "data");
  EXPECT_NULL(weft_caller_global_get(c, NULL, &v), "weft_caller_global_get", "name");
  EXPECT_NULL(weft_caller_global_get(c, "g", NULL), "weft_caller_global_get", "out");
  EXPECT_NULL(weft_caller_global_set(c, "g", NULL), "weft_caller_global_set", "value");
  EXPECT_NULL(weft_caller_call(c, NULL, NULL, 0, NULL, 0), "weft_caller_call", "name");
  EXPECT_NULL(weft_caller_call(c, "f", NULL, 1, NULL, 0), "weft_caller_call", "args");
  EXPECT_NULL(weft_caller_call(c, "f", NULL, 0, NULL, 1), "weft_caller_call", "results");
  EXPECT_NULL(weft_caller_throw(c, NULL, NULL, 0), "weft_caller_throw", "tag");
  EXPECT_NULL(weft_caller_throw(c, "t", NULL, 1), "weft_caller_throw", "payload");
  inner_checks_ran = 1;
  return NULL;
}

int main(void) {
  weft_val_t v;
  memset(&v, 0, sizeof v);
  v.kind = WEFT_I32;
  const weft_valkind_t kinds[] = {WEFT_I32};
  weft_module_t* module = (weft_module_t*)&v; /* overwritten: must become NULL */
  weft_instance_t* inst = (weft_instance_t*)&v;

  /* Deleting NULL does nothing. */
  weft_engine_delete(NULL);
  weft_module_delete(NULL);
  weft_linker_delete(NULL);
  weft_instance_delete(NULL);
  weft_error_delete(NULL);
  weft_interrupt_handle_delete(NULL);

  /* Errors. */
  CHECK(strcmp(weft_error_message(NULL), "") == 0);
  CHECK(weft_error_trap_code(NULL) == WEFT_TRAP_NONE);
  CHECK(weft_error_exception_payload(NULL, &v, 1, NULL) == -1);
  CHECK(weft_error_frame_count(NULL) == 0);
  CHECK(weft_error_frame_total(NULL) == 0);
  CHECK(weft_error_frame_depth(NULL, 0) == UINT64_MAX);
  CHECK(weft_error_frame(NULL, 0, NULL, NULL, NULL) == -1);
  CHECK(weft_error_frame_demangled_name(NULL, 0) == NULL);
  CHECK(weft_error_frame_source(NULL, 0, NULL, NULL, NULL) == -1);
  CHECK(weft_error_frame_inlined_count(NULL, 0) == 0);
  CHECK(weft_error_frame_inlined(NULL, 0, 0, NULL, NULL, NULL, NULL, NULL) == -1);
  weft_error_t* e = weft_error_new(NULL);
  CHECK(e != NULL && strcmp(weft_error_message(e), "") == 0);
  weft_error_delete(e);

  /* Engine, module. */
  weft_engine_t* engine = weft_engine_new(NULL);
  CHECK(engine != NULL);
  EXPECT_NULL(weft_module_new(engine, (const uint8_t*)"", 0, NULL), "weft_module_new", "out");
  EXPECT_NULL(weft_module_new(NULL, (const uint8_t*)"", 0, &module), "weft_module_new",
              "engine");
  CHECK(module == NULL);
  EXPECT_NULL(weft_module_new(engine, NULL, 8, &module), "weft_module_new", "bytes");
  CHECK(weft_module_import_count(NULL) == 0);
  CHECK(weft_module_import_module(NULL, 0) == NULL);
  CHECK(weft_module_import_name(NULL, 0) == NULL);
  CHECK(weft_module_import_kind(NULL, 0) == -1);
  CHECK(weft_module_export_count(NULL) == 0);
  CHECK(weft_module_export_name(NULL, 0) == NULL);
  CHECK(weft_module_export_kind(NULL, 0) == -1);
  CHECK(weft_module_export_signature(NULL, 0, NULL, 0, NULL, NULL, 0, NULL) == -1);

  /* Linker. */
  CHECK(weft_linker_new(NULL) == NULL);
  weft_linker_t* linker = weft_linker_new(engine);
  EXPECT_NULL(weft_linker_define_func(NULL, "env", "f", kinds, 1, kinds, 1, plain_cb, NULL, NULL),
              "weft_linker_define_func", "linker");
  EXPECT_NULL(weft_linker_define_func(linker, NULL, "f", kinds, 1, kinds, 1, plain_cb, NULL, NULL),
              "weft_linker_define_func", "module");
  EXPECT_NULL(weft_linker_define_func(linker, "env", NULL, kinds, 1, kinds, 1, plain_cb, NULL,
                                      NULL),
              "weft_linker_define_func", "name");
  EXPECT_NULL(weft_linker_define_func(linker, "env", "f", NULL, 1, kinds, 1, plain_cb, NULL, NULL),
              "weft_linker_define_func", "params");
  EXPECT_NULL(weft_linker_define_func(linker, "env", "f", kinds, 1, NULL, 1, plain_cb, NULL, NULL),
              "weft_linker_define_func", "results");
  EXPECT_NULL(weft_linker_define_func(linker, "env", "f", kinds, 1, kinds, 1, NULL, NULL, NULL),
              "weft_linker_define_func", "callback");
  EXPECT_NULL(weft_linker_define_func_with_caller(NULL, "env", "f", NULL, 0, NULL, 0, caller_cb,
                                                  NULL, NULL),
              "weft_linker_define_func_with_caller", "linker");
  EXPECT_NULL(weft_linker_define_func_with_caller(linker, "env", "f", NULL, 0, NULL, 0, NULL,
                                                  NULL, NULL),
              "weft_linker_define_func_with_caller", "callback");
  EXPECT_NULL(weft_linker_define_instance(linker, "m", NULL), "weft_linker_define_instance",
              "instance");
  EXPECT_NULL(weft_linker_define_instance(NULL, "m", NULL), "weft_linker_define_instance",
              "linker");

  /* Instances. */
  static const char kGuest[] =
      "(module (import \"env\" \"h\" (func $h))\n"
      "  (memory (export \"memory\") 1) (global (export \"g\") (mut i32) (i32.const 0))\n"
      "  (tag (export \"t\") (param i32))\n"
      "  (func (export \"f\") (param i32) (result i32) (local.get 0))\n"
      "  (func (export \"go\") (call $h)))";
  CHECK(weft_module_new(engine, (const uint8_t*)kGuest, sizeof(kGuest) - 1, &module) == NULL);
  CHECK(weft_linker_define_func_with_caller(linker, "env", "h", NULL, 0, NULL, 0, null_inside,
                                            NULL, NULL) == NULL);
  EXPECT_NULL(weft_instance_new(linker, module, NULL, NULL), "weft_instance_new", "out");
  EXPECT_NULL(weft_instance_new(NULL, module, NULL, &inst), "weft_instance_new", "linker");
  CHECK(inst == NULL);
  EXPECT_NULL(weft_instance_new(linker, NULL, NULL, &inst), "weft_instance_new", "module");
  EXPECT_NULL(weft_instance_new_with_options(NULL, module, NULL, &inst),
              "weft_instance_new_with_options", "linker");
  EXPECT_NULL(weft_instance_new_with_options(linker, module, NULL, NULL),
              "weft_instance_new_with_options", "out");
  CHECK(weft_instance_new(linker, module, NULL, &inst) == NULL && inst != NULL);
  EXPECT_NULL(weft_instance_call(NULL, "f", &v, 1, &v, 1), "weft_instance_call", "instance");
  EXPECT_NULL(weft_instance_call(inst, NULL, &v, 1, &v, 1), "weft_instance_call", "name");
  EXPECT_NULL(weft_instance_call(inst, "f", NULL, 1, &v, 1), "weft_instance_call", "args");
  EXPECT_NULL(weft_instance_call(inst, "f", &v, 1, NULL, 1), "weft_instance_call", "results");
  EXPECT_NULL(weft_instance_set_fuel(NULL, 5), "weft_instance_set_fuel", "instance");
  CHECK(weft_instance_remaining_fuel(NULL) == 0);
  weft_instance_set_timeout_ms(NULL, 5);
  EXPECT_NULL(weft_instance_memory_read(NULL, NULL, 0, &v, 1), "weft_instance_memory_read",
              "instance");
  EXPECT_NULL(weft_instance_memory_read(inst, NULL, 0, NULL, 1), "weft_instance_memory_read",
              "out");
  EXPECT_NULL(weft_instance_memory_write(NULL, NULL, 0, &v, 1), "weft_instance_memory_write",
              "instance");
  EXPECT_NULL(weft_instance_memory_write(inst, NULL, 0, NULL, 1), "weft_instance_memory_write",
              "data");
  CHECK(weft_instance_memory_size(NULL, NULL) == 0);
  EXPECT_NULL(weft_instance_global_get(NULL, "g", &v), "weft_instance_global_get", "instance");
  EXPECT_NULL(weft_instance_global_get(inst, NULL, &v), "weft_instance_global_get", "name");
  EXPECT_NULL(weft_instance_global_get(inst, "g", NULL), "weft_instance_global_get", "out");
  EXPECT_NULL(weft_instance_global_set(NULL, "g", &v), "weft_instance_global_set", "instance");
  EXPECT_NULL(weft_instance_global_set(inst, "g", NULL), "weft_instance_global_set", "value");
  EXPECT_NULL(weft_exception_new(NULL, "t", &v, 1), "weft_exception_new", "instance");
  EXPECT_NULL(weft_exception_new(inst, NULL, &v, 1), "weft_exception_new", "tag");
  EXPECT_NULL(weft_exception_new(inst, "t", NULL, 1), "weft_exception_new", "payload");
  CHECK(weft_instance_interrupt_handle(NULL) == NULL);
  weft_interrupt_handle_interrupt(NULL);

  /* The caller functions without a caller. */
  EXPECT_NULL(weft_caller_memory_read(NULL, NULL, 0, &v, 1), "weft_caller_memory_read", "caller");
  EXPECT_NULL(weft_caller_memory_write(NULL, NULL, 0, &v, 1), "weft_caller_memory_write",
              "caller");
  CHECK(weft_caller_memory_size(NULL, NULL) == 0);
  uint8_t* data = (uint8_t*)&v;
  uint64_t size = 7;
  EXPECT_NULL(weft_caller_memory_data(NULL, NULL, &data, &size), "weft_caller_memory_data",
              "caller");
  CHECK(data == NULL && size == 0);
  EXPECT_NULL(weft_caller_memory_grow(NULL, NULL, 1, NULL), "weft_caller_memory_grow", "caller");
  EXPECT_NULL(weft_caller_global_get(NULL, "g", &v), "weft_caller_global_get", "caller");
  EXPECT_NULL(weft_caller_global_set(NULL, "g", &v), "weft_caller_global_set", "caller");
  EXPECT_NULL(weft_caller_call(NULL, "f", NULL, 0, NULL, 0), "weft_caller_call", "caller");
  CHECK(weft_caller_remaining_fuel(NULL) == 0);
  EXPECT_NULL(weft_caller_consume_fuel(NULL, 1), "weft_caller_consume_fuel", "caller");
  EXPECT_NULL(weft_caller_set_fuel(NULL, 1), "weft_caller_set_fuel", "caller");
  CHECK(weft_caller_interrupted(NULL) == 0);
  CHECK(weft_caller_interrupt_fd(NULL) == -1);
  EXPECT_NULL(weft_caller_throw(NULL, "t", NULL, 0), "weft_caller_throw", "caller");

  /* ... and with one, inside a callback. */
  CHECK(weft_instance_call(inst, "go", NULL, 0, NULL, 0) == NULL);
  CHECK(inner_checks_ran);

  /* Names of nothing. */
  CHECK(weft_trap_code_name((weft_trap_code_t)-5) == NULL);
  CHECK(weft_extern_kind_name(-1) == NULL);

  weft_instance_delete(inst);
  weft_linker_delete(linker);
  weft_module_delete(module);
  weft_engine_delete(engine);
  if (failures == 0) printf("null_args_test: all checks passed\n");
  return failures == 0 ? 0 : 1;
}
