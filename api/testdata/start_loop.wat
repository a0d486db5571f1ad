;; Its start function never returns (start_budget_test: instantiation
;; budgets). It writes to memory first, so that it is seen to have run.
(module
  (memory (export "memory") 1)
  (func $start (export "spin")
    (i32.store (i32.const 0) (i32.const 1))
    (loop $l (br $l)))
  (start $start))
