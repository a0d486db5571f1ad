#!/bin/sh
# End-to-end checks of the `weft` binary: exit codes and messages.
set -u

WEFT="${TEST_SRCDIR}/${TEST_WORKSPACE}/cli/weft"
ADD="${TEST_SRCDIR}/${TEST_WORKSPACE}/examples/add.wasm"
T="${TEST_TMPDIR:-/tmp}/weft_cli_test.$$"
mkdir -p "$T"
trap 'rm -rf "$T"' EXIT
failures=0

# run EXPECTED_EXIT ARGS...: runs weft, keeps stdout/stderr in $T/out, $T/err.
# Its stdin is $STDIN (default: /dev/null).
run() {
  expected=$1
  shift
  "$WEFT" "$@" <"${STDIN:-/dev/null}" >"$T/out" 2>"$T/err"
  code=$?
  if [ "$code" -ne "$expected" ]; then
    echo "FAIL: weft $* exited $code, expected $expected"
    echo "  stdout: $(head -5 "$T/out")"
    echo "  stderr: $(head -5 "$T/err")"
    failures=$((failures + 1))
    return 1
  fi
  return 0
}

# expect STREAM TEXT: the last run's stream (out/err) contains TEXT.
expect() {
  if ! grep -qF -- "$2" "$T/$1"; then
    echo "FAIL: std$1 of the last run lacks \"$2\":"
    sed 's/^/  | /' "$T/$1" | head -20
    failures=$((failures + 1))
  fi
}

# Hand-assembled modules.
printf '\000asm\001\000\000\000\001\005\001' >"$T/truncated.wasm"
printf 'hello, world' >"$T/notwasm.wasm"
# (func (result i32)) with an empty body: decodes, fails validation.
printf '\000asm\001\000\000\000\001\005\001\140\000\001\177\003\002\001\000\012\004\001\002\000\013' >"$T/invalid.wasm"

# --- validate ---
run 0 validate "$ADD" && expect out "ok"
run 1 validate "$T/truncated.wasm" && expect err "byte offset" &&
  expect err "truncated.wasm: "
run 1 validate "$T/notwasm.wasm" && expect err "magic header not detected"
run 1 validate "$T/invalid.wasm" && expect err "type mismatch" &&
  expect err "byte offset"
run 2 validate "$T/missing.wasm" && expect err "no such file" &&
  expect err "see \`weft validate --help\`"
run 2 validate "$T" && expect err "is a directory"
run 2 validate --bogus "$ADD" && expect err "unknown flag: --bogus" &&
  expect err "see \`weft validate --help\`"
run 2 validate && expect err "expected exactly one FILE.wasm"
run 2 validate "$ADD" "$ADD"
run 0 validate --help && expect out "usage: weft validate"

# --- inspect ---
run 0 inspect "$ADD" && expect out "module name: add" &&
  expect out '"add": (i32, i32) -> (i32) [func 0]' &&
  expect out "valid: yes" && expect out 'custom sections (1): "name"' &&
  expect out "functions: 0 imported, 1 defined"
run 0 inspect "$ADD" --json && expect out '"module_name": "add"' &&
  expect out '"type": "(i32, i32) -> (i32)"' && expect out '"params": ["i32", "i32"]'
if command -v python3 >/dev/null 2>&1; then
  if ! python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$T/out"; then
    echo "FAIL: inspect --json printed invalid JSON"
    failures=$((failures + 1))
  fi
fi
run 0 inspect "$T/invalid.wasm" && expect out "valid: no: type mismatch"
run 1 inspect "$T/truncated.wasm" && expect err "byte offset"
run 2 inspect "$T" && expect err "is a directory"
run 2 inspect --json=yes "$ADD" && expect err "flag --json takes no value"

# --- inspect --code (the printed code itself: tests/golden/code) ---
# (module (import "env" "f" (func))): one function, imported.
printf '\000asm\001\000\000\000\001\004\001\140\000\000\002\011\001\003env\001f\000\000' >"$T/import_only.wasm"
run 0 inspect --code "$ADD" && expect out 'func 0 "add" (i32, i32) -> (i32)' &&
  expect out "I32Add            s0 <- s0, s1" && expect out "Return            hdr=s2"
