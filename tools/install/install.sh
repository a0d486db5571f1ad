#!/usr/bin/env bash
# Installs weft for embedders:
#   bazel run -c opt //:install -- PREFIX
# PREFIX/bin/weft, PREFIX/lib/libweft.a, PREFIX/include/weft/*.h,
# PREFIX/lib/pkgconfig/weft.pc and PREFIX/lib/cmake/weft/ (find_package).
# A relative PREFIX is taken from where `bazel run` was started. Existing
# files are replaced; nothing else under PREFIX is touched.
set -euo pipefail
if [[ $# -ne 1 || -z "$1" || "$1" == -* ]]; then
  echo "usage: bazel run -c opt //:install -- PREFIX" >&2
  exit 2
fi
prefix="$1"
if [[ "$prefix" != /* ]]; then
  prefix="${BUILD_WORKING_DIRECTORY:-$PWD}/$prefix"
fi
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# Inside `bazel run` (and tests) the inputs are in the runfiles tree.
runfiles="${RUNFILES_DIR:-$0.runfiles}/weft"
[[ -d "$runfiles" ]] || runfiles="$here/../.."
version_h="$runfiles/include/weft/version.h"
version="$(sed -n 's/^#define WEFT_VERSION "\(.*\)"$/\1/p' "$version_h")"
if [[ ! "$version" =~ ^([0-9]+)\.([0-9]+)\.([0-9]+)$ ]]; then
  echo "install: cannot read WEFT_VERSION from $version_h" >&2
  exit 1
fi
major="${BASH_REMATCH[1]}" minor="${BASH_REMATCH[2]}"

mkdir -p "$prefix/bin" "$prefix/lib/pkgconfig" "$prefix/lib/cmake/weft" "$prefix/include/weft" ||
  { echo "install: cannot create directories under $prefix" >&2; exit 1; }
install -m 755 "$runfiles/cli/weft" "$prefix/bin/weft"
install -m 644 "$runfiles/lib/libweft.a" "$prefix/lib/libweft.a"
for h in "$runfiles"/include/weft/*.h "$runfiles"/include/weft/*.inc; do
  install -m 644 "$h" "$prefix/include/weft/"
done
if [[ -f "$runfiles/include/wasm.h" ]]; then
  install -m 644 "$runfiles/include/wasm.h" "$prefix/include/wasm.h"
fi
fill() {  # TEMPLATE OUT
  sed -e "s|@PREFIX@|$prefix|g" -e "s|@VERSION@|$version|g" \
      -e "s|@VERSION_MAJOR@|$major|g" -e "s|@VERSION_MINOR@|$minor|g" "$1" >"$2"
}
fill "$runfiles/tools/install/weft.pc.in" "$prefix/lib/pkgconfig/weft.pc"
fill "$runfiles/tools/install/weftConfig.cmake.in" "$prefix/lib/cmake/weft/weftConfig.cmake"
fill "$runfiles/tools/install/weftConfigVersion.cmake.in" \
  "$prefix/lib/cmake/weft/weftConfigVersion.cmake"
echo "installed weft $version into $prefix"
