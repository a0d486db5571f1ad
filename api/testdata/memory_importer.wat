;; Shares another instance's memory (pristine_test: such state cannot be reset).
(module
  (import "a" "memory" (memory 1))
  (func (export "peek") (result i32) (i32.load (i32.const 0))))
