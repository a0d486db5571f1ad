#include "weft/plugin_host.h"

#include <arpa/inet.h>
#include <dirent.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <mutex>
#include <thread>

#include "absl/strings/match.h"
#include "base/deadline_timer.h"
#include "base/json.h"
#include "gtest/gtest.h"
#include "host/test_util.h"
#include "weft/trap_code.h"

namespace weft {
namespace {

std::vector<uint8_t> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::vector<uint8_t>(std::istreambuf_iterator<char>(in), {});
}

int CountDir(const char* dir) { return testing::CountEntries(dir); }
using testing::EchoServer;
using testing::ThreadNames;

PluginCapabilities Caps(const std::string& name, const std::string& wasm) {
  PluginCapabilities c;
  c.name = name;
  c.wasm_path = wasm;
  c.max_memory_pages = 64;
  return c;
}

// Log lines, thread-safe.
struct Log {
  std::mutex mu;
  std::vector<std::string> lines;
  PluginHostOptions Options() {
    PluginHostOptions o;
    o.log = [this](absl::string_view plugin, absl::string_view m) {
      std::lock_guard<std::mutex> lock(mu);
      lines.push_back(std::string(plugin) + ": " + std::string(m));
    };
    return o;
  }
  bool Has(absl::string_view text) {
    std::lock_guard<std::mutex> lock(mu);
    for (const std::string& l : lines) {
      if (l.find(std::string(text)) != std::string::npos) return true;
    }
    return false;
  }
};

TEST(PluginHostTest, JsonTransformerRoundTrip) {
  PluginHost host;
  ASSERT_TRUE(host.Load(Caps("upper", "examples/plugins/json_upper.wasm")).ok());
  auto out = host.CallJson("upper", R"({"greeting": "hello", "n": 1})");
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_EQ(*out, R"({"upper":{"GREETING": "HELLO", "N": 1}})");  // keys are strings too
  auto info = host.Describe("upper");
  ASSERT_TRUE(info.ok());
  EXPECT_NE(info->meta_json.find("\"json_upper\""), std::string::npos);
  EXPECT_EQ(info->version, 1u);
  EXPECT_EQ(info->sha256.size(), 64u);
  bool has_execute = false;
  for (const ExportInfo& e : info->exports) has_execute |= e.name == "execute";
  EXPECT_TRUE(has_execute);
  absl::Status not_json = host.CallJson("upper", "{not json").status();
  EXPECT_EQ(not_json.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(absl::StartsWith(not_json.message(), "plugin \"upper\": input is not JSON: "))
      << not_json;
  absl::Status nope = host.Call("nope", "x").status();
  EXPECT_EQ(nope.code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(nope.message(), "plugin \"nope\": not loaded");
  absl::Status again = host.Load(Caps("upper", "examples/plugins/json_upper.wasm"));
  EXPECT_EQ(again.code(), absl::StatusCode::kAlreadyExists);
  EXPECT_EQ(again.message(), "plugin \"upper\": already loaded");
}

TEST(PluginHostTest, AbiViolationsHaveTheirOwnErrors) {
  PluginHost host;
  absl::Status missing = host.Load(Caps("a", "host/testdata/no_execute.wasm"));
  EXPECT_EQ(missing.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(missing.message().find("missing export \"execute\""), absl::string_view::npos)
      << missing;
  absl::Status sig = host.Load(Caps("b", "host/testdata/bad_signature.wasm"));
  EXPECT_NE(sig.message().find("export \"execute\" is"), absl::string_view::npos) << sig;
  absl::Status garbage = host.LoadBytes(Caps("c", ""), {0, 'a', 's', 'm', 9});
  EXPECT_EQ(garbage.code(), absl::StatusCode::kInvalidArgument) << garbage;
  absl::Status nofile = host.Load(Caps("d", "/nonexistent/p.wasm"));
  EXPECT_EQ(nofile.code(), absl::StatusCode::kNotFound);
  EXPECT_TRUE(host.Names().empty());

  PluginCapabilities caps = Caps("hostile", "host/testdata/hostile.wasm");
  caps.timeout_per_call = absl::Milliseconds(200);
  ASSERT_TRUE(host.Load(caps).ok());
  auto echo = host.Call("hostile", "echo");
  ASSERT_TRUE(echo.ok()) << echo.status();
  EXPECT_EQ(*echo, "echo");
  auto oob = host.Call("hostile", "oob_");
  EXPECT_EQ(oob.status().code(), absl::StatusCode::kDataLoss) << oob.status();
  EXPECT_NE(oob.status().message().find("outside its memory"), absl::string_view::npos);
  auto trap = host.Call("hostile", "trap");
  EXPECT_EQ(GetTrapCode(trap.status()), TrapCode::kUnreachable) << trap.status();
  EXPECT_NE(trap.status().message().find("unreachable"), absl::string_view::npos)
      << trap.status();
  EXPECT_NE(trap.status().message().find("plugin \"hostile\": execute: "), absl::string_view::npos)
      << trap.status();
  auto loop = host.Call("hostile", "loop");
  EXPECT_EQ(GetTrapCode(loop.status()), TrapCode::kInterrupted) << loop.status();
  // After all that, fresh instances still serve calls.
  auto again = host.Call("hostile", "fine");
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(*again, "fine");
}

TEST(PluginHostTest, MetaMustNameThePlugin) {
  PluginHost host;
  absl::Status s = host.Load(Caps("m", "host/testdata/bad_meta.wasm"));
  EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition) << s;
  EXPECT_NE(s.message().find("meta() must be a JSON object"), absl::string_view::npos) << s;
  EXPECT_TRUE(host.Names().empty());
  // A plugin that passes every check once fails only at reload: kept.
  ASSERT_TRUE(host.Load(Caps("m", "host/testdata/hostile.wasm")).ok());
  EXPECT_EQ(host.ReloadBytes("m", ReadFile("host/testdata/bad_meta.wasm")).code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(host.Describe("m")->version, 1u);
  EXPECT_EQ(*host.Call("m", "same"), "same");
}

TEST(PluginHostTest, LyingAllocatorAndWrappingResultAreCaught) {
  PluginHost host;
  ASSERT_TRUE(host.Load(Caps("alloc", "host/testdata/bad_alloc.wasm")).ok());
  auto failed = host.Call("alloc", "four");  // weft_alloc(4) returns 0
  EXPECT_EQ(failed.status().code(), absl::StatusCode::kResourceExhausted) << failed.status();
  EXPECT_NE(failed.status().message().find("weft_alloc(4) failed"), absl::string_view::npos)
      << failed.status();
  auto outside = host.Call("alloc", "xy");  // weft_alloc(2) returns 65535
  EXPECT_EQ(outside.status().code(), absl::StatusCode::kFailedPrecondition) << outside.status();
  EXPECT_NE(outside.status().message().find("weft_alloc(2) returned 65535, outside its memory"),
            absl::string_view::npos)
      << outside.status();
  auto wraps = host.Call("alloc", "1");  // execute returns ptr 0xffffffff, len 2
  EXPECT_EQ(wraps.status().code(), absl::StatusCode::kDataLoss) << wraps.status();
  EXPECT_NE(wraps.status().message().find("ptr=4294967295 len=2"), absl::string_view::npos)
      << wraps.status();
}

TEST(PluginHostTest, EnvModuleNeverReadsOutsideGuestMemory) {
  char tmpl[] = "/tmp/weft_plugin_probe_XXXXXX";
  ASSERT_NE(mkdtemp(tmpl), nullptr);
  PluginHost host;
  PluginCapabilities caps = Caps("probe", "host/testdata/env_probe.wasm");
  caps.fs.push_back({tmpl, "/data", true});
  ASSERT_TRUE(host.Load(caps).ok());
  auto out = host.Call("probe", "");
  ASSERT_TRUE(out.ok()) << out.status();
  ASSERT_EQ(out->size(), 32u);
  std::vector<int32_t> got(8);
  memcpy(got.data(), out->data(), 32);
  EXPECT_EQ(got, (std::vector<int32_t>{-21, -21, -28, -37, -25, -21, -28, -76}));
  // Bad input is not a policy decision: only the ungranted dial counts.
  EXPECT_EQ(host.Describe("probe")->denials, 1u);
  std::system((std::string("rm -rf ") + tmpl).c_str());
}

TEST(PluginHostTest, ForbiddenThingsAreRefused) {
  char tmpl[] = "/tmp/weft_plugin_data_XXXXXX";
  ASSERT_NE(mkdtemp(tmpl), nullptr);
  setenv("WEFT_SECRET", "hunter2", 1);
  Log log;
  PluginHost host(log.Options());
  PluginCapabilities caps = Caps("forbidden", "examples/plugins/forbidden.wasm");
  caps.fs.push_back({tmpl, "/data", true});
  std::ofstream(std::string(tmpl) + "/data.txt") << "original";
  char scratch[] = "/tmp/weft_plugin_scratch_XXXXXX";
  ASSERT_NE(mkdtemp(scratch), nullptr);
  caps.fs.push_back({scratch, "/scratch", false});
  caps.max_memory_pages = 64;  // 4 MiB: a 256 MiB malloc must fail
  ASSERT_TRUE(host.Load(caps).ok());
  auto out = host.CallJson("forbidden", "{}");
  ASSERT_TRUE(out.ok()) << out.status();
  auto doc = json::Parse(*out);
  ASSERT_TRUE(doc.ok()) << *out;
  auto num = [&](const char* k) { return int(doc->Find(k)->number()); };
  EXPECT_LT(num("read_file"), 0) << *out;   // no preopen holds /etc
  EXPECT_LT(num("escape"), 0) << *out;
  EXPECT_EQ(num("dial"), -76) << *out;      // ENOTCAPABLE
  EXPECT_EQ(num("dial_loopback"), -76) << *out;
  EXPECT_EQ(num("fs_check"), 0) << *out;
  EXPECT_TRUE(doc->Find("env")->is_null()) << *out;
  EXPECT_TRUE(doc->Find("big_alloc")->is_null()) << *out;
  // A read-only grant stays read-only whatever else is granted: no hard
  // link into the writable /scratch to write it through.
  EXPECT_EQ(num("ro_link"), -69) << *out;  // EROFS
  std::ifstream data(std::string(tmpl) + "/data.txt");
  EXPECT_EQ(std::string(std::istreambuf_iterator<char>(data), {}), "original");
  EXPECT_FALSE(std::filesystem::exists(std::string(scratch) + "/x"));
  std::filesystem::remove_all(scratch);
  auto info = host.Describe("forbidden");
  EXPECT_EQ(info->denials, 3u);  // two dials, one fs_check
  EXPECT_TRUE(log.Has("forbidden: denied: net_dial example.com:80: not granted"));
  std::system((std::string("rm -rf ") + tmpl).c_str());
}

TEST(PluginHostTest, DialsAnExplicitlyAllowedLocalServer) {
  EchoServer server;
  PluginHost host;
  PluginCapabilities caps = Caps("dialer", "examples/plugins/dialer.wasm");
  caps.net.push_back({"127.0.0.1", {{server.port(), server.port()}}, false});
  ASSERT_TRUE(host.Load(caps).ok());
  auto out = host.CallJson("dialer", "\"127.0.0.1 " + std::to_string(server.port()) + " ping\"");
  // The dialer takes plain text, not JSON: call it with bytes.
  auto raw = host.Call("dialer", "127.0.0.1 " + std::to_string(server.port()) + " ping");
  ASSERT_TRUE(raw.ok()) << raw.status();
  EXPECT_NE(raw->find("\"reply\":\"ping\""), std::string::npos) << *raw;
  auto denied = host.Call("dialer", "127.0.0.1 1 ping");  // port not granted
  ASSERT_TRUE(denied.ok());
  EXPECT_NE(denied->find("\"dial\":-76"), std::string::npos) << *denied;
  (void)out;
}

TEST(PluginHostTest, HotReloadSwapsAndKeepsTheOldVersionOnFailure) {
  char tmpl[] = "/tmp/weft_plugin_reload_XXXXXX";
  ASSERT_NE(mkdtemp(tmpl), nullptr);
  const std::string path = std::string(tmpl) + "/p.wasm";
  auto write = [&](const std::vector<uint8_t>& bytes) {
    const std::string tmp = path + ".tmp";
    std::ofstream(tmp, std::ios::binary).write(reinterpret_cast<const char*>(bytes.data()),
                                               std::streamsize(bytes.size()));
    ASSERT_EQ(rename(tmp.c_str(), path.c_str()), 0);  // atomic replace, as deploys do
  };
  {
    // Process-wide pieces (the pagemap fd instance resets read) are opened
    // once, on first use: use them before counting.
    PluginHost warm;
    ASSERT_TRUE(warm.Load(Caps("warm", "examples/plugins/json_upper.wasm")).ok());
    ASSERT_TRUE(warm.Call("warm", "\"w\"").ok());
  }
  // The process-wide deadline timer (base/deadline_timer.h) may still be
  // winding down after an earlier test's timed calls: let it exit first.
  for (int i = 0; i < 100 && DeadlineTimer::Global().thread_count() != 0; ++i) {
    absl::SleepFor(absl::Milliseconds(10));
  }
  const int threads_before = CountDir("/proc/self/task");
  const int fds_before = CountDir("/proc/self/fd");
  {
    Log log;
    PluginHostOptions options = log.Options();
    options.watch_files = true;
    options.reload_debounce = absl::Milliseconds(50);
    PluginHost host(options);
    write(ReadFile("examples/plugins/json_upper.wasm"));
    ASSERT_TRUE(host.Load(Caps("p", path)).ok());
    ASSERT_TRUE(host.Call("p", "\"x\"").ok());
    EXPECT_EQ(*host.Call("p", "\"x\""), "{\"upper\":\"X\"}");

    write(ReadFile("host/testdata/hostile.wasm"));  // a different valid plugin
    for (int i = 0; i < 200 && host.Describe("p")->version != 2; ++i) absl::SleepFor(absl::Milliseconds(10));
    EXPECT_EQ(host.Describe("p")->version, 2u);
    EXPECT_EQ(*host.Call("p", "\"x\""), "\"x\"");  // hostile.wasm echoes

    write({0, 'a', 's', 'm', 1, 0, 0, 0, 0xff});  // broken: kept out
    for (int i = 0; i < 200 && !log.Has("reload failed"); ++i) absl::SleepFor(absl::Milliseconds(10));
    EXPECT_TRUE(log.Has("p: reload failed, keeping version 2"));
    EXPECT_EQ(host.Describe("p")->version, 2u);
    EXPECT_EQ(*host.Call("p", "\"y\""), "\"y\"");

    // Explicit reload of the same bytes is a no-op; of new bytes, a swap.
    write(ReadFile("examples/plugins/json_upper.wasm"));
    ASSERT_TRUE(host.Reload("p").ok());
    EXPECT_EQ(*host.Call("p", "\"z\""), "{\"upper\":\"Z\"}");
    host.Close();
  }
  EXPECT_EQ(CountDir("/proc/self/task"), threads_before) << ThreadNames();
  EXPECT_EQ(CountDir("/proc/self/fd"), fds_before);
  std::system((std::string("rm -rf ") + tmpl).c_str());
}

TEST(PluginHostTest, ReloadLetsCallsInFlightFinishOnTheOldVersion) {
  PluginHost host;
  PluginCapabilities caps = Caps("p", "host/testdata/hostile.wasm");
  caps.max_instances = 2;
  ASSERT_TRUE(host.Load(caps).ok());
  // A call that spins on version 1 until its deadline.
  absl::StatusOr<std::string> slow;
  std::thread t([&] { slow = host.Call("p", "loop", absl::Now() + absl::Milliseconds(500)); });
  for (int i = 0; i < 200 && host.Metrics("p")->instances_in_use != 1; ++i) {
    absl::SleepFor(absl::Milliseconds(5));
  }
  ASSERT_EQ(host.Metrics("p")->instances_in_use, 1u);
  // Swapping does not wait for it, and new calls run on version 2.
  const absl::Time swap_start = absl::Now();
  ASSERT_TRUE(host.ReloadBytes("p", ReadFile("examples/plugins/json_upper.wasm")).ok());
  EXPECT_EQ(host.Describe("p")->version, 2u);
  auto fresh = host.Call("p", "\"x\"");
  ASSERT_TRUE(fresh.ok()) << fresh.status();
  EXPECT_EQ(*fresh, "{\"upper\":\"X\"}");
  EXPECT_LT(absl::Now() - swap_start, absl::Milliseconds(400));
  t.join();
  // The old call ended as version 1 would: stopped by its deadline.
  EXPECT_EQ(slow.status().code(), absl::StatusCode::kDeadlineExceeded) << slow.status();
  EXPECT_EQ(*host.Call("p", "\"y\""), "{\"upper\":\"Y\"}");
}

TEST(PluginHostTest, UnloadingOnePluginKeepsItsFileWatchedForAnother) {
  char tmpl[] = "/tmp/weft_plugin_shared_XXXXXX";
  ASSERT_NE(mkdtemp(tmpl), nullptr);
  const std::string path = std::string(tmpl) + "/p.wasm";
  auto write = [&](const std::vector<uint8_t>& bytes) {
    const std::string tmp = path + ".tmp";
    std::ofstream(tmp, std::ios::binary).write(reinterpret_cast<const char*>(bytes.data()),
                                               std::streamsize(bytes.size()));
    ASSERT_EQ(rename(tmp.c_str(), path.c_str()), 0);
  };
  write(ReadFile("examples/plugins/json_upper.wasm"));
  PluginHostOptions options;
  options.watch_files = true;
  options.reload_debounce = absl::Milliseconds(20);
  PluginHost host(options);
  ASSERT_TRUE(host.Load(Caps("a", path)).ok());
  ASSERT_TRUE(host.Load(Caps("b", path)).ok());
  ASSERT_TRUE(host.Unload("a").ok());
  write(ReadFile("host/testdata/hostile.wasm"));
  for (int i = 0; i < 200 && host.Describe("b")->version != 2; ++i) {
    absl::SleepFor(absl::Milliseconds(10));
  }
  EXPECT_EQ(host.Describe("b")->version, 2u);
  EXPECT_EQ(*host.Call("b", "\"x\""), "\"x\"");  // hostile.wasm echoes
  host.Close();
  std::system((std::string("rm -rf ") + tmpl).c_str());
}

TEST(PluginHostTest, ConcurrentReloadsAreNumberedOneAfterAnother) {
  Log log;
  PluginHost host(log.Options());
  ASSERT_TRUE(host.Load(Caps("p", "host/testdata/hostile.wasm")).ok());
  const std::vector<uint8_t> a = ReadFile("examples/plugins/json_upper.wasm");
  const std::vector<uint8_t> b = ReadFile("host/testdata/hostile.wasm");
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 10; ++i) EXPECT_TRUE(host.ReloadBytes("p", (i + t) % 2 ? a : b).ok());
    });
  }
  for (auto& t : threads) t.join();
  std::vector<std::string> reloaded;
  for (const std::string& l : log.lines) {
    if (l.find("reloaded: version ") != std::string::npos) reloaded.push_back(l);
  }
  // Every swap got the next number: 2, 3, ... in order, none twice.
  const uint64_t version = host.Describe("p")->version;
  EXPECT_EQ(version, 1 + reloaded.size());
  for (size_t i = 0; i < reloaded.size(); ++i) {
    EXPECT_NE(reloaded[i].find("reloaded: version " + std::to_string(i + 2) + " "),
              std::string::npos)
        << reloaded[i];
  }
}

