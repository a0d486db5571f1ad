// A C guest built with -O2 -g (api/BUILD: inline_trap_wasm) whose trap
// lies in inlined code: average() inlines per_item(), which inlines
// ratio(), whose division traps when the program has no arguments.
#include <stdio.h>

static inline int ratio(int total, int parts) {
  return total / parts;
}

static inline int per_item(int total, int items) {
  return ratio(total, items) + 1;
}

__attribute__((noinline)) int average(const int* values, int n) {
  int total = 0;
  for (int i = 0; i < n; ++i) total += values[i];
  return per_item(total, n);
}

int main(int argc, char** argv) {
  (void)argv;
  static const int values[] = {3, 4, 5};
  printf("%d\n", average(values, argc - 1));
  return 0;
}
