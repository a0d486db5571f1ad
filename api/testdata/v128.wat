;; v128 values through the embedding API: arguments, results, host
;; functions and globals, mixed with one-slot values.
(module
  (import "env" "swap_halves" (func $swap (param v128) (result v128)))
  (global (export "g") (mut v128) (v128.const i32x4 1 2 3 4))
  (func (export "via_host") (param v128) (result v128)
    (call $swap (local.get 0)))
  (func (export "rotate") (param i32 v128 i64) (result i64 v128 i32)
    (local.get 2) (local.get 1) (local.get 0))
  (func (export "lane_sum") (param v128) (result i32)
    (i32.add (i32.add (i32x4.extract_lane 0 (local.get 0)) (i32x4.extract_lane 1 (local.get 0)))
             (i32.add (i32x4.extract_lane 2 (local.get 0)) (i32x4.extract_lane 3 (local.get 0))))))
