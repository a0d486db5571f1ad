(module
  (global $in_const (import "env" "const") f32)
  (global $in_var (import "env" "var") (mut i64))
  (global $own_const (export "own_const") i32 (i32.const 7))
  (global $own_var (export "own_var") (mut i32) (i32.const 8))
  (func (export "get_in_const") (result f32) (global.get $in_const))
  (func (export "get_in_var") (result i64) (global.get $in_var))
  (func (export "set_in_var") (param i64) (global.set $in_var (local.get 0)))
  (func (export "get_own_var") (result i32) (global.get $own_var)))
