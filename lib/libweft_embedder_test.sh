#!/bin/bash
# Links a C embedder against the single archive with exactly the command an
# embedder uses (cc app.c -Iinclude libweft.a -lstdc++ -lm -lpthread) and
# runs it: nothing else of weft or Abseil may be needed.
#   libweft_embedder_test.sh LIBWEFT.A MAIN.C WEFT.H GUEST.WASM TRAP_CODES.INC VERSION.H
set -eu
lib="$1" main="$2" header="$3" guest="$(realpath "$4")" trap_codes="$5" version="$6"
work="${TEST_TMPDIR:-$(mktemp -d)}"
mkdir -p "$work/include/weft"
cp "$header" "$work/include/weft/weft.h"
cp "$trap_codes" "$work/include/weft/trap_codes.inc"
cp "$version" "$work/include/weft/version.h"
cp "$main" "$work/app.c"
cp "$lib" "$work/libweft.a"
cd "$work"
# Under `bazel test --config=asan` the archive itself is instrumented, so
# the embedder must link the sanitizer runtimes too; otherwise the plain
# embedder command is used.
# Their runtimes must be those of the compiler that built it (.bazelrc).
sanitizers=""
cc=clang
if nm libweft.a 2>/dev/null | grep -q "U __asan_report"; then
  sanitizers="-fsanitize=address,undefined -fsanitize-link-c++-runtime"
  cc=clang-19
fi
"$cc" $sanitizers -std=c11 -D_POSIX_C_SOURCE=200809L app.c -Iinclude libweft.a -lstdc++ -lm -lpthread -o app
./app "$guest" >out.txt 2>&1 || { echo "FAIL: the embedder exited $?:"; cat out.txt; exit 1; }
cat out.txt
grep -q "all checks passed" out.txt || { echo "FAIL: no success line"; exit 1; }
echo "libweft.a: $(stat -c %s libweft.a) bytes; embedder binary: $(stat -c %s app) bytes"
