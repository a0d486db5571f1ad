(module
  (table (export "table") 2 10 funcref)
  (type $t (func (param i32) (result i32)))
  (func $double (export "double") (param i32) (result i32) (i32.mul (local.get 0) (i32.const 2)))
  (elem (i32.const 1) $double)
  (func (export "call_at") (param i32 i32) (result i32)
    (call_indirect (type $t) (local.get 1) (local.get 0))))