TEST(PluginHostTest, ManyThreadsShareAPluginWithinItsInstanceLimit) {
  PluginHost host;
  PluginCapabilities caps = Caps("upper", "examples/plugins/json_upper.wasm");
  caps.max_instances = 2;
  ASSERT_TRUE(host.Load(caps).ok());
  std::vector<std::thread> threads;
  std::atomic<int> ok{0};
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 50; ++i) ok += host.Call("upper", "\"a\"").ok();
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(ok.load(), 200);
}

// Issue 6: no byte of one call is visible to the next, on the same
// instance (max_instances = 1), after success and after a trap alike.
TEST(PluginPoolTest, NothingOfOneCallIsVisibleToTheNext) {
  PluginHost host;
  PluginCapabilities caps = Caps("secret", "host/testdata/secret.wasm");
  caps.max_instances = 1;
  ASSERT_TRUE(host.Load(caps).ok());
  auto wrote = host.Call("secret", "w");
  ASSERT_TRUE(wrote.ok()) << wrote.status();
  EXPECT_NE(wrote->find("secret=2"), std::string::npos) << *wrote;  // visible within the call
  EXPECT_NE(wrote->find("global=7"), std::string::npos) << *wrote;
  EXPECT_NE(wrote->find("pages=3"), std::string::npos) << *wrote;
  auto read = host.Call("secret", "r");
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_NE(read->find("secret=0"), std::string::npos) << *read;
  EXPECT_NE(read->find("global=0"), std::string::npos) << *read;
  EXPECT_NE(read->find("pages=2"), std::string::npos) << *read;
  auto m = host.Metrics("secret");
  ASSERT_TRUE(m.ok());
  EXPECT_EQ(m->calls, 2u);
  EXPECT_EQ(m->instances_idle + m->instances_in_use, 1u);
}

