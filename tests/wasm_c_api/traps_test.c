/* Traps with frames: a trap in wasm (integer division by zero, two calls
 * deep) and one raised by a host callback, each checked for its message,
 * origin and trace: function indices, and offsets checked against the
 * module's own bytes (the opcode at the module offset, the function offset
 * from the body's start found by walking the code section here). Also a
 * trap made by the host has no frames. */
#include "check.h"

/* traps.wat: function 0 is the import env.fail, 1 $div, 2 outer,
 * 3 call_fail; exports div, outer, call_fail. */
enum { DIV_EXPORT, OUTER_EXPORT, CALL_FAIL_EXPORT };
enum { FAIL_FUNC, DIV_FUNC, OUTER_FUNC, CALL_FAIL_FUNC, NUM_IMPORTED_FUNCS = 1 };
enum { OP_CALL = 0x10, OP_I32_DIV_S = 0x6d };

static wasm_store_t* the_store;

static wasm_trap_t* Fail(const wasm_val_vec_t* args, wasm_val_vec_t* results) {
  (void)args;
  (void)results;
  wasm_message_t message;
  wasm_name_new_from_string_nt(&message, "host says no");
  wasm_trap_t* trap = wasm_trap_new(the_store, &message);
  wasm_byte_vec_delete(&message);
  return trap;
}

static size_t ReadLeb(const wasm_byte_vec_t* bin, size_t* at) {
  size_t value = 0;
  int shift = 0;
  unsigned char b;
  do {
    CHECK(*at < bin->size);
    b = (unsigned char)bin->data[(*at)++];
    value |= (size_t)(b & 0x7f) << shift;
    shift += 7;
  } while (b & 0x80);
  return value;
}

/* Module offset of the first byte after the size field of the body of
 * defined function `defined_index`. */
static size_t BodyStart(const wasm_byte_vec_t* bin, size_t defined_index) {
  size_t at = 8; /* magic and version */
  while (at < bin->size) {
    unsigned char id = (unsigned char)bin->data[at++];
    size_t size = ReadLeb(bin, &at);
    if (id != 10) {
      at += size;
      continue;
    }
    size_t count = ReadLeb(bin, &at);
    CHECK(defined_index < count);
    for (size_t i = 0;; ++i) {
      size_t body_size = ReadLeb(bin, &at);
      if (i == defined_index) return at;
      at += body_size;
    }
  }
  CHECK(!"no code section");
  return 0;
}

/* The frame is in `func_index`, at an instruction `opcode`, with offsets
 * that agree with the binary. */
static void CheckFrame(const wasm_frame_t* frame, const wasm_byte_vec_t* bin,
                       uint32_t func_index, unsigned char opcode,
                       const wasm_instance_t* instance) {
  CHECK(wasm_frame_func_index(frame) == func_index);
  size_t module_offset = wasm_frame_module_offset(frame);
  CHECK(module_offset < bin->size);
  CHECK((unsigned char)bin->data[module_offset] == opcode);
  size_t body = BodyStart(bin, func_index - NUM_IMPORTED_FUNCS);
  CHECK(module_offset > body);
  CHECK(wasm_frame_func_offset(frame) == module_offset - body);
  CHECK(wasm_frame_instance(frame) != NULL);
  CHECK(wasm_instance_same(wasm_frame_instance(frame), instance));
}

