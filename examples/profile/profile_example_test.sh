#!/bin/sh
# weft run --profile on README's example: render::Escape, the inner loop,
# holds most samples, under render::Mandelbrot; the SVG parses as XML. The
# flame graph README shows (docs/images/profile.svg) is weft's drawing of
# this program and parses too; its boxes vary from run to run, so only its
# form and its subject are checked.
#   profile_example_test.sh WEFT render.wasm README.md docs/images/profile.svg
set -eu
WEFT=$(realpath "$1")
WASM=$2
README=$3
PICTURE=$4
T="${TEST_TMPDIR:-/tmp}"
fail() { echo "FAIL: $*" >&2; exit 1; }
well_formed() {
  python3 -c 'import sys, xml.etree.ElementTree as E; E.parse(sys.argv[1])' "$1" ||
    fail "$1 is not well-formed XML"
}

"$WEFT" run --profile="$T/p.folded" --invoke run "$WASM"
cat "$T/p.folded"
awk '{ total += $NF } /^run;render::Mandelbrot\(render::Image&\);render::Escape\(double, double\) / { hot += $NF }
     END { if (!(total >= 20 && hot * 2 >= total)) { print "FAIL: Escape does not dominate"; exit 1 } }' \
  "$T/p.folded"

# The command README gives for its picture.
cp "$WASM" "$T/render.wasm"
(cd "$T" && "$WEFT" run --profile=profile.svg --invoke run render.wasm)
grep -q "render::Escape(double, double)" "$T/profile.svg" || fail "the new flame graph lacks Escape"
well_formed "$T/profile.svg"
grep -qF '`weft run --profile=profile.svg --invoke run render.wasm`' "$README" ||
  fail "README does not give the command that draws its picture"

# The picture itself.
grep -qF '](docs/images/profile.svg)' "$README" || fail "README does not show docs/images/profile.svg"
well_formed "$PICTURE"
grep -q "Flame graph: render.wasm" "$PICTURE" || fail "docs/images/profile.svg is not render.wasm's profile"
grep -q "render::Escape(double, double)" "$PICTURE" || fail "docs/images/profile.svg lacks Escape"
echo "profile example and README picture ok"
