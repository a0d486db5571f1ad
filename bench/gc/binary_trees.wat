;; binary-trees (the Benchmarks Game's allocation benchmark) with GC
;; structs: a stretch tree of depth n+1, a long-lived tree of depth n kept
;; across the run, and for each depth d = 4, 6, ..., n, 2^(n-d+4) trees of
;; depth d built, checked and dropped. Returns the sum of all checks plus
;; the long-lived tree's check (bench/gc_bench.cc verifies it).
(module
  (type $tree (struct (field $l (ref null $tree)) (field $r (ref null $tree))))

  (func $make (param $d i32) (result (ref $tree))
    (if (result (ref $tree)) (i32.eqz (local.get $d))
      (then (struct.new $tree (ref.null $tree) (ref.null $tree)))
      (else
        (struct.new $tree
          (call $make (i32.sub (local.get $d) (i32.const 1)))
          (call $make (i32.sub (local.get $d) (i32.const 1)))))))

  (func $check (param $t (ref $tree)) (result i32)
    (local $l (ref null $tree))
    (local.set $l (struct.get $tree $l (local.get $t)))
    (if (result i32) (ref.is_null (local.get $l))
      (then (i32.const 1))
      (else
        (i32.add (i32.const 1)
          (i32.add (call $check (ref.as_non_null (local.get $l)))
                   (call $check (ref.as_non_null (struct.get $tree $r (local.get $t)))))))))

  (func (export "run") (param $n i32) (result i32)
    (local $sum i32)
    (local $long (ref null $tree))
    (local $d i32)
    (local $i i32)
    (local $iters i32)
    (local.set $sum (call $check (call $make (i32.add (local.get $n) (i32.const 1)))))
    (local.set $long (call $make (local.get $n)))
    (local.set $d (i32.const 4))
    (block $done
      (loop $depths
        (br_if $done (i32.gt_s (local.get $d) (local.get $n)))
        (local.set $iters
          (i32.shl (i32.const 1)
                   (i32.add (i32.sub (local.get $n) (local.get $d)) (i32.const 4))))
        (local.set $i (i32.const 0))
        (block $next
          (loop $trees
            (br_if $next (i32.ge_s (local.get $i) (local.get $iters)))
            (local.set $sum (i32.add (local.get $sum) (call $check (call $make (local.get $d)))))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br $trees)))
        (local.set $d (i32.add (local.get $d) (i32.const 2)))
        (br $depths)))
    (i32.add (local.get $sum) (call $check (ref.as_non_null (local.get $long))))))
