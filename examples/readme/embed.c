/* weft from C (weft.h): compile a module, give it a host function, call an
 * export, read a trap's code and message. */
#include <stdio.h>
#include <string.h>

#include "weft/weft.h"

static weft_error_t* add(void* env, const weft_val_t* args, size_t nargs,
                         weft_val_t* results, size_t nresults) {
  (void)env, (void)nargs, (void)nresults;
  results[0].of.i32 = args[0].of.i32 + args[1].of.i32;
  return NULL;
}

int main(void) {
  const char* wat =
      "(module (import \"env\" \"add\" (func $add (param i32 i32) (result i32)))"
      "  (func (export \"run\") (param i32) (result i32)"
      "    (call $add (local.get 0) (i32.const 37)))"
      "  (func (export \"div\") (param i32) (result i32)"
      "    (i32.div_u (i32.const 1) (local.get 0))))";
  weft_engine_t* engine = weft_engine_new(NULL);
  weft_module_t* module = NULL;
  weft_error_t* err = weft_module_new(engine, (const uint8_t*)wat, strlen(wat), &module);
  if (err) return printf("%s\n", weft_error_message(err)), 1;
  weft_linker_t* linker = weft_linker_new(engine);
  const weft_valkind_t params[] = {WEFT_I32, WEFT_I32}, results[] = {WEFT_I32};
  err = weft_linker_define_func(linker, "env", "add", params, 2, results, 1, add, NULL, NULL);
  if (err) return printf("%s\n", weft_error_message(err)), 1;
  weft_instance_t* instance = NULL;
  err = weft_instance_new(linker, module, NULL, &instance);
  if (err) return printf("%s\n", weft_error_message(err)), 1;

  weft_val_t arg = {.kind = WEFT_I32, .of.i32 = 5}, result;
  err = weft_instance_call(instance, "run", &arg, 1, &result, 1);
  if (err) return printf("%s\n", weft_error_message(err)), 1;
  printf("run(5) = %d\n", result.of.i32); /* 42 */
  int ok = result.of.i32 == 42;

  arg.of.i32 = 0;
  err = weft_instance_call(instance, "div", &arg, 1, &result, 1);
  ok = ok && err != NULL && weft_error_trap_code(err) == WEFT_TRAP_INTEGER_DIVIDE_BY_ZERO;
  printf("div(0): %s\n", err ? weft_error_message(err) : "no trap"); /* with a backtrace */
  weft_error_delete(err);

  weft_instance_delete(instance);
  weft_linker_delete(linker);
  weft_module_delete(module);
  weft_engine_delete(engine);
  return ok ? 0 : 1;
}
