#!/bin/bash
# Runs the prebuilt examples/hello.wasm (README's first command) and one
# built afresh from hello.c through weft: same greeting, granted env and
# directory visible, nothing visible when not granted.
set -u
weft="$1"; shift
failures=0
check() {  # check NAME EXPECTED_SUBSTRING OUTPUT
  if ! grep -qF -- "$2" <<<"$3"; then
    echo "FAIL: $1: output lacks \"$2\":"; sed 's/^/  | /' <<<"$3"
    failures=$((failures + 1))
  fi
}
data="$TEST_TMPDIR/data"; mkdir -p "$data"; echo x >"$data/file.txt"
for wasm in "$@"; do
  out=$("$weft" run "$wasm" world 2>&1); rc=$?
  [ $rc -eq 0 ] || { echo "FAIL: $wasm exited $rc"; failures=$((failures + 1)); }
  check "$wasm" "hello, world!" "$out"
  check "$wasm" "LANG is not granted" "$out"
  check "$wasm" "/data is not granted" "$out"
  out=$(LANG=xx "$weft" run --env LANG=C --dir "$data::/data" "$wasm" 2>&1)
  check "$wasm" "LANG is C" "$out"
  check "$wasm" "/data/file.txt" "$out"
done
[ $failures -eq 0 ] && echo PASS
exit $failures
