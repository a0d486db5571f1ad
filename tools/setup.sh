#!/usr/bin/env bash
# Installs the Debian packages weft needs to build, test and benchmark.
# Idempotent: quiet and quick when everything is already present.
set -euo pipefail

packages=(
  bazel-bootstrap       # Bazel 4.2.3, works offline
  g++ clang lld         # host compilers; clang also targets wasm32
  libabsl-dev libgtest-dev libgmock-dev libbenchmark-dev
  pkgconf cmake         # the install test builds an embedder both ways
  wabt                  # wat2wasm: test modules, and the text parser's differential test
  wasi-libc libclang-rt-14-dev-wasm32   # C -> wasm32-wasi for tests and benchmarks
  libc++-dev-wasm32     # C++ standard library for wasm32-wasi (examples/debug/shelf.cc)
  rustc libstd-rust-dev-wasm32   # Rust -> wasm32-wasi (examples/debug/shelf.rs)
  clang-19 lld-19 libclang-rt-19-dev-wasm32   # builds weft (.bazelrc); 3.0 guests: -mtail-call, wasm64, -mrelaxed-simd
  libclang-rt-19-dev    # sanitizer + libFuzzer runtimes of clang 19
  golang-1.23-go        # bindings/go and examples/go-server (from bookworm-backports, below)
  llvm-14-dev           # libLLVMDemangle: Rust v0 symbol names (base/demangle.cc)
  libdwarf-dev zlib1g-dev   # DWARF line tables: source positions in backtraces (debuginfo/)
  python3               # tests parse weft's JSON and SVG output with its standard library
)

# Binaryen from npm (Debian's binaryen 108 predates the 3.0 encodings):
# wasm-opt -ttf generates the modules of //tests/fuzz:binaryen_ttf_test.
binaryen_version=132.0.0

SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive

# npm itself: the machine's Node.js when it has one, else Debian's.
command -v npm >/dev/null 2>&1 || packages+=(nodejs npm)

# Go 1.23 for the Go bindings: bookworm's own golang-go is 1.19, which lacks
# context.AfterFunc (1.21: the bindings interrupt a call when its context
# ends without a goroutine per call) and net/http method and wildcard
# patterns (1.22: "POST /plugins/{name}"). Debian ships 1.23 in
# bookworm-backports; enable that suite once (packages are only taken
# from it when asked for by name, as golang-1.23-go is).
backports=/etc/apt/sources.list.d/weft-bookworm-backports.list
if ! grep -rqs "bookworm-backports" /etc/apt/sources.list /etc/apt/sources.list.d/ 2>/dev/null; then
  echo "deb http://deb.debian.org/debian bookworm-backports main" | $SUDO tee "$backports" >/dev/null
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "weft setup: installing ${missing[*]}" >&2
  $SUDO apt-get update -qq >/dev/null
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if [ "$(wasm-opt --version 2>/dev/null)" != "wasm-opt version ${binaryen_version%%.*} (version_${binaryen_version%%.*})" ]; then
  echo "weft setup: installing binaryen@$binaryen_version from npm" >&2
  $SUDO npm install -g --silent "binaryen@$binaryen_version" >/dev/null
fi
