(module
  (import "m" "f" (func (param i32 i64) (result f64)))
  (import "m" "g" (global (mut f32)))
  (import "m" "t" (table 1 5 funcref))
  (func (export "f2") (param f32) (result i32 i32) (i32.const 1) (i32.const 2))
  (global (export "g2") i64 (i64.const 3))
  (table (export "t2") 3 externref)
  (memory (export "mem2") 1 4))
