// Per-call deadlines stop a plugin blocked in a host call (issue 12.3):
// a sleep, a read / recv / poll on a granted socket whose peer never
// answers, a read of a FIFO in a granted directory, and a connect that
// gets no answer. Each call ends with DeadlineExceeded (trap code
// kInterrupted) within a generous bound of its deadline, and the same
// instance serves the next call.
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>

#include "gtest/gtest.h"
#include "host/test_util.h"
#include "weft/plugin_host.h"
#include "weft/trap_code.h"

namespace weft {
namespace {

using testing::CountEntries;

constexpr absl::Duration kDeadline = absl::Milliseconds(200);
// Generous for loaded CI machines; the measured latency is printed.
constexpr absl::Duration kBound = absl::Seconds(1);

PluginCapabilities BlockerCaps() {
  PluginCapabilities c;
  c.name = "blocker";
  c.wasm_path = "host/testdata/blocker_plugin.wasm";
  c.max_memory_pages = 64;
  c.max_instances = 1;  // the call after a timeout must reuse the instance
  c.timeout_per_call = kDeadline;
  return c;
}

NetGrant Loopback(uint16_t port) { return {"127.0.0.1", {{port, port}}, true}; }

// Calls `input` (with `deadline` when given) and checks that it was
// stopped by its deadline, in time, and that the instance still works.
void ExpectStopped(PluginHost& host, const std::string& input,
                   absl::Time deadline = absl::InfiniteFuture(),
                   absl::Duration expected = kDeadline) {
  const absl::Time start = absl::Now();
  absl::StatusOr<std::string> out = host.Call("blocker", input, deadline);
  const absl::Duration took = absl::Now() - start;
  std::printf("deadline %s, blocked in \"%s\": stopped after %s\n",
              absl::FormatDuration(expected).c_str(), input.c_str(),
              absl::FormatDuration(took).c_str());
  EXPECT_EQ(out.status().code(), absl::StatusCode::kDeadlineExceeded)
      << input << ": " << (out.ok() ? *out : out.status().ToString());
  EXPECT_EQ(GetTrapCode(out.status()), TrapCode::kInterrupted) << out.status();
  EXPECT_NE(out.status().message().find("deadline exceeded"), absl::string_view::npos)
      << out.status();
  EXPECT_GE(took, expected - absl::Milliseconds(5)) << input;
  EXPECT_LT(took, expected + kBound) << input;
  // The interrupt was consumed with the call: the (only) instance serves
  // the next one.
  absl::StatusOr<std::string> next = host.Call("blocker", "ok");
  ASSERT_TRUE(next.ok()) << input << ": next call: " << next.status();
  EXPECT_EQ(*next, "ok");
}

TEST(PluginDeadlineTest, SleepIsStopped) {
  PluginHost host;
  ASSERT_TRUE(host.Load(BlockerCaps()).ok());
  ExpectStopped(host, "sleep");
  // With an explicit, earlier deadline as well.
  ExpectStopped(host, "sleep", absl::Now() + absl::Milliseconds(100), absl::Milliseconds(100));
  absl::StatusOr<PluginMetrics> m = host.Metrics("blocker");
  ASSERT_TRUE(m.ok());
  EXPECT_EQ(m->instances_idle, 1u);  // reset and kept, not discarded
}

TEST(PluginDeadlineTest, SilentSocketIsStopped) {
  testing::SilentServer server;
  PluginCapabilities caps = BlockerCaps();
  caps.net = {Loopback(server.port())};
  PluginHost host;
  ASSERT_TRUE(host.Load(caps).ok());
  const std::string where = " 127.0.0.1 " + std::to_string(server.port());
  ExpectStopped(host, "read" + where);  // fd_read
  const int fds = CountEntries("/proc/self/fd");
  ExpectStopped(host, "recv" + where);  // sock_recv
  ExpectStopped(host, "poll" + where);  // poll_oneoff on the socket
  // Each dialed socket was closed by the instance reset: the two new fds
  // are the server's ends, which it keeps open.
  EXPECT_EQ(CountEntries("/proc/self/fd"), fds + 2);
}

TEST(PluginDeadlineTest, FifoReadIsStopped) {
  const char* tmp = std::getenv("TEST_TMPDIR");
  std::string dir = std::string(tmp != nullptr ? tmp : "/tmp") + "/fifo_grant_XXXXXX";
  ASSERT_NE(mkdtemp(dir.data()), nullptr);
  ASSERT_EQ(mkfifo((dir + "/pipe").c_str(), 0600), 0);
  PluginCapabilities caps = BlockerCaps();
  caps.fs = {{dir, "/data", true}};
  PluginHost host;
  ASSERT_TRUE(host.Load(caps).ok());
  ExpectStopped(host, "fifo /data/pipe");
  unlink((dir + "/pipe").c_str());
  rmdir(dir.c_str());
}

// The dial's own timeout is the plugin's (10 s here); the call's deadline
// comes first and stops the connect.
TEST(PluginDeadlineTest, UnansweredConnectIsStopped) {
  testing::StalledListener listener;
  PluginCapabilities caps = BlockerCaps();
  caps.timeout_per_call = absl::Seconds(10);
  caps.net = {Loopback(listener.port())};
  PluginHost host;
  ASSERT_TRUE(host.Load(caps).ok());
  ExpectStopped(host, "dial 127.0.0.1 " + std::to_string(listener.port()), absl::Now() + kDeadline);
}

// Blocked calls count as deadline failures, so the circuit breaker opens
// on a plugin that keeps blocking.
TEST(PluginDeadlineTest, BlockedCallsTripTheBreaker) {
  PluginHostOptions options;
  options.circuit_failure_threshold = 2;
  PluginCapabilities caps = BlockerCaps();
  caps.timeout_per_call = absl::Milliseconds(50);
  PluginHost host(options);
  ASSERT_TRUE(host.Load(caps).ok());
  EXPECT_EQ(host.Call("blocker", "sleep").status().code(), absl::StatusCode::kDeadlineExceeded);
  EXPECT_EQ(host.Call("blocker", "sleep").status().code(), absl::StatusCode::kDeadlineExceeded);
  EXPECT_EQ(host.Call("blocker", "ok").status().code(), absl::StatusCode::kUnavailable);
  absl::StatusOr<PluginMetrics> m = host.Metrics("blocker");
  ASSERT_TRUE(m.ok());
  bool counted = false;
  for (const auto& [kind, n] : m->failures_by_kind) {
    counted = counted || (kind == "deadline exceeded" && n == 2);
  }
  EXPECT_TRUE(counted) << m->text;
}

}  // namespace
}  // namespace weft

