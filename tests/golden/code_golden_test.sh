#!/bin/sh
# Compares `weft inspect --code` of each tests/golden/code/*.wat with its
# .code.txt. A first line ";; inspect: FLAGS" adds flags (--metering).
# With --update (under `bazel run`), rewrites the .code.txt files instead.
set -u

R="${TEST_SRCDIR:-$0.runfiles}/${TEST_WORKSPACE:-weft}"
WEFT="$R/cli/weft"
DIR="$R/tests/golden/code"
OUT="${TEST_TMPDIR:-/tmp}/code_golden.$$"
mkdir -p "$OUT"
trap 'rm -rf "$OUT"' EXIT
update=0
if [ "${1:-}" = "--update" ]; then
  if [ -z "${BUILD_WORKSPACE_DIRECTORY:-}" ]; then
    echo "--update needs bazel run" >&2
    exit 2
  fi
  update=1
fi

failures=0
count=0
for wat in "$DIR"/*.wat; do
  name=$(basename "$wat" .wat)
  flags=$(sed -n '1s/^;; inspect: //p' "$wat")
  # shellcheck disable=SC2086
  if ! "$WEFT" inspect --code $flags "$DIR/$name.wasm" >"$OUT/$name.code.txt" 2>"$OUT/err"; then
    echo "FAIL: weft inspect --code $flags $name.wasm:"
    cat "$OUT/err"
    failures=$((failures + 1))
    continue
  fi
  count=$((count + 1))
  if [ "$update" = 1 ]; then
    cp "$OUT/$name.code.txt" "$BUILD_WORKSPACE_DIRECTORY/tests/golden/code/$name.code.txt"
    echo "updated tests/golden/code/$name.code.txt"
  elif ! diff -u "$DIR/$name.code.txt" "$OUT/$name.code.txt" >"$OUT/diff"; then
    echo "FAIL: code of $name.wat differs from $name.code.txt (- expected, + now):"
    cat "$OUT/diff"
    failures=$((failures + 1))
  fi
done

if [ "$count" -eq 0 ] && [ "$failures" -eq 0 ]; then
  echo "FAIL: no golden modules found in $DIR"
  exit 1
fi
if [ "$failures" -ne 0 ]; then
  echo "$failures golden file(s) differ. If the change is intended:"
  echo "  bazel run //tests/golden:code_golden_test -- --update"
  exit 1
fi
echo "ok: $count golden files"
