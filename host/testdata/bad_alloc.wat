;; An allocator that lies: weft_alloc(4) fails (returns 0), weft_alloc(2)
;; returns a block that runs past the end of memory; other sizes get 1024.
;; execute returns ptr 0xffffffff, len 2: a block whose end wraps 32 bits.
(module
  (memory (export "memory") 1)
  (data (i32.const 0) "{\"name\":\"bad_alloc\",\"version\":\"0\",\"description\":\"allocator misbehaves\"}")
  (func (export "weft_alloc") (param $n i32) (result i32)
    (if (i32.eq (local.get $n) (i32.const 4)) (then (return (i32.const 0))))
    (if (i32.eq (local.get $n) (i32.const 2)) (then (return (i32.const 65535))))
    (i32.const 1024))
  (func (export "weft_free") (param i32 i32))
  (func (export "meta") (result i64) (i64.const 0x47_00000000))  ;; 71 bytes at 0
  (func (export "execute") (param i32 i32) (result i64) (i64.const 0x2_ffffffff)))
