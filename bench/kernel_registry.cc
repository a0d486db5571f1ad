#include "bench/kernel_registry.h"

#define WEFT_KERNELS(X) \
  X(fib) X(sieve) X(matmul) X(sha256) X(nbody) X(mandelbrot) X(crc32) \
  X(quicksort) X(hashmap) X(bytecode_vm) X(stencil2d) X(floyd) X(lu) X(dot_simd) X(blend_simd) \
  X(minidb)

extern "C" {
#define WEFT_DECLARE(k) uint32_t k##_run(void);
WEFT_KERNELS(WEFT_DECLARE)
#undef WEFT_DECLARE
}

namespace weft::bench {

absl::Span<const Kernel> Kernels() {
  static constexpr Kernel kKernels[] = {
#define WEFT_ENTRY(k) {#k, &k##_run},
      WEFT_KERNELS(WEFT_ENTRY)
#undef WEFT_ENTRY
  };
  return kKernels;
}

}  // namespace weft::bench
