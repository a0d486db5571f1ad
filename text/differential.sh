#!/bin/bash
# Dev-only differential checks of the text parser over .wast scripts
# (not a test: neither tool is a dependency; wabt is Debian's `wabt`,
# Binaryen is `npm install -g binaryen`).
#
#   text/differential.sh OUT_DIR FILE.wast...
#
# corpus_check writes each module of the scripts as N.wat and weft's
# encoding N.wasm. Then:
# - wabt: where `wat2wasm --enable-all --no-check` reads N.wat, its bytes
#   must equal weft's (wabt 1.0.32 predates parts of 3.0: GC mostly).
# - Binaryen (binaryen_diff.mjs): its printed text of N.wat and of
#   weft's N.wasm must agree, both passed through its writer and reader
#   (it renames, reorders types and rewrites stacky code).
set -u
out=$1; shift
here=$(cd "$(dirname "$0")" && pwd)
rm -rf "$out" && mkdir -p "$out"
(cd "$here/.." && bazel run --jobs=2 //text:corpus_check -- --out "$out" "$@") | tail -3
same=0 differ=0 unread=0
for wat in "$out"/*.wat; do
  n=${wat%.wat}
  if ! (wat2wasm --enable-all --no-check "$wat" -o "$n.wabt.wasm") >/dev/null 2>&1; then
    unread=$((unread + 1))
  elif cmp -s "$n.wabt.wasm" "$n.wasm"; then
    same=$((same + 1))
  else
    differ=$((differ + 1)); echo "wabt differs: $(cat "$n.src") $n"
  fi
done
echo "wabt: same $same, differ $differ, wabt cannot read: $unread"
NODE_PATH=$(npm root -g) node "$here/binaryen_diff.mjs" "$out"
