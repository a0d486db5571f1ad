#!/usr/bin/env bash
# README shows, for each program here, `$ weft run NAME.wasm` and what weft
# prints: the program's own output, the trap and its backtrace. This runs
# each the same way and checks that README shows that output exactly (and
# that it is a trap: exit 134).
#   debug_examples_test.sh WEFT README.md WASM...
set -euo pipefail
weft="$(realpath "$1")"
readme="$(cat "$2")"
shift 2
T="${TEST_TMPDIR:-/tmp}"
failures=0
for wasm in "$@"; do
  name="$(basename "$wasm")"
  cp "$wasm" "$T/$name"
  status=0
  out="$(cd "$T" && "$weft" run "$name" 2>&1)" || status=$?
  if [[ $status -ne 134 ]]; then
    echo "FAIL: weft run $name exited $status, not 134 (a trap)" >&2
    failures=$((failures + 1))
  fi
  block="    \$ weft run $name"$'\n'"$(printf '%s\n' "$out" | sed 's/^/    /')"
  # Quoted on the right of ==, the block is matched literally.
  if [[ "$readme" != *"$block"* ]]; then
    echo "FAIL: README.md does not show what \`weft run $name\` prints, which is:" >&2
    printf '%s\n' "$block" >&2
    failures=$((failures + 1))
  fi
done
if [[ $failures -gt 0 ]]; then exit 1; fi
echo "README shows the output of all $# examples exactly"
