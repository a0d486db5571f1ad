#!/usr/bin/env bash
# Installs the Debian packages weft needs to build, test and benchmark.
# Idempotent: quiet and quick when everything is already present.
set -euo pipefail

packages=(
  bazel-bootstrap       # Bazel 4.2.3, works offline
  g++ clang lld         # host compilers; clang also targets wasm32
  libabsl-dev libgtest-dev libgmock-dev libbenchmark-dev
  wabt                  # wat2wasm: test modules, and the text parser's differential test
  wasi-libc libclang-rt-14-dev-wasm32   # C -> wasm32-wasi for tests and benchmarks
  clang-19 lld-19 libclang-rt-19-dev-wasm32   # 3.0 guests: -mtail-call, wasm64, -mrelaxed-simd
  libclang-rt-14-dev    # sanitizer + libFuzzer runtimes
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "weft setup: installing ${missing[*]}" >&2
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq >/dev/null
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
