;; The tightest infinite loop: a branch to itself. --timeout must stop it
;; too (the interpreter checks interrupts on branches with offset <= 0).
(module
  (func (export "_start") (loop $l (br $l))))
