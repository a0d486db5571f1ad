;; _start calls proc_exit with the i32 in memory at 0 (set by the data
;; segment to 300): the process exit status is 300 & 0xff = 44.
(module
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (memory (export "memory") 1)
  (data (i32.const 0) "\2c\01\00\00")
  (func (export "_start") (call $exit (i32.load (i32.const 0))) (unreachable)))
