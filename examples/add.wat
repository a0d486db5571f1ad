;; The sample module for the README's `weft inspect` command.
;; add.wasm is built from this file with wabt and committed beside it:
;;   wat2wasm --debug-names examples/add.wat -o examples/add.wasm
(module $add
  (func $add (export "add") (param $a i32) (param $b i32) (result i32)
    local.get $a
    local.get $b
    i32.add))
