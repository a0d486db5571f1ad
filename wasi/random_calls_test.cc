// Robustness: thousands of calls with hostile arguments (wild pointers,
// huge lengths, random fds, flags and structures in memory) must never crash,
// hang or allocate without bound; every result must be a valid errno.
// On MemOs anything goes; on the real filesystem (inside the test's temp
// dir, and only under Bazel's TEST_TMPDIR) i64 sizes are kept small so
// fd_allocate cannot fill the disk, and afterwards nothing outside the
// sandbox may have changed: a confinement fuzz.
#include <algorithm>
#include <filesystem>
#include <random>

#include "wasi/wasi_host.h"
#include "wasi/wasi_test_fixture.h"

namespace weft::wasi::testing {
namespace {

class RandomCalls : public WasiFixture {};

uint64_t Wild(std::mt19937_64& rng, uint64_t mem_size) {
  switch (rng() % 8) {
    case 0: return 0;
    case 1: return rng() % 16;                     // small: fds, flags
    case 2: return rng() % mem_size;               // in bounds
    case 3: return mem_size - rng() % 64;          // near the end
    case 4: return 0xFFFFFFFFu - rng() % 64;       // wraps
    case 5: return rng();                          // anything
    case 6: return rng() % 4096;                   // low memory (strings)
    default: return rng() % 256;
  }
}

TEST_P(RandomCalls, HostileArgumentsNeverCrash) {
  if (posix() && getenv("TEST_TMPDIR") == nullptr) {
    GTEST_SKIP() << "real-filesystem fuzz runs only under bazel test";
  }
  std::mt19937_64 rng(12345);
  // Low memory holds plausible paths and iovecs so calls get past the first
  // checks sometimes.
  const char* paths[] = {"hello.txt", "sub", "../x", "/abs", "link_up",
                         "sub/a.txt", "new", "loop1", "empty/", ".",
                         "dirlink_up/y", "sub/../../z", "link_abs",
                         "dirlink_ok/n", "../outside.txt", "sub/.."};
  for (int i = 0; i < 16; ++i) {
    std::strcpy(reinterpret_cast<char*>(memory_.data()) + i * 16, paths[i]);
  }
  auto functions = WasiFunctions();
  int successes = 0;
  for (int iter = 0; iter < 40000; ++iter) {
    // Scribble random bytes into a window of memory now and then.
    if (iter % 64 == 0) {
      for (int j = 0; j < 64; ++j) {
        memory_[256 + rng() % 4096] = static_cast<uint8_t>(rng());
      }
    }
    const WasiFunction& f = functions[rng() % functions.size()];
    if (std::string(f.name) == "proc_exit") continue;
    uint64_t args[16] = {};
    for (size_t a = 0; f.params[a]; ++a) {
      args[a] = Wild(rng, memory_.size());
      if (f.params[a] == 'i') args[a] &= 0xFFFFFFFFu;
      if (f.params[a] == 'l' && posix()) args[a] &= 0xFFFFF;
    }
    GuestMemory m = mem();
    Errno e = CallWasiFunction(f, *ctx_, m, args);
    ASSERT_LE(static_cast<uint16_t>(e), 76) << f.name;
    successes += e == Errno::kSuccess;
  }
  // Some calls got through: the test exercised more than argument checks.
  EXPECT_GT(successes, 500);
  if (posix()) {
    ctx_.reset();
    // Only the sandbox may have changed.
    EXPECT_EQ(HostFile("/outside.txt"), "secret");
    EXPECT_EQ(HostFile("/ro/r.txt"), "read me");
    std::vector<std::string> top;
    for (const auto& e : std::filesystem::directory_iterator(host_root_)) {
      top.push_back(e.path().filename().string());
    }
    std::sort(top.begin(), top.end());
    EXPECT_EQ(top, (std::vector<std::string>{"outside.txt", "ro", "sandbox"}));
    std::vector<std::string> ro;
    for (const auto& e : std::filesystem::directory_iterator(host_root_ + "/ro")) {
      ro.push_back(e.path().filename().string());
    }
    EXPECT_EQ(ro, (std::vector<std::string>{"r.txt"}));
  }
}

INSTANTIATE_TEST_SUITE_P(Backends, RandomCalls,
                         ::testing::ValuesIn(AllBackends()), BackendName);

}  // namespace
}  // namespace weft::wasi::testing
