#!/usr/bin/env bash
# The CLI's help and README agree on weft's flags:
#  - every flag a command's `--help` lists is documented in README's
#    sections on the tool ("The `weft` tool", "Debugging and profiling");
#  - every flag those sections mention is one that some command's help
#    lists, and a flag README gives in a `weft CMD ...` command line
#    anywhere is one that CMD's help lists.
# Deliberate exceptions: flags README mentions that are not weft's (the
# compilers' in its build commands).
#   help_readme_test.sh WEFT README.md
set -euo pipefail
weft="$1"
readme="$2"
not_weft_flags=" --target "   # clang's and rustc's, in examples' build lines
commands=(run wast validate inspect plugin)
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }

# The flags of `weft CMD --help`: its "flags:" lines.
flags_of() {
  "$weft" "$1" --help | awk '/^flags:/ { in_flags = 1; next } in_flags && /^  --/ { print $1 }'
}
# The README sections about the tool, where every weft flag is documented.
sections="$(awk '/^## / { keep = ($0 ~ /^## The `weft` tool$/ || $0 ~ /^## Debugging and profiling$/) }
                 keep' "$readme")"
[[ -n "$sections" ]] || fail "README has no section \"The \`weft\` tool\""
# A flag is mentioned when it stands alone: "--dir" is not "--dir-ro".
mentions() { grep -qE -- "(^|[^a-z0-9-])$2([^a-z0-9-]|\$)" <<<"$1"; }

all_flags=" --help --version "
for cmd in "${commands[@]}"; do
  flags="$(flags_of "$cmd")"
  [[ -n "$flags" ]] || fail "weft $cmd --help lists no flags"
  for flag in $flags; do
    all_flags+="$flag "
    mentions "$sections" "$flag" || fail "weft $cmd --help lists $flag, README does not document it"
  done
  # Command lines of CMD in README: from `weft CMD` to the end of the code
  # span or to a comment.
  while IFS= read -r line; do
    for flag in $(grep -oE -- '--[a-z][a-z0-9-]*' <<<"$line" || true); do
      [[ "$flag" == --help ]] && continue
      grep -qxF -- "$flag" <<<"$flags" || fail "README runs \`$line\`: $cmd has no flag $flag"
    done
  done < <(grep -oE "weft $cmd [^\`#]*[^\` #]" "$readme" || true)
done
"$weft" --help | grep -q -- "--version" || fail "weft --help does not mention --version"
mentions "$sections" --version || fail "README does not document weft --version"

for flag in $(grep -oE -- '--[a-z][a-z0-9-]*' <<<"$sections" | sort -u); do
  [[ "$all_flags" == *" $flag "* || "$not_weft_flags" == *" $flag "* ]] ||
    fail "README mentions $flag, which no weft command's --help lists"
done

if [[ $failures -gt 0 ]]; then exit 1; fi
echo "weft's help and README agree on ${#commands[@]} commands' flags"
