;; WASI through the embedding API: files under a preopen (fd 3), the
;; environment, stdin. Paths are data at fixed offsets.
(module
  (import "wasi_snapshot_preview1" "path_open"
    (func $path_open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_read" (func $fd_read (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "environ_sizes_get"
    (func $environ_sizes (param i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 512) "in.txt")      ;; 6
  (data (i32.const 544) "new.txt")     ;; 7
  (data (i32.const 576) "../escape")   ;; 9
  ;; path_open(3, path at $p, $len): the new fd, or -errno. $create sets
  ;; O_CREAT; $write asks for fd_write, otherwise fd_read.
  (func (export "open") (param $p i32) (param $len i32) (param $create i32) (param $write i32)
                        (result i32)
    (local $e i32)
    (local.set $e (call $path_open (i32.const 3) (i32.const 0) (local.get $p) (local.get $len)
                    (local.get $create)
                    (if (result i64) (local.get $write) (then (i64.const 64)) (else (i64.const 2)))
                    (i64.const 0) (i32.const 0) (i32.const 1100)))
    (if (result i32) (local.get $e)
      (then (i32.sub (i32.const 0) (local.get $e)))
      (else (i32.load (i32.const 1100)))))
  ;; Reads up to 64 bytes from $from and writes them to $to: 0 or the errno.
  (func (export "copy") (param $from i32) (param $to i32) (result i32)
    (local $e i32)
    (i32.store (i32.const 1024) (i32.const 2048))
    (i32.store (i32.const 1028) (i32.const 64))
    (local.set $e (call $fd_read (local.get $from) (i32.const 1024) (i32.const 1) (i32.const 1032)))
    (if (local.get $e) (then (return (local.get $e))))
    (i32.store (i32.const 1028) (i32.load (i32.const 1032)))
    (call $fd_write (local.get $to) (i32.const 1024) (i32.const 1) (i32.const 1032)))
  ;; Writes "ok" to $fd: 0 or the errno.
  (func (export "write_ok") (param $fd i32) (result i32)
    (i32.store16 (i32.const 2048) (i32.const 0x6b6f))
    (i32.store (i32.const 1024) (i32.const 2048))
    (i32.store (i32.const 1028) (i32.const 2))
    (call $fd_write (local.get $fd) (i32.const 1024) (i32.const 1) (i32.const 1032)))
  ;; The number of environment entries the guest sees.
  (func (export "env_count") (result i32)
    (drop (call $environ_sizes (i32.const 1040) (i32.const 1044)))
    (i32.load (i32.const 1040))))
