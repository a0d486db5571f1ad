;; Seed: numeric families, conversions, saturating truncation, sign
;; extension, and a few SIMD instructions.
(module
  (memory 1)
  (func (export "num") (param f64 i64) (result i32)
    (i32.add
      (i32.trunc_sat_f64_s (f64.sqrt (local.get 0)))
      (i32.wrap_i64 (i64.rotl (i64.extend32_s (local.get 1)) (i64.const 3)))))
  (func (export "floats") (param f32) (result f64)
    (f64.promote_f32 (f32.copysign (f32.nearest (local.get 0)) (f32.const -0.0))))
  (func (export "simd") (param i32) (result i32)
    (i32x4.extract_lane 2
      (i32x4.add
        (v128.load offset=16 (local.get 0))
        (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23
          (v128.const i32x4 1 2 3 4) (i32x4.splat (local.get 0)))))))
