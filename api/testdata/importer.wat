;; Imports another instance's function and memory (api_test).
(module
  (import "lib" "double" (func $double (param i32) (result i32)))
  (import "lib" "memory" (memory 1))
  (func (export "quad") (param i32) (result i32)
    (call $double (call $double (local.get 0))))
  (func (export "peek") (result i32) (i32.load (i32.const 16))))