run 0 inspect --code --func 0 --metering "$ADD" && expect out "Fuel              cost=4"
run 2 inspect --code --func 1 "$ADD" && expect err "--func 1: the module has 1 function (0)"
run 2 inspect --code --func x "$ADD" && expect err "--func x: "
run 2 inspect --code --func 0 "$T/import_only.wasm" &&
  expect err "--func 0: an imported function has no code (the module defines none)"
run 0 inspect --code "$T/import_only.wasm"
run 2 inspect --func 0 "$ADD" && expect err "--func needs --code"
run 2 inspect --metering "$ADD" && expect err "--metering needs --code"
run 2 inspect --code --json "$ADD" && expect err "--code prints text only"
run 1 inspect --code "$T/invalid.wasm" && expect err "type mismatch"
run 1 inspect --code "$T/truncated.wasm" && expect err "byte offset"

# --- `-`: the module on stdin, binary or text ---
printf '(module (func (export "_start")))' >"$T/start.wat"
STDIN="$T/start.wat" run 0 validate - && expect out "ok"
STDIN="$ADD" run 0 inspect - && expect out "add"
STDIN="$T/start.wat" run 0 run -
STDIN="$T/start.wat" run 0 -
run 1 validate - && expect err "stdin: is empty"
printf '(module (func (export "_start") unreachable))' >"$T/trap.wat"
STDIN="$T/trap.wat" run 134 run - && expect err "unreachable"

# --- --wasm-features ---
printf '(module (func $f) (func (export "_start") (return_call $f)))' >"$T/tail.wat"
run 0 validate "$T/tail.wat" && expect out "ok"
run 1 validate --wasm-features=-tail-call "$T/tail.wat" &&
  expect err "tail calls are disabled (feature tail-call) in function 1"
run 1 run --wasm-features 2.0 "$T/tail.wat" && expect err "tail calls are disabled"
run 0 run --wasm-features 2.0,tail-call "$T/tail.wat"
run 2 validate --wasm-features tailcall "$T/tail.wat" &&
  expect err "unknown WebAssembly feature \"tailcall\""

# --- wast ---
cat >"$T/ok.wast" <<'WAST'
(module (func (export "f") (result i32) (i32.const 1)))
(assert_return (invoke "f") (i32.const 1))
(module (func (export "div") (param i32 i32) (result i32)
(i32.div_s (local.get 0) (local.get 1))))
(assert_trap (invoke "div" (i32.const 1) (i32.const 0)) "integer divide by zero")
(assert_invalid (module (func (result i32))) "type mismatch")
(assert_malformed (module binary "\00asm") "unexpected end")
WAST
run 0 wast "$T/ok.wast" &&
  expect out "ok.wast: 6 passed, 0 failed, 0 skipped, 0 not run" &&
  expect out "6 passed, 0 failed, 0 skipped"
cat >"$T/bad.wast" <<'WAST'
(module (func))
(assert_invalid (module (func)) "type mismatch")
(module (func (export "two") (result i32) (i32.const 2)))
(assert_return (invoke "two") (i32.const 3))
WAST
run 1 wast "$T/ok.wast" "$T/bad.wast" &&
  expect out "bad.wast: 2 passed, 2 failed, 0 skipped, 0 not run" &&
  expect out "  line 2: assert_invalid: module accepted, expected error \"type mismatch\"" &&
  expect out "  line 4: assert_return: " &&
  expect out "8 passed, 2 failed, 0 skipped"
