;; Implicit types are appended in order of first use, after explicit ones,
;; from signatures, block types and call_indirect alike.
(module
  (type $last (func (param f64)))
  (table 1 funcref)
  (func $a (param i32) (result i64)
    (call_indirect (param f32) (result f32) (f32.const 1) (i32.const 0))
    drop
    (i64.const 5)
    (block (param i64) (result i64 i64) (i64.const 3))
    drop)
  (func $b (type $last))
  (func $c (param f64))
  (func $d (param f32) (result f32) (local.get 0))
  (func $e (result i32 i32)
    (f64.const 0) (block (type $last) (param f64) drop)
    (i32.const 1) (i32.const 2))
  (elem declare func $a $e)
  (func (export "refs") (result funcref)
    (ref.func $a))
)
