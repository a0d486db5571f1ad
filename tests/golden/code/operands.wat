;; Operand placement (compiler.h): local.get emits nothing (its consumer
;; reads the local's slot), a result goes straight into the local of a
;; following local.set/local.tee or into slot 0 for a return, a constant
;; right operand becomes an Imm op, and reinterprets emit nothing.
(module
  ;; (a + b) * 3 - c: reads locals in place; Imm for the constant.
  (func (export "mix") (param $a i32) (param $b i32) (param $c i32) (result i32)
    (i32.sub (i32.mul (i32.add (local.get $a) (local.get $b)) (i32.const 3))
             (local.get $c)))
  ;; The add writes $t itself; the tee'd value is then read from $t.
  (func (export "tee") (param $x i64) (result i64)
    (local $t i64)
    (local.set $t (i64.add (local.get $x) (i64.const -1)))
    (i64.mul (local.tee $t (i64.shl (local.get $t) (i64.const 2)))
             (local.get $t)))
  ;; A local read, then that local overwritten: the read is copied first.
  (func (export "get_then_set") (param $x i32) (result i32)
    (local.get $x)
    (local.set $x (i32.const 7))
    (local.get $x)
    (i32.add))
  ;; Floats: an Imm f64 op; reinterpret emits nothing.
  (func (export "scale") (param $x f64) (result i64)
    (i64.reinterpret_f64 (f64.mul (local.get $x) (f64.const 1.5))))
  ;; select and a global.
  (global $g (mut i32) (i32.const 0))
  (func (export "sel") (param $a i32) (param $b i32) (result i32)
    (global.set $g (select (local.get $a) (local.get $b) (global.get $g)))
    (global.get $g)))
