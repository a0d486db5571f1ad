// Budgets (issue 12, items 4 and 5). Creating an instance (its start
// function included) is bounded by the plugin's timeout and fuel at Load,
// at reload and when a call creates one on demand; and one
// PluginHost::Call is one budget: a single deadline and one fuel
// allowance across weft_alloc, execute and both weft_free calls, with the
// metrics reporting the fuel of the whole call.
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <iterator>
#include <string>
#include <thread>
#include <vector>

#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "gtest/gtest.h"
#include "weft/plugin_host.h"
#include "weft/trap_code.h"

namespace weft {
namespace {

// How late after its deadline a stopped guest may return. The guest checks
// for interruption at every loop back-edge, so this is scheduling slack on
// a loaded machine, not interpreter latency.
constexpr absl::Duration kStopSlack = absl::Milliseconds(500);

std::vector<uint8_t> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::vector<uint8_t>(std::istreambuf_iterator<char>(in), {});
}

PluginCapabilities Caps(const std::string& name, const std::string& wasm) {
  PluginCapabilities c;
  c.name = name;
  c.wasm_path = wasm;
  c.max_memory_pages = 16;
  return c;
}

bool Contains(const absl::Status& s, absl::string_view text) {
  return s.message().find(text) != absl::string_view::npos;
}

// The host still loads and serves another plugin.
void ExpectUsable(PluginHost& host) {
  PluginCapabilities caps = Caps("fine", "host/testdata/hostile.wasm");
  caps.timeout_per_call = absl::Seconds(5);
  ASSERT_TRUE(host.Load(caps).ok());
  auto echo = host.Call("fine", "echo");
  ASSERT_TRUE(echo.ok()) << echo.status();
  EXPECT_EQ(*echo, "echo");
}

// --- item 4: a looping start function -------------------------------------

TEST(StartBudgetTest, LoadStopsALoopingStartFunctionAtTheTimeout) {
  PluginHost host;
  PluginCapabilities caps = Caps("spin", "host/testdata/start_loop.wasm");  // no grant: loops
  caps.timeout_per_call = absl::Milliseconds(200);
  const absl::Time start = absl::Now();
  absl::Status s = host.Load(caps);
  const absl::Duration took = absl::Now() - start;
  EXPECT_EQ(s.code(), absl::StatusCode::kDeadlineExceeded) << s;
  EXPECT_EQ(GetTrapCode(s), TrapCode::kInterrupted) << s;
  EXPECT_TRUE(Contains(s, "plugin \"spin\": ")) << s;
  EXPECT_TRUE(Contains(s, "start function func[1] <start>")) << s;
  EXPECT_TRUE(Contains(s, "deadline exceeded")) << s;
  EXPECT_GE(took, absl::Milliseconds(190));
  EXPECT_LT(took, absl::Milliseconds(200) + kStopSlack);
  std::cout << "looping start, timeout 200ms: Load failed after " << took << "\n";
  EXPECT_TRUE(host.Names().empty());
  ExpectUsable(host);
}

TEST(StartBudgetTest, LoadStopsALoopingStartFunctionByFuel) {
  PluginHost host;
  PluginCapabilities caps = Caps("spin", "host/testdata/start_loop.wasm");
  caps.fuel_per_call = 1000000;  // no timeout: fuel alone must stop it
  absl::Status s = host.Load(caps);
  EXPECT_EQ(GetTrapCode(s), TrapCode::kFuelExhausted) << s;
  EXPECT_TRUE(Contains(s, "start function func[1] <start>")) << s;
  EXPECT_TRUE(Contains(s, "fuel exhausted")) << s;
  EXPECT_TRUE(host.Names().empty());
  ExpectUsable(host);
}

TEST(StartBudgetTest, ReloadToALoopingStartFunctionFailsAndKeepsTheOldVersion) {
  PluginHost host;
  PluginCapabilities caps = Caps("p", "host/testdata/hostile.wasm");
  caps.timeout_per_call = absl::Milliseconds(200);
  ASSERT_TRUE(host.Load(caps).ok());
  const absl::Time start = absl::Now();
  absl::Status s = host.ReloadBytes("p", ReadFile("host/testdata/start_loop.wasm"));
  const absl::Duration took = absl::Now() - start;
  EXPECT_EQ(s.code(), absl::StatusCode::kDeadlineExceeded) << s;
  EXPECT_TRUE(Contains(s, "start function func[1] <start>")) << s;
  EXPECT_LT(took, absl::Milliseconds(200) + kStopSlack);
  std::cout << "looping start, timeout 200ms: reload failed after " << took << "\n";
  EXPECT_EQ(host.Describe("p")->version, 1u);
  auto echo = host.Call("p", "echo");
  ASSERT_TRUE(echo.ok()) << echo.status();
  EXPECT_EQ(*echo, "echo");
}

TEST(StartBudgetTest, OnDemandInstanceCreationIsStoppedAndTheHostStaysUsable) {
  char tmpl[] = "/tmp/weft_start_loop_XXXXXX";
  ASSERT_NE(mkdtemp(tmpl), nullptr);
  const std::string dir = tmpl;
  PluginHost host;
  PluginCapabilities caps = Caps("p", "host/testdata/start_loop.wasm");
  caps.fs.push_back({dir, "/data", true});
  caps.timeout_per_call = absl::Milliseconds(300);
  caps.max_instances = 2;
  ASSERT_TRUE(host.Load(caps).ok());  // "/data/trigger/x" is reachable: start returns
  // From now on fs_check refuses it, so every new instance's start loops.
  ASSERT_EQ(symlink("/", (dir + "/trigger").c_str()), 0);

  // Keep the one instance busy so that the next call must create another.
  absl::StatusOr<std::string> busy;
  std::thread t([&] { busy = host.Call("p", "loop"); });
  for (int i = 0; i < 400 && host.Metrics("p")->instances_in_use != 1; ++i) {
    absl::SleepFor(absl::Milliseconds(1));
  }
  ASSERT_EQ(host.Metrics("p")->instances_in_use, 1u);
  const absl::Time start = absl::Now();
  auto created = host.Call("p", "echo");
  const absl::Duration took = absl::Now() - start;
  t.join();
  EXPECT_EQ(created.status().code(), absl::StatusCode::kDeadlineExceeded) << created.status();
  EXPECT_TRUE(Contains(created.status(), "start function func[1] <start>")) << created.status();
  EXPECT_LT(took, absl::Milliseconds(300) + kStopSlack);
  std::cout << "looping start, timeout 300ms: on-demand creation failed after " << took << "\n";
  EXPECT_EQ(busy.status().code(), absl::StatusCode::kDeadlineExceeded) << busy.status();

  // A caller's deadline earlier than the timeout bounds the creation too.
  std::thread t2([&] { busy = host.Call("p", "loop"); });
  for (int i = 0; i < 400 && host.Metrics("p")->instances_in_use != 1; ++i) {
    absl::SleepFor(absl::Milliseconds(1));
  }
  const absl::Time start2 = absl::Now();
  auto early = host.Call("p", "echo", absl::Now() + absl::Milliseconds(50));
  const absl::Duration took2 = absl::Now() - start2;
  t2.join();
  EXPECT_EQ(early.status().code(), absl::StatusCode::kDeadlineExceeded) << early.status();
  EXPECT_LT(took2, absl::Milliseconds(50) + kStopSlack);

  // The failed creations left nothing behind; the old instance serves.
  auto m = host.Metrics("p");
  EXPECT_EQ(m->instances_in_use + m->instances_idle, 1u);
  auto echo = host.Call("p", "echo");
  ASSERT_TRUE(echo.ok()) << echo.status();
  EXPECT_EQ(*echo, "echo");
  ExpectUsable(host);
  std::system(("rm -rf " + dir).c_str());
}

// --- item 5: one budget per call --------------------------------------------

// budget.wasm, input of 4 bytes: weft_alloc, execute and the two weft_free
// calls each spin for 150 ms (600 ms in all).
TEST(CallBudgetTest, TheTimeoutBoundsTheWholeCall) {
  PluginHost host;
  PluginCapabilities caps = Caps("b", "host/testdata/budget.wasm");
  caps.timeout_per_call = absl::Milliseconds(400);
  ASSERT_TRUE(host.Load(caps).ok());
  const absl::Time start = absl::Now();
  auto r = host.Call("b", "time");
  const absl::Duration took = absl::Now() - start;
  EXPECT_EQ(r.status().code(), absl::StatusCode::kDeadlineExceeded) << r.status();
  EXPECT_EQ(GetTrapCode(r.status()), TrapCode::kInterrupted);
  EXPECT_TRUE(Contains(r.status(), "weft_free")) << r.status();  // the 3rd export ran out
  EXPECT_GE(took, absl::Milliseconds(390));
  EXPECT_LT(took, absl::Milliseconds(590));  // all four exports: 600 ms
  std::cout << "split budget, timeout 400ms: call stopped after " << took << "\n";

  // The caller's deadline, when earlier, is the one deadline.
  const absl::Time start2 = absl::Now();
  auto r2 = host.Call("b", "time", absl::Now() + absl::Milliseconds(250));
  const absl::Duration took2 = absl::Now() - start2;
  EXPECT_EQ(r2.status().code(), absl::StatusCode::kDeadlineExceeded) << r2.status();
  EXPECT_TRUE(Contains(r2.status(), "execute")) << r2.status();  // the 2nd export ran out
  EXPECT_LT(took2, absl::Milliseconds(250) + kStopSlack);

  auto fine = host.Call("b", "ok");  // spends nothing
  ASSERT_TRUE(fine.ok()) << fine.status();
  EXPECT_EQ(*fine, "ok");
}

// budget.wasm, input of 5 bytes: each of the four exports burns just over
// 3,000,000 units of fuel.
TEST(CallBudgetTest, OneFuelAllowanceForTheWholeCall) {
  PluginHostOptions options;
  options.circuit_failure_threshold = 0;
  PluginHost host(options);
  PluginCapabilities caps = Caps("b", "host/testdata/budget.wasm");
  caps.fuel_per_call = 10000000;
  ASSERT_TRUE(host.Load(caps).ok());
  auto r = host.Call("b", "fuel!");
  EXPECT_EQ(GetTrapCode(r.status()), TrapCode::kFuelExhausted) << r.status();
  EXPECT_TRUE(Contains(r.status(), "weft_free")) << r.status();  // 4th export: > 9M spent
  auto m = host.Metrics("b");
  // All of the allowance was used, by the call as a whole (a trap leaves
  // less than one loop iteration unspent).
  EXPECT_GT(m->fuel_used, 10000000u - 10);
  EXPECT_LE(m->fuel_used, 10000000u);
  std::cout << "split budget, fuel 10M: call stopped after " << m->fuel_used << " fuel\n";

  // With enough fuel the call succeeds and all four exports are counted.
  PluginCapabilities rich = Caps("rich", "host/testdata/budget.wasm");
  rich.fuel_per_call = 20000000;
  ASSERT_TRUE(host.Load(rich).ok());
  auto ok = host.Call("rich", "fuel!");
  ASSERT_TRUE(ok.ok()) << ok.status();
  auto mr = host.Metrics("rich");
  EXPECT_GE(mr->fuel_used, 12000000u);
  EXPECT_LT(mr->fuel_used, 12000200u);
  std::cout << "split budget, fuel 20M: call used " << mr->fuel_used << " fuel\n";
}

// Unmetered plugins (fuel_per_call 0) still report what a call used.
TEST(CallBudgetTest, FuelIsReportedWithoutALimit) {
  PluginHost host;
  ASSERT_TRUE(host.Load(Caps("b", "host/testdata/budget.wasm")).ok());
  ASSERT_TRUE(host.Call("b", "fuel!").ok());
  auto m = host.Metrics("b");
  EXPECT_GE(m->fuel_used, 12000000u);
  EXPECT_LT(m->fuel_used, 12000200u);
}

}  // namespace
}  // namespace weft
