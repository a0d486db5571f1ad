;; A 4-byte input whose first letter selects a misbehaviour: "oob_"
;; returns a result block beyond its memory, "trap" traps, "loop" spins
;; forever; anything else is echoed back.
(module
  (memory (export "memory") 1)
  (global $next (mut i32) (i32.const 4096))
  (data (i32.const 0) "{\"name\":\"hostile\",\"version\":\"0\",\"description\":\"misbehaves\"}")
  (func (export "weft_alloc") (param $n i32) (result i32)
    (local $p i32)
    (local.set $p (global.get $next))
    (global.set $next (i32.add (global.get $next) (i32.add (local.get $n) (i32.const 8))))
    (local.get $p))
  (func (export "weft_free") (param i32 i32))
  (func (export "meta") (result i64) (i64.const 0x3b_00000000))
  (func $is (param $p i32) (param $len i32) (param $c i32) (result i32)
    (i32.and (i32.eq (local.get $len) (i32.const 4))
             (i32.eq (i32.load8_u (local.get $p)) (local.get $c))))
  (func (export "execute") (param $p i32) (param $len i32) (result i64)
    (if (call $is (local.get $p) (local.get $len) (i32.const 0x6f))  ;; "oob_"
      (then (return (i64.const 0x10_0000FFF8))))                      ;; len 16 at 65528
    (if (call $is (local.get $p) (local.get $len) (i32.const 0x74))  ;; "trap"
      (then unreachable))
    (if (call $is (local.get $p) (local.get $len) (i32.const 0x6c))  ;; "loop"
      (then (loop $l (br $l))))
    ;; echo: the input block itself
    (i64.or (i64.extend_i32_u (local.get $p))
            (i64.shl (i64.extend_i32_u (local.get $len)) (i64.const 32)))))
