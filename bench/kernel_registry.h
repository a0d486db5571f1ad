// The native builds of the benchmark kernels (bench/kernels/*.c), by name.
#ifndef WEFT_BENCH_KERNEL_REGISTRY_H_
#define WEFT_BENCH_KERNEL_REGISTRY_H_

#include <cstdint>

#include "absl/types/span.h"

namespace weft::bench {

struct Kernel {
  const char* name;            // also the .wasm file stem
  uint32_t (*native_run)();    // the kernel's `run`, compiled natively
};

absl::Span<const Kernel> Kernels();

}  // namespace weft::bench

#endif  // WEFT_BENCH_KERNEL_REGISTRY_H_
