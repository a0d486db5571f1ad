;; SIMD immediates: v128.const shapes, lanes, shuffles, lane memargs.
(module
  (memory 1)
  (func (result v128)
    (drop (v128.const i8x16 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 255))
    (drop (v128.const i16x8 -1 2 3 4 5 6 7 65535))
    (drop (v128.const i64x2 1 -1))
    (drop (v128.const f32x4 1.0 -0.0 nan inf))
    (drop (v128.const f64x2 0x1p-1 3.25))
    (drop (i32x4.extract_lane 3 (v128.const i32x4 1 2 3 4)))
    (drop (v128.load offset=16 (i32.const 0)))
    (drop (v128.load8_lane 15 (i32.const 0) (v128.const i32x4 0 0 0 0)))
    (drop (v128.load32_lane offset=4 align=2 1 (i32.const 0) (v128.const i32x4 0 0 0 0)))
    (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
      (v128.const i32x4 1 2 3 4) (i32x4.splat (i32.const 9))))
)
