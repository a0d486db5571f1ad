// Prints "name checksum" for each natively built kernel (one run each).
#include <cstdio>

#include "bench/kernel_registry.h"

int main() {
  for (const auto& k : weft::bench::Kernels())
    std::printf("%s %u\n", k.name, static_cast<unsigned>(k.native_run()));
  return 0;
}
