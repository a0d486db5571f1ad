// Decode + validate throughput. Uses a synthetic module whose bodies mix
// locals, constants, arithmetic, memory access, calls, blocks, loops and
// branches like compiled C code; set WEFT_BENCH_WASM=<file.wasm> to measure
// a real module instead. Run: bazel run -c opt //validator:validator_benchmark
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <vector>

#include "benchmark/benchmark.h"
#include "decoder/decoder.h"
#include "decoder/instruction_reader.h"
#include "validator/test_module_builder.h"
#include "validator/validator.h"

namespace weft {
namespace {

using testing_util::Bytes;
using testing_util::ModuleBuilder;

Bytes SyntheticBody(uint32_t seed, uint32_t num_funcs) {
  Bytes b;
  for (int rep = 0; rep < 12; ++rep) {
    uint32_t callee = (seed * 7 + rep) % num_funcs;
    const Bytes chunk = {
        0x02, 0x40,                                // block
        0x03, 0x40,                                //   loop
        0x20, 0x00, 0x41, 0x04, 0x6C,              //     local.get 0; i32.const 4; i32.mul
        0x28, 0x02, 0x10,                          //     i32.load offset=16
        0x20, 0x02, 0x6A, 0x21, 0x02,              //     local.get 2; i32.add; local.set 2
        0x20, 0x00, 0x41, 0x01, 0x6A, 0x22, 0x00,  //     local.get 0; i32.const 1; add; tee 0
        0x20, 0x01, 0x48, 0x0D, 0x00,              //     local.get 1; i32.lt_s; br_if 0
        0x0B,                                      //   end
        0x0B,                                      // end
        0x20, 0x02, 0x20, 0x01,                    // local.get 2; local.get 1
        0x10, static_cast<uint8_t>(callee),        // call
        0x21, 0x02,                                // local.set 2
        0x20, 0x03, 0x44, 0, 0, 0, 0, 0, 0, 0xF8, 0x3F, 0xA2, 0x21, 0x03,  // f64 mul
        0x20, 0x02, 0x04, 0x40,                    // if
        0x20, 0x02, 0x41, 0x03, 0x74, 0x21, 0x02,  //   shl
        0x05,                                      // else
        0x41, 0x00, 0x20, 0x02, 0x36, 0x02, 0x08,  //   i32.store offset=8
        0x0B,                                      // end
    };
    b.insert(b.end(), chunk.begin(), chunk.end());
  }
  b.insert(b.end(), {0x20, 0x02});
  return b;
}

Bytes MakeModule() {
  if (const char* path = std::getenv("WEFT_BENCH_WASM")) {
    std::ifstream f(path, std::ios::binary);
    return Bytes((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
  }
  constexpr uint32_t kFuncs = 100;  // call indices stay one byte
  ModuleBuilder m;
  uint32_t t = m.AddType({ValType::kI32, ValType::kI32}, {ValType::kI32});
  m.AddMemory(1);
  for (uint32_t i = 0; i < kFuncs; ++i) {
    m.AddFunc(t, {ValType::kI32, ValType::kF64}, SyntheticBody(i, kFuncs));
  }
  Bytes one = m.Build();
  return one;
}

void BM_DecodeAndValidate(benchmark::State& state) {
  Bytes bytes = MakeModule();
  for (auto _ : state) {
    auto module = DecodeModule(bytes);
    if (!module.ok()) {
      state.SkipWithError(std::string(module.status().message()).c_str());
      return;
    }
    absl::Status s = ValidateModule(**module);
    if (!s.ok()) {
      state.SkipWithError(std::string(s.message()).c_str());
      return;
    }
  }
  state.SetBytesProcessed(state.iterations() * bytes.size());
}
BENCHMARK(BM_DecodeAndValidate);

void BM_ValidateOnly(benchmark::State& state) {
  Bytes bytes = MakeModule();
  auto module = DecodeModule(bytes);
  if (!module.ok()) {
    state.SkipWithError(std::string(module.status().message()).c_str());
    return;
  }
  for (auto _ : state) {
    absl::Status s = ValidateModule(**module);
    benchmark::DoNotOptimize(s);
  }
  state.SetBytesProcessed(state.iterations() * bytes.size());
}
BENCHMARK(BM_ValidateOnly);

// The instruction reader alone (the floor under validation's cost).
void BM_ReadInstructionsOnly(benchmark::State& state) {
  Bytes bytes = MakeModule();
  auto module = DecodeModule(bytes);
  if (!module.ok()) return;
  const Module& m = **module;
  for (auto _ : state) {
    uint64_t n = 0;
    for (const FunctionBody& body : m.code) {
      ByteReader in(m.data_at(body.code), body.code.size(), body.code.begin);
      InstructionReader reader(&in);
      Instruction ins;
      while (!in.at_end() && reader.Read(&ins)) ++n;
    }
    benchmark::DoNotOptimize(n);
  }
  state.SetBytesProcessed(state.iterations() * bytes.size());
}
BENCHMARK(BM_ReadInstructionsOnly);

}  // namespace
}  // namespace weft
