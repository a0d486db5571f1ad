;; Compares fused with the branch that consumes them (ir_ops.def
;; IR_CMP_BRANCH): br_if and if on a compare become one BrIf/BrUnless op,
;; with a constant right operand the Imm form; i32.eqz flips the branch;
;; `if (x & mask)` tests the and directly.
(module
  ;; br_if on a slot compare, in a loop: a backward BrIf.
  (func (export "count_up") (param $n i32) (result i32)
    (local $i i32)
    (loop $top
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $top (i32.lt_s (local.get $i) (local.get $n))))
    (local.get $i))
  ;; if on a compare with a constant: BrUnless...Imm jumps to the else arm.
  (func (export "clamp") (param $x i32) (result i32)
    (if (result i32) (i32.gt_u (local.get $x) (i32.const 100))
      (then (i32.const 100))
      (else (local.get $x))))
  ;; i32.eqz before br_if: a plain BrUnless on x, no eqz op.
  (func (export "zero_is_one") (param $x i32) (result i32)
    (block $b
      (br_if $b (i32.eqz (local.get $x)))
      (return (i32.const 0)))
    (i32.const 1))
  ;; if (x & 8): BrUnlessI32AndImm.
  (func (export "bit3") (param $x i32) (result i32)
    (if (result i32) (i32.and (local.get $x) (i32.const 8))
      (then (i32.const 1))
      (else (i32.const 0))))
  ;; f64 compare against a constant, and an i64 compare of two slots.
  (func (export "floats") (param $x f64) (param $a i64) (param $b i64) (result i32)
    (block $out
      (br_if $out (f64.lt (local.get $x) (f64.const 0.5)))
      (br_if $out (i64.ge_u (local.get $a) (local.get $b)))
      (return (i32.const 1)))
    (i32.const 0))
  ;; br_table: one target word per entry, each relative to itself.
  (func (export "pick") (param $i i32) (result i32)
    (block $c (block $b (block $a
      (br_table $a $b $c (local.get $i)))
      (return (i32.const 10)))
      (return (i32.const 20)))
    (i32.const 30)))
