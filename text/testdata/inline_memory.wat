(module
  (memory (export "m") (data "abc" "def"))
  (func (result i32) (i32.load16_s (i32.const 0))))
