// Decode throughput on a large synthetic module: many functions with local
// declarations and ~200-byte bodies, plus imports, exports, globals, element
// and data segments. Run: bazel run -c opt //decoder:decoder_benchmark
#include <cstdint>
#include <string>
#include <vector>

#include "benchmark/benchmark.h"
#include "decoder/decoder.h"

namespace weft {
namespace {

using Bytes = std::vector<uint8_t>;

void Leb(Bytes* out, uint64_t v) {
  do {
    uint8_t b = v & 0x7F;
    v >>= 7;
    if (v) b |= 0x80;
    out->push_back(b);
  } while (v);
}

void AddSection(Bytes* out, uint8_t id, const Bytes& payload) {
  out->push_back(id);
  Leb(out, payload.size());
  out->insert(out->end(), payload.begin(), payload.end());
}

void AddName(Bytes* out, const std::string& s) {
  Leb(out, s.size());
  out->insert(out->end(), s.begin(), s.end());
}

Bytes MakeModule(uint32_t num_funcs) {
  Bytes m = {0x00, 'a', 's', 'm', 0x01, 0x00, 0x00, 0x00};
  Bytes types;
  Leb(&types, 2);
  for (const Bytes& t : {Bytes{0x60, 0x02, 0x7F, 0x7F, 0x01, 0x7F}, Bytes{0x60, 0x00, 0x00}}) {
    types.insert(types.end(), t.begin(), t.end());
  }
  AddSection(&m, 1, types);
  Bytes imports;
  Leb(&imports, 1);
  AddName(&imports, "env");
  AddName(&imports, "log");
  imports.insert(imports.end(), {0x00, 0x01});
  AddSection(&m, 2, imports);
  Bytes funcs;
  Leb(&funcs, num_funcs);
  for (uint32_t i = 0; i < num_funcs; ++i) Leb(&funcs, 0);
  AddSection(&m, 3, funcs);
  AddSection(&m, 5, Bytes{0x01, 0x00, 0x10});
  Bytes exports;
  Leb(&exports, num_funcs / 16);
  for (uint32_t i = 0; i < num_funcs / 16; ++i) {
    AddName(&exports, "function_" + std::to_string(i));
    exports.push_back(0x00);
    Leb(&exports, i + 1);
  }
  AddSection(&m, 7, exports);
  Bytes code;
  Leb(&code, num_funcs);
  for (uint32_t i = 0; i < num_funcs; ++i) {
    Bytes body = {0x02, 0x03, 0x7F, 0x01, 0x7E};  // locals: 3 i32, 1 i64
    for (int k = 0; k < 24; ++k) {
      // local.get 0; local.get 1; i32.add; i32.const 1000; i32.mul; local.set 2
      body.insert(body.end(), {0x20, 0x00, 0x20, 0x01, 0x6A, 0x41, 0xE8, 0x07, 0x6C, 0x21, 0x02});
    }
    body.insert(body.end(), {0x20, 0x02, 0x0B});
    Leb(&code, body.size());
    code.insert(code.end(), body.begin(), body.end());
  }
  AddSection(&m, 10, code);
  Bytes data;
  Leb(&data, 64);
  for (int i = 0; i < 64; ++i) {
    data.insert(data.end(), {0x00, 0x41});
    Leb(&data, i * 1024);
    data.push_back(0x0B);
    Leb(&data, 1024);
    data.insert(data.end(), 1024, static_cast<uint8_t>(i));
  }
  AddSection(&m, 11, data);
  return m;
}

void BM_DecodeLargeModule(benchmark::State& state) {
  const Bytes module = MakeModule(static_cast<uint32_t>(state.range(0)));
  for (auto _ : state) {
    auto result = DecodeModule(module);
    if (!result.ok()) state.SkipWithError(std::string(result.status().message()).c_str());
    benchmark::DoNotOptimize(result);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * module.size());
  state.counters["module_bytes"] = module.size();
}
BENCHMARK(BM_DecodeLargeModule)->Arg(200000)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace weft
