// Shared test fixture: one sandbox tree built either in a MemOs or in a temp
// directory on the real filesystem (PosixOs with each resolver), a guest
// memory buffer with a bump allocator, and helpers that call the WASI
// functions the way a guest would.
#ifndef WEFT_WASI_WASI_TEST_FIXTURE_H_
#define WEFT_WASI_WASI_TEST_FIXTURE_H_

#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "wasi/fake_clock.h"
#include "wasi/guest_memory.h"
#include "wasi/mem_os.h"
#include "wasi/posix_os.h"
#include "wasi/posix_path.h"
#include "wasi/wasi_context.h"
#include "wasi/wasi_functions.h"

namespace weft::wasi::testing {

enum class Backend { kMem, kPosixWalk, kPosixOpenat2 };

inline std::string BackendName(const ::testing::TestParamInfo<Backend>& i) {
  switch (i.param) {
    case Backend::kMem: return "MemOs";
    case Backend::kPosixWalk: return "PosixWalk";
    case Backend::kPosixOpenat2: return "PosixOpenat2";
  }
  return "?";
}

inline std::vector<Backend> AllBackends() {
  std::vector<Backend> b = {Backend::kMem, Backend::kPosixWalk};
  if (ProbeOpenat2()) b.push_back(Backend::kPosixOpenat2);
  return b;
}

inline constexpr uint32_t kSandboxFd = 3;  // "/sandbox", read-write
inline constexpr uint32_t kReadOnlyFd = 4;  // "/ro", read-only
inline constexpr uint64_t kFileRights =
    rights::kFdRead | rights::kFdWrite | rights::kFdSeek | rights::kFdTell |
    rights::kFdFilestatGet | rights::kFdFilestatSetSize |
    rights::kFdFilestatSetTimes | rights::kFdAllocate | rights::kFdAdvise |
    rights::kFdSync | rights::kFdDatasync | rights::kFdFdstatSetFlags |
    rights::kPollFdReadwrite;

class WasiFixture : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    memory_.assign(1 << 20, 0);
    if (GetParam() == Backend::kMem) {
      mem_os_ = std::make_shared<MemOs>();
      os_ = mem_os_;
      host_root_ = "";
    } else {
      const char* tmp = getenv("TEST_TMPDIR");
      std::string templ = std::string(tmp ? tmp : "/tmp") + "/wasiXXXXXX";
      ASSERT_NE(mkdtemp(templ.data()), nullptr);
      host_root_ = templ;
      os_ = std::make_shared<PosixOs>(GetParam() == Backend::kPosixWalk
                                          ? PosixOs::Resolver::kWalk
                                          : PosixOs::Resolver::kOpenat2);
    }
    MakeDir("/sandbox");
    MakeFile("/sandbox/hello.txt", "hello world");
    MakeDir("/sandbox/sub");
    MakeFile("/sandbox/sub/a.txt", "A");
    MakeDir("/sandbox/empty");
    MakeFile("/outside.txt", "secret");
    MakeDir("/ro");
    MakeFile("/ro/r.txt", "read me");
    MakeSymlink("/sandbox/link_abs", host_root_ + "/outside.txt");
    MakeSymlink("/sandbox/link_up", "../outside.txt");
    MakeSymlink("/sandbox/link_ok", "sub/a.txt");
    MakeSymlink("/sandbox/sub/link_parent", "../hello.txt");
    MakeSymlink("/sandbox/dirlink_up", "..");
    MakeSymlink("/sandbox/dirlink_ok", "sub");
    MakeSymlink("/sandbox/loop1", "loop2");
    MakeSymlink("/sandbox/loop2", "loop1");

