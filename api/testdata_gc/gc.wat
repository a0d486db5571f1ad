;; GC collector tests (api/gc_test.cc): lists of structs kept in locals,
;; on the operand stack, in globals and tables, in cycles, across deep
;; recursion; garbage churned to force collections.
(module
  (type $node (struct (field $v (mut i32)) (field $next (mut (ref null $node)))))
  (type $bytes (array (mut i8)))
  (type $longs (array (mut i64)))
  (type $pt (struct (field $x (mut f64)) (field $y i16) (field $z (mut i64))))
  (type $sum_t (func (param (ref null $node)) (result i32)))
  (global $g (mut (ref null $node)) (ref.null $node))
  ;; Function references in a table, a global and an exception payload
  ;; sit beside GC values: the collector must never trace them.
  (table $ft 1 funcref)
  (elem (table $ft) (i32.const 0) func $sum)
  (global $fg funcref (ref.func $sum))
  (table $t 4 (ref null $node))

  ;; A list n, n-1, ..., 1 (head first).
  (func $list (export "list") (param $n i32) (result (ref null $node))
    (local $h (ref null $node))
    (block $done
      (loop $l
        (br_if $done (i32.eqz (local.get $n)))
        (local.set $h (struct.new $node (local.get $n) (local.get $h)))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (br $l)))
    (local.get $h))

  (func $sum (export "sum") (param $h (ref null $node)) (result i32)
    (local $s i32)
    (block $done
      (loop $l
        (br_if $done (ref.is_null (local.get $h)))
        (local.set $s (i32.add (local.get $s) (struct.get $node $v (local.get $h))))
        (local.set $h (struct.get $node $next (local.get $h)))
        (br $l)))
    (local.get $s))

  ;; n arrays of `size` bytes, all garbage at once.
  (func $churn (export "churn") (param $n i32) (param $size i32)
    (block $done
      (loop $l
        (br_if $done (i32.eqz (local.get $n)))
        (drop (array.new_default $bytes (local.get $size)))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (br $l))))

  (func (export "keep_in_global") (param $n i32)
    (global.set $g (call $list (local.get $n))))
  (func (export "sum_global") (result i32) (call $sum (global.get $g)))
  (func (export "keep_in_table") (param $n i32)
    (table.set $t (i32.const 1) (call $list (local.get $n))))
  (func (export "sum_table") (result i32) (call $sum (table.get $t (i32.const 1))))
  (func (export "clear_roots")
    (global.set $g (ref.null $node))
    (table.set $t (i32.const 1) (ref.null $node)))

  ;; n two-node cycles, dropped.
  (func (export "cycles") (param $n i32)
    (local $a (ref null $node))
    (local $b (ref null $node))
    (block $done
      (loop $l
        (br_if $done (i32.eqz (local.get $n)))
        (local.set $a (struct.new $node (i32.const 1) (ref.null $node)))
        (local.set $b (struct.new $node (i32.const 2) (local.get $a)))
        (struct.set $node $next (local.get $a) (local.get $b))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (br $l))))

  ;; Each level keeps a node in a local and one on the operand stack while
  ;; the deeper levels (and the churn after them) collect; returns how many
  ;; levels found both intact.
  (func $deep (export "deep") (param $d i32) (result i32)
    (local $mine (ref null $node))
    (local $ok i32)
    (local.set $mine (struct.new $node (local.get $d) (call $list (i32.const 3))))
    (if (local.get $d)
      (then (local.set $ok (call $deep (i32.sub (local.get $d) (i32.const 1))))))
    (struct.new $node (i32.add (local.get $d) (i32.const 1000)) (ref.null $node))
    (call $churn (i32.const 200) (i32.const 1000))
    (struct.get $node $v)
    (i32.eq (i32.add (local.get $d) (i32.const 1000)))
    (i32.and (i32.eq (struct.get $node $v (local.get $mine)) (local.get $d)))
    (i32.and (i32.eq (call $sum (struct.get $node $next (local.get $mine))) (i32.const 6)))
    (i32.add (local.get $ok)))

  ;; Allocates n nodes kept alive in one list: the heap limit's test.
  (func (export "grow") (param $n i32) (result i32)
    (call $sum (call $list (local.get $n))))

  ;; A long allocation-heavy loop whose live data stays small: a 64-node
  ;; window of a list is kept, everything older becomes garbage.
  (func (export "stress") (param $n i32) (result i32)
    (local $h (ref null $node))
    (local $i i32)
    (block $done
      (loop $l
        (br_if $done (i32.eq (local.get $i) (local.get $n)))
        (local.set $h (struct.new $node (local.get $i) (local.get $h)))
        (if (i32.eqz (i32.and (local.get $i) (i32.const 63)))
          (then (local.set $h (struct.new $node (local.get $i) (ref.null $node)))))
        (drop (array.new_default $longs (i32.const 16)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $l)))
    (struct.get $node $v (local.get $h)))

  (func (export "funcrefs_survive") (result i32)
    (call $churn (i32.const 3000) (i32.const 1000))
    (i32.add
      (call_indirect $ft (type $sum_t) (call $list (i32.const 3)) (i32.const 0))
      (call_ref $sum_t (call $list (i32.const 2))
                (ref.cast (ref $sum_t) (global.get $fg)))))

  ;; A chain whose every node is allocated right after the call that made
  ;; its tail: the tail, a call result, is an operand of the allocation.
  (func $chain (param $d i32) (result (ref null $node))
    (if (result (ref null $node)) (i32.eqz (local.get $d))
      (then (ref.null $node))
      (else (struct.new $node (local.get $d)
                            (call $chain (i32.sub (local.get $d) (i32.const 1)))))))
  (func (export "chains") (param $n i32) (result i32)
    (local $s i32)
    (block $done
      (loop $l
        (br_if $done (i32.eqz (local.get $n)))
        (local.set $s (i32.add (local.get $s) (call $sum (call $chain (i32.const 100)))))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (br $l)))
    (local.get $s))

  (func (export "make_point") (result (ref $pt))
    (struct.new $pt (f64.const 1.5) (i32.const -2) (i64.const 7)))
  (func (export "point_x") (param $p (ref null $pt)) (result f64)
    (struct.get $pt $x (local.get $p)))
  (func (export "make_bytes") (param $n i32) (result (ref $bytes))
    (array.new $bytes (i32.const 200) (local.get $n)))
  (func (export "bytes_sum") (param $a (ref null $bytes)) (result i32)
    (local $i i32) (local $s i32)
    (block $done
      (loop $l
        (br_if $done (i32.ge_u (local.get $i) (array.len (local.get $a))))
        (local.set $s (i32.add (local.get $s) (array.get_u $bytes (local.get $a) (local.get $i))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $l)))
    (local.get $s))
  (func (export "i31_neg") (param $r (ref null i31)) (result i32)
    (i32.sub (i32.const 0) (i31.get_s (local.get $r))))
)
