;; A reactor: _initialize sets state that the exports use; "greet" writes
;; through WASI and returns fd_write's errno.
(module
  (import "wasi_snapshot_preview1" "fd_write"
    (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 16) "hi from reactor\n")
  (global $state (mut i32) (i32.const 0))
  (func (export "_initialize") (global.set $state (i32.const 42)))
  (func (export "state") (result i32) (global.get $state))
  (func (export "add") (param i32 i64) (result i64)
    (i64.add (i64.extend_i32_s (local.get 0)) (local.get 1)))
  (func (export "greet") (result i32)
    (i32.store (i32.const 0) (i32.const 16))
    (i32.store (i32.const 4) (i32.const 16))
    (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8))))
