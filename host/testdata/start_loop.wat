;; A plugin whose start function spins forever unless env.fs_check says
;; "/data/trigger/x" is reachable (1). With "/data" granted and no
;; "trigger" in it, the start function returns and the plugin loads; once
;; the test makes "trigger" a symlink out of the grant (fs_check: 0), every
;; new instance's start function loops. Without a grant it always loops.
;; execute: input "loop" spins; anything else is echoed.
(module
  (import "env" "fs_check" (func $fs_check (param i32 i32) (result i32)))
  (memory (export "memory") 1)
  (global $next (mut i32) (i32.const 4096))
  (data (i32.const 0) "{\"name\":\"start_loop\",\"version\":\"0\",\"description\":\"spins\"}")
  (data (i32.const 256) "/data/trigger/x")
  (func $start
    (if (i32.ne (call $fs_check (i32.const 256) (i32.const 15)) (i32.const 1))
      (then (loop $l (br $l)))))
  (start $start)
  (func (export "weft_alloc") (param $n i32) (result i32)
    (local $p i32)
    (local.set $p (global.get $next))
    (global.set $next (i32.add (global.get $next) (i32.add (local.get $n) (i32.const 8))))
    (local.get $p))
  (func (export "weft_free") (param i32 i32))
  (func (export "meta") (result i64) (i64.const 0x39_00000000))
  (func (export "execute") (param $p i32) (param $len i32) (result i64)
    (if (i32.and (i32.eq (local.get $len) (i32.const 4))
                 (i32.eq (i32.load (local.get $p)) (i32.const 0x706f6f6c)))  ;; "loop"
      (then (loop $l (br $l))))
    (i64.or (i64.extend_i32_u (local.get $p))
            (i64.shl (i64.extend_i32_u (local.get $len)) (i64.const 32)))))
