;; Programs that catch a compiler reading a local's slot after the local
;; changed: local.get emits no copy (interp/compiler.h), so each of these
;; overwrites a local while an earlier read of it is still on the stack.
(module
  ;; old x + (x + 1): the first read must see the old value.
  (func (export "get_then_set") (param $x i32) (result i32)
    (local.get $x)
    (local.set $x (i32.add (local.get $x) (i32.const 1)))
    (local.get $x)
    (i32.add))
  ;; Same through local.tee, with the producer fused into the local.
  (func (export "get_then_tee") (param $x i32) (result i32)
    (local.get $x)
    (local.tee $x (i32.mul (local.get $x) (i32.const 10)))
    (i32.sub))
  ;; Swap via the stack: both reads happen before both writes.
  (func (export "swap") (param $a i32) (param $b i32) (result i32 i32)
    (local.get $b) (local.get $a)
    (local.set $b) (local.set $a)
    (local.get $a) (local.get $b))
  ;; Results written to slots 0 and 1, which are the params read in reverse.
  (func (export "swap_return") (param $a i64) (param $b i64) (result i64 i64)
    (local.get $b) (local.get $a) (return))
  ;; A read carried into an if-merge, the local changed in one arm only.
  (func (export "merge") (param $x i32) (param $c i32) (result i32)
    (local.get $x)
    (if (result i32) (local.get $c)
      (then (local.set $x (i32.const 100)) (local.get $x))
      (else (local.get $x)))
    (i32.add))
  ;; A branch carrying a local's value out of a block, after which the local
  ;; is changed.
  (func (export "br_value") (param $x i32) (result i32)
    (block $b (result i32)
      (local.get $x)
      (br_if $b (i32.const 1))
      (drop)
      (i32.const -1))
    (local.set $x (i32.const 7))
    (local.get $x)
    (i32.add))
  ;; Loop counter compared in a fused compare-and-branch, both directions.
  (func (export "count") (param $n i32) (result i32) (local $i i32) (local $s i32)
    (block $done
      (loop $l
        (br_if $done (i32.ge_s (local.get $i) (local.get $n)))
        (local.set $s (i32.add (local.get $s) (local.get $i)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br_if $l (i32.lt_u (local.get $i) (i32.const 1000000)))))
    (local.get $s))
  ;; if on a fused compare, and on eqz.
  (func (export "sign") (param $x i64) (result i32)
    (if (result i32) (i64.lt_s (local.get $x) (i64.const 0))
      (then (i32.const -1))
      (else (if (result i32) (i64.eqz (local.get $x))
        (then (i32.const 0)) (else (i32.const 1))))))
  (func (export "is_zero") (param $x i32) (result i32)
    (if (result i32) (i32.eqz (local.get $x)) (then (i32.const 1)) (else (i32.const 0))))
  ;; Call arguments that are plain local reads, then the local changes.
  (func $sub (param i32 i32) (result i32) (i32.sub (local.get 0) (local.get 1)))
  (func (export "call_args") (param $x i32) (result i32)
    (local.get $x)
    (call $sub (local.get $x) (i32.const 1))
    (local.set $x (i32.const 0))
    (i32.add))
  ;; select with local operands.
  (func (export "max") (param $a i32) (param $b i32) (result i32)
    (select (local.get $a) (local.get $b) (i32.gt_s (local.get $a) (local.get $b))))
;; An `i32.add x, const` address folded into the access must still wrap at
  ;; 2^32 like the separate add: x = -4 gives address 4, not 2^32 + 4.
  (memory 1)
  (func (export "wrapped_load") (param $x i32) (result i32)
    (i32.store (i32.const 4) (i32.const 0x1234))
    (i32.load offset=0 (i32.add (local.get $x) (i32.const 8))))
  (func (export "wrapped_store") (param $x i32) (param $v i32) (result i32)
    (i32.store offset=4 (i32.add (local.get $x) (i32.const 8)) (local.get $v))
    (i32.load (i32.const 8)))
  ;; ... and still trap when the exact address is out of bounds.
  (func (export "folded_oob") (param $x i32) (result i32)
    (i32.load offset=16 (i32.add (local.get $x) (i32.const 65520))))
;; Two-operand address adds folded into the access wrap the same way.
  (func (export "indexed_load") (param $a i32) (param $b i32) (result i32)
    (i32.store (i32.const 4) (i32.const 0x4321))
    (i32.load (i32.add (local.get $a) (local.get $b))))
  (func (export "indexed_store") (param $a i32) (param $b i32) (param $v i32) (result i32)
    (i32.store offset=8 (i32.add (local.get $a) (local.get $b)) (local.get $v))
    (i32.load (i32.const 12)))
;; An and-mask consumed by if / br_if is fused into the branch.
  (func (export "mask_bits") (param $x i32) (param $m i32) (result i32)
    (i32.add
      (if (result i32) (i32.and (local.get $x) (i32.const 4))
        (then (i32.const 1)) (else (i32.const 0)))
      (block $b (result i32)
        (drop (br_if $b (i32.const 10) (i32.and (local.get $x) (local.get $m))))
        (i32.const 0))))
;; i32.shl by a constant feeding i32.add fuses (and into addresses).
  (func (export "add_shl") (param $a i32) (param $b i32) (result i32)
    (i32.add (local.get $a) (i32.shl (local.get $b) (i32.const 35))))
  (func (export "scaled_load") (param $a i32) (param $i i32) (result i32)
    (i32.store (i32.const 4) (i32.const 0x5678))
    (i32.load (i32.add (local.get $a) (i32.shl (local.get $i) (i32.const 2)))))
;; Constant values stored directly (with and without a folded address).
  (func (export "store_constants") (param $a i32) (param $b i32) (result i64)
    (i32.store (i32.add (local.get $a) (local.get $b)) (i32.const 7))
    (i64.store8 offset=5 (local.get $a) (i64.const 0x1ff))
    (f32.store offset=6 (i32.add (local.get $a) (i32.const 2)) (f32.const -0.0))
    (i64.load (local.get $a)))
;; A load feeding the right operand is fused into the arithmetic.
  (func (export "scale_loaded") (param $x f64) (param $p i32) (result f64)
    (f64.store offset=8 (local.get $p) (f64.const 2.5))
    (f64.mul (local.get $x) (f64.load offset=8 (local.get $p))))
  (func (export "sum_loaded") (param $a i32) (param $p i32) (result i32)
    (i32.store (local.get $p) (i32.const 40))
    (i32.add (local.get $a) (i32.load (local.get $p))))
  (func (export "add_loaded") (param $x f64) (param $p i32) (result f64)
    (f64.add (local.get $x) (f64.load (local.get $p))))
)
