;; Its start function never returns (limits_test: instantiation budgets).
;; "answer" shows that a later instantiation of a well-behaved module, on
;; the same Linker, still works.
(module
  (memory (export "memory") 1)
  (func $start (export "spin")
    (i32.store (i32.const 0) (i32.const 1))
    (loop $l (br $l)))
  (start $start))
