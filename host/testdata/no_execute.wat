;; Missing the execute export.
(module
  (memory (export "memory") 1)
  (func (export "weft_alloc") (param i32) (result i32) (i32.const 1024))
  (func (export "weft_free") (param i32 i32))
  (func (export "meta") (result i64) (i64.const 0)))
