//go:build asan

package main

// Built by `go test -asan` (bindings/go/go_check_mode.sh, under
// `bazel test --config=asan`): AddressSanitizer keeps freed memory in
// quarantine, so the process's RSS says nothing about leaks.
const underASan = true
