#!/usr/bin/env bash
# Runs the example server's tests (go test -race) against libweft.a, with
# the bindings beside it as its go.mod's replace directive expects.
# Args: libweft.a, weft/weft.h, spin_v1.wasm, spin_v2.wasm.
set -euo pipefail

abs() { (cd "$(dirname "$1")" && echo "$PWD/$(basename "$1")"); }
lib=$(abs "$1")
include=$(dirname "$(dirname "$(abs "$2")")")
export WEFT_TEST_SPIN_V1=$(abs "$3")
export WEFT_TEST_SPIN_V2=$(abs "$4")
here=$(dirname "$(abs "${BASH_SOURCE[0]}")")
bindings=$(dirname "$(dirname "$here")")/bindings/go

# shellcheck source=bindings/go/go_check_mode.sh
. "$bindings"/go_check_mode.sh
go=/usr/lib/go-1.23/bin/go
[ -x "$go" ] || go=$(command -v go) || { echo "go_test: no Go toolchain (run tools/setup.sh)" >&2; exit 1; }

tmp=${TEST_TMPDIR:-$(mktemp -d)}
mkdir -p "$tmp/pkgconfig" "$tmp/examples/go-server" "$tmp/bindings/go"
cat > "$tmp/pkgconfig/weft.pc" <<PC
Name: weft
Description: weft from the Bazel build (examples/go-server test)
Version: 0
Cflags: -I$include
Libs: $lib -lstdc++ -lm -lpthread
PC
# Runfile symlinks to real files, in the layout go.mod's replace expects.
cp -L "$here"/*.go "$here"/go.mod "$tmp/examples/go-server/"
cp -L "$bindings"/*.go "$bindings"/*.c "$bindings"/*.h "$bindings"/go.mod "$tmp/bindings/go/"
cd "$tmp/examples/go-server"
export PKG_CONFIG_PATH="$tmp/pkgconfig" HOME="$tmp/home" GOCACHE="$tmp/gocache"
export GOPATH="$tmp/gopath" GOFLAGS=-mod=mod GOTOOLCHAIN=local GOPROXY=off CGO_ENABLED=1
"$go" vet ./...
"$go" test "$go_check_flag" -count=1 -timeout 240s -v ./... 2>&1 | tee "$tmp/go_test.log" | grep -E '^(=== RUN|--- |PASS|FAIL|ok|panic|\s+\S+_test.go)' || true
grep -qE '^(FAIL|panic)' "$tmp/go_test.log" && { cat "$tmp/go_test.log"; exit 1; }
grep -q '^ok' "$tmp/go_test.log"
