// Synthesizes a large, valid WebAssembly module with varied function bodies
// (arithmetic over i32/i64/f64, locals, loads/stores, nested blocks, loops
// with br_if, if/else, calls) for decode+validate throughput benchmarks,
// and optionally an entry point for start-up benchmarks.
#ifndef WEFT_BENCH_MODULE_GENERATOR_H_
#define WEFT_BENCH_MODULE_GENERATOR_H_

#include <cstddef>
#include <cstdint>
#include <vector>

namespace weft::bench {

struct GeneratorOptions {
  // Also import `bench.first_instruction: () -> ()` (function 0) and export
  // `_start: () -> ()` (the last function), whose first instruction calls
  // that import and whose rest calls the first few generated functions, so
  // a benchmark's host function sees the moment `_start` begins to run.
  // The generated functions are not meant to run (they may trap: division
  // by zero, unbounded recursion); the host function should end the call.
  // Off, the module is byte for byte what it was before this option.
  bool with_start = false;
};

// Returns a module of roughly `target_bytes` bytes. Deterministic in `seed`.
std::vector<uint8_t> GenerateModule(size_t target_bytes, uint32_t seed = 1,
                                    GeneratorOptions options = {});

}  // namespace weft::bench

#endif  // WEFT_BENCH_MODULE_GENERATOR_H_