namespace weft {
namespace {

// A caller that gives up (its cancel handle) stops a plugin blocked in a
// sleep long before the deadline; the error is Cancelled, counted as
// "cancelled" and not against the circuit breaker, and the instance serves
// the next call.
TEST(PluginCancelTest, CancelStopsABlockedPluginBeforeItsDeadline) {
  PluginHostOptions options;
  options.circuit_failure_threshold = 1;  // one plugin failure would open it
  PluginHost host(options);
  PluginCapabilities caps = BlockerCaps();
  caps.timeout_per_call = absl::Seconds(30);
  ASSERT_TRUE(host.Load(caps).ok());

  InterruptHandle cancel = InterruptHandle::Create();
  const absl::Time start = absl::Now();
  std::thread canceller([cancel] {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    cancel.Interrupt();
  });
  absl::StatusOr<std::string> out =
      host.Call("blocker", "sleep", absl::Now() + absl::Seconds(30), cancel);
  canceller.join();
  const absl::Duration took = absl::Now() - start;
  std::printf("cancelled after 50 ms: stopped after %s\n", absl::FormatDuration(took).c_str());
  EXPECT_EQ(out.status().code(), absl::StatusCode::kCancelled) << out.status();
  EXPECT_EQ(GetTrapCode(out.status()), TrapCode::kInterrupted);
  EXPECT_NE(out.status().message().find("cancelled"), absl::string_view::npos) << out.status();
  EXPECT_LT(took, absl::Milliseconds(50) + kBound);

  // Already cancelled: the call stops at once.
  InterruptHandle early = InterruptHandle::Create();
  early.Interrupt();
  out = host.Call("blocker", "sleep", absl::Now() + absl::Seconds(30), early);
  EXPECT_EQ(out.status().code(), absl::StatusCode::kCancelled) << out.status();

  absl::StatusOr<std::string> next = host.Call("blocker", "ok");
  ASSERT_TRUE(next.ok()) << next.status();  // breaker still closed, instance reused
  EXPECT_EQ(*next, "ok");
  absl::StatusOr<PluginMetrics> m = host.Metrics("blocker");
  ASSERT_TRUE(m.ok());
  EXPECT_EQ(m->circuit, "closed");
  uint64_t cancelled = 0;
  for (const auto& [kind, n] : m->failures_by_kind) {
    if (kind == "cancelled") cancelled = n;
  }
  EXPECT_EQ(cancelled, 2u);
  EXPECT_EQ(m->instances_idle, 1u);
}

}  // namespace
}  // namespace weft
