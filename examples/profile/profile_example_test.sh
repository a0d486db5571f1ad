#!/bin/sh
# weft run --profile on README's example: render::Escape, the inner loop,
# holds most samples, under render::Mandelbrot; the SVG parses as XML.
set -eu
WEFT=$1
WASM=$2
T="${TEST_TMPDIR:-/tmp}"
"$WEFT" run --profile="$T/p.folded" --invoke run "$WASM"
cat "$T/p.folded"
awk '{ total += $NF } /^run;render::Mandelbrot\(render::Image&\);render::Escape\(double, double\) / { hot += $NF }
     END { if (!(total >= 20 && hot * 2 >= total)) { print "FAIL: Escape does not dominate"; exit 1 } }' \
  "$T/p.folded"
"$WEFT" run --profile="$T/p.svg" --invoke run "$WASM"
grep -q "render::Escape(double, double)" "$T/p.svg"
if command -v python3 >/dev/null 2>&1; then
  python3 -c 'import sys, xml.etree.ElementTree as E; E.parse(sys.argv[1])' "$T/p.svg"
fi
