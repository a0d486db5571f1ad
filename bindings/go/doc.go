// Package weft embeds the weft WebAssembly interpreter and plugin runtime
// in Go programs, over weft's C API (weft/weft.h) and the static library
// libweft.a (found with pkg-config as "weft": install weft with
// `bazel run -c opt //:install -- PREFIX` and put PREFIX/lib/pkgconfig on
// PKG_CONFIG_PATH).
//
// Two levels:
//
//   - Engine, Module, Linker (with Go host functions that reach the
//     caller's memory), Instance, Memory, WASI: wasm modules under limits.
//     Instance.Call takes a context.Context whose deadline or cancellation
//     stops the guest through weft's interrupt.
//   - PluginManager and Plugin: untrusted wasm32-wasi plugins with
//     capabilities, instance pools, deadlines, hot reload, metrics and a
//     circuit breaker (weft's plugin host).
//
// Errors are Go values to test with errors.Is and errors.As: ErrDeadline,
// ErrCanceled, ErrFuelExhausted, ErrTrap (*TrapError carries the code and
// the wasm backtrace), ErrCapability, ErrPoolExhausted, ErrCircuitOpen,
// ErrClosed, ErrNotFound.
//
// Every object holding C memory has a Close method that frees it at once;
// using an object after Close returns ErrClosed. Finalizers free what was
// not closed, as a safety net only.
//
// Contexts and goroutines: a call registers context.AfterFunc on its
// context, so no goroutine exists for a call unless its context ends
// while it runs; then a short-lived one calls weft's interrupt. Deadlines
// are also handed to weft's own per-call timeout, served by one
// process-wide timer thread, so a guest stops at its deadline even when
// the Go scheduler is busy.
package weft
