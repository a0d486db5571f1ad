;; State a call can leave behind: memory bytes and size, a global, a
;; table's elements and size, a dropped data segment.
(module
  (memory (export "memory") 16)
  (global $g (export "g") (mut i32) (i32.const 7))
  (table $t 2 funcref)
  (elem (i32.const 0) $secret_len)
  (data $d "seed")
  (func $secret_len (result i32) (i32.const 8))
  ;; Writes "TOPSECRT" at `addr` and messes with everything else.
  (func (export "dirty") (param $addr i32)
    (i64.store (local.get $addr) (i64.const 0x5452434553504f54))  ;; "TOPSECRT"
    (global.set $g (i32.const 99))
    (table.set $t (i32.const 0) (ref.null func))
    (drop (table.grow $t (ref.null func) (i32.const 3)))
    (drop (memory.grow (i32.const 2)))
    (i64.store (i32.const 1048580) (i64.const 0x5452434553504f54))  ;; in a grown page
    (data.drop $d))
  ;; How many 4-byte-aligned places in memory hold the secret.
  (func (export "count_secret") (result i32)
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
  (func (export "pages") (result i32) (memory.size))
  (func (export "table_size") (result i32) (table.size $t))
  (func (export "table_call") (result i32) (call_indirect (result i32) (i32.const 0)))
  ;; Traps unless segment $d is still there.
  (func (export "init_data") (memory.init $d (i32.const 100) (i32.const 0) (i32.const 4))))
