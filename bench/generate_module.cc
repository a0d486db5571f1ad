// Writes the benchmark module generator's output to a file, for timing the
// CLI on a large module (weft validate, weft run --invoke):
//   bazel run //bench:generate_module -- OUT.wasm [BYTES]   (default 1 MiB)
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <vector>

#include "bench/module_generator.h"

int main(int argc, char** argv) {
  if (argc < 2 || argc > 3) {
    std::fprintf(stderr, "usage: generate_module OUT.wasm [BYTES]\n");
    return 2;
  }
  const size_t size = argc == 3 ? std::strtoull(argv[2], nullptr, 10) : (1u << 20);
  const std::vector<uint8_t> bytes = weft::bench::GenerateModule(size);
  std::ofstream out(argv[1], std::ios::binary);
  out.write(reinterpret_cast<const char*>(bytes.data()), std::streamsize(bytes.size()));
  if (!out) {
    std::fprintf(stderr, "generate_module: cannot write %s\n", argv[1]);
    return 1;
  }
  std::printf("%s: %zu bytes\n", argv[1], bytes.size());
  return 0;
}
