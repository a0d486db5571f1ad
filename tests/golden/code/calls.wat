;; Calls (compiled_function.h): arguments are the caller's top operand
;; slots, materialized in place; the callee's frame starts at the first
;; (args=sN) and leaves its results there.
(module
  (import "env" "log" (func $log (param i32)))
  (type $binop (func (param i32 i32) (result i32)))
  (table 2 funcref)
  (elem (i32.const 0) $add $sub)
  (func $add (type $binop) (i32.add (local.get 0) (local.get 1)))
  (func $sub (type $binop) (i32.sub (local.get 0) (local.get 1)))
  ;; f(x) = add(x, sub(x, 1)) via a direct call and an indirect one.
  (func (export "f") (param $x i32) (param $which i32) (result i32)
    (call $log (local.get $x))
    (call $add (local.get $x)
      (call_indirect (type $binop) (local.get $x) (i32.const 1) (local.get $which))))
  ;; Recursion: fib.
  (func $fib (export "fib") (param $n i32) (result i32)
    (if (result i32) (i32.lt_u (local.get $n) (i32.const 2))
      (then (local.get $n))
      (else (i32.add (call $fib (i32.sub (local.get $n) (i32.const 1)))
                     (call $fib (i32.sub (local.get $n) (i32.const 2))))))))
