;; Types, functions, named params/locals, plain and folded instructions.
(module $m
  (type $binop (func (param i32 i32) (result i32)))
  (type (func))
  (func $add (type $binop) (local.get 0) (local.get 1) (i32.add))
  (func $sub (param $a i32) (param $b i32) (result i32)
    local.get $a
    local.get $b
    i32.sub)
  (func $locals (param i64) (result i64) (local $x i32) (local f32 f32) (local i32)
    (local.set $x (i32.const -1))
    (local.set 2 (f32.const 1.5))
    (local.set 3 (f32.const -0x1p-3))
    (i64.add (local.get 0) (i64.const 0x7fff_ffff_ffff_ffff)))
  (func $floats (result f64)
    (drop (f32.const nan:0x200000))
    (drop (f32.const -inf))
    (f64.mul (f64.const 6.02e23) (f64.const -0x1.8p+1)))
  (func $calls (result i32)
    (call $add (i32.const 1) (call $sub (i32.const 5) (i32.const 3))))
  (func (export "main") (result i32)
    call $calls
    i32.const 2147483647
    i32.const -2147483648
    i32.xor
    i32.and
    i32.eqz
    i32.extend8_s)
)
