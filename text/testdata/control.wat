;; Blocks, loops, ifs with labels in both forms; br_table; multi-value blocks.
(module
  (func $f (param $n i32) (result i32)
    (block $outer (result i32)
      (loop $top
        (br_if $outer (i32.const 7) (i32.eqz (local.get $n)))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (br $top))
      (i32.const 0)))
  (func $g (param i32) (result i32)
    block $a
      block $b
        block
          local.get 0
          br_table 0 $b $a 2
        end
        i32.const 10
        return
      end $b
      i32.const 20
      return
    end
    i32.const 30)
  (func $h (param i32) (result i32)
    (if (result i32) (local.get 0)
      (then (i32.const 1))
      (else (i32.const 2))))
  (func $h2 (param i32) (result i32)
    local.get 0
    if $l (result i32)
      i32.const 1
      br $l
    else $l
      i32.const 2
    end $l)
  (func $h3 (param i32)
    (if (local.get 0) (then (nop))))
  (func $multi (result i32 i64)
    (block (result i32 i64) (i32.const 1) (i64.const 2)))
  (func $params (result i32)
    (i32.const 3)
    (block (param i32) (result i32) (i32.const 4) (i32.add)))
  (func $sel (param i32) (result i32)
    (select (i32.const 1) (i32.const 2) (local.get 0))
    (select (result i32) (i32.const 1) (i32.const 2) (local.get 0))
    drop)
  (func $unreach unreachable)
)
