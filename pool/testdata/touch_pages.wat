;; 1 MiB of memory (16 pages); `touch` writes one byte in each of the
;; first n 4 KiB pages (what a small call typically dirties).
(module
  (memory (export "memory") 16)
  (func (export "touch") (param $n i32)
    (local $i i32)
    (block $done
      (loop $l
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (i32.store8 (i32.mul (local.get $i) (i32.const 4096)) (i32.const 1))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $l))))
  (func (export "noop")))
