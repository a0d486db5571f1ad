;; _start never returns: for --fuel and --timeout (spin_empty.wat is the
;; empty-body variant).
(module
  (global $n (mut i32) (i32.const 0))
  (func (export "_start")
    (loop $l
      (global.set $n (i32.add (global.get $n) (i32.const 1)))
      (br $l))))
