#!/bin/bash
# startup_footprint in --quick mode: every figure of its summary is present
# and a positive number, the code-size ratio is computed, and bad paths or
# flags fail with a clear message instead of a crash. Checks no timings.
set -u
tool="$1"; weft="$2"; trivial="$3"; real="$4"
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

out=$("$tool" --quick --weft="$weft" --trivial_wasm="$trivial" --real_wasm="$real" 2>&1)
rc=$?
[ $rc -eq 0 ] || fail "quick run exited $rc"
summary=$(sed -n '/^summary /,$p' <<<"$out")
for name in translation_MB_per_s.generated_64KiB translation_MB_per_s.real \
            code_size_ratio.generated_64KiB code_size_ratio.real \
            time_to_start_ms.64KiB.default time_to_start_ms.64KiB.lazy_validation \
            time_to_start_ms.64KiB.eager time_to_start_ms.256KiB.default \
            time_to_start_ms.256KiB.lazy_validation time_to_start_ms.256KiB.eager \
            peak_rss_KiB.weft_run_trivial peak_rss_KiB.weft_version; do
  line=$(awk -v n="$name" '$1 == n' <<<"$summary")
  # Times (and speeds) have a wall and a CPU column, the rest one value.
  case "$name" in code_size*|peak_rss*) columns=2 ;; *) columns=3 ;; esac
  if [ -z "$line" ]; then
    fail "summary lacks $name"
  elif ! awk -v c=$columns '{ ok = NF == c; for (i = 2; i <= NF; ++i) ok = ok && $i + 0 > 0 }
                            END { exit !ok }' <<<"$line"; then
    fail "$name: not $((columns - 1)) positive number(s): '$line'"
  fi
done
# Threaded code is Words (8 bytes) for wasm ops of a few bytes: larger.
ratio=$(awk '$1 == "code_size_ratio.real" { print $2 }' <<<"$summary")
awk -v v="${ratio:-0}" 'BEGIN { exit !(v > 1 && v < 100) }' ||
  fail "code_size_ratio.real out of any plausible range: '$ratio'"
grep -q "threaded code [0-9]* bytes = " <<<"$out" || fail "no threaded-code line"
[ $failures -eq 0 ] || { echo "output was:"; sed 's/^/  | /' <<<"$out"; }

expect_error() {  # expect_error EXPECTED_RC MESSAGE_SUBSTRING ARGS...
  local want_rc="$1" want_msg="$2"; shift 2
  local err rc
  err=$("$tool" "$@" 2>&1 >/dev/null); rc=$?
  [ $rc -eq "$want_rc" ] || fail "$* exited $rc, not $want_rc"
  grep -qF -- "$want_msg" <<<"$err" || fail "$*: stderr lacks \"$want_msg\": $err"
}
expect_error 1 "cannot find /nonexistent/weft" --quick --weft=/nonexistent/weft \
  --trivial_wasm="$trivial" --real_wasm="$real"
expect_error 1 "cannot read /nonexistent.wasm" --quick --weft="$weft" \
  --trivial_wasm="$trivial" --real_wasm=/nonexistent.wasm
expect_error 1 "cannot find /nonexistent.wasm" --quick --weft="$weft" \
  --trivial_wasm=/nonexistent.wasm --real_wasm="$real"
expect_error 2 "unknown argument '--bogus'" --bogus
expect_error 2 "--runs wants 1..1000" --runs=0

[ $failures -eq 0 ] && echo PASS
exit $failures
