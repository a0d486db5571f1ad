;; Fuzz seed: typed function references, non-nullable locals, call_ref,
;; br_on_null / br_on_non_null, ref.as_non_null on null (traps), extended
;; constant expressions.
(module
  (type $f (func (param i32) (result i32)))
  (global $base i32 (i32.const 40))
  (global $sum i32 (i32.add (global.get $base) (i32.mul (i32.const 1) (i32.const 2))))
  (table $t 1 (ref null $f))
  (func $inc (type $f) (i32.add (local.get 0) (i32.const 1)))
  (elem declare func $inc)
  (func (export "call_ref") (result i32)
    (local $r (ref $f))
    (local.set $r (ref.func $inc))
    (call_ref $f (global.get $sum) (local.get $r)))
  (func (export "on_null") (result i32)
    (block $null
      (return (call_ref $f (i32.const 1) (br_on_null $null (table.get $t (i32.const 0))))))
    (i32.const -1))
  (func (export "on_non_null") (result i32)
    (block $some (result (ref $f))
      (br_on_non_null $some (ref.func $inc))
      (return (i32.const -1)))
    (drop) (i32.const 2))
  (func (export "as_non_null") (result i32)
    (call_ref $f (i32.const 0) (ref.as_non_null (table.get $t (i32.const 0))))))
