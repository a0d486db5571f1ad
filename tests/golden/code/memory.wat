;; Address folding (ir_ops.def IR_LOAD/IR_STORE): `i32.add x, const` before
;; an access becomes its k operand, `i32.add x, y` and `x + (y << s)` the
;; Idx forms; a constant stored value is an operand (Val forms); a load
;; feeding the right operand of an add/mul becomes the op's Mem form.
(module
  (memory 1)
  ;; p[4] with a memarg offset: k=16 and off=8.
  (func (export "field") (param $p i32) (result i32)
    (i32.load offset=8 (i32.add (local.get $p) (i32.const 16))))
  ;; base + (i << 3): one I32AddShl, folded into F64LoadIdx.
  (func (export "elem") (param $base i32) (param $i i32) (result f64)
    (f64.load (i32.add (local.get $base) (i32.shl (local.get $i) (i32.const 3)))))
  ;; Two-slot address into a store; a constant stored at a folded address.
  (func (export "stores") (param $p i32) (param $q i32) (param $v i64)
    (i64.store (i32.add (local.get $p) (local.get $q)) (local.get $v))
    (i32.store8 offset=1 (i32.add (local.get $p) (i32.const -4)) (i32.const 255)))
  ;; acc + a[i] * b[i]: the second load fuses into the multiply.
  (func (export "dot_step") (param $a i32) (param $b i32) (param $acc f64) (result f64)
    (f64.add (local.get $acc)
             (f64.mul (f64.load (local.get $a)) (f64.load (local.get $b)))))
  ;; memory.size / memory.grow / memory.fill keep their slot operands.
  (func (export "grow") (param $n i32) (result i32)
    (memory.fill (i32.const 0) (i32.const 0) (memory.size))
    (memory.grow (local.get $n))))
