#include "api/native_stack.h"

#include <cstdint>

namespace weft::api {
namespace {
thread_local uintptr_t tls_stack_base = 0;

uintptr_t Here() { return reinterpret_cast<uintptr_t>(__builtin_frame_address(0)); }
}  // namespace

NativeStackScope::NativeStackScope() {
  if (tls_stack_base == 0) {
    tls_stack_base = Here();
    outermost_ = true;
  }
}

NativeStackScope::~NativeStackScope() {
  if (outermost_) tls_stack_base = 0;
}

bool NativeStackScope::Exceeded() {
  const uintptr_t here = Here();
  // The stack grows down on every platform weft targets.
  return tls_stack_base != 0 && here < tls_stack_base &&
         tls_stack_base - here > kNativeReentryBudget;
}

}  // namespace weft::api
