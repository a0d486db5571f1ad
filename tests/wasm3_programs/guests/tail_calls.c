// Built with clang-19 -mtail-call: [[clang::musttail]] becomes return_call,
// so ten million steps of mutual recursion run in one frame. Prints a
// checksum of the walk (the same as the native build's).
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

static uint64_t even(uint64_t n, uint64_t acc);
static uint64_t odd(uint64_t n, uint64_t acc);

__attribute__((noinline)) static uint64_t even(uint64_t n, uint64_t acc) {
  if (n == 0) return acc;
  [[clang::musttail]] return odd(n - 1, acc * 3 + 1);
}
__attribute__((noinline)) static uint64_t odd(uint64_t n, uint64_t acc) {
  if (n == 0) return acc ^ 0xFFFF;
  [[clang::musttail]] return even(n - 1, acc + (n & 7));
}

int main(int argc, char** argv) {
  uint64_t n = argc > 1 ? strtoull(argv[1], NULL, 10) : 10000000;
  printf("steps=%llu result=%llu\n", (unsigned long long)n, (unsigned long long)even(n, 1));
  return 0;
}
