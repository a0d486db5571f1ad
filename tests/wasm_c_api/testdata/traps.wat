(module
  (func $fail (import "env" "fail"))
  (func $div (export "div") (param i32 i32) (result i32)
    (i32.div_s (local.get 0) (local.get 1)))
  (func (export "outer") (result i32)
    (call $div (i32.const 1) (i32.const 0)))
  (func (export "call_fail") (call $fail)))
