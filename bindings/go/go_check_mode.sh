# Sourced by the Go test scripts (bindings/go, examples/go-server) with
# $lib set to libweft.a: chooses how `go test` checks the program.
# Normally the race detector. Under `bazel test --config=asan` the archive
# is ASan/UBSan-instrumented, and Go cannot link that beside the race
# detector (ThreadSanitizer): the tests then run with `go test -asan`,
# built by the compiler whose sanitizer runtimes the archive needs
# (.bazelrc's clang-19), plus UBSan's runtime.
go_check_flag=-race
if nm "$lib" 2>/dev/null | grep "U __asan_report" >/dev/null; then
  go_check_flag=-asan
  export CC=clang-19 CXX=clang++-19
  export CGO_LDFLAGS="${CGO_LDFLAGS:-} -fsanitize=undefined -fsanitize-link-c++-runtime"
fi
