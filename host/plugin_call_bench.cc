// A trivial plugin call through PluginHost (acquire an instance, copy the
// input in through weft_alloc, execute, copy the output out, free, reset
// the instance, release): calls per second, and the p99 latency from the
// plugin's own metrics.
//   bazel run -c opt //host:plugin_call_bench
#include <iostream>

#include "benchmark/benchmark.h"
#include "weft/plugin_host.h"

namespace weft {
namespace {

PluginHost* Host() {
  static PluginHost* host = [] {
    auto* h = new PluginHost();
    PluginCapabilities caps;
    caps.name = "echo";
    caps.wasm_path = "host/testdata/hostile.wasm";  // echoes its input
    caps.max_instances = 4;
    if (!h->Load(caps).ok()) std::abort();
    return h;
  }();
  return host;
}

void BM_PluginCall(benchmark::State& state) {
  PluginHost* host = Host();
  for (auto _ : state) {
    auto r = host->Call("echo", "ping");
    if (!r.ok()) state.SkipWithError("call failed");
  }
  state.SetItemsProcessed(state.iterations());
  if (state.thread_index() == 0) {
    auto m = host->Metrics("echo");
    state.counters["p99_us"] = absl::ToDoubleMicroseconds(m->latency_p99);
    state.counters["p50_us"] = absl::ToDoubleMicroseconds(m->latency_p50);
  }
}
BENCHMARK(BM_PluginCall)->Threads(1)->Threads(2)->UseRealTime();

}  // namespace
}  // namespace weft

BENCHMARK_MAIN();
