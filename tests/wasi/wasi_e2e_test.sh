#!/bin/sh
# WASI end to end: C programs compiled against wasi-libc, run with
# preopened directories, granted environment, stdin, and --trace-wasi.
# $1: the runner, relative to the workspace (default cli/weft, i.e.
# `weft run`; tests/wasi/wabt_guest_runner binds the same WASI layer to
# WABT's interpreter).
set -u

R="${TEST_SRCDIR}/${TEST_WORKSPACE}"
WEFT="$R/${1:-cli/weft}"
G="$R/tests/wasi/guests"
T="${TEST_TMPDIR:-/tmp}/weft_wasi_e2e.$$"
mkdir -p "$T"
trap 'rm -rf "$T"' EXIT
failures=0

# run EXPECTED_EXIT ARGS...: runs weft with stdin from $T/in (if present).
run() {
  expected=$1
  shift
  if [ -f "$T/in" ]; then
    "$WEFT" "$@" <"$T/in" >"$T/out" 2>"$T/err"
  else
    "$WEFT" "$@" </dev/null >"$T/out" 2>"$T/err"
  fi
  code=$?
  if [ "$code" -ne "$expected" ]; then
    echo "FAIL: weft $* exited $code, expected $expected"
    sed 's/^/  out| /' "$T/out" | head -40
    sed 's/^/  err| /' "$T/err" | head -20
    failures=$((failures + 1))
    return 1
  fi
  return 0
}

expect() {
  if ! grep -qF -- "$2" "$T/$1"; then
    echo "FAIL: std$1 lacks \"$2\":"
    sed 's/^/  | /' "$T/$1" | head -40
    failures=$((failures + 1))
  fi
}

reject() {
  if grep -qF -- "$2" "$T/$1"; then
    echo "FAIL: std$1 unexpectedly contains \"$2\""
    failures=$((failures + 1))
  fi
}

# --- args, environment, stdio, exit codes ---
run 7 run "$G/hello.wasm" -- 7 second &&
  expect out "argc=3" && expect out "argv[1]=7" && expect out "argv[2]=second" &&
  expect out "env count=0" && expect out "WEFT_TEST=(unset)" &&
  expect err "to stderr"
WEFT_TEST=leak run 0 run "$G/hello.wasm" && expect out "WEFT_TEST=(unset)"
run 0 run --env WEFT_TEST=granted "$G/hello.wasm" &&
  expect out "env count=1" && expect out "WEFT_TEST=granted"

# --- stdin ---
printf 'abc\nxyz\n' >"$T/in"
run 0 run "$G/stdin_upper.wasm" && expect out "ABC" && expect out "XYZ" &&
  expect err "8 bytes"
rm -f "$T/in"

# --- clocks, sleep, entropy ---
run 0 run "$G/clock_random.wasm" && expect out "slept>=2ms: yes" &&
  expect out "realtime after 2020: yes" && expect out "entropy: yes" &&
  expect out "failures=0"

# --- filesystem, confinement, read-only preopen ---
mkdir -p "$T/sandbox" "$T/ro"
printf 'secret' >"$T/outside.txt"
printf 'read me' >"$T/ro/r.txt"
run 0 run --dir "$T/sandbox:/sandbox" --dir "$T/ro:/ro:ro" "$G/fs_ops.wasm" &&
  expect out "listing: . .. s y z" && expect out "failures=0"
reject out "FAIL"
if [ "$(cat "$T/outside.txt")" != "secret" ]; then
  echo "FAIL: outside.txt changed"
  failures=$((failures + 1))
fi
if [ -e "$T/ro/new.txt" ]; then
  echo "FAIL: a file was created under the read-only preopen"
  failures=$((failures + 1))
fi
[ -f "$T/sandbox/a.txt" ] || { echo "FAIL: sandbox/a.txt missing"; failures=$((failures + 1)); }

# Big directories, poll, timestamps, fd calls.
mkdir -p "$T/sb2"
printf 'x' >"$T/in"
run 0 run --dir "$T/sb2:/sandbox" "$G/dir_poll.wasm" && expect out "entries=302" &&
  expect out "failures=0"
reject out "FAIL"
rm -f "$T/in"

# Without --dir nothing is reachable.
run 1 run "$G/fs_ops.wasm" && expect out "FAIL: create a.txt"

# --- tracing ---
run 0 run --trace-wasi --dir "$T/sandbox:/sandbox" --dir "$T/ro:/ro:ro" "$G/fs_ops.wasm" &&
  expect err "path_open(fd=3" && expect err "path=\"a.txt\"" &&
  expect err "-> ENOTCAPABLE" && expect err "fd_prestat_dir_name(fd=3"
run 7 run --trace-wasi "$G/hello.wasm" -- 7 && expect err "proc_exit(rval=7) -> exit(7)"

if [ "$failures" -ne 0 ]; then
  echo "$failures failure(s)"
  exit 1
fi
echo "all WASI end-to-end checks passed"
