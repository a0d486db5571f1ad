#!/usr/bin/env bash
# The wasm32 and native builds of every kernel return the same checksum.
# The wasm side runs on WABT's wasm-interp (an independent engine), so a
# kernel that depends on undefined or target-specific behaviour shows up
# here rather than as a bogus interpreter mismatch later.
#   kernels_checksums_test.sh <kernel_checksums binary> <kernel.wasm>...
set -euo pipefail
checksums="$1"; shift
declare -A native
while read -r name sum; do native[$name]=$sum; done < <("$checksums")
[[ ${#native[@]} -eq $# ]] || { echo "expected $# native kernels, got ${#native[@]}"; exit 1; }
fail=0
for wasm in "$@"; do
  name="$(basename "$wasm" .wasm)"
  out="$(wasm-interp --run-all-exports "$wasm")"
  got="${out##*i32:}"
  if [[ "$got" != "${native[$name]}" ]]; then
    echo "FAIL $name: wasm $got != native ${native[$name]}"; fail=1
  else
    echo "ok   $name $got"
  fi
done
exit $fail
