#!/usr/bin/env bash
# Bounded libFuzzer run (clang-14, ASan+UBSan) over decode+validate, over
# execution (compile, instantiate, call every export under fuel), or over
# the text format (parse + encode, then decode + validate the result).
#   tests/fuzz/run_fuzz.sh [SECONDS [decode_validate|execute|text]]   default 60, decode_validate
# Exits non-zero when the fuzzer finds a crash, leak, timeout or OOM; the
# reproducer is left in the printed artifact directory.
set -euo pipefail
seconds="${1:-60}"
target="${2:-decode_validate}"
case "$target" in
  decode_validate|execute|text) ;;
  *) echo "run_fuzz.sh: unknown target \"$target\" (decode_validate, execute or text)" >&2; exit 2 ;;
esac
top="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$top"
bazel ${WEFT_BAZEL_FLAGS:-} build --config=fuzz "//tests/fuzz:${target}_fuzzer" \
  //tests/fuzz:seed_corpus //tests/fuzz:seed_corpus_3_0
bin="$(bazel ${WEFT_BAZEL_FLAGS:-} info --config=fuzz bazel-bin)"
work="$(mktemp -d)"
trap 'rm -rf "$work/corpus" "$work/suite"' EXIT
mkdir -p "$work/corpus" "$work/artifacts"
if [[ "$target" == text ]]; then
  # Two folders may hold the same file name: name each copy by its path.
  for f in tests/fuzz/seeds/*.wat tests/fuzz/seeds_3_0/*.wat text/testdata/*.wat; do
    cp "$f" "$work/corpus/${f//\//_}"
  done
else
  cp "$bin"/tests/fuzz/seeds/*.wasm "$bin"/tests/fuzz/seeds_3_0/*.wasm "$work/corpus/"
fi
# Extra seeds from a few testsuite files (generated here, never committed):
# 2.0 files from core/ and 3.0-feature files from 3.0/. $WEFT_TESTSUITE is
# the directory holding core/ and 3.0/.
suite="${WEFT_TESTSUITE:-$top/../shared/wasm-testsuite}"
if [[ "$target" != text && -d "$suite" ]]; then
  # weft reads the scripts itself; --save-modules writes each module's binary.
  bazel ${WEFT_BAZEL_FLAGS:-} build -c opt //cli:weft
  weft="$(bazel ${WEFT_BAZEL_FLAGS:-} info -c opt bazel-bin)/cli/weft"
  mkdir -p "$work/suite"
  save_modules() {  # DIR NAME...: the modules of DIR/NAME.wast
    local dir="$1" f
    shift
    for f in "$@"; do
      [[ -f "$dir/$f.wast" ]] || continue
      "$weft" wast --save-modules "$work/suite" "$dir/$f.wast" >/dev/null 2>&1 || true
    done
  }
  save_modules "$suite/core" block loop br_table call_indirect memory_grow global elem data \
    func binary-leb128 local_get if select simd_lane simd_load simd_store \
    simd_i16x8_arith2 simd_f32x4 simd_conversions simd_bitwise
  save_modules "$suite/3.0" return_call return_call_indirect return_call_ref try_table \
    throw throw_ref call_ref br_on_null br_on_non_null local_init memory64 load64 \
    memory_grow64 table_grow64 memory-multi memory_copy1 relaxed_madd_nmadd \
    relaxed_laneselect relaxed_dot_product i8x16_relaxed_swizzle \
    struct array array_copy array_new_elem i31 ref_cast ref_test br_on_cast \
    br_on_cast_fail extern type-rec type-subtyping
  save_modules "$suite/3.0/legacy" try_catch try_delegate rethrow
  find "$work/suite" -name '*.wasm' -size -64k -exec cp {} "$work/corpus/" \;
fi
echo "seed corpus: $(ls "$work/corpus" | wc -l) files" >&2
echo "fuzzing for ${seconds}s; artifacts (crash reproducers) in $work/artifacts" >&2
"$bin/tests/fuzz/${target}_fuzzer" "$work/corpus" \
  -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
  -artifact_prefix="$work/artifacts/" -print_final_stats=1