    stdin_ = std::make_shared<MemoryStream>();
    stdin_->data = "input line\n";
    stdout_ = std::make_shared<MemoryStream>();
    WasiConfig c;
    c.args = {"prog", "arg1"};
    c.env = {"K=V", "HOME=/sandbox"};
    c.stdin_config = StdioConfig::Buffer(stdin_);
    c.stdout_config = StdioConfig::Buffer(stdout_);
    c.stderr_config = StdioConfig::Closed();
    c.preopen_dirs = {{host_root_ + "/sandbox", "/sandbox", false},
                      {host_root_ + "/ro", "/ro", true}};
    c.os = os_;
    clock_ = std::make_shared<FakeClock>();
    c.clock = clock_;
    c.random = std::make_shared<FakeRandom>();
    Configure(c);
    auto ctx = WasiContext::Create(std::move(c));
    ASSERT_TRUE(ctx.ok()) << ctx.status();
    ctx_ = std::move(*ctx);
  }

  virtual void Configure(WasiConfig&) {}

  void TearDown() override {
    ctx_.reset();
    if (!host_root_.empty()) {
      std::error_code ec;
      std::filesystem::remove_all(host_root_, ec);
    }
  }

  bool posix() const { return GetParam() != Backend::kMem; }

  void MakeDir(const std::string& p) {
    if (mem_os_) {
      ASSERT_EQ(mem_os_->MakeDir(p), Errno::kSuccess) << p;
    } else {
      ASSERT_EQ(mkdir((host_root_ + p).c_str(), 0777), 0) << p;
    }
  }
  void MakeFile(const std::string& p, const std::string& data) {
    if (mem_os_) {
      ASSERT_EQ(mem_os_->MakeFile(p, data), Errno::kSuccess) << p;
    } else {
      std::ofstream(host_root_ + p, std::ios::binary) << data;
    }
  }
  void MakeSymlink(const std::string& p, const std::string& target) {
    if (mem_os_) {
      ASSERT_EQ(mem_os_->MakeSymlink(p, target), Errno::kSuccess) << p;
    } else {
      ASSERT_EQ(symlink(target.c_str(), (host_root_ + p).c_str()), 0) << p;
    }
  }
  // Host-side view of a file (bypasses WASI).
  std::string HostFile(const std::string& p) {
    std::string s;
    if (mem_os_) {
      if (mem_os_->GetFile(p, &s) != Errno::kSuccess) return "<missing>";
      return s;
    }
    std::ifstream in(host_root_ + p, std::ios::binary);
    if (!in) return "<missing>";
    return std::string(std::istreambuf_iterator<char>(in), {});
  }

  // Guest memory helpers.
  GuestMemory mem() { return GuestMemory(memory_.data(), memory_.size()); }
  uint32_t Alloc(uint32_t n) {
    next_ = (next_ + 7) & ~7u;
    uint32_t p = next_;
    next_ += n;
    EXPECT_LE(next_, memory_.size());
    return p;
  }
  uint32_t Str(const std::string& s) {
    uint32_t p = Alloc(static_cast<uint32_t>(s.size()) + 1);
    std::memcpy(memory_.data() + p, s.data(), s.size());
    return p;
  }
  uint32_t U32(uint32_t at) {
    uint32_t v;
    std::memcpy(&v, memory_.data() + at, 4);
    return v;
  }
  uint64_t U64(uint32_t at) {
    uint64_t v;
    std::memcpy(&v, memory_.data() + at, 8);
    return v;
  }
  uint16_t U16(uint32_t at) {
    uint16_t v;
    std::memcpy(&v, memory_.data() + at, 2);
    return v;
  }
  std::string Bytes(uint32_t at, uint32_t n) {
    return std::string(reinterpret_cast<char*>(memory_.data()) + at, n);
  }
  // One iovec pointing at `len` bytes (filled with `data` if given).
  uint32_t Iov(uint32_t len, const std::string& data = "") {
    uint32_t buf = Alloc(len);
    std::memcpy(memory_.data() + buf, data.data(), std::min<size_t>(len, data.size()));
    uint32_t iov = Alloc(8);
    std::memcpy(memory_.data() + iov, &buf, 4);
    std::memcpy(memory_.data() + iov + 4, &len, 4);
    return iov;
  }

  Errno Open(const std::string& path, uint32_t oflags, uint64_t rights,
             uint32_t* fd, uint32_t fdflags = 0, uint32_t dirfd = kSandboxFd,
             uint32_t lookup = kLookupSymlinkFollow) {
    GuestMemory m = mem();
    uint32_t out = Alloc(4);
    Errno e = PathOpen(*ctx_, m, dirfd, lookup, Str(path),
                       static_cast<uint32_t>(path.size()), oflags, rights,
                       rights, fdflags, out);
    if (e == Errno::kSuccess) *fd = U32(out);
    return e;
  }
  Errno OpenErr(const std::string& path, uint32_t lookup = kLookupSymlinkFollow,
                uint32_t dirfd = kSandboxFd) {
    uint32_t fd;
    Errno e = Open(path, 0, rights::kFdRead, &fd, 0, dirfd, lookup);
    if (e == Errno::kSuccess) FdClose(*ctx_, *mem_view(), fd);
    return e;
  }
  Errno Write(uint32_t fd, const std::string& data, uint32_t* n = nullptr) {
    GuestMemory m = mem();
    uint32_t iov = Iov(static_cast<uint32_t>(data.size()), data);
    uint32_t out = Alloc(4);
    Errno e = FdWrite(*ctx_, m, fd, iov, 1, out);
    if (n) *n = U32(out);
    return e;
  }
  Errno Read(uint32_t fd, uint32_t len, std::string* data) {
    GuestMemory m = mem();
    uint32_t iov = Iov(len);
    uint32_t out = Alloc(4);
    Errno e = FdRead(*ctx_, m, fd, iov, 1, out);
    if (e == Errno::kSuccess) data->assign(Bytes(U32(iov), U32(out)));
    return e;
  }
  Errno ReadFile(const std::string& path, std::string* data) {
    uint32_t fd;
    Errno e = Open(path, 0, rights::kFdRead, &fd);
    if (e != Errno::kSuccess) return e;
    e = Read(fd, 4096, data);
    FdClose(*ctx_, *mem_view(), fd);
    return e;
  }
  // Path-taking calls: (fd, path ptr, len).
  template <typename F>
  Errno PathCall(F f, const std::string& path, uint32_t fd = kSandboxFd) {
    GuestMemory m = mem();
    return f(*ctx_, m, fd, Str(path), static_cast<uint32_t>(path.size()));
  }
  Errno Stat(const std::string& path, bool follow, FileStat* st) {
    GuestMemory m = mem();
    uint32_t out = Alloc(64);
    Errno e = PathFilestatGet(*ctx_, m, kSandboxFd, follow ? 1 : 0, Str(path),
                              static_cast<uint32_t>(path.size()), out);
    if (e == Errno::kSuccess) {
      st->dev = U64(out);
      st->ino = U64(out + 8);
      st->type = static_cast<Filetype>(memory_[out + 16]);
      st->nlink = U64(out + 24);
      st->size = U64(out + 32);
      st->atim = U64(out + 40);
      st->mtim = U64(out + 48);
      st->ctim = U64(out + 56);
    }
    return e;
  }

  GuestMemory* mem_view() {
    view_ = std::make_unique<GuestMemory>(memory_.data(), memory_.size());
    return view_.get();
  }

  std::vector<uint8_t> memory_;
  uint32_t next_ = 1024;
  std::unique_ptr<GuestMemory> view_;
  std::string host_root_;
  std::shared_ptr<MemOs> mem_os_;
  std::shared_ptr<Os> os_;
  std::shared_ptr<FakeClock> clock_;
  std::shared_ptr<MemoryStream> stdin_, stdout_;
  std::unique_ptr<WasiContext> ctx_;
};

}  // namespace weft::wasi::testing

#endif  // WEFT_WASI_WASI_TEST_FIXTURE_H_
