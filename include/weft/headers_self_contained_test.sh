#!/bin/sh
# Every public header compiles on its own with -Iinclude plus Abseil (and
# the standard library), and reaches no header of weft's internals: an
# embedder needs include/weft/ and nothing else of the source tree.
set -u
ROOT="${TEST_SRCDIR}/${TEST_WORKSPACE}"
CXX="${CXX:-clang++}"
CC="${CC:-clang}"
failures=0
for h in "$ROOT"/include/weft/*.h; do
  name=$(basename "$h")
  # Only weft/, absl/ and standard headers may be included.
  if grep -E '^#include "' "$h" | grep -vE '^#include "(weft|absl)/' >/dev/null; then
    echo "FAIL: $name includes a header outside weft/ and absl/:"
    grep -E '^#include "' "$h" | grep -vE '^#include "(weft|absl)/'
    failures=$((failures + 1))
  fi
  if [ "$name" = "weft.h" ]; then
    printf '#include "weft/%s"\n' "$name" |
      "$CC" -std=c11 -Wall -Werror -fsyntax-only -x c -I "$ROOT/include" - ||
      { echo "FAIL: $name does not compile alone as C"; failures=$((failures + 1)); }
  fi
  printf '#include "weft/%s"\n' "$name" |
    "$CXX" -std=c++20 -Wall -Werror -fsyntax-only -x c++ -I "$ROOT/include" - ||
    { echo "FAIL: $name does not compile alone as C++"; failures=$((failures + 1)); }
done
[ "$failures" -eq 0 ] || { echo "$failures failure(s)"; exit 1; }
echo "all public headers are self-contained"
