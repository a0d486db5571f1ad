#!/bin/bash
# Counts the ops, op pairs and op triples weft dispatches on each bench
# kernel and prints the sequences that take the largest share of dispatches
# (each kernel weighs the same: shares are averaged, so a long-running
# kernel does not drown the others). Measurement only: builds weft with
# WEFT_INTERP_COUNT_DISPATCH (interp/dispatch_counter.h) on the interpreter's
# files alone, so the normal build's cache is kept for everything else.
#   tools/dispatch/count.sh [TOP] [KERNEL...]
set -euo pipefail
cd "$(dirname "$0")/../.."
top="${1:-25}"; shift || true
flags=(-c opt "--per_file_copt=interp/.*@-DWEFT_INTERP_COUNT_DISPATCH")
bazel build "${flags[@]}" //cli:weft //bench:kernel_wasms >&2
bin="$(bazel info "${flags[@]}" bazel-bin 2>/dev/null)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cp "$bin/cli/weft" "$work/weft"
kernels=("$@")
if [ ${#kernels[@]} -eq 0 ]; then
  for f in "$bin"/bench/kernels/*.wasm; do kernels+=("$(basename "$f" .wasm)"); done
fi
for k in "${kernels[@]}"; do
  WEFT_DISPATCH_COUNTS="$work/$k.counts" "$work/weft" run --invoke run \
    "$bin/bench/kernels/$k.wasm" >/dev/null
done
python3 tools/dispatch/report.py "$top" "$work"/*.counts
