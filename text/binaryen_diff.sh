#!/bin/bash
# Dev-only differential check of the text parser against Binaryen (not a
# test: Binaryen is not a dependency). Needs `npm install -g binaryen`.
#
#   text/binaryen_diff.sh OUT_DIR FILE.wast...
#
# corpus_check writes each module of the scripts as N.wat and weft's
# N.wasm. wasm-opt encodes N.wat itself (without -g: no names), then
# prints that and weft's N.wasm, and the printed texts are compared
# (Binaryen normalises encodings and order, so bytes would differ for
# nothing). Modules Binaryen cannot read from text are counted apart.
set -u
out=$1; shift
rm -rf "$out" && mkdir -p "$out"
bazel run --jobs=2 //text:corpus_check -- --out "$out" "$@" >/dev/null
same=0 differ=0 skipped=0
for wat in "$out"/*.wat; do
  n=${wat%.wat}
  if ! wasm-opt --all-features --no-validation "$wat" -o "$n.binaryen.wasm" 2>/dev/null ||
     ! wasm-opt --all-features --no-validation --print "$n.binaryen.wasm" -o /dev/null \
       >"$n.from_wat" 2>/dev/null; then
    skipped=$((skipped + 1)); continue
  fi
  if ! wasm-opt --all-features --no-validation --print "$n.wasm" -o /dev/null >"$n.from_wasm" 2>"$n.err"; then
    differ=$((differ + 1)); echo "DIFF (binaryen rejects weft's bytes) $(cat "$n.src")"; continue
  fi
  if cmp -s "$n.from_wat" "$n.from_wasm"; then
    same=$((same + 1))
  else
    differ=$((differ + 1)); echo "DIFF $(cat "$n.src") $n"
  fi
done
echo "same $same, differ $differ, binaryen cannot read the text: $skipped"
