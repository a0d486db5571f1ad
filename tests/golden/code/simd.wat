;; v128 values take two slots; SIMD memory ops fold `i32.add x, const` into
;; k like scalar ones; pure ops are one handler with slot operands.
(module
  (memory 1)
  (func (export "add4") (param $p i32) (result i32)
    (v128.store offset=32 (local.get $p)
      (i32x4.add (v128.load (i32.add (local.get $p) (i32.const 16)))
                 (v128.const i32x4 1 2 3 4)))
    (i32x4.extract_lane 2 (v128.load offset=32 (local.get $p)))))
