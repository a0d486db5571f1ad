#!/bin/bash
# Dev-only differential check of the text parser against Binaryen (not a
# test: Binaryen is not a dependency). Needs `npm install -g binaryen`.
#
#   text/binaryen_diff.sh OUT_DIR FILE.wast...
#
# corpus_check writes each module of the scripts as N.wat and weft's
# N.wasm. wasm-opt encodes N.wat itself (names stripped), then prints
# that and weft's N.wasm, and the printed texts are compared (Binaryen
# normalises encodings and order, so bytes would differ for nothing).
# Modules Binaryen cannot read from text are counted apart.
set -u
out=$1; shift
rm -rf "$out" && mkdir -p "$out"
bazel run --jobs=2 //text:corpus_check -- --out "$out" "$@" >/dev/null 2>&1

one() {
  local n=${1%.wat} flags="--all-features --no-validation"
  if ! wasm-opt $flags --strip-debug "$1" -o "$n.binaryen.wasm" 2>/dev/null ||
     ! wasm-opt $flags --print "$n.binaryen.wasm" -o /dev/null >"$n.from_wat" 2>/dev/null; then
    echo "SKIP $(cat "$n.src")"; return
  fi
  if ! wasm-opt $flags --print "$n.wasm" -o /dev/null >"$n.from_wasm" 2>"$n.err"; then
    echo "DIFF (binaryen rejects weft's bytes) $(cat "$n.src") $n"; return
  fi
  if cmp -s "$n.from_wat" "$n.from_wasm"; then echo SAME; else echo "DIFF $(cat "$n.src") $n"; fi
}
export -f one
ls "$out"/*.wat | xargs -P 2 -I{} bash -c 'one {}' >"$out/results.txt"
grep -a '^DIFF' "$out/results.txt"
echo "same $(grep -ac '^SAME' "$out/results.txt"), differ $(grep -ac '^DIFF' "$out/results.txt")," \
  "binaryen cannot read the text: $(grep -ac '^SKIP' "$out/results.txt")"
