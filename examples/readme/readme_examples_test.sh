#!/usr/bin/env bash
# README shows the embedding examples of examples/readme/ in full; each is
# built and run by its own test. This checks that README still shows each
# file exactly, so what a reader copies is what the tests run.
#   readme_examples_test.sh README.md FILE...
set -euo pipefail
readme="$(cat "$1")"
shift
failures=0
for f in "$@"; do
  text="$(cat "$f")"
  # Quoted on the right of ==, the text is matched literally.
  if [[ "$readme" != *"$text"* ]]; then
    echo "FAIL: README.md does not show $(basename "$f") as it is (examples/readme/)" >&2
    failures=$((failures + 1))
  fi
done
if [[ $failures -gt 0 ]]; then exit 1; fi
echo "README shows all $# examples exactly"
