#!/usr/bin/env bash
# Runs the Go bindings' tests (go test -race) against libweft.a the way an
# embedder builds: through pkg-config's "weft", here a weft.pc written for
# the Bazel runfiles. Args: libweft.a, weft/weft.h, json_upper.wasm,
# spin_v1.wasm, spin_v2.wasm.
set -euo pipefail

abs() { (cd "$(dirname "$1")" && echo "$PWD/$(basename "$1")"); }
lib=$(abs "$1")
include=$(dirname "$(dirname "$(abs "$2")")")
export WEFT_TEST_JSON_UPPER=$(abs "$3")
export WEFT_TEST_SPIN_V1=$(abs "$4")
export WEFT_TEST_SPIN_V2=$(abs "$5")
src=$(dirname "$(abs "${BASH_SOURCE[0]}")")

# shellcheck source=bindings/go/go_check_mode.sh
. "$src"/go_check_mode.sh
go=/usr/lib/go-1.23/bin/go
[ -x "$go" ] || go=$(command -v go) || { echo "go_test: no Go toolchain (run tools/setup.sh)" >&2; exit 1; }

tmp=${TEST_TMPDIR:-$(mktemp -d)}
mkdir -p "$tmp/pkgconfig" "$tmp/src"
cat > "$tmp/pkgconfig/weft.pc" <<PC
Name: weft
Description: weft from the Bazel build (bindings/go test)
Version: 0
Cflags: -I$include
Libs: $lib -lstdc++ -lm -lpthread
PC

# The sources are runfile symlinks; Go wants a real module directory.
cp -L "$src"/*.go "$src"/*.c "$src"/*.h "$src"/go.mod "$tmp/src/"
cd "$tmp/src"
export PKG_CONFIG_PATH="$tmp/pkgconfig" HOME="$tmp/home" GOCACHE="$tmp/gocache"
export GOPATH="$tmp/gopath" GOFLAGS=-mod=mod GOTOOLCHAIN=local GOPROXY=off CGO_ENABLED=1
"$go" version
"$go" vet ./...
"$go" test "$go_check_flag" -count=1 -timeout 180s -v ./... 2>&1 | tee "$tmp/go_test.log" | grep -E '^(=== RUN|--- |PASS|FAIL|ok|panic|\s+\S+_test.go)' || true
grep -qE '^(FAIL|panic)' "$tmp/go_test.log" && { cat "$tmp/go_test.log"; exit 1; }
grep -q '^ok' "$tmp/go_test.log"
