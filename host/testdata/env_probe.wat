;; Calls env.fs_check / env.net_dial with hostile pointers and lengths and
;; returns the eight i32 results (little endian) in this order:
;;   fs_check(0xfffffff0, 32)    pointer beyond memory        -21 EFAULT
;;   fs_check(65530, 16)         block crossing memory's end  -21 EFAULT
;;   fs_check(100, -1)           negative length              -28 EINVAL
;;   fs_check(100, 5000)         longer than 4096             -37 ENAMETOOLONG
;;   fs_check(100, 7)            "/data/\ff": not UTF-8       -25 EILSEQ
;;   net_dial(0xfffffff0, 4, 80) pointer beyond memory        -21 EFAULT
;;   net_dial(200, 1, 80)        "\ff": not UTF-8             -28 EINVAL
;;   net_dial(300, 9, 80)        "127.0.0.1", not granted     -76 ENOTCAPABLE
(module
  (import "env" "fs_check" (func $fs_check (param i32 i32) (result i32)))
  (import "env" "net_dial" (func $net_dial (param i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 0) "{\"name\":\"env_probe\",\"version\":\"0\",\"description\":\"probe\"}")
  (data (i32.const 100) "/data/\ff")
  (data (i32.const 200) "\ff")
  (data (i32.const 300) "127.0.0.1")
  (func (export "weft_alloc") (param i32) (result i32) (i32.const 4096))
  (func (export "weft_free") (param i32 i32))
  (func (export "meta") (result i64) (i64.const 0x38_00000000))  ;; 56 bytes at 0
  (func (export "execute") (param i32 i32) (result i64)
    (i32.store (i32.const 1024) (call $fs_check (i32.const 0xfffffff0) (i32.const 32)))
    (i32.store (i32.const 1028) (call $fs_check (i32.const 65530) (i32.const 16)))
    (i32.store (i32.const 1032) (call $fs_check (i32.const 100) (i32.const -1)))
    (i32.store (i32.const 1036) (call $fs_check (i32.const 100) (i32.const 5000)))
    (i32.store (i32.const 1040) (call $fs_check (i32.const 100) (i32.const 7)))
    (i32.store (i32.const 1044) (call $net_dial (i32.const 0xfffffff0) (i32.const 4) (i32.const 80)))
    (i32.store (i32.const 1048) (call $net_dial (i32.const 200) (i32.const 1) (i32.const 80)))
    (i32.store (i32.const 1052) (call $net_dial (i32.const 300) (i32.const 9) (i32.const 80)))
    (i64.const 0x20_00000400)))  ;; 32 bytes at 1024
