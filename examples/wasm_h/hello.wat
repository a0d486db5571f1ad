;; The module examples/wasm_h/hello.c runs: it asks its host to log a
;; number, then returns twice that number.
(module
  (import "host" "log" (func $log (param i32)))
  (func (export "greet") (param i32) (result i32)
    (call $log (local.get 0))
    (i32.mul (local.get 0) (i32.const 2))))
