;; Seed: v128 values in locals, globals, blocks, calls and memory, with
;; lane access, shuffles, integer and float lane arithmetic, conversions
;; and the boolean reductions.
(module
  (memory 1)
  (global $g (mut v128) (v128.const i64x2 -1 7))
  (func $mix (param v128 i32 v128) (result v128 i32)
    (i16x8.add_sat_s (local.get 0) (local.get 2))
    (i32.add (local.get 1) (i8x16.bitmask (local.get 0))))
  (func (export "lanes") (param i32 f32) (result i32)
    (local $v v128)
    (local.set $v (f32x4.replace_lane 3 (v128.load offset=8 (local.get 0)) (local.get 1)))
    (v128.store (i32.const 32) (i8x16.swizzle (local.get $v) (global.get $g)))
    (v128.store16_lane 5 (i32.const 64) (local.get $v))
    (block $b (result v128 i32)
      (call $mix (local.get $v) (local.get 0) (v128.load32_zero (i32.const 4)))
      (br_if $b (local.get 0))
      (drop)
      (i32.const 1))
    (drop)
    (i32x4.all_true))
  (func (export "floats") (param f64) (result i32)
    (local $a v128)
    (local.set $a (f64x2.splat (local.get 0)))
    (v128.any_true
      (v128.xor
        (f32x4.pmin
          (i32x4.trunc_sat_f64x2_s_zero
            (f64x2.nearest (f64x2.div (local.get $a) (f64x2.sqrt (local.get $a)))))
          (f32x4.demote_f64x2_zero
            (f64x2.promote_low_f32x4 (f32x4.convert_i32x4_u (local.get $a)))))
        (i32x4.dot_i16x8_s
          (i16x8.narrow_i32x4_s (local.get $a)
                                (i32x4.extmul_low_i16x8_u (local.get $a) (local.get $a)))
          (local.get $a))))))
