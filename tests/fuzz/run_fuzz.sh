#!/usr/bin/env bash
# Bounded libFuzzer run over decode+validate (clang-14, ASan+UBSan).
#   tests/fuzz/run_fuzz.sh [SECONDS]     default 60
# Exits non-zero when the fuzzer finds a crash, leak, timeout or OOM; the
# reproducer is left in the printed artifact directory.
set -euo pipefail
seconds="${1:-60}"
top="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$top"
bazel ${WEFT_BAZEL_FLAGS:-} build --config=fuzz //tests/fuzz:decode_validate_fuzzer //tests/fuzz:seed_corpus
bin="$(bazel ${WEFT_BAZEL_FLAGS:-} info --config=fuzz bazel-bin)"
work="$(mktemp -d)"
trap 'rm -rf "$work/corpus"' EXIT
mkdir -p "$work/corpus" "$work/artifacts"
cp "$bin"/tests/fuzz/seeds/*.wasm "$work/corpus/"
echo "fuzzing for ${seconds}s; artifacts (crash reproducers) in $work/artifacts" >&2
"$bin/tests/fuzz/decode_validate_fuzzer" "$work/corpus" \
  -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
  -artifact_prefix="$work/artifacts/" -print_final_stats=1
