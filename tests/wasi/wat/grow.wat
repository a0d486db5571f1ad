;; _start grows memory by 20 pages: exit 3 if refused, 4 if granted (so
;; --max-memory 1MiB, i.e. 16 pages, gives 3).
(module
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (memory (export "memory") 1)
  (func (export "_start")
    (if (i32.eq (memory.grow (i32.const 20)) (i32.const -1))
      (then (call $exit (i32.const 3))))
    (call $exit (i32.const 4))))
