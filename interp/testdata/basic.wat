(module
  (memory 1 4)
  (table 4 funcref)
  (global $g (mut i32) (i32.const 10))
  (type $ii (func (param i32) (result i32)))
  (elem (i32.const 0) $inc $dbl)
  (data (i32.const 16) "\01\02\03\04")

  (func $inc (type $ii) (i32.add (local.get 0) (i32.const 1)))
  (func $dbl (type $ii) (i32.mul (local.get 0) (i32.const 2)))
  (func $other (param i64) (result i64) (local.get 0))

  (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))
  (func (export "div_s") (param i32 i32) (result i32) (i32.div_s (local.get 0) (local.get 1)))
  (func (export "rem_s64") (param i64 i64) (result i64) (i64.rem_s (local.get 0) (local.get 1)))
  (func (export "trunc") (param f64) (result i32) (i32.trunc_f64_s (local.get 0)))
  (func (export "trunc_sat") (param f64) (result i32) (i32.trunc_sat_f64_u (local.get 0)))
  (func (export "fmin") (param f32 f32) (result f32) (f32.min (local.get 0) (local.get 1)))
  (func (export "unreachable") (unreachable))

  (func $fib (export "fib") (param i32) (result i32)
    (if (result i32) (i32.lt_u (local.get 0) (i32.const 2))
      (then (local.get 0))
      (else (i32.add (call $fib (i32.sub (local.get 0) (i32.const 1)))
                     (call $fib (i32.sub (local.get 0) (i32.const 2)))))))

  ;; sum 0..n-1 with a loop
  (func (export "sum") (param $n i32) (result i64) (local $i i32) (local $acc i64)
    (block $done
      (loop $l
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $acc (i64.add (local.get $acc) (i64.extend_i32_u (local.get $i))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $l)))
    (local.get $acc))

  (func (export "spin") (loop $l (br $l)))
  (func $deep (export "deep") (param i32) (result i32)
    (i32.add (call $deep (i32.add (local.get 0) (i32.const 1))) (i32.const 1)))

  (func (export "load") (param i32) (result i32) (i32.load offset=0 (local.get 0)))
  (func (export "load8_s") (param i32) (result i32) (i32.load8_s offset=16 (local.get 0)))
  (func (export "store_load") (param i32 i64) (result i64)
    (i64.store offset=8 (local.get 0) (local.get 1))
    (i64.load offset=8 (local.get 0)))
  (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
  (func (export "size") (result i32) (memory.size))
  (func (export "fill_copy") (result i32)
    (memory.fill (i32.const 100) (i32.const 7) (i32.const 4))
    (memory.copy (i32.const 102) (i32.const 16) (i32.const 4))
    (i32.load (i32.const 100)))
  (func (export "fill_oob") (memory.fill (i32.const 65535) (i32.const 0) (i32.const 2)))

  (func (export "call_ind") (param i32 i32) (result i32)
    (call_indirect (type $ii) (local.get 1) (local.get 0)))
  (func (export "call_ind_bad") (result i64)
    (call_indirect (param i64) (result i64) (i64.const 1) (i32.const 0)))

  (func (export "br_table") (param i32) (result i32)
    (block $c (block $b (block $a
      (br_table $a $b $c (local.get 0)))
      (return (i32.const 100)))
      (return (i32.const 101)))
    (i32.const 102))

  (func (export "br_table_val") (param i32) (result i32)
    (block $x (result i32)
      (block $y (result i32)
        (br_table $x $y (i32.const 7) (local.get 0)))
      (i32.const 1000) (i32.add)))

  (func $swap (param i32 i32) (result i32 i32) (local.get 1) (local.get 0))
  (func (export "multi") (result i32)
    (call $swap (i32.const 3) (i32.const 10))
    (i32.sub))
  (func (export "block_multi") (result i32)
    (block (result i32 i32) (i32.const 5) (i32.const 6) (br 0))
    (i32.mul))

  (func (export "global") (result i32)
    (global.set $g (i32.add (global.get $g) (i32.const 5)))
    (global.get $g))
  (func (export "select") (param i32) (result i32)
    (select (i32.const 1) (i32.const 2) (local.get 0)))

  (func (export "tables") (result i32)
    (drop (table.grow 0 (ref.func $inc) (i32.const 2)))
    (table.fill 0 (i32.const 4) (ref.null func) (i32.const 1))
    (i32.add (table.size 0)
      (i32.add (ref.is_null (table.get 0 (i32.const 4)))
               (ref.is_null (table.get 0 (i32.const 5))))))
  (func (export "table_oob") (drop (table.get 0 (i32.const 100))))

  (func (export "tee_loop") (param i32) (result i32) (local i32)
    (loop $l
      (local.set 1 (i32.add (local.get 1) (local.get 0)))
      (br_if $l (local.tee 0 (i32.sub (local.get 0) (i32.const 1)))))
    (local.get 1))
)
