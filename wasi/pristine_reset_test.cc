// WasiContext::SavePristine / ResetToPristine: whatever a call does to the
// fd table (renumbering, closing, seeking, flags, dropped rights, readdir
// snapshots, proc_exit), the next call starts from the recorded state.
#include "wasi/wasi_test_fixture.h"

namespace weft::wasi::testing {
namespace {

using PristineReset = WasiFixture;

constexpr uint32_t kDirentHeader = 24;

// Names in a fd_readdir buffer of `used` bytes.
std::vector<std::string> DirentNames(const std::string& buf) {
  std::vector<std::string> names;
  size_t at = 0;
  while (at + kDirentHeader <= buf.size()) {
    uint32_t len;
    std::memcpy(&len, buf.data() + at + 16, 4);
    if (at + kDirentHeader + len > buf.size()) break;
    names.push_back(buf.substr(at + kDirentHeader, len));
    at += kDirentHeader + len;
  }
  return names;
}

class PristineResetTest : public PristineReset {
 protected:
  void Reset() {
    absl::Status s = ctx_->ResetToPristine();
    ASSERT_TRUE(s.ok()) << s;
  }
  Errno Readdir(uint32_t fd, uint64_t cookie, std::vector<std::string>* names) {
    GuestMemory m = mem();
    uint32_t buf = Alloc(8192), used = Alloc(4);
    Errno e = FdReaddir(*ctx_, m, fd, buf, 8192, cookie, used);
    if (e == Errno::kSuccess) *names = DirentNames(Bytes(buf, U32(used)));
    return e;
  }
  std::string PrestatName(uint32_t fd) {
    GuestMemory m = mem();
    uint32_t buf = Alloc(64);
    if (FdPrestatDirName(*ctx_, m, fd, buf, 8) != Errno::kSuccess) return "";
    return Bytes(buf, 8);
  }
};

TEST_P(PristineResetTest, FileRenumberedOntoAPreopenIsGoneAfterReset) {
  ctx_->SavePristine();
  GuestMemory m = mem();
  uint32_t fd;
  ASSERT_EQ(Open("hello.txt", 0, kFileRights, &fd), Errno::kSuccess);
  uint32_t off = Alloc(8);
  ASSERT_EQ(FdSeek(*ctx_, m, fd, 123456789, 0, off), Errno::kSuccess);
  ASSERT_EQ(FdRenumber(*ctx_, m, fd, kSandboxFd), Errno::kSuccess);
  Reset();
  // fd 3 is the preopen again, not the guest's seeked file.
  EXPECT_EQ(PrestatName(kSandboxFd), "/sandbox");
  EXPECT_EQ(FdTell(*ctx_, m, kSandboxFd, off), Errno::kNotcapable);
  std::string data;
  ASSERT_EQ(ReadFile("hello.txt", &data), Errno::kSuccess);
  EXPECT_EQ(data, "hello world");
  EXPECT_EQ(FdClose(*ctx_, m, fd), Errno::kBadf);
  // A second round behaves the same: the record was not consumed.
  ASSERT_EQ(Open("hello.txt", 0, kFileRights, &fd), Errno::kSuccess);
  ASSERT_EQ(FdRenumber(*ctx_, m, fd, kSandboxFd), Errno::kSuccess);
  Reset();
  EXPECT_EQ(PrestatName(kSandboxFd), "/sandbox");
}

TEST_P(PristineResetTest, FileRenumberedOntoStdoutDoesNotCatchTheNextCall) {
  ctx_->SavePristine();
  GuestMemory m = mem();
  uint32_t fd;
  ASSERT_EQ(Open("trap.txt", kOflagCreat, kFileRights, &fd), Errno::kSuccess);
  ASSERT_EQ(FdRenumber(*ctx_, m, fd, 1), Errno::kSuccess);
  ASSERT_EQ(Write(1, "first call"), Errno::kSuccess);
  Reset();
  ASSERT_EQ(Write(1, "next call"), Errno::kSuccess);
  EXPECT_EQ(stdout_->data, "next call");
  EXPECT_EQ(HostFile("/sandbox/trap.txt"), "first call");
}

TEST_P(PristineResetTest, ClosedPreopensAndDroppedRightsComeBack) {
  ctx_->SavePristine();
  GuestMemory m = mem();
  ASSERT_EQ(FdClose(*ctx_, m, kSandboxFd), Errno::kSuccess);
  ASSERT_EQ(FdFdstatSetRights(*ctx_, m, kReadOnlyFd, 0, 0), Errno::kSuccess);
  ASSERT_EQ(FdClose(*ctx_, m, 0), Errno::kSuccess);  // stdin
  Reset();
  std::string data;
  ASSERT_EQ(ReadFile("hello.txt", &data), Errno::kSuccess);
  uint32_t fd;
  EXPECT_EQ(Open("r.txt", 0, rights::kFdRead, &fd, 0, kReadOnlyFd),
            Errno::kSuccess);
  ASSERT_EQ(Read(0, 100, &data), Errno::kSuccess);
  EXPECT_EQ(data, "input line\n");
}

TEST_P(PristineResetTest, RecordedFileGetsItsOffsetAndFlagsBack) {
  // An fd opened before the record (a plugin's init keeping a file open)
  // is part of the pristine state, offset and flags included.
  uint32_t fd;
  ASSERT_EQ(Open("hello.txt", 0, kFileRights, &fd), Errno::kSuccess);
  ctx_->SavePristine();
  std::string data;
  ASSERT_EQ(Read(fd, 5, &data), Errno::kSuccess);
  EXPECT_EQ(data, "hello");
  GuestMemory m = mem();
  ASSERT_EQ(FdFdstatSetFlags(*ctx_, m, fd, kFdflagAppend), Errno::kSuccess);
  Reset();
  ASSERT_EQ(Read(fd, 5, &data), Errno::kSuccess);
  EXPECT_EQ(data, "hello");
  uint32_t st = Alloc(24);
  ASSERT_EQ(FdFdstatGet(*ctx_, m, fd, st), Errno::kSuccess);
  EXPECT_EQ(U16(st + 2), 0u);  // fs_flags: APPEND gone
  // Closing it is undone too; its handle stayed open for the reset.
  ASSERT_EQ(FdClose(*ctx_, m, fd), Errno::kSuccess);
  Reset();
  ASSERT_EQ(Read(fd, 5, &data), Errno::kSuccess);
  EXPECT_EQ(data, "hello");
}

TEST_P(PristineResetTest, ReaddirSnapshotDoesNotOutliveTheCall) {
  ctx_->SavePristine();
  std::vector<std::string> names;
  ASSERT_EQ(Readdir(kSandboxFd, 0, &names), Errno::kSuccess);
  const uint64_t end = names.size();
  ASSERT_GT(end, 0u);
  MakeFile("/sandbox/added_between_calls.txt", "x");
  Reset();
  // Continuing at the old end reads a fresh listing, which has one more.
  ASSERT_EQ(Readdir(kSandboxFd, end, &names), Errno::kSuccess);
  EXPECT_EQ(names.size(), 1u);
}

TEST_P(PristineResetTest, GuestFdsCloseAndExitIsForgotten) {
  ctx_->SavePristine();
  GuestMemory m = mem();
  uint32_t a, b;
  ASSERT_EQ(Open("hello.txt", 0, kFileRights, &a), Errno::kSuccess);
  ASSERT_EQ(Open("sub/a.txt", 0, kFileRights, &b), Errno::kSuccess);
  EXPECT_EQ(ProcExit(*ctx_, m, 7), Errno::kSuccess);
  EXPECT_EQ(ctx_->exit_code(), 7u);
  Reset();
  EXPECT_FALSE(ctx_->exit_code().has_value());
  EXPECT_EQ(FdClose(*ctx_, m, b), Errno::kBadf);
  uint32_t again;
  ASSERT_EQ(Open("hello.txt", 0, kFileRights, &again), Errno::kSuccess);
  EXPECT_EQ(again, a);  // numbering starts where the record left it
}

INSTANTIATE_TEST_SUITE_P(Backends, PristineResetTest,
                         ::testing::ValuesIn(AllBackends()), BackendName);

}  // namespace
}  // namespace weft::wasi::testing
