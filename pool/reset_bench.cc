// Cost of returning an instance to its pristine state (Instance::
// ResetToPristine) for a module with 1 MiB of memory of which a call
// wrote a few pages, next to the call alone:
//   bazel run -c opt //pool:reset_bench
#include <fstream>
#include <iterator>

#include "benchmark/benchmark.h"
#include "weft/instance.h"
#include "weft/linker.h"

namespace weft {
namespace {

std::unique_ptr<Instance> MakeInstance(Linker& linker, const Engine& engine) {
  std::ifstream in("pool/testdata/touch_pages.wasm", std::ios::binary);
  std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(in)), {});
  auto m = CompiledModule::Compile(engine, bytes);
  if (!m.ok()) return nullptr;
  auto inst = linker.Instantiate(*m);
  if (!inst.ok() || !(*inst)->SavePristine().ok()) return nullptr;
  return *std::move(inst);
}

// A call writing `pages` pages, then the reset (what a pool's Release does).
void BM_CallThenReset(benchmark::State& state) {
  Engine engine;
  Linker linker(engine);
  auto inst = MakeInstance(linker, engine);
  if (inst == nullptr) return state.SkipWithError("setup failed");
  auto touch = inst->GetTypedFunction<void(int32_t)>("touch");
  const int32_t pages = int32_t(state.range(0));
  for (auto _ : state) {
    (void)(*touch)(pages);
    if (!inst->ResetToPristine().ok()) return state.SkipWithError("reset failed");
  }
}
BENCHMARK(BM_CallThenReset)->Arg(0)->Arg(1)->Arg(4)->Arg(16)->Arg(256);

// The same call without the reset: the difference is the reset's cost
// (including the page faults that re-map reset pages on the next touch).
void BM_CallOnly(benchmark::State& state) {
  Engine engine;
  Linker linker(engine);
  auto inst = MakeInstance(linker, engine);
  if (inst == nullptr) return state.SkipWithError("setup failed");
  auto touch = inst->GetTypedFunction<void(int32_t)>("touch");
  const int32_t pages = int32_t(state.range(0));
  for (auto _ : state) (void)(*touch)(pages);
}
BENCHMARK(BM_CallOnly)->Arg(0)->Arg(1)->Arg(4)->Arg(16)->Arg(256);

}  // namespace
}  // namespace weft

BENCHMARK_MAIN();
