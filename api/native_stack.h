// Bounds the native stack used by host->wasm re-entry.
//
// wasm->wasm calls never grow the native stack (frames live on the value
// stack), but every host function that calls back into wasm nests a few
// native frames (trampoline, callback, Invoke, handlers). The call-depth
// limit counts those nestings, yet a large depth limit times the native
// cost of one round trip could exceed the thread's stack. So each thread
// records where its outermost weft call started, and a re-entry that
// finds more than kNativeReentryBudget bytes of native stack in use traps
// with "call stack exhausted" instead of overflowing.
#ifndef WEFT_API_NATIVE_STACK_H_
#define WEFT_API_NATIVE_STACK_H_

#include <cstddef>

namespace weft::api {

// Threads that call into weft need this much stack plus their own use
// (Linux's default thread stack is 8 MiB).
inline constexpr size_t kNativeReentryBudget = size_t(1) << 20;

// RAII: marks the outermost weft call on this thread.
class NativeStackScope {
 public:
  NativeStackScope();
  ~NativeStackScope();
  NativeStackScope(const NativeStackScope&) = delete;
  NativeStackScope& operator=(const NativeStackScope&) = delete;

  // True when the current native stack use since the outermost scope
  // exceeds kNativeReentryBudget.
  static bool Exceeded();

 private:
  bool outermost_ = false;
};

}  // namespace weft::api

#endif  // WEFT_API_NATIVE_STACK_H_
