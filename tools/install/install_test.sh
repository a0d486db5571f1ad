#!/usr/bin/env bash
# Installs weft into a temporary prefix (//:install), then builds the C
# embedding example (examples/embed_c/main.c) the two ways README shows —
# with pkg-config and with a CMake project using find_package(weft) — and
# runs both on their guest module. Also checks the installed CLI's version
# against weft.pc and that a bad PREFIX is refused.
# The standard wasm.h example (examples/wasm_h/hello.c) is built against
# the installed wasm.h and libweft.a the same way, unchanged.
# So is README's C++ example (examples/readme/embed.cc).
#   install_test.sh INSTALL MAIN.C GUEST.WASM WASM_H_HELLO.C HELLO.WASM EMBED.CC
set -euo pipefail
install_bin="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")" main="$(realpath "$2")" guest="$(realpath "$3")"
wasm_h_hello="$(realpath "$4")" hello_wasm="$(realpath "$5")" embed_cc="$(realpath "$6")"
work="${TEST_TMPDIR:-$(mktemp -d)}/install"
rm -rf "$work"
mkdir -p "$work"
prefix="$work/prefix"
"$install_bin" "$prefix"

fail() { echo "FAIL: $*" >&2; exit 1; }
for f in bin/weft lib/libweft.a include/wasm.h include/weft/weft.h include/weft/version.h \
         include/weft/trap_codes.inc lib/pkgconfig/weft.pc lib/cmake/weft/weftConfig.cmake \
         lib/cmake/weft/weftConfigVersion.cmake; do
  [[ -f "$prefix/$f" ]] || fail "$f was not installed"
done
version="$(PKG_CONFIG_PATH="$prefix/lib/pkgconfig" pkg-config --modversion weft)"
"$prefix/bin/weft" --version | grep -q "weft $version" ||
  fail "weft --version does not print weft.pc's version $version"

# Under `bazel test --config=asan` the archive is instrumented: the
# embedder then links the sanitizer runtimes too.
# Their runtimes must be those of the compiler that built it (.bazelrc).
sanitizers=""
cc=clang cxx=clang++
if nm "$prefix/lib/libweft.a" 2>/dev/null | grep "U __asan_report" >/dev/null; then
  sanitizers="-fsanitize=address,undefined -fsanitize-link-c++-runtime"
  cc=clang-19 cxx=clang++-19
fi

# 1. pkg-config, as README shows.
cd "$work"
cp "$main" app.c
# shellcheck disable=SC2046,SC2086
$cc $sanitizers -std=c11 -D_POSIX_C_SOURCE=200809L app.c -o app_pkgconfig \
  $(PKG_CONFIG_PATH="$prefix/lib/pkgconfig" pkg-config --cflags --libs weft)
./app_pkgconfig "$guest" >pkgconfig.out 2>&1 || { cat pkgconfig.out; fail "pkg-config build exited non-zero"; }
grep -q "all checks passed" pkgconfig.out || fail "pkg-config build: no success line"
# The standard C API: a wasm.h program, unchanged.
cp "$wasm_h_hello" wasm_h_hello.c
# shellcheck disable=SC2046,SC2086
$cc $sanitizers -std=c11 wasm_h_hello.c -o wasm_h_hello \
  $(PKG_CONFIG_PATH="$prefix/lib/pkgconfig" pkg-config --cflags --libs weft)
./wasm_h_hello "$hello_wasm" >wasm_h.out 2>&1 || { cat wasm_h.out; fail "the wasm.h program exited non-zero"; }
# C++: the same flags, a C++20 compiler.
cp "$embed_cc" embed.cc
# shellcheck disable=SC2046,SC2086
$cxx $sanitizers -std=c++20 embed.cc -o embed_cc \
  $(PKG_CONFIG_PATH="$prefix/lib/pkgconfig" pkg-config --cflags --libs weft)
./embed_cc >embed_cc.out 2>&1 || { cat embed_cc.out; fail "the C++ example exited non-zero"; }

# 2. CMake, as README shows.
mkdir -p cmake_app
cp "$main" cmake_app/app.c
cat >cmake_app/CMakeLists.txt <<CMAKE
cmake_minimum_required(VERSION 3.16)
project(weft_embedder C)
find_package(weft ${version%.*} REQUIRED)
add_executable(app app.c)
target_compile_definitions(app PRIVATE _POSIX_C_SOURCE=200809L)
target_link_libraries(app PRIVATE weft::weft)
CMAKE
# (UBSan's C++ part needs libstdc++ even in CMake's plain-C compiler check.)
CC="$cc" CXX="$cxx" CFLAGS="$sanitizers" LDFLAGS="$sanitizers${sanitizers:+ -lstdc++}" \
  cmake -S cmake_app -B cmake_build -DCMAKE_PREFIX_PATH="$prefix" >cmake.out 2>&1 ||
  { cat cmake.out; fail "cmake configure failed"; }
cmake --build cmake_build >>cmake.out 2>&1 || { cat cmake.out; fail "cmake build failed"; }
./cmake_build/app "$guest" >cmake_run.out 2>&1 || { cat cmake_run.out; fail "CMake build exited non-zero"; }
grep -q "all checks passed" cmake_run.out || fail "CMake build: no success line"

# 3. A version that does not match is refused by find_package.
sed -i "s|find_package(weft [^ ]* REQUIRED)|find_package(weft 99.0 REQUIRED)|" cmake_app/CMakeLists.txt
if cmake -S cmake_app -B cmake_build_bad -DCMAKE_PREFIX_PATH="$prefix" >bad.out 2>&1; then
  fail "find_package(weft 99.0) was accepted"
fi
grep -q "weft" bad.out || fail "the version refusal does not name weft"

# 4. Bad uses of the installer.
if "$install_bin" >usage.out 2>&1; then fail "install without PREFIX succeeded"; fi
grep -q "usage: bazel run -c opt //:install -- PREFIX" usage.out || fail "no usage line"
touch "$work/file"
if "$install_bin" "$work/file/sub" >notdir.out 2>&1; then fail "install into a file succeeded"; fi
grep -q "cannot create directories" notdir.out || { cat notdir.out; fail "unclear error for a bad PREFIX"; }
echo "install test: weft.h embedders (pkg-config, CMake) and a wasm.h program built and ran (weft $version)"
