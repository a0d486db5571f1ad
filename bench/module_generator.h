// Synthesizes a large, valid WebAssembly module with varied function bodies
// (arithmetic over i32/i64/f64, locals, loads/stores, nested blocks, loops
// with br_if, if/else, calls) for decode+validate throughput benchmarks.
#ifndef WEFT_BENCH_MODULE_GENERATOR_H_
#define WEFT_BENCH_MODULE_GENERATOR_H_

#include <cstddef>
#include <cstdint>
#include <vector>

namespace weft::bench {

// Returns a module of roughly `target_bytes` bytes. Deterministic in `seed`.
std::vector<uint8_t> GenerateModule(size_t target_bytes, uint32_t seed = 1);

}  // namespace weft::bench

#endif  // WEFT_BENCH_MODULE_GENERATOR_H_