int main(void) {
  wasm_engine_t* engine = wasm_engine_new();
  wasm_store_t* store = wasm_store_new(engine);
  the_store = store;
  wasm_byte_vec_t binary;
  ReadWasm("traps", &binary);
  wasm_module_t* module = wasm_module_new(store, &binary);
  CHECK(module != NULL);
  wasm_functype_t* type = wasm_functype_new_0_0();
  wasm_func_t* fail = wasm_func_new(store, type, Fail);
  wasm_functype_delete(type);
  wasm_extern_t* imports[] = {wasm_func_as_extern(fail)};
  wasm_extern_vec_t import_vec = WASM_ARRAY_VEC(imports);
  wasm_instance_t* instance = wasm_instance_new(store, module, &import_vec, NULL);
  CHECK(instance != NULL);
  wasm_extern_vec_t exports;
  wasm_instance_exports(instance, &exports);

  /* outer -> $div traps: innermost frame $div at its i32.div_s, then outer
   * at its call. */
  wasm_val_t results[1] = {WASM_INIT_VAL};
  wasm_val_vec_t result_vec = WASM_ARRAY_VEC(results);
  wasm_val_vec_t none = WASM_EMPTY_VEC;
  wasm_trap_t* trap = wasm_func_call(ExportedFunc(&exports, OUTER_EXPORT), &none, &result_vec);
  CHECK(trap != NULL);
  wasm_message_t message;
  wasm_trap_message(trap, &message);
  CHECK(strcmp(message.data, "integer divide by zero") == 0);
  wasm_byte_vec_delete(&message);
  wasm_frame_t* origin = wasm_trap_origin(trap);
  CHECK(origin != NULL);
  CheckFrame(origin, &binary, DIV_FUNC, OP_I32_DIV_S, instance);
  wasm_frame_t* origin_copy = wasm_frame_copy(origin);
  CHECK(wasm_frame_module_offset(origin_copy) == wasm_frame_module_offset(origin));
  CHECK(wasm_instance_same(wasm_frame_instance(origin_copy), instance));
  wasm_frame_delete(origin_copy);
  wasm_frame_vec_t trace;
  wasm_trap_trace(trap, &trace);
  CHECK(trace.size == 2);
  CheckFrame(trace.data[0], &binary, DIV_FUNC, OP_I32_DIV_S, instance);
  CHECK(wasm_frame_module_offset(trace.data[0]) == wasm_frame_module_offset(origin));
  CheckFrame(trace.data[1], &binary, OUTER_FUNC, OP_CALL, instance);
  wasm_frame_vec_delete(&trace);
  wasm_frame_delete(origin);
  /* A copy of a trap is the same trap and says the same. */
  wasm_trap_t* trap_copy = wasm_trap_copy(trap);
  CHECK(wasm_trap_same(trap, trap_copy));
  wasm_trap_delete(trap);
  CHECK(TrapSays(trap_copy, "integer divide by zero"));

  /* Called directly, $div is the only frame. */
  wasm_val_t args[] = {WASM_I32_VAL(7), WASM_I32_VAL(0)};
  wasm_val_vec_t arg_vec = WASM_ARRAY_VEC(args);
  trap = wasm_func_call(ExportedFunc(&exports, DIV_EXPORT), &arg_vec, &result_vec);
  CHECK(trap != NULL);
  wasm_trap_trace(trap, &trace);
  CHECK(trace.size == 1);
  CheckFrame(trace.data[0], &binary, DIV_FUNC, OP_I32_DIV_S, instance);
  wasm_frame_vec_delete(&trace);
  wasm_trap_delete(trap);
  /* ...and the same function without the trap still works. */
  CHECK(CallI32(ExportedFunc(&exports, DIV_EXPORT), 2, 7, 2) == 3);

  /* A host callback's trap: its message unchanged; the innermost wasm
   * frame is call_fail at its call of the import. */
  wasm_val_vec_t no_results = WASM_EMPTY_VEC;
  trap = wasm_func_call(ExportedFunc(&exports, CALL_FAIL_EXPORT), &none, &no_results);
  CHECK(trap != NULL);
  wasm_trap_message(trap, &message);
  CHECK(strcmp(message.data, "host says no") == 0);
  wasm_byte_vec_delete(&message);
  wasm_trap_trace(trap, &trace);
  CHECK(trace.size >= 1);
  const wasm_frame_t* wasm_frame = trace.data[trace.size - 1];
  CheckFrame(wasm_frame, &binary, CALL_FAIL_FUNC, OP_CALL, instance);
  wasm_frame_vec_delete(&trace);
  wasm_trap_delete(trap);

  /* A trap the host makes has a message and no frames. */
  wasm_message_t text;
  wasm_name_new_from_string_nt(&text, "made here");
  trap = wasm_trap_new(store, &text);
  wasm_byte_vec_delete(&text);
  CHECK(wasm_trap_origin(trap) == NULL);
  wasm_trap_trace(trap, &trace);
  CHECK(trace.size == 0);
  wasm_frame_vec_delete(&trace);
  CHECK(TrapSays(trap, "made here"));

  wasm_extern_vec_delete(&exports);
  wasm_instance_delete(instance);
  wasm_func_delete(fail);
  wasm_module_delete(module);
  wasm_byte_vec_delete(&binary);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
  printf("traps: ok\n");
  return 0;
}
