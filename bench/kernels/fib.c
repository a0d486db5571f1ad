// Recursive Fibonacci: call-heavy, tiny frames.
#include "kernel_support.h"

static i32 Fib(i32 n) __attribute__((noinline));
static i32 Fib(i32 n) { return n < 2 ? n : Fib(n - 1) + Fib(n - 2); }

KERNEL_EXPORT u32 run(void) { return (u32)Fib(34); }