run 2 wast "$T/nope.wast" && expect err "no such file"
# 3.0 script forms and bare-field scripts are read too.
cat >"$T/forms.wast" <<'WAST'
(module definition $D (func (export "f") (result i32) (i32.const 7)))
(module instance $I $D)
(assert_return (invoke $I "f") (either (i32.const 6) (i32.const 7)))
(assert_malformed (module quote "(func (result i32) (i32.const 0x))") "unknown operator")
(assert_trap (module (func $s unreachable) (start $s)) "unreachable")
WAST
run 0 wast "$T/forms.wast" && expect out "5 passed, 0 failed, 0 skipped"
printf '(func (export "f"))\n' >"$T/bare.wast"
run 0 wast "$T/bare.wast" && expect out "1 passed, 0 failed, 0 skipped"
run 2 wast && expect err "expected at least one FILE.wast"
run 2 wast --max-reports x "$T/forms.wast" && expect err "--max-reports x: expected a count"
mkdir -p "$T/saved"
run 0 wast --save-modules "$T/saved" "$T/forms.wast"
[ -f "$T/saved/forms.1.wasm" ] && [ -f "$T/saved/forms.5.wasm" ] ||
  { echo "FAIL: --save-modules wrote $(ls "$T/saved")"; failures=$((failures + 1)); }
run 0 validate "$T/saved/forms.1.wasm" && expect out "ok"
run 2 wast --save-modules "$T/nope" "$T/forms.wast" && expect err "not a directory"

# --- run (WASI programs are covered by //tests/wasi:wasi_e2e_weft_test) ---
run 0 run --invoke add "$ADD" 2 3 && expect out "i32:5"
run 0 run --invoke=add "$ADD" -7 0x10 && expect out "i32:9"
run 0 run --invoke add "$ADD" -2147483648 4294967295 && expect out "i32:2147483647"
run 0 run --invoke add "$ADD" +1 -0x2 && expect out "i32:-1"
# Integers are decimal or 0x hex, nothing else: no bare hex, no exponents.
for bad in ff abc 1e3 0b101 0x 5x " 1" "1 " 4294967296 -2147483649; do
  run 2 run --invoke add "$ADD" 1 "$bad" &&
    expect err "argument \"$bad\" is not a valid i32"
done
run 1 run "$ADD" && expect err 'no "_start" export'
# Flags after FILE belong to the guest: this --invoke is not weft's.
run 1 run "$ADD" --invoke add 2 3 && expect err 'no "_start" export'
run 2 run --invoke add "$ADD" 1 && expect err '"add" takes 2 argument(s)'
run 2 run --invoke add "$T/missing.wasm" && expect err "no such file" &&
  expect err "see \`weft run --help\`"
run 1 run --invoke add "$T/invalid.wasm" && expect err "type mismatch"
run 0 help run && expect out "--dir HOST[::GUEST]" && expect out "--invoke NAME"

# --- under an address-space limit (ulimit -v) ---
# A memory with no declared maximum cannot reserve its 4 GiB there: weft
# reserves less and grows by moving. Sanitizer builds cannot start at all
# under such a limit (their shadow memory is terabytes), so the check needs
# a weft that runs under it.
printf '\000asm\001\000\000\000\005\003\001\000\001' >"$T/mem1.wasm"
printf '\000asm\001\000\000\000\005\005\001\000\200\200\001' >"$T/mem1gib.wasm"
if (ulimit -v 1000000 && "$WEFT" --help >/dev/null 2>&1); then
  # limited KIB EXPECTED_EXIT ARGS...: run under ulimit -v KIB (a subshell,
  # so its failure is counted here).
  limited() {
    if (ulimit -v "$1" && shift && run "$@"); then return 0; fi
    failures=$((failures + 1))
    return 1
  }
  limited 1000000 1 run "$T/mem1.wasm" && expect err 'no "_start" export'
  limited 1000000 0 run --invoke add "$ADD" 2 3 && expect out "i32:5"
  limited 500000 1 run "$T/mem1gib.wasm" &&
    expect err "cannot allocate memory: the OS refused 16384 pages" &&
    expect err "address-space limit (ulimit -v): 512000000 bytes"
else
  echo "note: this weft cannot start under ulimit -v (sanitizer build); address-limit checks not run"
fi

