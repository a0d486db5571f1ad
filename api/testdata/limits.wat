;; Module for limits_test: fuel, interruption, call depth.
(module
  (memory (export "memory") 1)
  (global $g (export "g") (mut i32) (i32.const 7))

  (func (export "add") (param i32 i32) (result i32)
    (i32.add (local.get 0) (local.get 1)))

  (func (export "spin") (loop $l (br $l)))

  ;; Leaves visible state behind, then never returns.
  (func $spin_after_writes (export "spin_after_writes")
    (i32.store (i32.const 0) (i32.const 1234))
    (global.set $g (i32.const 99))
    (loop $l (br $l)))

  ;; sum(n) = 0 + 1 + ... + (n-1). Fuel (one unit per executed instruction):
  ;;   entry: block, loop                                        =  2
  ;;   each iteration: local.get local.get i32.ge_u br_if
  ;;     local.get local.get i32.add local.set
  ;;     local.get i32.const i32.add local.set br                = 13
  ;;   exit: local.get local.get i32.ge_u br_if (taken)          =  4
  ;;         local.get end                                       =  2
  ;; total 13 n + 8.
  (func (export "sum") (param $n i32) (result i32)
    (local $i i32) (local $acc i32)
    (block $done
      (loop $l
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $acc (i32.add (local.get $acc) (local.get $i)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $l)))
    (local.get $acc))

  ;; recurse(n) nests n + 1 frames.
  (func $recurse (export "recurse") (param i32) (result i32)
    (if (result i32) (i32.eqz (local.get 0))
      (then (i32.const 0))
      (else (i32.add (call $recurse (i32.sub (local.get 0) (i32.const 1)))
                     (i32.const 1)))))

  ;; Never ends on its own; many locals make each frame large.
  (func $forever (export "forever") (param i32) (result i32)
    (local i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64)
    (i32.add (call $forever (local.get 0)) (i32.const 1)))
)
