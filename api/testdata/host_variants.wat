;; Host function shapes (api_test): several results, fallible results, a
;; callback that stores the wrong type, float parameters.
(module
  (import "env" "pair" (func $pair (param i64) (result i32 i64)))
  (import "env" "maybe" (func $maybe (param i32) (result i32)))
  (import "env" "bad_result" (func $bad (result i32)))
  (import "env" "sink" (func $sink (param f32 f64)))
  ;; use_pair(x) = extend(pair(x).0) + pair(x).1
  (func (export "use_pair") (param i64) (result i64) (local $b i64)
    (call $pair (local.get 0))
    (local.set $b)
    (i64.extend_i32_s)
    (local.get $b)
    (i64.add))
  (func (export "use_maybe") (param i32) (result i32) (call $maybe (local.get 0)))
  (func (export "use_bad") (result i32) (call $bad))
  (func (export "use_sink") (call $sink (f32.const 1.5) (f64.const -2.25))))