# --- file and flag stumbles: one clear line each ---
: >"$T/empty.wasm"
run 1 validate "$T/empty.wasm" && expect err "empty.wasm: is empty"
run 1 run "$T/empty.wasm" && expect err "is empty"
run 1 inspect "$T/empty.wasm" && expect err "is empty"
run 2 run --max-memory 10 --invoke add "$ADD" 1 2 &&
  expect err "--max-memory 10: not a whole number of 64 KiB pages" &&
  expect err "see \`weft run --help\`"
run 0 run --max-memory 64KiB --invoke add "$ADD" 1 2 && expect out "i32:3"
run 2 run --bogus "$ADD" && expect err "weft run: unknown flag: --bogus"
[ "$(wc -l <"$T/err")" -eq 2 ] || { echo "FAIL: a usage error printed $(wc -l <"$T/err") lines, not 2"; failures=$((failures + 1)); }

# --- text-format modules, told from binary by content ---
printf '(module\n  (func (export "add") (param i32 i32) (result i32)\n    (i32.add (local.get 0) (local.get 1))))\n' >"$T/add.wat"
printf ';; comment first\n(module (func (result i32) (i64.const 1)))\n' >"$T/invalid.wat"
printf '(module\n  (func (result i32) (i32.add 1)))\n' >"$T/malformed.wat"
run 0 run --invoke add "$T/add.wat" 2 3 && expect out "i32:5"
run 0 validate "$T/add.wat" && expect out "ok"
run 1 validate "$T/invalid.wat" && expect err "type mismatch: end expected [i32] but got [i64]"
run 1 validate "$T/malformed.wat" && expect err "malformed.wat: 2:31: expected ')' but found number 1"
run 0 inspect "$T/add.wat" && expect out 'func   "add": (i32, i32) -> (i32)'
run 0 inspect "$T/add.wat" && expect out "features: none past WebAssembly 2.0"
printf '(module (tag $e (export "e") (param i32)) (func $f (return_call $f)))' >"$T/features.wat"
run 0 inspect "$T/features.wat" && expect out "features: tail-call, exceptions" &&
  expect out '"e": tag (i32) -> ()'
run 0 inspect --json "$T/features.wat" && expect out '"features": ["tail-call", "exceptions"]' &&
  expect out '"params": ["i32"]'
run 1 run "$T/malformed.wat" && expect err "2:31: expected ')'"

# Every missing import at once, each with the type it needs.
printf '(module (import "env" "log" (func (param i32))) (import "env" "m" (memory 1)))' >"$T/imports.wat"
run 1 run "$T/imports.wat" &&
  expect err 'unknown import: import 0 "env"."log" (expected func (i32) -> ()); import 1 "env"."m" (expected memory {min 1})'

# --- run --profile: folded stacks and a flame graph ---
# run(n) spins n/20 iterations in cold and n in hot (a C++ name).
cat >"$T/hot.wat" <<'EOF'
(module
  (func (param i32) (result i32) (local i32)
    (loop $l
      (local.set 1 (i32.add (local.get 1) (i32.const 3)))
      (br_if $l (local.tee 0 (i32.sub (local.get 0) (i32.const 1)))))
    (local.get 1))
  (func (param i32) (result i32) (call 0 (local.get 0)))
  (func (export "run") (param i32) (result i32)
    (i32.add (call 1 (i32.div_u (local.get 0) (i32.const 20))) (call 0 (local.get 0))))
  (@custom "name" "\01\1b\03\00\0d_ZN3app3hotEi\01\04cold\02\03run"))
EOF
run 0 run --profile "$T/p.folded" --profile-interval 200us --invoke run "$T/hot.wat" 20000000 &&
  expect err "samples written to $T/p.folded" && expect out "i32:"
cp "$T/p.folded" "$T/out" && expect out "run;app::hot(int) "
# The hot function holds most samples.
if ! awk '{ total += $NF } /^run;app::hot\(int\) / { hot += $NF }
          END { exit !(total >= 20 && hot * 10 >= total * 8) }' "$T/p.folded"; then
  echo "FAIL: run;app::hot(int) does not dominate the profile:"; cat "$T/p.folded"
  failures=$((failures + 1))
