#!/bin/sh
# Runs every script with weft; fails when any command fails.
set -eu
weft="$1"
shift
"$weft" wast "$@"
