;; No _start and no WASI: only --invoke makes sense.
(module
  (func (export "sub") (param i32 i32) (result i32)
    (i32.sub (local.get 0) (local.get 1))))