TEST(PluginPoolTest, DeadlineStopsTheGuestAndSaysSo) {
  PluginHost host;
  ASSERT_TRUE(host.Load(Caps("hostile", "host/testdata/hostile.wasm")).ok());
  const absl::Time start = absl::Now();
  auto r = host.Call("hostile", "loop", absl::Now() + absl::Milliseconds(50));
  const absl::Duration took = absl::Now() - start;
  EXPECT_EQ(r.status().code(), absl::StatusCode::kDeadlineExceeded) << r.status();
  EXPECT_EQ(GetTrapCode(r.status()), TrapCode::kInterrupted);
  EXPECT_NE(r.status().message().find("deadline exceeded"), absl::string_view::npos);
  EXPECT_LT(took, absl::Seconds(2));
  auto ok = host.Call("hostile", "echo", absl::Now() + absl::Seconds(5));
  ASSERT_TRUE(ok.ok()) << ok.status();  // the instance was reset and reused
  auto m = host.Metrics("hostile");
  EXPECT_NE(m->text.find("deadline exceeded: 1"), std::string::npos) << m->text;
}

TEST(PluginPoolTest, ABusyPoolRunsOutAtTheDeadline) {
  PluginHost host;
  PluginCapabilities caps = Caps("p", "host/testdata/hostile.wasm");
  caps.max_instances = 1;
  ASSERT_TRUE(host.Load(caps).ok());
  absl::StatusOr<std::string> slow;
  std::thread t([&] { slow = host.Call("p", "loop", absl::Now() + absl::Milliseconds(500)); });
  for (int i = 0; i < 200 && host.Metrics("p")->instances_in_use != 1; ++i) {
    absl::SleepFor(absl::Milliseconds(5));
  }
  ASSERT_EQ(host.Metrics("p")->instances_in_use, 1u);
  auto none = host.Call("p", "echo", absl::Now() + absl::Milliseconds(50));
  t.join();
  EXPECT_EQ(none.status().code(), absl::StatusCode::kDeadlineExceeded) << none.status();
  EXPECT_EQ(GetTrapCode(none.status()), TrapCode::kOk);  // no guest was stopped
  EXPECT_EQ(none.status().message(),
            "plugin \"p\": pool exhausted: all 1 instances busy until the deadline");
  EXPECT_EQ(slow.status().code(), absl::StatusCode::kDeadlineExceeded) << slow.status();
  auto m = host.Metrics("p");
  EXPECT_NE(m->text.find("pool exhausted: 1"), std::string::npos) << m->text;
  EXPECT_NE(m->text.find("instances in use 0, idle 1, waiting 0, created 1, discarded 0"),
            std::string::npos)
      << m->text;
}

