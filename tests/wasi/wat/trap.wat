;; A command whose _start traps two calls deep (unreachable).
(module
  (memory (export "memory") 1)
  (func $inner (unreachable))
  (func $middle (call $inner))
  (func (export "_start") (call $middle)))
