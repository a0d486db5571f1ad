;; The guest module of the C embedding example (main.c).
(module
  (import "env" "host_mul" (func $mul (param i32 i32) (result i32)))
  (import "env" "host_check" (func $check (param i32) (result i32)))
  (memory (export "memory") 1)
  (global $calls (export "calls") (mut i32) (i32.const 0))

  ;; compute(x) = host_mul(x, x) + 1
  (func (export "compute") (param i32) (result i32)
    (global.set $calls (i32.add (global.get $calls) (i32.const 1)))
    (i32.add (call $mul (local.get 0) (local.get 0)) (i32.const 1)))
  (func (export "checked") (param i32) (result i32) (call $check (local.get 0)))
  (func $div (export "div") (param i32 i32) (result i32)
    (i32.div_u (local.get 0) (local.get 1)))
  (func (export "half") (param f64) (result f64) (f64.mul (local.get 0) (f64.const 0.5)))
  ;; Sum of the bytes in [p, p + n).
  (func (export "sum_bytes") (param $p i32) (param $n i32) (result i32)
    (local $s i32)
    (block $done
      (loop $l
        (br_if $done (i32.eqz (local.get $n)))
        (local.set $s (i32.add (local.get $s) (i32.load8_u (local.get $p))))
        (local.set $p (i32.add (local.get $p) (i32.const 1)))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (br $l)))
    (local.get $s))
  (func (export "spin") (loop $l (br $l))))
