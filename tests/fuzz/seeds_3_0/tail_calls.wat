;; Fuzz seed: tail calls direct, indirect and through references, mutual
;; recursion that only terminates through fuel or its counter.
(module
  (type $ii (func (param i32) (result i32)))
  (table $t 2 funcref)
  (elem (table $t) (i32.const 0) func $even $odd)
  (func $even (type $ii)
    (if (result i32) (i32.eqz (local.get 0)) (then (i32.const 1))
      (else (return_call $odd (i32.sub (local.get 0) (i32.const 1))))))
  (func $odd (type $ii)
    (if (result i32) (i32.eqz (local.get 0)) (then (i32.const 0))
      (else (return_call_indirect $t (type $ii)
              (i32.sub (local.get 0) (i32.const 1)) (i32.const 0)))))
  (func $via_ref (export "via_ref") (result i32)
    (return_call_ref $ii (i32.const 1001) (ref.func $even)))
  (func (export "even_10000") (result i32) (call $even (i32.const 10000)))
  (func $forever (export "forever") (return_call $forever))
  (elem declare func $even))
