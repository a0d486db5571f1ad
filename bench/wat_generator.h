// Synthesizes a large, valid module in the WebAssembly text format for the
// text parser's throughput benchmark: named functions, params and locals,
// plain and folded instructions, nested blocks/loops/ifs with labels,
// calls, memory accesses with offsets, float and hex literals, comments
// and a data segment with escapes — the mix a hand-written or
// disassembled .wat has.
#ifndef WEFT_BENCH_WAT_GENERATOR_H_
#define WEFT_BENCH_WAT_GENERATOR_H_

#include <cstddef>
#include <cstdint>
#include <string>

namespace weft::bench {

// Returns module text of roughly `target_bytes` bytes (at least that).
// Deterministic in `seed`.
std::string GenerateWat(size_t target_bytes, uint32_t seed = 1);

}  // namespace weft::bench

#endif  // WEFT_BENCH_WAT_GENERATOR_H_
