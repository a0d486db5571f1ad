// The function table, raw-slot thunks and --trace-wasi formatting.
#include "wasi/wasi_host.h"

#include <chrono>
#include <set>
#include <thread>

#include "absl/strings/str_cat.h"
#include "wasi/wasi_test_fixture.h"

namespace weft::wasi::testing {
namespace {

TEST(WasiHost, TableHasAllPreview1Functions) {
  const std::set<std::string> want = {
      "args_get", "args_sizes_get", "environ_get", "environ_sizes_get",
      "clock_res_get", "clock_time_get", "fd_advise", "fd_allocate",
      "fd_close", "fd_datasync", "fd_fdstat_get", "fd_fdstat_set_flags",
      "fd_fdstat_set_rights", "fd_filestat_get", "fd_filestat_set_size",
      "fd_filestat_set_times", "fd_pread", "fd_prestat_get",
      "fd_prestat_dir_name", "fd_pwrite", "fd_read", "fd_readdir",
      "fd_renumber", "fd_seek", "fd_sync", "fd_tell", "fd_write",
      "path_create_directory", "path_filestat_get",
      "path_filestat_set_times", "path_link", "path_open", "path_readlink",
      "path_remove_directory", "path_rename", "path_symlink",
      "path_unlink_file", "poll_oneoff", "proc_exit", "proc_raise",
      "sched_yield", "random_get", "sock_accept", "sock_recv", "sock_send",
      "sock_shutdown"};
  ASSERT_EQ(want.size(), 46u);
  std::set<std::string> got;
  for (const WasiFunction& f : WasiFunctions()) {
    got.insert(f.name);
    // Every function returns one i32 errno except proc_exit.
    EXPECT_STREQ(f.results, std::string(f.name) == "proc_exit" ? "" : "i")
        << f.name;
    size_t commas = std::count(f.param_names, f.param_names + strlen(f.param_names), ',');
    EXPECT_EQ(strlen(f.params), *f.param_names ? commas + 1 : 0) << f.name;
  }
  EXPECT_EQ(got, want);
  EXPECT_EQ(WasiFunctions().size(), 46u);
  EXPECT_EQ(FindWasiFunction("nope"), nullptr);
}

TEST(WasiHost, SignaturesMatchWitx) {
  auto type = [](const char* n) {
    return FuncTypeToString(WasiFunctionType(*FindWasiFunction(n)));
  };
  EXPECT_EQ(type("fd_seek"), FuncTypeToString({{ValType::kI32, ValType::kI64,
                                                ValType::kI32, ValType::kI32},
                                               {ValType::kI32}}));
  EXPECT_EQ(type("path_open"),
            FuncTypeToString({{ValType::kI32, ValType::kI32, ValType::kI32,
                               ValType::kI32, ValType::kI32, ValType::kI64,
                               ValType::kI64, ValType::kI32, ValType::kI32},
                              {ValType::kI32}}));
  EXPECT_EQ(type("proc_exit"), FuncTypeToString({{ValType::kI32}, {}}));
  EXPECT_EQ(type("sched_yield"), FuncTypeToString({{}, {ValType::kI32}}));
  EXPECT_EQ(type("clock_time_get"),
            FuncTypeToString(
                {{ValType::kI32, ValType::kI64, ValType::kI32}, {ValType::kI32}}));
}

class HostCalls : public WasiFixture {
 protected:
  void Configure(WasiConfig& c) override {
    c.trace = [this](std::string_view line) { trace_.emplace_back(line); };
  }
  std::vector<std::string> trace_;
};

// iovec arrays print as arrays, with the bytes actually moved (bounded).
TEST_P(HostCalls, TraceShowsIovecsAndTheBytesMoved) {
  GuestMemory m = mem();
  // Two buffers: "hel" and "lo\n"; fd_write to stdout (a buffer here).
  const uint32_t a = Str("hel"), b = Str("lo\n"), iovs = Alloc(16), out = Alloc(4);
  std::memcpy(memory_.data() + iovs, &a, 4);
  const uint32_t three = 3;
  std::memcpy(memory_.data() + iovs + 4, &three, 4);
  std::memcpy(memory_.data() + iovs + 8, &b, 4);
  std::memcpy(memory_.data() + iovs + 12, &three, 4);
  uint64_t args[4] = {1, iovs, 2, out};
  ASSERT_EQ(CallWasiFunction(*FindWasiFunction("fd_write"), *ctx_, m, args), Errno::kSuccess);
  EXPECT_EQ(trace_.back(), absl::StrCat("fd_write(fd=1, iovs=[{buf=0x", absl::Hex(a),
                                        ",len=3},{buf=0x", absl::Hex(b),
                                        ",len=3}] data=\"hello\\n\", nwritten_out=", out,
                                        ") -> ESUCCESS"));
  // A read shows what it received: stdin holds "input line\n".
  const uint32_t buf = Alloc(64), riov = Alloc(8);
  const uint32_t len = 64;
  std::memcpy(memory_.data() + riov, &buf, 4);
  std::memcpy(memory_.data() + riov + 4, &len, 4);
  uint64_t rargs[4] = {0, riov, 1, out};
  ASSERT_EQ(CallWasiFunction(*FindWasiFunction("fd_read"), *ctx_, m, rargs), Errno::kSuccess);
  EXPECT_NE(trace_.back().find("data=\"input line\\n\""), std::string::npos) << trace_.back();
  // An iovec array out of bounds is said to be so, not read.
  uint64_t bad[4] = {1, 0xFFFFFFF0u, 4, out};
  EXPECT_EQ(CallWasiFunction(*FindWasiFunction("fd_write"), *ctx_, m, bad), Errno::kFault);
  EXPECT_NE(trace_.back().find("iovs=[<bad iovec at 4294967280>]"), std::string::npos)
      << trace_.back();
}

TEST_P(HostCalls, RawSlotsAndTrace) {
  GuestMemory m = mem();
  std::string path = "hello.txt";
  uint32_t p = Str(path), out = Alloc(4);
  uint64_t args[9] = {kSandboxFd, 1, p, path.size(), 0,
                      rights::kFdRead | rights::kFdSeek, 0, 0, out};
  const WasiFunction* open = FindWasiFunction("path_open");
  ASSERT_EQ(CallWasiFunction(*open, *ctx_, m, args), Errno::kSuccess);
  ASSERT_EQ(trace_.size(), 1u);
  EXPECT_EQ(trace_[0],
            "path_open(fd=3, dirflags=0x1, path=\"hello.txt\", oflags=0x0, "
            "rights_base=0x6, rights_inheriting=0x0, fdflags=0x0, fd_out=" +
                std::to_string(out) + ") -> ESUCCESS");
  uint32_t fd = U32(out);
  // i32 slots may carry garbage in the upper half; only the low 32 bits count.
  uint64_t seek[4] = {fd | 0xFFFFFFFF00000000ull,
                      static_cast<uint64_t>(int64_t{-3}), 2, out};
  ASSERT_EQ(CallWasiFunction(*FindWasiFunction("fd_seek"), *ctx_, m, seek),
            Errno::kSuccess);
  EXPECT_EQ(U64(out), 8u);
  EXPECT_NE(trace_.back().find("offset=-3"), std::string::npos) << trace_.back();
  uint64_t bad[2] = {77, out};
  EXPECT_EQ(CallWasiFunction(*FindWasiFunction("fd_tell"), *ctx_, m, bad),
            Errno::kBadf);
  EXPECT_EQ(trace_.back(), "fd_tell(fd=77, offset_out=" + std::to_string(out) +
                               ") -> EBADF");
  // A path pointer out of bounds is shown as such, not read.
  uint64_t mk[3] = {kSandboxFd, 0xFFFFFF00u, 10};
  EXPECT_EQ(CallWasiFunction(*FindWasiFunction("path_create_directory"), *ctx_,
                             m, mk),
            Errno::kFault);
  EXPECT_EQ(trace_.back(),
            "path_create_directory(fd=3, path=<bad 4294967040+10>) -> EFAULT");
  uint64_t code[1] = {3};
  CallWasiFunction(*FindWasiFunction("proc_exit"), *ctx_, m, code);
  EXPECT_EQ(trace_.back(), "proc_exit(rval=3) -> exit(3)");
  ASSERT_TRUE(ctx_->exit_code().has_value());
  EXPECT_EQ(*ctx_->exit_code(), 3u);
}

TEST_P(HostCalls, InvokeWasiReportsExitAndErrno) {
  uint64_t args[2] = {16, 4};
  WasiCallOutcome o = InvokeWasi(*FindWasiFunction("args_sizes_get"), *ctx_,
                                 memory_.data(), memory_.size(), args);
  EXPECT_FALSE(o.exited);
  EXPECT_EQ(o.result, 0u);
  EXPECT_EQ(U32(16), 2u);
  // No memory: every pointer faults.
  o = InvokeWasi(*FindWasiFunction("args_sizes_get"), *ctx_, nullptr, 0, args);
  EXPECT_EQ(o.result, static_cast<uint32_t>(Errno::kFault));
  uint64_t code[1] = {9};
  o = InvokeWasi(*FindWasiFunction("proc_exit"), *ctx_, nullptr, 0, code);
  EXPECT_TRUE(o.exited);
  EXPECT_EQ(o.exit_code, 9u);
}

INSTANTIATE_TEST_SUITE_P(Backends, HostCalls,
                         ::testing::Values(Backend::kMem), BackendName);

TEST(WasiContextTest, CapabilitiesAreOptIn) {
  WasiConfig c;
  c.os = std::make_shared<MemOs>();
  auto ctx = WasiContext::Create(std::move(c));
  ASSERT_TRUE(ctx.ok());
  std::vector<uint8_t> buf(256);
  GuestMemory m(buf.data(), buf.size());
  ASSERT_EQ(EnvironSizesGet(**ctx, m, 0, 4), Errno::kSuccess);
  EXPECT_EQ(buf[0] + buf[4], 0);
  ASSERT_EQ(ArgsSizesGet(**ctx, m, 0, 4), Errno::kSuccess);
  EXPECT_EQ(buf[0] + buf[4], 0);
  for (uint32_t fd = 0; fd < 4; ++fd) {
    EXPECT_EQ(FdFdstatGet(**ctx, m, fd, 8), Errno::kBadf) << fd;
  }
}

TEST(WasiContextTest, BadPreopenIsAnError) {
  WasiConfig c;
  c.os = std::make_shared<MemOs>();
  c.preopen_dirs = {{"/does/not/exist", "/x", false}};
  auto ctx = WasiContext::Create(std::move(c));
  ASSERT_FALSE(ctx.ok());
  EXPECT_EQ(ctx.status().code(), absl::StatusCode::kNotFound) << ctx.status();
  EXPECT_EQ(ctx.status().message(), "cannot preopen '/does/not/exist': ENOENT");
}

TEST(WasiContextTest, FdLimitIsEmfile) {
  auto os = std::make_shared<MemOs>();
  os->MakeDir("/d");
  os->MakeFile("/d/f", "x");
  WasiConfig c;
  c.os = os;
  c.preopen_dirs = {{"/d", "/d", false}};
  c.max_fds = 6;
  auto ctx = WasiContext::Create(std::move(c));
  ASSERT_TRUE(ctx.ok());
  std::vector<uint8_t> buf(256);
  buf[100] = 'f';
  GuestMemory m(buf.data(), buf.size());
  for (int i = 0; i < 2; ++i) {
    ASSERT_EQ(PathOpen(**ctx, m, 3, 0, 100, 1, 0, rights::kFdRead, 0, 0, 0),
              Errno::kSuccess);
  }
  EXPECT_EQ(PathOpen(**ctx, m, 3, 0, 100, 1, 0, rights::kFdRead, 0, 0, 0),
            Errno::kMfile);
  EXPECT_EQ(os->open_handles(), 3u);  // nothing leaked by the refused open
}

// A call woken by the context's interrupt is reported as interrupted (the
// binding traps); an EINTR with no request pending stays an errno.
TEST(WasiHost, InterruptedCallIsNotAnErrno) {
  int p[2];
  ASSERT_EQ(pipe2(p, O_CLOEXEC), 0);  // stdin that is never written
  WasiConfig config;
  config.stdin_config = StdioConfig::HostFd(p[0]);
  absl::StatusOr<std::unique_ptr<WasiContext>> ctx = WasiContext::Create(config);
  ASSERT_TRUE(ctx.ok()) << ctx.status();
  std::vector<uint8_t> memory(256, 0);
  memory[0] = 64;  // iovec {buf=64, len=16} at 0
  memory[4] = 16;
  uint64_t args[4] = {0, 0, 1, 32};  // fd_read(0, iovs=0, 1, nread=32)
  InterruptNotifier running;
  const auto start = std::chrono::steady_clock::now();
  std::thread stopper([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    running.Request();
  });
  WasiCallOutcome o;
  {
    WasiContext::InterruptScope scope(**ctx, running);
    o = InvokeWasi(*FindWasiFunction("fd_read"), **ctx, memory.data(),
                   memory.size(), args);
  }
  stopper.join();
  EXPECT_TRUE(o.interrupted);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(1));
  // Outside the scope the context's own interrupt applies again.
  EXPECT_FALSE((*ctx)->interrupt().requested());
  close(p[1]);  // EOF now: an ordinary read of 0 bytes
  o = InvokeWasi(*FindWasiFunction("fd_read"), **ctx, memory.data(),
                 memory.size(), args);
  EXPECT_FALSE(o.interrupted);
  EXPECT_EQ(o.result, 0u);
  close(p[0]);
}

}  // namespace
}  // namespace weft::wasi::testing
