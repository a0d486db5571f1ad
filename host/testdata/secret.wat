;; Isolation probe. Input "w": writes a secret into memory (twice, one copy
;; in a newly grown page) and a global. Input "r": reports whether any of
;; it is still visible, as "secret=N global=G pages=P".
(module
  (memory (export "memory") 2)
  (global $g (mut i32) (i32.const 0))
  (global $next (mut i32) (i32.const 1024))
  (data (i32.const 0) "{\"name\":\"secret\",\"version\":\"0\",\"description\":\"probe\"}")
  (func (export "weft_alloc") (param $n i32) (result i32)
    (local $p i32)
    (local.set $p (global.get $next))
    (global.set $next (i32.add (global.get $next) (i32.add (local.get $n) (i32.const 8))))
    (local.get $p))
  (func (export "weft_free") (param i32 i32))
  (func (export "meta") (result i64) (i64.const 0x35_00000000))
  (func $count (result i32)
    (local $a i32) (local $n i32)
    (block $done
      (loop $l
        (br_if $done (i32.gt_u (i32.add (local.get $a) (i32.const 8))
                               (i32.mul (memory.size) (i32.const 65536))))
        (if (i64.eq (i64.load (local.get $a)) (i64.const 0x5452434553504f54))
          (then (local.set $n (i32.add (local.get $n) (i32.const 1)))))
        (local.set $a (i32.add (local.get $a) (i32.const 4)))
        (br $l)))
    (local.get $n))
  ;; Writes "secret=N global=G pages=P" (single digits) at 512.
  (func (export "execute") (param $p i32) (param $len i32) (result i64)
    (if (i32.eq (i32.load8_u (local.get $p)) (i32.const 0x77))  ;; 'w'
      (then
        (i64.store (i32.const 40000) (i64.const 0x5452434553504f54))
        (drop (memory.grow (i32.const 1)))
        (i64.store (i32.const 131080) (i64.const 0x5452434553504f54))
        (global.set $g (i32.const 7))))
    (i64.store (i32.const 512) (i64.const 0x3d74657263657300))  ;; "\0secret="
    (i32.store8 (i32.const 512) (i32.const 0x20))
    (i32.store8 (i32.const 520) (i32.add (i32.const 48) (call $count)))
    (i64.store (i32.const 521) (i64.const 0x3d6c61626f6c6720))  ;; " global="
    (i32.store8 (i32.const 529) (i32.add (i32.const 48) (global.get $g)))
    (i64.store (i32.const 530) (i64.const 0x3d73656761702000))  ;; "\0 pages="
    (i32.store8 (i32.const 530) (i32.const 0x20))
    (i32.store8 (i32.const 538) (i32.add (i32.const 48) (memory.size)))
    (i64.const 0x1a_00000201)))  ;; 26 bytes at 513