fi
run 0 run --profile="$T/p.svg" --profile-interval 200us --invoke run "$T/hot.wat" 20000000 &&
  cp "$T/p.svg" "$T/out" && expect out "<svg xmlns=" && expect out "app::hot(int)" &&
  expect out "</svg>"
if command -v python3 >/dev/null 2>&1; then
  if ! python3 -c 'import sys, xml.etree.ElementTree as E; E.parse(sys.argv[1])' "$T/p.svg"; then
    echo "FAIL: the flame graph is not well-formed XML"
    failures=$((failures + 1))
  fi
fi
run 2 run --profile "$T/p.txt" --invoke run "$T/hot.wat" 1 &&
  expect err "--profile $T/p.txt: expected a .folded (folded stacks) or .svg (flame graph) file" &&
  expect err "see \`weft run --help\`"
run 2 run --profile "$T/no/such/dir/p.svg" --invoke run "$T/hot.wat" 1 &&
  expect err "cannot write: No such file or directory"
run 2 run --profile "$T/none.svg" --invoke run "$T/missing.wasm" && expect err "no such file"
if [ -e "$T/none.svg" ]; then echo "FAIL: a run that never started left a profile"; failures=$((failures + 1)); fi
run 2 run --profile-interval 1ms --invoke run "$T/hot.wat" 1 &&
  expect err "--profile-interval needs --profile FILE"
run 2 run --profile "$T/p.folded" --profile-interval 0s --invoke run "$T/hot.wat" 1
# A trap's backtrace names C++ and Rust functions readably.
cat >"$T/cxx_trap.wat" <<'EOF'
(module
  (func unreachable)
  (func (export "run") (call 0))
  (@custom "name" "\01\30\02\00\17_RNvCs1234_7mycrate3foo\01\14_ZN5shape4area3runEv"))
EOF
run 134 run --invoke run "$T/cxx_trap.wat" && expect err "#0 func[0] <mycrate::foo> @ 0x" &&
  expect err "#1 func[1] <shape::area::run()> @ 0x"

# With DWARF (clang -g), each frame says where in the source it is.
run 134 run --invoke run "${TEST_SRCDIR}/${TEST_WORKSPACE}/api/testdata/divide_debug.wasm" 6 0 &&
  expect err "#0 func[0] <shape::Divide(int, int)> @ 0x" &&
  expect err "at ./api/testdata/divide_debug.cc:6:12" &&
  expect err "at ./api/testdata/divide_debug.cc:15:"

# Fuel that runs out on entry to a function reports the function's first
# instruction, not offset 0: (func $f (export "forever") (return_call $f)),
# whose return_call is at byte 0x24.
printf '\000\141\163\155\001\000\000\000\001\004\001\140\000\000\003\002\001\000\007\013\001\007\146\157\162\145\166\145\162\000\000\012\006\001\004\000\022\000\013' >"$T/forever.wasm"
run 134 run --fuel 100 --invoke forever "$T/forever.wasm" && expect err "trap: fuel exhausted" &&
  expect err "#0 func[0] @ 0x24"

# --- top level ---
run 0 --version && expect out "weft 0."
printf '(module (func (export "_start")))' >"$T/start.wat"
run 0 "$T/start.wat"
run 1 "$ADD" && expect err 'no "_start" export'
run 2 nosuchcommand && expect err 'unknown command "nosuchcommand"'
run 0 --help && expect out "usage: weft <command>" && expect out "validate" &&
  expect out "run [FLAGS] FILE.wasm"
run 0 help && expect out "inspect"
run 0 help wast && expect out "usage: weft wast"
run 2 && expect err "missing command"
run 2 frobnicate && expect err 'unknown command "frobnicate"' &&
  expect err "usage: weft <command>"
run 2 --verbose && expect err 'unknown flag "--verbose"'

if [ "$failures" -ne 0 ]; then
  echo "$failures check(s) failed"
  exit 1
fi
echo "all weft CLI checks passed"
