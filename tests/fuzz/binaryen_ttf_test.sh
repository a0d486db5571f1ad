#!/usr/bin/env bash
# Binaryen's `wasm-opt -ttf` turns bytes into a valid module using the
# features it is given. From seeded bytes (the same modules on every run)
# it generates WEFT_TTF_MODULES modules (default 48) with every 3.0 feature
# weft implements except GC, and generated_modules_check must accept,
# instantiate and run each. A failure names the seed: regenerate that
# module with the loop below to debug it.
#   usage: binaryen_ttf_test.sh PATH/TO/generated_modules_check
set -euo pipefail
check="$1"
count="${WEFT_TTF_MODULES:-48}"
first_seed="${WEFT_TTF_FIRST_SEED:-1}"
if ! command -v wasm-opt >/dev/null 2>&1; then
  echo "FAIL: wasm-opt (Binaryen, from npm) is not installed: run tools/setup.sh" >&2
  exit 1
fi
features=(--enable-sign-ext --enable-mutable-globals --enable-nontrapping-float-to-int
  --enable-simd --enable-bulk-memory --enable-reference-types --enable-multivalue
  --enable-tail-call --enable-exception-handling --enable-memory64 --enable-relaxed-simd
  --enable-extended-const --enable-multimemory --enable-custom-page-sizes)
work="${TEST_TMPDIR:-$(mktemp -d)}/ttf"
mkdir -p "$work"

# 4 KiB of bytes from a seed: SHA-256 of "seed-block", 128 blocks.
seeded_bytes() {
  local seed="$1" block hex
  for block in $(seq 1 128); do
    hex="$(printf '%s-%s' "$seed" "$block" | sha256sum | cut -c1-64)"
    printf "$(printf '%s' "$hex" | sed 's/../\\x&/g')"
  done
}

modules=()
for seed in $(seq "$first_seed" $((first_seed + count - 1))); do
  seeded_bytes "$seed" >"$work/seed$seed.bin"
  if ! wasm-opt -ttf "$work/seed$seed.bin" "${features[@]}" -o "$work/seed$seed.wasm" \
      2>"$work/seed$seed.err"; then
    echo "FAIL: wasm-opt could not generate a module from seed $seed:" >&2
    cat "$work/seed$seed.err" >&2
    exit 1
  fi
  modules+=("$work/seed$seed.wasm")
done
"$check" "${modules[@]}"
