/* GC objects through weft.h: an array and a struct made by wasm are held
 * across a collection-heavy call, read and written from C, and passed
 * back; i31 values both ways. Exits 0 when every check passes. */
#include <stdio.h>
#include <string.h>

#include "api/c_tests/check.h"
#include "weft/weft.h"

static const char kGuest[] =
    "(module\n"
    "  (type $bytes (array (mut i8)))\n"
    "  (type $pair (struct (field (mut i32)) (field f64)))\n"
    "  (func (export \"bytes\") (param i32) (result (ref $bytes))\n"
    "    (array.new $bytes (i32.const 250) (local.get 0)))\n"
    "  (func (export \"pair\") (result (ref $pair))\n"
    "    (struct.new $pair (i32.const 7) (f64.const 2.5)))\n"
    "  (func (export \"sum\") (param (ref null $bytes)) (result i32)\n"
    "    (local $i i32) (local $s i32)\n"
    "    (block $d (loop $l\n"
    "      (br_if $d (i32.ge_u (local.get $i) (array.len (local.get 0))))\n"
    "      (local.set $s (i32.add (local.get $s)\n"
    "        (array.get_u $bytes (local.get 0) (local.get $i))))\n"
    "      (local.set $i (i32.add (local.get $i) (i32.const 1)))\n"
    "      (br $l)))\n"
    "    (local.get $s))\n"
    "  (func (export \"churn\") (param $n i32)\n"
    "    (block $d (loop $l\n"
    "      (br_if $d (i32.eqz (local.get $n)))\n"
    "      (drop (array.new_default $bytes (i32.const 4000)))\n"
    "      (local.set $n (i32.sub (local.get $n) (i32.const 1)))\n"
    "      (br $l))))\n"
    "  (func (export \"i31\") (param i31ref) (result i32) (i31.get_s (local.get 0))))\n";

static weft_val_t i32(int32_t v) {
  weft_val_t x;
  memset(&x, 0, sizeof x);
  x.kind = WEFT_I32;
  x.of.i32 = v;
  return x;
}

int main(void) {
  weft_engine_t* engine = weft_engine_new(NULL);
  weft_module_t* module = NULL;
  OK(weft_module_new(engine, (const uint8_t*)kGuest, sizeof(kGuest) - 1, &module));
  weft_linker_t* linker = weft_linker_new(engine);
  weft_instance_t* inst = NULL;
  OK(weft_instance_new(linker, module, NULL, &inst));

  weft_val_t arg = i32(4), res;
  OK(weft_instance_call(inst, "bytes", &arg, 1, &res, 1));
  CHECK(res.kind != WEFT_I32);
  weft_gcref_t* bytes = NULL;
  OK(weft_instance_gc_hold(inst, &res, &bytes));
  weft_val_t n = i32(2000); /* ~8 MB of garbage: several collections */
  OK(weft_instance_call(inst, "churn", &n, 1, NULL, 0));
  CHECK(weft_instance_gc_heap_bytes(inst) < (8u << 20));

  uint32_t len = 0;
  OK(weft_gcref_array_length(bytes, &len));
  CHECK(len == 4);
  weft_val_t e;
  OK(weft_gcref_get_element(bytes, 3, 0, &e));
  CHECK(e.kind == WEFT_I32 && e.of.i32 == 250);
  OK(weft_gcref_get_element(bytes, 3, 1, &e));
  CHECK(e.of.i32 == -6);
  weft_val_t one = i32(1);
  OK(weft_gcref_set_element(bytes, 0, &one));
  weft_val_t held = weft_gcref_value(bytes);
  CHECK(held.kind == WEFT_ANYREF);
  OK(weft_instance_call(inst, "sum", &held, 1, &res, 1));
  CHECK(res.of.i32 == 1 + 3 * 250);
  weft_error_t* err = weft_gcref_get_element(bytes, 4, 0, &e);
  CHECK(err != NULL);
  if (err) weft_error_delete(err);

  OK(weft_instance_call(inst, "pair", NULL, 0, &res, 1));
  weft_gcref_t* pair = NULL;
  OK(weft_instance_gc_hold(inst, &res, &pair));
  OK(weft_gcref_get_field(pair, 1, 0, &e));
  CHECK(e.kind == WEFT_F64 && e.of.f64 == 2.5);
  weft_val_t f = i32(9);
  err = weft_gcref_set_field(pair, 1, &f); /* immutable */
  CHECK(err != NULL);
  if (err) weft_error_delete(err);
  OK(weft_gcref_set_field(pair, 0, &f));
  OK(weft_gcref_get_field(pair, 0, 0, &e));
  CHECK(e.of.i32 == 9);

  weft_val_t small = weft_i31_new(-5);
  int32_t got = 0;
  CHECK(weft_i31_get(&small, 1, &got) == 0 && got == -5);
  OK(weft_instance_call(inst, "i31", &small, 1, &res, 1));
  CHECK(res.of.i32 == -5);
  CHECK(weft_i31_get(&one, 1, &got) == -1);

  weft_gcref_delete(bytes);
  weft_gcref_delete(pair);
  weft_instance_delete(inst);
  weft_linker_delete(linker);
  weft_module_delete(module);
  weft_engine_delete(engine);
  return failures == 0 ? 0 : 1;
}
