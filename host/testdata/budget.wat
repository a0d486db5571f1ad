;; Every export of the plugin ABI that a call runs (weft_alloc, execute,
;; weft_free) spends the same amount, so that no one of them exceeds a
;; call's budget but all of them together do. weft_alloc's size picks how:
;;   4 bytes: each export spins for 150 ms of monotonic time;
;;   5 bytes: each export burns 3,000,000+ units of fuel (6 per iteration);
;;   other sizes: nothing is spent.
;; execute echoes its input.
(module
  (import "wasi_snapshot_preview1" "clock_time_get"
    (func $clock_time_get (param i32 i64 i32) (result i32)))
  (memory (export "memory") 1)
  (global $next (mut i32) (i32.const 4096))
  (global $mode (mut i32) (i32.const 0))
  (data (i32.const 0) "{\"name\":\"budget\",\"version\":\"0\",\"description\":\"spends\"}")

  ;; Monotonic nanoseconds (scratch at 1024).
  (func $now (result i64)
    (drop (call $clock_time_get (i32.const 1) (i64.const 0) (i32.const 1024)))
    (i64.load (i32.const 1024)))

  (func $burn (param $n i32)
    (loop $l
      (local.set $n (i32.sub (local.get $n) (i32.const 1)))
      (br_if $l (local.get $n))))

  (func $spend
    (local $until i64)
    (if (i32.eq (global.get $mode) (i32.const 4))
      (then
        (local.set $until (i64.add (call $now) (i64.const 150000000)))
        (loop $l (br_if $l (i64.lt_u (call $now) (local.get $until))))))
    (if (i32.eq (global.get $mode) (i32.const 5))
      (then (call $burn (i32.const 500000)))))

  (func (export "weft_alloc") (param $n i32) (result i32)
    (local $p i32)
    (global.set $mode (local.get $n))
    (call $spend)
    (local.set $p (global.get $next))
    (global.set $next (i32.add (global.get $next) (i32.add (local.get $n) (i32.const 8))))
    (local.get $p))
  (func (export "weft_free") (param i32 i32) (call $spend))
  (func (export "meta") (result i64) (i64.const 0x36_00000000))
  (func (export "execute") (param $p i32) (param $len i32) (result i64)
    (call $spend)
    (i64.or (i64.extend_i32_u (local.get $p))
            (i64.shl (i64.extend_i32_u (local.get $len)) (i64.const 32)))))
