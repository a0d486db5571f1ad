// GC benchmark: binary-trees (bench/gc/binary_trees.wat) through the
// public API. Prints time, allocation rate and collection pauses.
//   bazel run -c opt //bench:gc_bench -- [depth]   (default 16)
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <vector>

#include "weft/engine.h"
#include "weft/gc.h"
#include "weft/instance.h"
#include "weft/linker.h"
#include "weft/module.h"

namespace {

// The checksum binary-trees must return for depth n (every tree of depth
// d has 2^(d+1) - 1 nodes).
int64_t Expected(int n) {
  auto nodes = [](int d) { return (int64_t(1) << (d + 1)) - 1; };
  int64_t sum = nodes(n + 1) + nodes(n);
  for (int d = 4; d <= n; d += 2) sum += (int64_t(1) << (n - d + 4)) * nodes(d);
  return sum;
}

}  // namespace

int main(int argc, char** argv) {
  const int depth = argc > 1 ? std::atoi(argv[1]) : 16;
  std::ifstream in("bench/gc/binary_trees.wasm", std::ios::binary);
  std::vector<uint8_t> wasm((std::istreambuf_iterator<char>(in)), {});
  weft::Engine engine;
  auto module = weft::CompiledModule::Compile(engine, wasm);
  if (!module.ok()) {
    std::fprintf(stderr, "%s\n", std::string(module.status().message()).c_str());
    return 1;
  }
  weft::Linker linker(engine);
  auto inst = linker.Instantiate(*module);
  if (!inst.ok()) {
    std::fprintf(stderr, "%s\n", std::string(inst.status().message()).c_str());
    return 1;
  }
  const auto start = std::chrono::steady_clock::now();
  auto r = (*inst)->Call("run", {weft::Value::I32(depth)});
  const double secs =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (!r.ok()) {
    std::fprintf(stderr, "%s\n", std::string(r.status().message()).c_str());
    return 1;
  }
  const int64_t got = uint32_t((*r)[0].i32());
  const weft::GcHeapStats s = (*inst)->gc_heap_stats();
  std::printf("binary-trees depth %d: %.3f s, checksum %lld (%s)\n", depth, secs,
              static_cast<long long>(got),
              got == (Expected(depth) & 0xFFFFFFFF) ? "ok" : "WRONG");
  std::printf("allocated %.1f MB (%.1f MB/s), %llu collections, pauses: total %.1f ms, "
              "max %.2f ms, mean %.3f ms; live at the end %.1f KB\n",
              s.total_allocated / 1e6, s.total_allocated / 1e6 / secs,
              static_cast<unsigned long long>(s.collections), s.total_pause_ns / 1e6,
              s.max_pause_ns / 1e6,
              s.collections ? s.total_pause_ns / 1e6 / double(s.collections) : 0.0,
              s.bytes / 1e3);
  return got == (Expected(depth) & 0xFFFFFFFF) ? 0 : 1;
}