TEST(PluginPoolTest, CircuitOpensAfterConsecutiveFailures) {
  PluginHostOptions options;
  options.circuit_failure_threshold = 3;
  options.circuit_reset_timeout = absl::Milliseconds(100);
  PluginHost host(options);
  ASSERT_TRUE(host.Load(Caps("hostile", "host/testdata/hostile.wasm")).ok());
  for (int i = 0; i < 3; ++i) EXPECT_EQ(GetTrapCode(host.Call("hostile", "trap").status()), TrapCode::kUnreachable);
  auto refused = host.Call("hostile", "echo");
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kUnavailable) << refused.status();
  EXPECT_EQ(host.Metrics("hostile")->circuit, "open");
  absl::SleepFor(absl::Milliseconds(150));
  auto trial = host.Call("hostile", "echo");
  ASSERT_TRUE(trial.ok()) << trial.status();
  EXPECT_EQ(host.Metrics("hostile")->circuit, "closed");
  auto m = host.Metrics("hostile");
  EXPECT_NE(m->text.find("trap \"unreachable\": 3"), std::string::npos) << m->text;
  EXPECT_NE(m->text.find("circuit open: 1"), std::string::npos) << m->text;
}

TEST(PluginPoolTest, PreparedInstancesUnloadAndClose) {
  PluginHostOptions options;
  options.prepared_instances = 3;
  PluginHost host(options);
  PluginCapabilities caps = Caps("upper", "examples/plugins/json_upper.wasm");
  caps.max_instances = 2;  // caps the prepared count
  ASSERT_TRUE(host.Load(caps).ok());
  ASSERT_TRUE(host.Load(Caps("other", "examples/plugins/json_upper.wasm")).ok());
  EXPECT_EQ(host.Metrics("upper")->instances_idle, 2u);
  EXPECT_EQ(host.Names(), (std::vector<std::string>{"other", "upper"}));
  ASSERT_TRUE(host.Unload("upper").ok());
  EXPECT_EQ(host.Call("upper", "\"a\"").status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(host.Unload("upper").code(), absl::StatusCode::kNotFound);
  EXPECT_TRUE(host.Call("other", "\"a\"").ok());
  host.Close();
  EXPECT_TRUE(host.Names().empty());
  EXPECT_EQ(host.Call("other", "\"a\"").status().code(), absl::StatusCode::kNotFound);
}

}  // namespace
}  // namespace weft
