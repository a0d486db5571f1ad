(type $v (func))
(func $a (type $v))
(func (call $a))
(global i32 i32.const 7)
