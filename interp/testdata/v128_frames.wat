;; Frame layout with v128 values (two slots each) mixed with one-slot
;; values: locals, labels whose slots differ from where the branch values
;; sit, loop parameters, br_table, if/else, select, calls with mixed
;; arguments and results, globals, and locals zeroed on entry.
(module
  (global $g (mut v128) (v128.const i32x4 1 2 3 4))
  (memory 1)
  (data (i32.const 0) "\01\02\03\04\05\06\07\08\09\0a\0b\0c\0d\0e\0f\10")

  (func (export "label_moves") (param $c i32) (param $v v128) (result i32)
    (local $n i32) (local $w v128)
    (block $out (result v128 i32)
      (i32.const 99)
      (v128.const i32x4 5 6 7 8)
      (i32.const 1)
      (br_if $out (local.get $c))
      (drop) (drop) (drop)
      (local.get $v) (i32.const 2))
    (local.set $n)
    (local.set $w)
    (i32.add (i32x4.extract_lane 0 (local.get $w))
             (i32.mul (local.get $n) (i32.const 100))))

  (func (export "loop_params") (param $n i32) (result i32)
    (local $k i32) (local $acc v128)
    (v128.const i32x4 0 0 0 0)
    (local.get $n)
    (loop $l (param v128 i32) (result v128 i32)
      (local.set $k)
      (local.set $acc)
      (i32x4.replace_lane 0 (local.get $acc)
        (i32.add (i32x4.extract_lane 0 (local.get $acc)) (local.get $k)))
      (i32.sub (local.get $k) (i32.const 1))
      (local.tee $k)
      (br_if $l (local.get $k)))
    (drop)
    (i32x4.extract_lane 0))

  (func (export "table") (param $i i32) (result i32)
    (block $a (result v128)
      (block $b (result v128)
        (i64.const 5)
        (v128.const i32x4 10 20 30 40)
        (local.get $i)
        (br_table $a $b $a))
      (i32x4.replace_lane 1 (i32.const 21)))
    (i32x4.extract_lane 1))

  (func (export "choose") (param $c i32) (param $a v128) (param $b v128) (result v128)
    (if (result v128) (local.get $c) (then (local.get $a)) (else (local.get $b))))

  (func (export "select_v") (param $c i32) (param $a v128) (param $b v128) (result v128)
    (select (local.get $a) (local.get $b) (local.get $c)))

  (func $mix (param i32 v128 i64 v128) (result v128 i32 v128)
    (local.get 3) (local.get 0) (local.get 1))
  (func (export "call_mix") (result i32)
    (local $x v128) (local $y v128) (local $n i32)
    (call $mix (i32.const 7) (v128.const i32x4 100 0 0 0) (i64.const -1)
               (v128.const i32x4 0 2000 0 0))
    (local.set $y) (local.set $n) (local.set $x)
    (i32.add (i32.add (i32x4.extract_lane 1 (local.get $x)) (local.get $n))
             (i32x4.extract_lane 0 (local.get $y))))

  (func (export "old_value") (param $v v128) (result v128)
    (local.get $v)
    (local.set $v (v128.const i32x4 9 9 9 9)))

  (func (export "global_swap") (param $v v128) (result v128)
    (global.get $g)
    (global.set $g (local.get $v)))

  (func $dirty (result v128) (v128.const i64x2 -1 -1))
  (func $zeroed (result v128) (local v128) (local.get 0))
  (func (export "locals_zeroed") (result v128)
    (drop (call $dirty))
    (call $zeroed))
  ;; Lanes 0-15 from the first operand, 16-31 from the second.
  (func (export "shuffle") (param v128 v128) (result v128)
    (i8x16.shuffle 31 0 16 15 1 17 30 14 2 18 29 13 3 19 28 12
      (local.get 0) (local.get 1)))
  ;; The i32.add folds into the load: base + 16 must wrap in 32 bits.
  (func (export "load_added") (param $base i32) (result i32)
    (i32x4.extract_lane 0 (v128.load (i32.add (local.get $base) (i32.const 16))))))
