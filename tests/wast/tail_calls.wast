;; Tail calls across instances and into host functions (weft's own cases;
;; the spec's return_call*.wast files cover calls within one module).
(module $A
  (func (export "add3") (param i32 i32 i32) (result i32)
    (i32.add (local.get 0) (i32.add (local.get 1) (local.get 2))))
  (memory (export "mem") 1)
  (func (export "load") (param i32) (result i32) (i32.load (local.get 0))))
(register "A" $A)

(module $B
  (import "A" "add3" (func $add3 (param i32 i32 i32) (result i32)))
  (import "A" "load" (func $load (param i32) (result i32)))
  (import "spectest" "print_i32" (func $print (param i32)))
  (import "spectest" "global_i32" (global $g i32))
  (memory 1)
  (data (i32.const 0) "\2a\00\00\00")
  ;; Into another instance: its memory, not ours, is used after the call.
  (func (export "cross") (param i32) (result i32)
    (return_call $add3 (local.get 0) (i32.const 1) (i32.const 2)))
  (func (export "cross_memory") (result i32)
    (return_call $load (i32.const 0)))
  ;; Into a host function, which then returns for us.
  (func (export "to_host") (param i32)
    (return_call $print (local.get 0)))
  ;; Our own memory is still ours after a cross-instance tail call returns.
  (func $mine (result i32) (i32.load (i32.const 0)))
  (func (export "after_cross") (result i32)
    (i32.add (call $cross_then_mine) (call $mine)))
  (func $cross_then_mine (result i32)
    (return_call $load (i32.const 4)))
  (table funcref (elem $add3))
  (type $t3 (func (param i32 i32 i32) (result i32)))
  (func (export "cross_indirect") (result i32)
    (return_call_indirect (type $t3) (i32.const 1) (i32.const 2) (i32.const 3) (i32.const 0))))

(assert_return (invoke $B "cross" (i32.const 10)) (i32.const 13))
(assert_return (invoke $B "cross_memory") (i32.const 0))
(assert_return (invoke $B "to_host" (i32.const 5)))
(assert_return (invoke $B "after_cross") (i32.const 42))
(assert_return (invoke $B "cross_indirect") (i32.const 6))

;; Validation: the callee's results must be the caller's.
(assert_invalid
  (module (func $f (result i64) (i64.const 0))
          (func (result i32) (return_call $f)))
  "type mismatch")
(assert_invalid
  (module (type $t (func (result i64)))
          (table 1 funcref)
          (func (result i32) (return_call_indirect (type $t) (i32.const 0))))
  "type mismatch")
;; What follows a tail call is unreachable (stack-polymorphic).
(module (func $f (result i32) (i32.const 1))
        (func (result i32) (return_call $f) (i64.const 0) (drop)))
