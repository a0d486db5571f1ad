;; Host functions that use their Caller (api_test): read guest memory,
;; call the guest back, recurse through the host.
(module
  (import "env" "log" (func $log (param i32 i32)))
  (import "env" "reenter" (func $reenter (param i32) (result i32)))
  (memory (export "memory") 1)
  (global (export "tag") i32 (i32.const 77))
  (data (i32.const 8) "hello")
  (func (export "say") (call $log (i32.const 8) (i32.const 5)))
  (func (export "triple") (param i32) (result i32) (i32.mul (local.get 0) (i32.const 3)))
  ;; go(x) = reenter(x); the host answers go(x - 1) + 1 through the Caller
  ;; (0 for x = 0), so go(n) = n after n wasm->host->wasm round trips.
  (func $go (export "go") (param i32) (result i32) (call $reenter (local.get 0))))
