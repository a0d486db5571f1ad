;; Its start function traps (api_test).
(module
  (func $start (unreachable))
  (start $start))
