// Load test (bounded): several threads call plugins through PluginHost
// with a mix of fast calls, traps, fuel exhaustion and deadline expiry.
// Afterwards the process has the same threads and fds as before the
// measured rounds and its RSS grew less than a stated bound; under
// --config=asan LeakSanitizer checks the heap at exit.
#include <dirent.h>
#include <unistd.h>

#include <atomic>
#include <fstream>
#include <thread>
#include <vector>

#include "base/deadline_timer.h"
#include "gtest/gtest.h"
#include "host/test_util.h"
#include "weft/plugin_host.h"
#include "weft/trap_code.h"

namespace weft {
namespace {

int CountDir(const char* dir) { return testing::CountEntries(dir); }
using testing::ThreadNames;

int64_t RssBytes() {
  std::ifstream in("/proc/self/statm");
  int64_t size = 0, resident = 0;
  in >> size >> resident;
  return resident * sysconf(_SC_PAGESIZE);
}

// The process-wide deadline timer's thread exits when idle; wait for
// that, and for the exited thread to leave /proc (slow under ASan), so
// that the counts compare. Bounded: a thread that never goes fails below.
void WaitForTimerIdle() {
  for (int i = 0; i < 300 && (DeadlineTimer::Global().thread_count() != 0 ||
                              CountDir("/proc/self/task") != 1);
       ++i) {
    absl::SleepFor(absl::Milliseconds(10));
  }
}

// Instances alive in both plugins; each holds one fd (its memory image).
uint32_t Instances(const PluginHost& host) {
  uint32_t n = 0;
  for (const char* name : {"timed", "metered"}) {
    auto m = host.Metrics(name);
    n += m->instances_in_use + m->instances_idle;
  }
  return n;
}

struct Counts {
  std::atomic<int> ok{0}, trap{0}, fuel{0}, deadline{0}, other{0};
};

void Round(PluginHost& host, Counts& c, int threads, int calls_per_thread) {
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t) {
    pool.emplace_back([&, t] {
      for (int i = 0; i < calls_per_thread; ++i) {
        const int kind = (i + t) % 20;
        absl::StatusOr<std::string> r;
        if (kind == 0) {
          r = host.Call("timed", "loop", absl::Now() + absl::Milliseconds(20));
        } else if (kind == 1) {
          r = host.Call("metered", "loop");
        } else if (kind < 5) {
          r = host.Call("timed", "trap");
        } else {
          r = host.Call(kind % 2 ? "timed" : "metered", "echo");
        }
        const TrapCode code = GetTrapCode(r.status());
        if (r.ok() && *r == "echo") ++c.ok;
        else if (code == TrapCode::kUnreachable) ++c.trap;
        else if (code == TrapCode::kFuelExhausted) ++c.fuel;
        else if (r.status().code() == absl::StatusCode::kDeadlineExceeded) ++c.deadline;
        else ++c.other;
      }
    });
  }
  for (std::thread& t : pool) t.join();
}

TEST(PluginLoadTest, MixedCallsLeaveNothingBehind) {
  PluginHostOptions options;
  options.circuit_failure_threshold = 0;  // failures are the point here
  PluginHost host(options);
  PluginCapabilities timed;
  timed.name = "timed";
  timed.wasm_path = "host/testdata/hostile.wasm";
  timed.max_instances = 4;
  timed.timeout_per_call = absl::Seconds(5);
  PluginCapabilities metered = timed;
  metered.name = "metered";
  metered.fuel_per_call = 200000;
  ASSERT_TRUE(host.Load(timed).ok());
  ASSERT_TRUE(host.Load(metered).ok());

  Counts warm;
  Round(host, warm, 4, 40);  // instances created, allocator warmed up
  WaitForTimerIdle();
  const int threads = CountDir("/proc/self/task");
  const int fds = CountDir("/proc/self/fd");
  const uint32_t instances = Instances(host);
  const int64_t rss = RssBytes();

  Counts c;
  for (int round = 0; round < 5; ++round) Round(host, c, 4, 100);
  EXPECT_EQ(c.other.load(), 0);
  EXPECT_EQ(c.ok.load() + c.trap.load() + c.fuel.load() + c.deadline.load(), 2000);
  EXPECT_EQ(c.deadline.load(), 100);
  EXPECT_EQ(c.fuel.load(), 100);
  EXPECT_EQ(c.trap.load(), 300);

  WaitForTimerIdle();
  EXPECT_EQ(CountDir("/proc/self/task"), threads) << ThreadNames();
  // Pools may still grow to max_instances during the rounds; beyond the
  // one memory-image fd per added instance, no fd may remain.
  EXPECT_EQ(CountDir("/proc/self/fd") - fds, int(Instances(host) - instances));
  // Instances are reused (reset), not re-created: memory stays flat.
  constexpr int64_t kRssBound = 32 << 20;
  EXPECT_LT(RssBytes() - rss, kRssBound) << "RSS grew from " << rss << " to " << RssBytes();
  auto m = host.Metrics("timed");
  ASSERT_TRUE(m.ok());
  EXPECT_LE(m->instances_in_use + m->instances_idle, 4u);
  std::cout << m->text << host.Metrics("metered")->text;
}

}  // namespace
}  // namespace weft
