/* Errors through weft.h: trap code and extern kind names, and structured
 * backtrace frames, bounded for 10,000-deep recursion while the true depth
 * is reported. Exits 0 when every check passes. */
#include <stdio.h>
#include <string.h>

#include "api/c_tests/check.h"
#include "weft/weft.h"


static int streq(const char* a, const char* b) {
  return a != NULL && b != NULL && strcmp(a, b) == 0;
}

/* down(n) recurses n times, then hits `unreachable`; div(a, b) = a / b.
 * The name section (weft's text parser writes none from $ids) names
 * function 0 "down". */
static const char kGuest[] =
    "(module\n"
    "  (import \"env\" \"t\" (tag (param i32)))\n"
    "  (tag (export \"e\") (param i64))\n"
    "  (memory (export \"memory\") 1)\n"
    "  (table (export \"table\") 1 funcref)\n"
    "  (global (export \"g\") i32 (i32.const 0))\n"
    "  (func $down (export \"down\") (param i32)\n"
    "    (if (i32.eqz (local.get 0)) (then unreachable))\n"
    "    (call $down (i32.sub (local.get 0) (i32.const 1))))\n"
    "  (func (export \"div\") (param i32 i32) (result i32)\n"
    "    (i32.div_s (local.get 0) (local.get 1)))\n"
    "  (@custom \"name\" \"\\01\\07\\01\\00\\04down\"))\n";

