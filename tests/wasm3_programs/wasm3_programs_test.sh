#!/bin/sh
# Runs the clang-19 programs with weft; the expected values are the native
# builds' (see each guest's comment).
set -u
weft="$1" tail_calls="$2" relaxed="$3" memory64="$4"
failures=0

check() {  # check NAME EXPECTED ACTUAL
  if [ "$2" != "$3" ]; then
    echo "FAIL: $1"
    echo "  expected: $2"
    echo "  got:      $3"
    failures=$((failures + 1))
  fi
}

check "tail calls, 10M steps in one frame" \
  "steps=10000000 result=8241621916392548801" "$("$weft" run "$tail_calls" 10000000 2>&1)"
check "tail calls switched off" \
  "disabled" "$("$weft" run --wasm-features=-tail-call "$tail_calls" 5 2>&1 | grep -o disabled)"

check "relaxed SIMD" "madd 3.25 -7 -2.75 3
swizzle 15 14 13 12 11 10 9 8 7 6 5 4 3 2 1 0
trunc 2147483647 -3 0 42
laneselect 1 2 1 2" "$("$weft" run "$relaxed" 2>&1)"
check "relaxed SIMD switched off" \
  "relaxed SIMD instructions are disabled (feature relaxed-simd)" \
  "$("$weft" run --wasm-features=-relaxed-simd "$relaxed" 2>&1 | grep -o 'relaxed SIMD instructions are disabled (feature relaxed-simd)')"

check "wasm64 pointers" "i32:8" "$("$weft" run --invoke pointer_size "$memory64" 2>&1)"
check "wasm64 checksum over 1 MB" "i64:1626516070702146784" \
  "$("$weft" run --invoke checksum "$memory64" 1000000 2>&1)"
check "memory64 switched off" \
  "64-bit memories and tables are disabled (feature memory64)" \
  "$("$weft" run --wasm-features=-memory64 --invoke pointer_size "$memory64" 2>&1 | grep -o '64-bit memories and tables are disabled (feature memory64)')"

[ "$failures" -eq 0 ] && echo "all clang-19 programs ok"
exit "$failures"
