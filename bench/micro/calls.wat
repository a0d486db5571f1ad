;; Call overhead: each export runs `n` iterations of one kind of call.
(module
  (import "bench" "host_inc" (func $host_inc (param i32) (result i32)))
  (func $inc (param i32) (result i32) (i32.add (local.get 0) (i32.const 1)))
  (table funcref (elem $inc))
  (type $i2i (func (param i32) (result i32)))
  (func (export "wasm_to_wasm") (param $n i32) (result i32) (local $acc i32)
    (loop $l
      (local.set $acc (call $inc (local.get $acc)))
      (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
    (local.get $acc))
  (func (export "wasm_to_wasm_indirect") (param $n i32) (result i32) (local $acc i32)
    (loop $l
      (local.set $acc (call_indirect (type $i2i) (local.get $acc) (i32.const 0)))
      (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
    (local.get $acc))
  (func (export "wasm_to_host") (param $n i32) (result i32) (local $acc i32)
    (loop $l
      (local.set $acc (call $host_inc (local.get $acc)))
      (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
    (local.get $acc))
  ;; Called from the host once per iteration.
  (func (export "nop") (param i32) (result i32) (local.get 0))
  ;; Memory: sums n i32 words (wrapping at 64 KiB), then stores them back.
  (memory 1)
  (func (export "memory_sum") (param $n i32) (result i32) (local $acc i32) (local $p i32)
    (loop $l
      (local.set $acc (i32.add (local.get $acc) (i32.load (local.get $p))))
      (i32.store offset=4 (local.get $p) (local.get $acc))
      (local.set $p (i32.and (i32.add (local.get $p) (i32.const 4)) (i32.const 0xFFF8)))
      (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
    (local.get $acc))
  ;; A plain counting loop, for fuel on/off.
  (func (export "count") (param $n i32) (result i32) (local $acc i32)
    (loop $l
      (local.set $acc (i32.add (local.get $acc) (i32.xor (local.get $n) (i32.const 7))))
      (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
    (local.get $acc))
)
