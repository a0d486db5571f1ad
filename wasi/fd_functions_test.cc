// fd_* functions on every backend: success paths and their main errors.
#include "wasi/wasi_test_fixture.h"

namespace weft::wasi::testing {
namespace {

using FdFunctions = WasiFixture;

TEST_P(FdFunctions, WriteSeekReadRoundTrip) {
  uint32_t fd;
  ASSERT_EQ(Open("new.txt", kOflagCreat | kOflagExcl, kFileRights, &fd),
            Errno::kSuccess);
  uint32_t n;
  ASSERT_EQ(Write(fd, "0123456789", &n), Errno::kSuccess);
  EXPECT_EQ(n, 10u);
  GuestMemory m = mem();
  uint32_t pos = Alloc(8);
  ASSERT_EQ(FdTell(*ctx_, m, fd, pos), Errno::kSuccess);
  EXPECT_EQ(U64(pos), 10u);
  ASSERT_EQ(FdSeek(*ctx_, m, fd, -4, static_cast<u32>(Whence::kCur), pos),
            Errno::kSuccess);
  EXPECT_EQ(U64(pos), 6u);
  std::string data;
  ASSERT_EQ(Read(fd, 100, &data), Errno::kSuccess);
  EXPECT_EQ(data, "6789");
  ASSERT_EQ(FdSeek(*ctx_, m, fd, 2, static_cast<u32>(Whence::kSet), pos),
            Errno::kSuccess);
  ASSERT_EQ(Read(fd, 3, &data), Errno::kSuccess);
  EXPECT_EQ(data, "234");
  ASSERT_EQ(FdSeek(*ctx_, m, fd, -1, static_cast<u32>(Whence::kEnd), pos),
            Errno::kSuccess);
  EXPECT_EQ(U64(pos), 9u);
  EXPECT_EQ(FdSeek(*ctx_, m, fd, 0, 3, pos), Errno::kInval);
  EXPECT_EQ(FdSeek(*ctx_, m, fd, -100, static_cast<u32>(Whence::kSet), pos),
            Errno::kInval);
  EXPECT_EQ(FdClose(*ctx_, m, fd), Errno::kSuccess);
  EXPECT_EQ(HostFile("/sandbox/new.txt"), "0123456789");
}

TEST_P(FdFunctions, ScatterGatherIovecs) {
  uint32_t fd;
  ASSERT_EQ(Open("hello.txt", 0, kFileRights, &fd), Errno::kSuccess);
  GuestMemory m = mem();
  // Two iovecs of 5 and 100 bytes.
  uint32_t b1 = Alloc(5), b2 = Alloc(100), iovs = Alloc(16), out = Alloc(4);
  uint32_t rec[4] = {b1, 5, b2, 100};
  std::memcpy(memory_.data() + iovs, rec, 16);
  ASSERT_EQ(FdRead(*ctx_, m, fd, iovs, 2, out), Errno::kSuccess);
  EXPECT_EQ(U32(out), 11u);
  EXPECT_EQ(Bytes(b1, 5), "hello");
  EXPECT_EQ(Bytes(b2, 6), " world");
  // pread/pwrite do not move the position.
  ASSERT_EQ(FdPread(*ctx_, m, fd, iovs, 1, 6, out), Errno::kSuccess);
  EXPECT_EQ(U32(out), 5u);
  EXPECT_EQ(Bytes(b1, 5), "world");
  std::memcpy(memory_.data() + b1, "HELLO", 5);
  ASSERT_EQ(FdPwrite(*ctx_, m, fd, iovs, 1, 0, out), Errno::kSuccess);
  EXPECT_EQ(U32(out), 5u);
  uint32_t pos = Alloc(8);
  ASSERT_EQ(FdTell(*ctx_, m, fd, pos), Errno::kSuccess);
  EXPECT_EQ(U64(pos), 11u);
  EXPECT_EQ(HostFile("/sandbox/hello.txt"), "HELLO world");
}

TEST_P(FdFunctions, BadPointersAreFault) {
  uint32_t fd;
  ASSERT_EQ(Open("hello.txt", 0, kFileRights, &fd), Errno::kSuccess);
  GuestMemory m = mem();
  uint32_t size = static_cast<uint32_t>(memory_.size());
  uint32_t out = Alloc(4);
  // iovec array out of bounds.
  EXPECT_EQ(FdRead(*ctx_, m, fd, size - 4, 1, out), Errno::kFault);
  // iovec buffer out of bounds.
  uint32_t iovs = Alloc(8);
  uint32_t rec[2] = {size - 2, 16};
  std::memcpy(memory_.data() + iovs, rec, 8);
  EXPECT_EQ(FdRead(*ctx_, m, fd, iovs, 1, out), Errno::kFault);
  EXPECT_EQ(FdWrite(*ctx_, m, fd, iovs, 1, out), Errno::kFault);
  // Result pointer out of bounds.
  uint32_t good = Iov(4);
  EXPECT_EQ(FdRead(*ctx_, m, fd, good, 1, size), Errno::kFault);
  EXPECT_EQ(FdTell(*ctx_, m, fd, size - 7), Errno::kFault);
  EXPECT_EQ(FdFdstatGet(*ctx_, m, fd, size - 8), Errno::kFault);
  EXPECT_EQ(FdFilestatGet(*ctx_, m, fd, size - 63), Errno::kFault);
  // Too many iovecs is refused before anything is read or allocated.
  EXPECT_EQ(FdRead(*ctx_, m, fd, 0, kMaxIovs + 1, out), Errno::kInval);
  EXPECT_EQ(FdRead(*ctx_, m, fd, 0, 0xFFFFFFFF, out), Errno::kInval);
}

TEST_P(FdFunctions, BadFdIsBadf) {
  GuestMemory m = mem();
  uint32_t out = Alloc(64);
  EXPECT_EQ(FdClose(*ctx_, m, 99), Errno::kBadf);
  EXPECT_EQ(FdRead(*ctx_, m, 99, Iov(1), 1, out), Errno::kBadf);
  EXPECT_EQ(FdWrite(*ctx_, m, 2, Iov(1), 1, out), Errno::kBadf);  // closed
  EXPECT_EQ(FdFdstatGet(*ctx_, m, 0xFFFFFFFF, out), Errno::kBadf);
  EXPECT_EQ(FdSync(*ctx_, m, 77), Errno::kBadf);
  EXPECT_EQ(FdSeek(*ctx_, m, 77, 0, 0, out), Errno::kBadf);
  EXPECT_EQ(FdRenumber(*ctx_, m, 77, 3), Errno::kBadf);
  EXPECT_EQ(FdRenumber(*ctx_, m, 3, 77), Errno::kBadf);
}

TEST_P(FdFunctions, CloseTwiceIsBadf) {
  uint32_t fd;
  ASSERT_EQ(Open("hello.txt", 0, kFileRights, &fd), Errno::kSuccess);
  GuestMemory m = mem();
  EXPECT_EQ(FdClose(*ctx_, m, fd), Errno::kSuccess);
  EXPECT_EQ(FdClose(*ctx_, m, fd), Errno::kBadf);
}

TEST_P(FdFunctions, RightsAreCheckedFirst) {
  uint32_t fd;
  ASSERT_EQ(Open("hello.txt", 0, rights::kFdRead | rights::kFdSeek, &fd),
            Errno::kSuccess);
  GuestMemory m = mem();
  uint32_t out = Alloc(64);
  EXPECT_EQ(Write(fd, "x"), Errno::kNotcapable);
  EXPECT_EQ(FdFilestatSetSize(*ctx_, m, fd, 0), Errno::kNotcapable);
  EXPECT_EQ(FdAllocate(*ctx_, m, fd, 0, 10), Errno::kNotcapable);
  EXPECT_EQ(FdDatasync(*ctx_, m, fd), Errno::kNotcapable);
  EXPECT_EQ(FdTell(*ctx_, m, fd, out), Errno::kNotcapable);
  // Rights checks come before argument checks: a bad pointer still reports
  // the missing right.
  EXPECT_EQ(FdWrite(*ctx_, m, fd, 0xFFFFFFF0u, 1, 0xFFFFFFF0u),
            Errno::kNotcapable);
  // Dropping a right takes effect; regaining it is impossible.
  ASSERT_EQ(FdFdstatSetRights(*ctx_, m, fd, rights::kFdSeek, 0),
            Errno::kSuccess);
  std::string data;
  EXPECT_EQ(Read(fd, 4, &data), Errno::kNotcapable);
  EXPECT_EQ(FdFdstatSetRights(*ctx_, m, fd, rights::kFdSeek | rights::kFdRead,
                              0),
            Errno::kNotcapable);
  // Directories have no read/write rights.
  EXPECT_EQ(Write(kSandboxFd, "x"), Errno::kNotcapable);
  EXPECT_EQ(Read(kSandboxFd, 4, &data), Errno::kNotcapable);
}

TEST_P(FdFunctions, OpenRequestingMoreThanInheritableIsNotcapable) {
  GuestMemory m = mem();
  // Let the sandbox hand out only read rights.
  ASSERT_EQ(FdFdstatSetRights(*ctx_, m, kSandboxFd, rights::kDirectoryBase,
                              rights::kFdRead | rights::kPathOpen),
            Errno::kSuccess);
  uint32_t fd;
  EXPECT_EQ(Open("hello.txt", 0, rights::kFdRead | rights::kFdWrite, &fd),
            Errno::kNotcapable);
  std::string p = "hello.txt";
  uint32_t out = Alloc(4);
  ASSERT_EQ(PathOpen(*ctx_, m, kSandboxFd, 0, Str(p), p.size(), 0,
                     rights::kFdRead, 0, 0, out),
            Errno::kSuccess);
}

TEST_P(FdFunctions, FdstatReportsTypeFlagsAndRights) {
  uint32_t fd;
  ASSERT_EQ(Open("hello.txt", 0, kFileRights, &fd, kFdflagAppend),
            Errno::kSuccess);
  GuestMemory m = mem();
  uint32_t st = Alloc(24);
  ASSERT_EQ(FdFdstatGet(*ctx_, m, fd, st), Errno::kSuccess);
  EXPECT_EQ(memory_[st], static_cast<uint8_t>(Filetype::kRegularFile));
  EXPECT_EQ(U16(st + 2), kFdflagAppend);
  EXPECT_EQ(U64(st + 8), kFileRights & rights::kRegularFileBase);
  ASSERT_EQ(FdFdstatGet(*ctx_, m, kSandboxFd, st), Errno::kSuccess);
  EXPECT_EQ(memory_[st], static_cast<uint8_t>(Filetype::kDirectory));
  EXPECT_EQ(U64(st + 8), rights::kDirectoryBase);
  EXPECT_EQ(U64(st + 16), rights::kDirectoryInheriting);
  // Appending writes go to the end whatever the position.
  ASSERT_EQ(Write(fd, "!"), Errno::kSuccess);
  EXPECT_EQ(HostFile("/sandbox/hello.txt"), "hello world!");
  // Clearing APPEND.
  ASSERT_EQ(FdFdstatSetFlags(*ctx_, m, fd, 0), Errno::kSuccess);
  ASSERT_EQ(FdFdstatGet(*ctx_, m, fd, st), Errno::kSuccess);
  EXPECT_EQ(U16(st + 2), 0);
  EXPECT_EQ(FdFdstatSetFlags(*ctx_, m, fd, 0x100), Errno::kInval);
  ASSERT_EQ(FdFdstatSetFlags(*ctx_, m, fd, kFdflagNonblock), Errno::kSuccess);
  ASSERT_EQ(FdFdstatGet(*ctx_, m, fd, st), Errno::kSuccess);
  EXPECT_EQ(U16(st + 2), kFdflagNonblock);
}

TEST_P(FdFunctions, FilestatSizeTimesAllocate) {
  uint32_t fd;
  ASSERT_EQ(Open("hello.txt", 0, kFileRights, &fd), Errno::kSuccess);
  GuestMemory m = mem();
  uint32_t st = Alloc(64);
  ASSERT_EQ(FdFilestatGet(*ctx_, m, fd, st), Errno::kSuccess);
  EXPECT_EQ(memory_[st + 16], static_cast<uint8_t>(Filetype::kRegularFile));
  EXPECT_EQ(U64(st + 24), 1u);   // nlink
  EXPECT_EQ(U64(st + 32), 11u);  // size
  ASSERT_EQ(FdFilestatSetSize(*ctx_, m, fd, 5), Errno::kSuccess);
  EXPECT_EQ(HostFile("/sandbox/hello.txt"), "hello");
  ASSERT_EQ(FdAllocate(*ctx_, m, fd, 0, 20), Errno::kSuccess);
  ASSERT_EQ(FdFilestatGet(*ctx_, m, fd, st), Errno::kSuccess);
  EXPECT_EQ(U64(st + 32), 20u);
  const uint64_t t = 1'500'000'000'123'000'000ull;
  ASSERT_EQ(FdFilestatSetTimes(*ctx_, m, fd, t, t + 1000, kFstAtim | kFstMtim),
            Errno::kSuccess);
  ASSERT_EQ(FdFilestatGet(*ctx_, m, fd, st), Errno::kSuccess);
  EXPECT_EQ(U64(st + 40), t);
  EXPECT_EQ(U64(st + 48), t + 1000);
  EXPECT_EQ(FdFilestatSetTimes(*ctx_, m, fd, 0, 0, kFstAtim | kFstAtimNow),
            Errno::kInval);
  EXPECT_EQ(FdFilestatSetTimes(*ctx_, m, fd, 0, 0, 0x10), Errno::kInval);
  EXPECT_EQ(FdAdvise(*ctx_, m, fd, 0, 10, static_cast<u32>(Advice::kRandom)),
            Errno::kSuccess);
  EXPECT_EQ(FdAdvise(*ctx_, m, fd, 0, 10, 6), Errno::kInval);
  EXPECT_EQ(FdSync(*ctx_, m, fd), Errno::kSuccess);
  EXPECT_EQ(FdDatasync(*ctx_, m, fd), Errno::kSuccess);
}

TEST_P(FdFunctions, Prestat) {
  GuestMemory m = mem();
  uint32_t ps = Alloc(8);
  ASSERT_EQ(FdPrestatGet(*ctx_, m, kSandboxFd, ps), Errno::kSuccess);
  EXPECT_EQ(memory_[ps], kPreopentypeDir);
  EXPECT_EQ(U32(ps + 4), 8u);
  uint32_t name = Alloc(16);
  ASSERT_EQ(FdPrestatDirName(*ctx_, m, kSandboxFd, name, 8), Errno::kSuccess);
  EXPECT_EQ(Bytes(name, 8), "/sandbox");
  EXPECT_EQ(FdPrestatDirName(*ctx_, m, kSandboxFd, name, 7),
            Errno::kNametoolong);
  EXPECT_EQ(FdPrestatDirName(*ctx_, m, kSandboxFd,
                             static_cast<uint32_t>(memory_.size()) - 4, 8),
            Errno::kFault);
  ASSERT_EQ(FdPrestatGet(*ctx_, m, kReadOnlyFd, ps), Errno::kSuccess);
  EXPECT_EQ(U32(ps + 4), 3u);
  // Not a preopen / no such fd / the end of the list.
  EXPECT_EQ(FdPrestatGet(*ctx_, m, 0, ps), Errno::kBadf);
  EXPECT_EQ(FdPrestatGet(*ctx_, m, 5, ps), Errno::kBadf);
  uint32_t fd;
  ASSERT_EQ(Open("sub", kOflagDirectory, rights::kFdReaddir, &fd),
            Errno::kSuccess);
  EXPECT_EQ(FdPrestatGet(*ctx_, m, fd, ps), Errno::kBadf);
}

TEST_P(FdFunctions, RenumberMovesAndCloses) {
  uint32_t a, b;
  ASSERT_EQ(Open("hello.txt", 0, kFileRights, &a), Errno::kSuccess);
  ASSERT_EQ(Open("sub/a.txt", 0, kFileRights, &b), Errno::kSuccess);
  GuestMemory m = mem();
  ASSERT_EQ(FdRenumber(*ctx_, m, a, b), Errno::kSuccess);
  std::string data;
  ASSERT_EQ(Read(b, 5, &data), Errno::kSuccess);
  EXPECT_EQ(data, "hello");
  EXPECT_EQ(Read(a, 5, &data), Errno::kBadf);
  EXPECT_EQ(FdRenumber(*ctx_, m, b, b), Errno::kSuccess);
  if (mem_os_) EXPECT_EQ(mem_os_->open_handles(), 3u);  // 2 preopens + b
}

TEST_P(FdFunctions, ReaddirListsEverythingWithCookies) {
  GuestMemory m = mem();
  uint32_t buf = Alloc(4096), used = Alloc(4);
  ASSERT_EQ(FdReaddir(*ctx_, m, kSandboxFd, buf, 4096, 0, used),
            Errno::kSuccess);
  std::vector<std::string> names;
  std::vector<uint64_t> cookies;
  uint32_t off = 0, n = U32(used);
  ASSERT_LT(n, 4096u);
  while (off + 24 <= n) {
    uint32_t namlen = U32(buf + off + 16);
    cookies.push_back(U64(buf + off));
    names.push_back(Bytes(buf + off + 24, namlen));
    off += 24 + namlen;
  }
  EXPECT_EQ(off, n);
  std::vector<std::string> want = {".", "..", "dirlink_ok", "dirlink_up",
                                   "empty", "hello.txt", "link_abs",
                                   "link_ok", "link_up", "loop1", "loop2",
                                   "sub"};
  EXPECT_EQ(names, want);
  for (size_t i = 0; i < cookies.size(); ++i) EXPECT_EQ(cookies[i], i + 1);
  // The type byte: "hello.txt" is the sixth entry.
  uint32_t at = 0;
  for (int i = 0; i < 5; ++i) at += 24 + U32(buf + at + 16);
  EXPECT_EQ(memory_[buf + at + 20],
            static_cast<uint8_t>(Filetype::kRegularFile));
  // Resuming at a cookie continues where that entry left off.
  ASSERT_EQ(FdReaddir(*ctx_, m, kSandboxFd, buf, 4096, cookies[9], used),
            Errno::kSuccess);
  EXPECT_EQ(U32(buf + 16), 5u);
  EXPECT_EQ(Bytes(buf + 24, 5), "loop2");
  // Past the end: nothing, no error.
  ASSERT_EQ(FdReaddir(*ctx_, m, kSandboxFd, buf, 4096, 1000, used),
            Errno::kSuccess);
  EXPECT_EQ(U32(used), 0u);
}

TEST_P(FdFunctions, ReaddirPartialEntryFillsTheBuffer) {
  GuestMemory m = mem();
  uint32_t buf = Alloc(64), used = Alloc(4);
  // "." needs 25 bytes and ".." 26; a 40-byte buffer holds "." and part of
  // "..": the guest sees bufused == buf_len and retries from cookie 1.
  ASSERT_EQ(FdReaddir(*ctx_, m, kSandboxFd, buf, 40, 0, used),
            Errno::kSuccess);
  EXPECT_EQ(U32(used), 40u);
  EXPECT_EQ(U64(buf), 1u);
  EXPECT_EQ(Bytes(buf + 24, 1), ".");
  EXPECT_EQ(U64(buf + 25), 2u);  // the cut entry's header starts
  // Header-only truncation: 10 bytes.
  ASSERT_EQ(FdReaddir(*ctx_, m, kSandboxFd, buf, 10, 1, used),
            Errno::kSuccess);
  EXPECT_EQ(U32(used), 10u);
  EXPECT_EQ(U64(buf), 2u);
  ASSERT_EQ(FdReaddir(*ctx_, m, kSandboxFd, buf, 64, 1, used),
            Errno::kSuccess);
  EXPECT_EQ(U32(buf + 16), 2u);
  EXPECT_EQ(Bytes(buf + 24, 2), "..");
  // Errors: a file is not a directory; the buffer must be in bounds.
  uint32_t fd;
  ASSERT_EQ(Open("hello.txt", 0, kFileRights | rights::kFdReaddir, &fd),
            Errno::kSuccess);
  EXPECT_EQ(FdReaddir(*ctx_, m, fd, buf, 64, 0, used), Errno::kNotcapable);
  EXPECT_EQ(FdReaddir(*ctx_, m, kSandboxFd,
                      static_cast<uint32_t>(memory_.size()) - 8, 64, 0, used),
            Errno::kFault);
}

TEST_P(FdFunctions, ReaddirOfEmptyDirectory) {
  uint32_t fd;
  ASSERT_EQ(Open("empty", kOflagDirectory, rights::kFdReaddir, &fd),
            Errno::kSuccess);
  GuestMemory m = mem();
  uint32_t buf = Alloc(256), used = Alloc(4);
  ASSERT_EQ(FdReaddir(*ctx_, m, fd, buf, 256, 0, used), Errno::kSuccess);
  EXPECT_EQ(U32(used), 25u + 26u);
}

TEST_P(FdFunctions, StdioBuffers) {
  uint32_t n;
  ASSERT_EQ(Write(1, "out", &n), Errno::kSuccess);
  ASSERT_EQ(Write(1, "put"), Errno::kSuccess);
  EXPECT_EQ(stdout_->data, "output");
  std::string data;
  ASSERT_EQ(Read(0, 5, &data), Errno::kSuccess);
  EXPECT_EQ(data, "input");
  ASSERT_EQ(Read(0, 100, &data), Errno::kSuccess);
  EXPECT_EQ(data, " line\n");
  ASSERT_EQ(Read(0, 100, &data), Errno::kSuccess);
  EXPECT_EQ(data, "");  // EOF
  EXPECT_EQ(Write(0, "x"), Errno::kNotcapable);
  GuestMemory m = mem();
  uint32_t pos = Alloc(8);
  EXPECT_EQ(FdSeek(*ctx_, m, 1, 0, 0, pos), Errno::kNotcapable);
  // Output is capped.
  stdout_->max_size = 8;
  ASSERT_EQ(Write(1, "abcdef", &n), Errno::kSuccess);
  EXPECT_EQ(n, 2u);
  EXPECT_EQ(Write(1, "x"), Errno::kNospc);
}

INSTANTIATE_TEST_SUITE_P(Backends, FdFunctions,
                         ::testing::ValuesIn(AllBackends()), BackendName);

}  // namespace
}  // namespace weft::wasi::testing
