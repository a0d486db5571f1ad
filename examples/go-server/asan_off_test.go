//go:build !asan

package main

// See asan_on_test.go.
const underASan = false
