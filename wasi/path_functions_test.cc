// path_* functions on every backend: success paths and their main errors.
#include "wasi/wasi_test_fixture.h"

namespace weft::wasi::testing {
namespace {

using PathFunctions = WasiFixture;

TEST_P(PathFunctions, OpenFlags) {
  uint32_t fd;
  EXPECT_EQ(Open("missing.txt", 0, kFileRights, &fd), Errno::kNoent);
  EXPECT_EQ(Open("nodir/x.txt", kOflagCreat, kFileRights, &fd),
            Errno::kNoent);
  EXPECT_EQ(Open("hello.txt", kOflagCreat | kOflagExcl, kFileRights, &fd),
            Errno::kExist);
  EXPECT_EQ(Open("hello.txt", kOflagDirectory, rights::kFdReaddir, &fd),
            Errno::kNotdir);
  EXPECT_EQ(Open("hello.txt/x", 0, kFileRights, &fd), Errno::kNotdir);
  EXPECT_EQ(Open("sub", 0, rights::kFdWrite, &fd), Errno::kIsdir);
  EXPECT_EQ(Open("hello.txt", 0x10, kFileRights, &fd), Errno::kInval);
  EXPECT_EQ(Open("hello.txt", 0, kFileRights, &fd, 0x20), Errno::kInval);
  EXPECT_EQ(Open("hello.txt", 0, kFileRights, &fd, 0, kSandboxFd, 2),
            Errno::kInval);
  EXPECT_EQ(Open("", 0, kFileRights, &fd), Errno::kNoent);
  // TRUNC empties, CREAT makes.
  ASSERT_EQ(Open("hello.txt", kOflagTrunc, kFileRights, &fd), Errno::kSuccess);
  EXPECT_EQ(HostFile("/sandbox/hello.txt"), "");
  ASSERT_EQ(Open("made.txt", kOflagCreat, kFileRights, &fd), Errno::kSuccess);
  ASSERT_EQ(Write(fd, "m"), Errno::kSuccess);
  EXPECT_EQ(HostFile("/sandbox/made.txt"), "m");
  // Opening through a non-directory fd: it lacks PATH_OPEN, and rights are
  // checked first.
  EXPECT_EQ(Open("x", 0, kFileRights, &fd, 0, fd), Errno::kNotcapable);
  EXPECT_EQ(Open("x", 0, kFileRights, &fd, 0, 1), Errno::kNotcapable);
  EXPECT_EQ(Open("x", 0, kFileRights, &fd, 0, 42), Errno::kBadf);
  // A directory opened as such can be used as a base for further opens.
  uint32_t dir;
  ASSERT_EQ(Open("sub", kOflagDirectory,
                 rights::kPathOpen | rights::kFdReaddir | rights::kFdRead,
                 &dir),
            Errno::kSuccess);
  std::string data;
  uint32_t a;
  ASSERT_EQ(Open("a.txt", 0, rights::kFdRead, &a, 0, dir), Errno::kSuccess);
  ASSERT_EQ(Read(a, 10, &data), Errno::kSuccess);
  EXPECT_EQ(data, "A");
  // ...and is confined to itself, not to the preopen above it.
  EXPECT_EQ(Open("../hello.txt", 0, rights::kFdRead, &a, 0, dir),
            Errno::kNotcapable);
  // A bad path pointer.
  GuestMemory m = mem();
  uint32_t out = Alloc(4);
  EXPECT_EQ(PathOpen(*ctx_, m, kSandboxFd, 0,
                     static_cast<uint32_t>(memory_.size()) - 2, 5, 0,
                     kFileRights, 0, 0, out),
            Errno::kFault);
  EXPECT_EQ(PathOpen(*ctx_, m, kSandboxFd, 0, Str("hello.txt"), 9, 0,
                     kFileRights, 0, 0, static_cast<uint32_t>(memory_.size())),
            Errno::kFault);
  EXPECT_EQ(PathOpen(*ctx_, m, kSandboxFd, 0, 0, kMaxPathLen + 1, 0,
                     kFileRights, 0, 0, out),
            Errno::kNametoolong);
}

TEST_P(PathFunctions, CreateAndRemoveDirectory) {
  EXPECT_EQ(PathCall(PathCreateDirectory, "newdir"), Errno::kSuccess);
  EXPECT_EQ(PathCall(PathCreateDirectory, "newdir"), Errno::kExist);
  EXPECT_EQ(PathCall(PathCreateDirectory, "hello.txt"), Errno::kExist);
  EXPECT_EQ(PathCall(PathCreateDirectory, "nope/x"), Errno::kNoent);
  EXPECT_EQ(PathCall(PathCreateDirectory, "hello.txt/x"), Errno::kNotdir);
  FileStat st;
  ASSERT_EQ(Stat("newdir", false, &st), Errno::kSuccess);
  EXPECT_EQ(st.type, Filetype::kDirectory);
  EXPECT_EQ(PathCall(PathRemoveDirectory, "sub"), Errno::kNotempty);
  EXPECT_EQ(PathCall(PathRemoveDirectory, "hello.txt"), Errno::kNotdir);
  EXPECT_EQ(PathCall(PathRemoveDirectory, "missing"), Errno::kNoent);
  EXPECT_EQ(PathCall(PathRemoveDirectory, "newdir"), Errno::kSuccess);
  EXPECT_EQ(Stat("newdir", false, &st), Errno::kNoent);
}

TEST_P(PathFunctions, UnlinkFile) {
  EXPECT_EQ(PathCall(PathUnlinkFile, "sub"), Errno::kIsdir);
  EXPECT_EQ(PathCall(PathUnlinkFile, "missing"), Errno::kNoent);
  EXPECT_EQ(PathCall(PathUnlinkFile, "hello.txt/"), Errno::kNotdir);
  // Unlinking a symlink removes the link, not its target.
  EXPECT_EQ(PathCall(PathUnlinkFile, "link_ok"), Errno::kSuccess);
  EXPECT_EQ(HostFile("/sandbox/sub/a.txt"), "A");
  EXPECT_EQ(PathCall(PathUnlinkFile, "hello.txt"), Errno::kSuccess);
  EXPECT_EQ(HostFile("/sandbox/hello.txt"), "<missing>");
}

TEST_P(PathFunctions, Rename) {
  GuestMemory m = mem();
  auto rename = [&](const std::string& a, const std::string& b) {
    return PathRename(*ctx_, m, kSandboxFd, Str(a), a.size(), kSandboxFd,
                      Str(b), b.size());
  };
  EXPECT_EQ(rename("hello.txt", "sub/moved.txt"), Errno::kSuccess);
  EXPECT_EQ(HostFile("/sandbox/sub/moved.txt"), "hello world");
  EXPECT_EQ(HostFile("/sandbox/hello.txt"), "<missing>");
  EXPECT_EQ(rename("hello.txt", "x"), Errno::kNoent);
  EXPECT_EQ(rename("sub", "empty/inner"), Errno::kSuccess);
  EXPECT_EQ(HostFile("/sandbox/empty/inner/a.txt"), "A");
  MakeDir("/sandbox/full");
  MakeFile("/sandbox/full/f", "f");
  MakeDir("/sandbox/d2");
  EXPECT_EQ(rename("d2", "full"), Errno::kNotempty);
  EXPECT_EQ(rename("d2", "full/f"), Errno::kNotdir);
  EXPECT_EQ(rename("full/f", "d2"), Errno::kIsdir);
  EXPECT_EQ(rename("full", "full/below"), Errno::kInval);
  // Renaming across two directory fds.
  uint32_t dir;
  ASSERT_EQ(Open("full", kOflagDirectory,
                 rights::kPathRenameTarget | rights::kPathOpen, &dir),
            Errno::kSuccess);
  std::string a = "empty/inner/a.txt", b = "a2.txt";
  ASSERT_EQ(PathRename(*ctx_, m, kSandboxFd, Str(a), a.size(), dir, Str(b),
                       b.size()),
            Errno::kSuccess);
  EXPECT_EQ(HostFile("/sandbox/full/a2.txt"), "A");
  // The target directory fd needs PATH_RENAME_TARGET.
  ASSERT_EQ(FdFdstatSetRights(*ctx_, m, dir, rights::kPathOpen, 0),
            Errno::kSuccess);
  EXPECT_EQ(PathRename(*ctx_, m, kSandboxFd, Str(a), a.size(), dir, Str(b),
                       b.size()),
            Errno::kNotcapable);
}

TEST_P(PathFunctions, LinkSymlinkReadlink) {
  GuestMemory m = mem();
  std::string a = "hello.txt", b = "hard.txt";
  ASSERT_EQ(PathLink(*ctx_, m, kSandboxFd, 0, Str(a), a.size(), kSandboxFd,
                     Str(b), b.size()),
            Errno::kSuccess);
  FileStat st;
  ASSERT_EQ(Stat("hard.txt", false, &st), Errno::kSuccess);
  EXPECT_EQ(st.nlink, 2u);
  EXPECT_EQ(PathLink(*ctx_, m, kSandboxFd, 0, Str(a), a.size(), kSandboxFd,
                     Str(b), b.size()),
            Errno::kExist);
  std::string missing = "missing";
  EXPECT_EQ(PathLink(*ctx_, m, kSandboxFd, 0, Str(missing), missing.size(),
                     kSandboxFd, Str("n"), 1),
            Errno::kNoent);
  // Symlink, then readlink (full and truncated).
  std::string target = "sub/a.txt", link = "mylink";
  ASSERT_EQ(PathSymlink(*ctx_, m, Str(target), target.size(), kSandboxFd,
                        Str(link), link.size()),
            Errno::kSuccess);
  EXPECT_EQ(PathSymlink(*ctx_, m, Str(target), target.size(), kSandboxFd,
                        Str(link), link.size()),
            Errno::kExist);
  uint32_t buf = Alloc(64), used = Alloc(4);
  ASSERT_EQ(PathReadlink(*ctx_, m, kSandboxFd, Str(link), link.size(), buf, 64,
                         used),
            Errno::kSuccess);
  EXPECT_EQ(Bytes(buf, U32(used)), "sub/a.txt");
  ASSERT_EQ(PathReadlink(*ctx_, m, kSandboxFd, Str(link), link.size(), buf, 3,
                         used),
            Errno::kSuccess);
  EXPECT_EQ(U32(used), 3u);
  EXPECT_EQ(PathReadlink(*ctx_, m, kSandboxFd, Str(a), a.size(), buf, 64,
                         used),
            Errno::kInval);
  EXPECT_EQ(PathReadlink(*ctx_, m, kSandboxFd, Str(missing), missing.size(),
                         buf, 64, used),
            Errno::kNoent);
  EXPECT_EQ(PathReadlink(*ctx_, m, kSandboxFd, Str(link), link.size(),
                         static_cast<uint32_t>(memory_.size()) - 2, 64, used),
            Errno::kFault);
  std::string data;
  ASSERT_EQ(ReadFile("mylink", &data), Errno::kSuccess);
  EXPECT_EQ(data, "A");
}

TEST_P(PathFunctions, FilestatGetAndSetTimes) {
  FileStat st;
  ASSERT_EQ(Stat("hello.txt", false, &st), Errno::kSuccess);
  EXPECT_EQ(st.type, Filetype::kRegularFile);
  EXPECT_EQ(st.size, 11u);
  ASSERT_EQ(Stat("link_ok", false, &st), Errno::kSuccess);
  EXPECT_EQ(st.type, Filetype::kSymbolicLink);
  ASSERT_EQ(Stat("link_ok", true, &st), Errno::kSuccess);
  EXPECT_EQ(st.type, Filetype::kRegularFile);
  EXPECT_EQ(st.size, 1u);
  ASSERT_EQ(Stat(".", false, &st), Errno::kSuccess);
  EXPECT_EQ(st.type, Filetype::kDirectory);
  EXPECT_EQ(Stat("missing", false, &st), Errno::kNoent);
  EXPECT_EQ(Stat("hello.txt/x", false, &st), Errno::kNotdir);
  GuestMemory m = mem();
  std::string p = "hello.txt";
  const uint64_t t = 1'234'567'890'000'000'000ull;
  ASSERT_EQ(PathFilestatSetTimes(*ctx_, m, kSandboxFd, 0, Str(p), p.size(), 0,
                                 t, kFstMtim),
            Errno::kSuccess);
  ASSERT_EQ(Stat("hello.txt", false, &st), Errno::kSuccess);
  EXPECT_EQ(st.mtim, t);
  EXPECT_EQ(PathFilestatSetTimes(*ctx_, m, kSandboxFd, 0, Str(p), p.size(), 0,
                                 t, kFstMtim | kFstMtimNow),
            Errno::kInval);
  EXPECT_EQ(PathFilestatGet(*ctx_, m, kSandboxFd, 0, Str(p), p.size(),
                            static_cast<uint32_t>(memory_.size()) - 60),
            Errno::kFault);
  EXPECT_EQ(PathFilestatGet(*ctx_, m, kSandboxFd, 4, Str(p), p.size(),
                            Alloc(64)),
            Errno::kInval);
}

TEST_P(PathFunctions, PathRightsAreChecked) {
  GuestMemory m = mem();
  ASSERT_EQ(FdFdstatSetRights(*ctx_, m, kSandboxFd, rights::kPathOpen,
                              rights::kDirectoryInheriting),
            Errno::kSuccess);
  EXPECT_EQ(PathCall(PathCreateDirectory, "d"), Errno::kNotcapable);
  EXPECT_EQ(PathCall(PathUnlinkFile, "hello.txt"), Errno::kNotcapable);
  EXPECT_EQ(PathCall(PathRemoveDirectory, "empty"), Errno::kNotcapable);
  FileStat st;
  EXPECT_EQ(Stat("hello.txt", false, &st), Errno::kNotcapable);
  uint32_t fd;
  EXPECT_EQ(Open("n.txt", kOflagCreat, kFileRights, &fd), Errno::kNotcapable);
  EXPECT_EQ(Open("hello.txt", kOflagTrunc, kFileRights, &fd),
            Errno::kNotcapable);
  EXPECT_EQ(Open("hello.txt", 0, kFileRights, &fd), Errno::kSuccess);
}

INSTANTIATE_TEST_SUITE_P(Backends, PathFunctions,
                         ::testing::ValuesIn(AllBackends()), BackendName);

}  // namespace
}  // namespace weft::wasi::testing
