;; WebAssembly 3.0 fixed costs: each export runs `n` iterations.
(module
  ;; Tail calls: n steps of mutual recursion through return_call, in one
  ;; frame.
  (func $even (param $n i32) (param $acc i32) (result i32)
    (if (result i32) (i32.eqz (local.get $n))
      (then (local.get $acc))
      (else (return_call $odd (i32.sub (local.get $n) (i32.const 1))
                              (i32.add (local.get $acc) (i32.const 1))))))
  (func $odd (param $n i32) (param $acc i32) (result i32)
    (if (result i32) (i32.eqz (local.get $n))
      (then (local.get $acc))
      (else (return_call $even (i32.sub (local.get $n) (i32.const 1))
                               (i32.xor (local.get $acc) (i32.const 3))))))
  (func (export "tail_mutual") (param $n i32) (result i32)
    (return_call $even (local.get $n) (i32.const 0)))

  ;; Exceptions: n throws, each 10 frames below its try_table, caught.
  (tag $boom (param i32))
  (func $thrower (param $depth i32) (param $v i32)
    (if (i32.eqz (local.get $depth)) (then (throw $boom (local.get $v))))
    (call $thrower (i32.sub (local.get $depth) (i32.const 1)) (local.get $v)))
  (func (export "throw_catch_10") (param $n i32) (result i32) (local $acc i32)
    (loop $l
      (local.set $acc
        (i32.add (local.get $acc)
          (block $caught (result i32)
            (try_table (catch $boom $caught)
              (call $thrower (i32.const 10) (local.get $n)))
            (i32.const 0))))
      (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
    (local.get $acc))
  ;; The same 10 calls returning normally, to tell the throw's cost apart.
  (func $returner (param $depth i32) (param $v i32) (result i32)
    (if (result i32) (i32.eqz (local.get $depth))
      (then (local.get $v))
      (else (call $returner (i32.sub (local.get $depth) (i32.const 1)) (local.get $v)))))
  (func (export "return_10") (param $n i32) (result i32) (local $acc i32)
    (loop $l
      (local.set $acc (i32.add (local.get $acc) (call $returner (i32.const 10) (local.get $n))))
      (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
    (local.get $acc)))
