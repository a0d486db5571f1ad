;; WASI through the embedding API: prints its first argument to stdout,
;; echoes what it reads from a given fd back to it, exits with a code.
(module
  (import "wasi_snapshot_preview1" "args_sizes_get" (func $args_sizes (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "args_get" (func $args_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_read" (func $fd_read (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (memory (export "memory") 1)
  ;; argv[1] to stdout: argv pointers at 0, strings at 64; iovec at 1024.
  (func (export "print_arg") (result i32)
    (local $len i32)
    (drop (call $args_sizes (i32.const 1024) (i32.const 1028)))
    (drop (call $args_get (i32.const 0) (i32.const 64)))
    ;; length of argv[1] = argv[2] or end - argv[1] - 1; here: buf size - (argv[1] - 64) - 1
    (local.set $len (i32.sub (i32.sub (i32.load (i32.const 1028))
                                      (i32.sub (i32.load (i32.const 4)) (i32.const 64)))
                             (i32.const 1)))
    (i32.store (i32.const 1024) (i32.load (i32.const 4)))
    (i32.store (i32.const 1028) (local.get $len))
    (call $fd_write (i32.const 1) (i32.const 1024) (i32.const 1) (i32.const 1032)))
  ;; Reads up to 64 bytes from `fd` and writes them back to it; returns the errno.
  (func (export "echo") (param $fd i32) (result i32)
    (local $e i32)
    (i32.store (i32.const 1024) (i32.const 2048))
    (i32.store (i32.const 1028) (i32.const 64))
    (local.set $e (call $fd_read (local.get $fd) (i32.const 1024) (i32.const 1) (i32.const 1032)))
    (if (local.get $e) (then (return (local.get $e))))
    (i32.store (i32.const 1028) (i32.load (i32.const 1032)))
    (call $fd_write (local.get $fd) (i32.const 1024) (i32.const 1) (i32.const 1032)))
  (func (export "exit") (param i32) (call $proc_exit (local.get 0))))
