;; GC seed: rec groups and subtypes, structs with packed and reference
;; fields, arrays, i31, casts, br_on_cast, extern conversion, and enough
;; allocation to collect.
(module
  (rec
    (type $node (sub (struct (field $v (mut i32)) (field $next (mut (ref null $node))))))
    (type $leaf (sub final $node (struct (field $v (mut i32)) (field $next (mut (ref null $node)))
                                         (field $tag i8)))))
  (type $bytes (array (mut i8)))
  (type $refs (array (mut anyref)))
  (global $g (mut anyref) (ref.i31 (i32.const 5)))
  (table $t 2 anyref)

  (func $list (export "list") (param $n i32) (result (ref null $node))
    (local $h (ref null $node))
    (block $done
      (loop $l
        (br_if $done (i32.eqz (local.get $n)))
        (local.set $h (struct.new $node (local.get $n) (local.get $h)))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (br $l)))
    (local.get $h))

  (func (export "casts") (param $x anyref) (result i32)
    (block $is_node (result (ref $node))
      (br_on_cast $is_node anyref (ref $node) (local.get $x))
      (drop)
      (return (i32.add (ref.test (ref i31) (local.get $x))
                       (ref.test (ref $bytes) (local.get $x)))))
    (struct.get $node $v))

  (func (export "run") (param $n i32) (result i32)
    (local $a (ref null $refs))
    (local.set $a (array.new_default $refs (i32.const 8)))
    (array.set $refs (local.get $a) (i32.const 0) (call $list (local.get $n)))
    (array.set $refs (local.get $a) (i32.const 1) (ref.i31 (i32.const -3)))
    (array.set $refs (local.get $a) (i32.const 2) (array.new $bytes (i32.const 7) (i32.const 16)))
    (array.set $refs (local.get $a) (i32.const 3)
      (any.convert_extern (extern.convert_any (struct.new $leaf (i32.const 1) (ref.null $node) (i32.const 200)))))
    (table.set $t (i32.const 0) (local.get $a))
    (global.set $g (array.get $refs (local.get $a) (i32.const 1)))
    (i32.add
      (i31.get_s (ref.cast (ref i31) (global.get $g)))
      (array.len (ref.cast (ref $bytes) (array.get $refs (local.get $a) (i32.const 2))))))
)