int main(void) {
  /* Trap code names: the enumerator without its prefix; messages. */
  CHECK(streq(weft_trap_code_name(WEFT_TRAP_NONE), "NONE"));
  CHECK(streq(weft_trap_code_name(WEFT_TRAP_INTEGER_DIVIDE_BY_ZERO), "INTEGER_DIVIDE_BY_ZERO"));
  CHECK(streq(weft_trap_code_name(WEFT_TRAP_UNCAUGHT_EXCEPTION), "UNCAUGHT_EXCEPTION"));
  CHECK(streq(weft_trap_code_name(WEFT_TRAP_NULL_EXCEPTION_REFERENCE),
              "NULL_EXCEPTION_REFERENCE"));
  CHECK(weft_trap_code_name((weft_trap_code_t)999) == NULL);
  CHECK(weft_trap_code_name((weft_trap_code_t)-1) == NULL);
  CHECK(streq(weft_trap_code_message(WEFT_TRAP_INTEGER_DIVIDE_BY_ZERO), "integer divide by zero"));
  CHECK(streq(weft_trap_code_message(WEFT_TRAP_FUEL_EXHAUSTED), "fuel exhausted"));
  CHECK(weft_trap_code_message((weft_trap_code_t)999) == NULL);

  /* Extern kind names, tags included. */
  CHECK(streq(weft_extern_kind_name(WEFT_EXTERN_FUNC), "func"));
  CHECK(streq(weft_extern_kind_name(WEFT_EXTERN_TAG), "tag"));
  CHECK(weft_extern_kind_name(5) == NULL);
  CHECK(weft_extern_kind_name(-1) == NULL);

  weft_engine_t* engine = weft_engine_new(NULL);
  weft_module_t* module = NULL;
  weft_error_t* err =
      weft_module_new(engine, (const uint8_t*)kGuest, sizeof(kGuest) - 1, &module);
  if (err != NULL) {
    fprintf(stderr, "compile failed: %s\n", weft_error_message(err));
    return 1;
  }
  CHECK(weft_module_import_kind(module, 0) == WEFT_EXTERN_TAG);
  CHECK(streq(weft_extern_kind_name(weft_module_import_kind(module, 0)), "tag"));
  const char* expected_kinds[] = {"tag", "memory", "table", "global", "func", "func"};
  CHECK(weft_module_export_count(module) == 6);
  for (size_t i = 0; i < 6; ++i) {
    CHECK(streq(weft_extern_kind_name(weft_module_export_kind(module, i)), expected_kinds[i]));
  }
  CHECK(weft_extern_kind_name(weft_module_export_kind(module, 6)) == NULL);

  /* Instantiate with the imported tag provided by another instance. */
  static const char kTagProvider[] = "(module (tag (export \"t\") (param i32)))";
  weft_module_t* provider_module = NULL;
  CHECK(weft_module_new(engine, (const uint8_t*)kTagProvider, sizeof(kTagProvider) - 1,
                        &provider_module) == NULL);
  weft_linker_t* linker = weft_linker_new(engine);
  weft_instance_t *provider = NULL, *inst = NULL;
  CHECK(weft_instance_new(linker, provider_module, NULL, &provider) == NULL);
  CHECK(weft_linker_define_instance(linker, "env", provider) == NULL);
  weft_limits_t limits;
  memset(&limits, 0, sizeof limits);
  limits.max_call_depth = 20000;
  err = weft_instance_new(linker, module, &limits, &inst);
  if (err != NULL) {
    fprintf(stderr, "instantiate failed: %s\n", weft_error_message(err));
    return 1;
  }

  /* A short backtrace: one frame, the division. */
  weft_val_t args[2], r;
  args[0].kind = args[1].kind = WEFT_I32;
  args[0].of.i32 = 1;
  args[1].of.i32 = 0;
  err = weft_instance_call(inst, "div", args, 2, &r, 1);
  CHECK(weft_error_trap_code(err) == WEFT_TRAP_INTEGER_DIVIDE_BY_ZERO);
  CHECK(streq(weft_trap_code_name(weft_error_trap_code(err)), "INTEGER_DIVIDE_BY_ZERO"));
  CHECK(weft_error_frame_count(err) == 1 && weft_error_frame_total(err) == 1);
  uint32_t func = 99, offset = 0;
  const char* name = NULL;
  CHECK(weft_error_frame(err, 0, &func, &name, &offset) == 0);
  CHECK(func == 1 && streq(name, "") && offset > 0);
  CHECK(streq(weft_error_frame_demangled_name(err, 0), ""));
  CHECK(weft_error_frame_demangled_name(err, 1) == NULL);
  CHECK(weft_error_frame_source(err, 0, NULL, NULL, NULL) == -1); /* no DWARF */
  char line[64];
  snprintf(line, sizeof line, "#0 func[1] @ 0x%x", offset);
  CHECK(strstr(weft_error_message(err), line) != NULL);
  CHECK(weft_error_frame(err, 1, &func, &name, &offset) == -1);
  weft_error_delete(err);

  /* 10,000 frames: a short message, 40 frames kept, the true total. */
  args[0].of.i32 = 9999;
  err = weft_instance_call(inst, "down", args, 1, NULL, 0);
  CHECK(weft_error_trap_code(err) == WEFT_TRAP_UNREACHABLE);
  CHECK(strlen(weft_error_message(err)) < 4096);
  CHECK(strstr(weft_error_message(err), "... 9960 frames ...") != NULL);
  CHECK(weft_error_frame_count(err) == 40);
  CHECK(weft_error_frame_total(err) == 10000);
  CHECK(weft_error_frame_depth(err, 0) == 0);
  CHECK(weft_error_frame_depth(err, 19) == 19);
  CHECK(weft_error_frame_depth(err, 20) == 9980);
  CHECK(weft_error_frame_depth(err, 39) == 9999);
  CHECK(weft_error_frame_depth(err, 40) == UINT64_MAX);
  uint32_t innermost_offset = 0, outer_offset = 0;
  for (size_t i = 0; i < 40; ++i) {
    CHECK(weft_error_frame(err, i, &func, &name, &offset) == 0);
    CHECK(func == 0 && streq(name, "down"));
    CHECK(streq(weft_error_frame_demangled_name(err, i), "down"));
    if (i == 0) innermost_offset = offset;
    if (i == 39) outer_offset = offset;
  }
  /* The innermost frame is at `unreachable`, the others at the call. */
  CHECK(innermost_offset < outer_offset);
  snprintf(line, sizeof line, "#9999 func[0] <down> @ 0x%x", outer_offset);
  CHECK(strstr(weft_error_message(err), line) != NULL);
  CHECK(weft_error_frame(err, 0, NULL, NULL, NULL) == 0);
  weft_error_delete(err);

  /* Errors that are no trap have no frames. */
  err = weft_error_new("plain");
  CHECK(weft_error_frame_count(err) == 0 && weft_error_frame_total(err) == 0);
  CHECK(weft_error_frame(err, 0, &func, &name, &offset) == -1);
  CHECK(weft_error_trap_code(err) == WEFT_TRAP_NONE);
  weft_error_delete(err);

  weft_instance_delete(inst);
  weft_instance_delete(provider);
  weft_linker_delete(linker);
  weft_module_delete(module);
  weft_module_delete(provider_module);
  weft_engine_delete(engine);
  if (failures == 0) printf("errors_test: all checks passed\n");
  return failures == 0 ? 0 : 1;
}
