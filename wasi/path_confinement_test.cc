// Path confinement: nothing outside a preopen is reachable, through "..",
// absolute paths or symlinks, on every backend.
#include "wasi/wasi_test_fixture.h"

namespace weft::wasi::testing {
namespace {

using Confinement = WasiFixture;

TEST_P(Confinement, DotDotAboveRootIsRefused) {
  EXPECT_EQ(OpenErr("../outside.txt"), Errno::kNotcapable);
  EXPECT_EQ(OpenErr(".."), Errno::kNotcapable);
  EXPECT_EQ(OpenErr("sub/../../outside.txt"), Errno::kNotcapable);
  EXPECT_EQ(OpenErr("sub/../sub/../../sandbox/hello.txt"), Errno::kNotcapable);
}

TEST_P(Confinement, DotDotInsideRootIsFine) {
  std::string data;
  ASSERT_EQ(ReadFile("sub/../hello.txt", &data), Errno::kSuccess);
  EXPECT_EQ(data, "hello world");
  ASSERT_EQ(ReadFile("./sub/./a.txt", &data), Errno::kSuccess);
  EXPECT_EQ(data, "A");
}

TEST_P(Confinement, AbsolutePathsAreRefused) {
  EXPECT_EQ(OpenErr("/etc/passwd"), Errno::kNotcapable);
  EXPECT_EQ(OpenErr("/sandbox/hello.txt"), Errno::kNotcapable);
  EXPECT_EQ(OpenErr(host_root_ + "/outside.txt"), Errno::kNotcapable);
}

TEST_P(Confinement, AbsoluteSymlinkIsRefusedWhenFollowed) {
  EXPECT_EQ(OpenErr("link_abs"), Errno::kNotcapable);
  FileStat st;
  EXPECT_EQ(Stat("link_abs", true, &st), Errno::kNotcapable);
  // Not following it only looks at the link itself.
  ASSERT_EQ(Stat("link_abs", false, &st), Errno::kSuccess);
  EXPECT_EQ(st.type, Filetype::kSymbolicLink);
}

TEST_P(Confinement, RelativeSymlinkClimbingOutIsRefused) {
  EXPECT_EQ(OpenErr("link_up"), Errno::kNotcapable);
  FileStat st;
  EXPECT_EQ(Stat("link_up", true, &st), Errno::kNotcapable);
  // A symlink to ".." used as a directory component.
  EXPECT_EQ(OpenErr("dirlink_up/outside.txt"), Errno::kNotcapable);
  EXPECT_EQ(OpenErr("dirlink_up/sandbox/hello.txt"), Errno::kNotcapable);
  EXPECT_EQ(PathCall(PathCreateDirectory, "dirlink_up/newdir"),
            Errno::kNotcapable);
  EXPECT_EQ(HostFile("/outside.txt"), "secret");
}

TEST_P(Confinement, SymlinksInsideRootAreFollowed) {
  std::string data;
  ASSERT_EQ(ReadFile("link_ok", &data), Errno::kSuccess);
  EXPECT_EQ(data, "A");
  ASSERT_EQ(ReadFile("sub/link_parent", &data), Errno::kSuccess);
  EXPECT_EQ(data, "hello world");
  ASSERT_EQ(ReadFile("dirlink_ok/a.txt", &data), Errno::kSuccess);
  EXPECT_EQ(data, "A");
}

TEST_P(Confinement, FinalSymlinkWithoutFollowIsLoop) {
  EXPECT_EQ(OpenErr("link_ok", /*lookup=*/0), Errno::kLoop);
}

TEST_P(Confinement, SymlinkCycleIsLoop) {
  EXPECT_EQ(OpenErr("loop1"), Errno::kLoop);
}

TEST_P(Confinement, EveryPathFunctionIsConfined) {
  GuestMemory m = mem();
  EXPECT_EQ(PathCall(PathCreateDirectory, "../escape"), Errno::kNotcapable);
  EXPECT_EQ(PathCall(PathRemoveDirectory, "../sandbox"), Errno::kNotcapable);
  EXPECT_EQ(PathCall(PathUnlinkFile, "../outside.txt"), Errno::kNotcapable);
  EXPECT_EQ(PathCall(PathUnlinkFile, "/outside.txt"), Errno::kNotcapable);
  std::string a = "hello.txt", b = "../stolen.txt";
  EXPECT_EQ(PathRename(*ctx_, m, kSandboxFd, Str(a), a.size(), kSandboxFd,
                       Str(b), b.size()),
            Errno::kNotcapable);
  EXPECT_EQ(PathLink(*ctx_, m, kSandboxFd, 0, Str(b), b.size(), kSandboxFd,
                     Str("x"), 1),
            Errno::kNotcapable);
  // Following a link to an outside file must not hard-link it in.
  std::string l = "link_up";
  EXPECT_EQ(PathLink(*ctx_, m, kSandboxFd, 1, Str(l), l.size(), kSandboxFd,
                     Str("x"), 1),
            Errno::kNotcapable);
  std::string t = "/etc/passwd";
  EXPECT_EQ(PathSymlink(*ctx_, m, Str(t), t.size(), kSandboxFd, Str("abs"), 3),
            Errno::kNotcapable);
  uint32_t out = Alloc(64), used = Alloc(4);
  EXPECT_EQ(PathReadlink(*ctx_, m, kSandboxFd, Str(b), b.size(), out, 64, used),
            Errno::kNotcapable);
  EXPECT_EQ(PathFilestatSetTimes(*ctx_, m, kSandboxFd, 1, Str(l), l.size(), 0,
                                 0, kFstMtimNow),
            Errno::kNotcapable);
  EXPECT_EQ(HostFile("/outside.txt"), "secret");
  EXPECT_EQ(HostFile("/stolen.txt"), "<missing>");
}

TEST_P(Confinement, CreatingThroughEscapingSymlinkIsRefused) {
  // A dangling symlink pointing out of the sandbox must not let O_CREAT
  // create the file outside.
  MakeSymlink("/sandbox/dangling_out", "../created_outside.txt");
  uint32_t fd;
  EXPECT_EQ(Open("dangling_out", kOflagCreat, kFileRights, &fd),
            Errno::kNotcapable);
  EXPECT_EQ(HostFile("/created_outside.txt"), "<missing>");
  // A dangling one inside creates its target.
  MakeSymlink("/sandbox/dangling_in", "sub/made.txt");
  ASSERT_EQ(Open("dangling_in", kOflagCreat, kFileRights, &fd),
            Errno::kSuccess);
  EXPECT_EQ(Write(fd, "ok"), Errno::kSuccess);
  EXPECT_EQ(HostFile("/sandbox/sub/made.txt"), "ok");
}

TEST_P(Confinement, ReadOnlyPreopenRefusesWrites) {
  uint32_t fd;
  // Asking for write rights under a read-only preopen.
  EXPECT_EQ(Open("r.txt", 0, rights::kFdRead | rights::kFdWrite, &fd, 0,
                 kReadOnlyFd),
            Errno::kRofs);
  EXPECT_EQ(Open("new.txt", kOflagCreat, rights::kFdRead, &fd, 0, kReadOnlyFd),
            Errno::kRofs);
  EXPECT_EQ(Open("r.txt", kOflagTrunc, rights::kFdRead, &fd, 0, kReadOnlyFd),
            Errno::kRofs);
  // Synchronous writes imply the sync rights, which a read-only tree lacks.
  EXPECT_EQ(Open("r.txt", 0, rights::kFdRead, &fd, kFdflagDsync, kReadOnlyFd),
            Errno::kRofs);
  EXPECT_EQ(PathCall(PathCreateDirectory, "d", kReadOnlyFd), Errno::kRofs);
  EXPECT_EQ(PathCall(PathUnlinkFile, "r.txt", kReadOnlyFd), Errno::kRofs);
  EXPECT_EQ(PathCall(PathRemoveDirectory, "x", kReadOnlyFd), Errno::kRofs);
  // Reading works, and the read-only file refuses fd_write.
  ASSERT_EQ(Open("r.txt", 0, rights::kFdRead, &fd, 0, kReadOnlyFd),
            Errno::kSuccess);
  std::string data;
  ASSERT_EQ(Read(fd, 100, &data), Errno::kSuccess);
  EXPECT_EQ(data, "read me");
  EXPECT_EQ(Write(fd, "x"), Errno::kRofs);
  EXPECT_EQ(HostFile("/ro/r.txt"), "read me");
  // The rights a guest sees carry no writing rights at all.
  GuestMemory m = mem();
  uint32_t st = Alloc(24);
  ASSERT_EQ(FdFdstatGet(*ctx_, m, kReadOnlyFd, st), Errno::kSuccess);
  EXPECT_EQ(U64(st + 8) & rights::kWriting, 0u);
  EXPECT_EQ(U64(st + 16) & rights::kWriting, 0u);
}

TEST_P(Confinement, ReadOnlyFileCannotBeHardLinkedIntoWritableTree) {
  // path_link(ro "r.txt" -> rw "x"), then writing through "x", would change
  // the read-only file's bytes: the link itself is refused.
  GuestMemory m = mem();
  std::string src = "r.txt", dst = "x";
  EXPECT_EQ(PathLink(*ctx_, m, kReadOnlyFd, 0, Str(src), src.size(),
                     kSandboxFd, Str(dst), dst.size()),
            Errno::kRofs);
  EXPECT_EQ(PathLink(*ctx_, m, kReadOnlyFd, kLookupSymlinkFollow, Str(src),
                     src.size(), kSandboxFd, Str(dst), dst.size()),
            Errno::kRofs);
  uint32_t fd;
  EXPECT_EQ(Open("x", 0, kFileRights, &fd), Errno::kNoent);
  EXPECT_EQ(HostFile("/ro/r.txt"), "read me");
  // Nor can a directory opened below the read-only preopen lend its files:
  // it inherits no link-source right.
  uint32_t sub;
  if (Open(".", kOflagDirectory, rights::kPathLinkSource, &sub, 0,
           kReadOnlyFd) == Errno::kSuccess) {
    ADD_FAILURE() << "a directory under /ro was opened with kPathLinkSource";
  }
  // Within a writable tree hard links still work.
  std::string a = "hello.txt", b = "hard";
  EXPECT_EQ(PathLink(*ctx_, m, kSandboxFd, 0, Str(a), a.size(), kSandboxFd,
                     Str(b), b.size()),
            Errno::kSuccess);
}

TEST_P(Confinement, GuestSymlinksMayOnlyPointDownward) {
  GuestMemory m = mem();
  auto symlink = [&](const std::string& target, const std::string& at) {
    return PathSymlink(*ctx_, m, Str(target), target.size(), kSandboxFd,
                       Str(at), at.size());
  };
  // Escaping now ("../../outside") or after a rename ("sub/g -> ../x" moved
  // up a level): any ".." component is refused, as are absolute targets.
  EXPECT_EQ(symlink("../../outside.txt", "g1"), Errno::kNotcapable);
  EXPECT_EQ(symlink("../outside.txt", "g2"), Errno::kNotcapable);
  EXPECT_EQ(symlink("../hello.txt", "sub/g3"), Errno::kNotcapable);
  EXPECT_EQ(symlink("sub/../../outside.txt", "g4"), Errno::kNotcapable);
  EXPECT_EQ(symlink("dirlink_ok/..", "g5"), Errno::kNotcapable);
  EXPECT_EQ(symlink("..", "g6"), Errno::kNotcapable);
  EXPECT_EQ(symlink("a/..", "g7"), Errno::kNotcapable);
  EXPECT_EQ(symlink("/etc/passwd", "g8"), Errno::kNotcapable);
  EXPECT_EQ(symlink("", "g9"), Errno::kNoent);
  for (const char* name : {"g1", "g2", "sub/g3", "g4", "g5", "g6", "g7",
                           "g8", "g9"}) {
    FileStat st;
    EXPECT_EQ(Stat(name, false, &st), Errno::kNoent) << name;
  }
  // Downward targets, dangling or not, and names that only contain dots.
  EXPECT_EQ(symlink("sub/a.txt", "d1"), Errno::kSuccess);
  EXPECT_EQ(symlink("./sub//a.txt", "d2"), Errno::kSuccess);
  EXPECT_EQ(symlink("not/yet/there", "d3"), Errno::kSuccess);
  EXPECT_EQ(symlink("..hidden", "d4"), Errno::kSuccess);
  EXPECT_EQ(symlink("sub/...", "d5"), Errno::kSuccess);
  std::string data;
  ASSERT_EQ(ReadFile("d2", &data), Errno::kSuccess);
  EXPECT_EQ(data, "A");
}

TEST_P(Confinement, DirectoriesAreNeverOpenedForWriting) {
  uint32_t fd;
  // With O_DIRECTORY and write rights, and without O_DIRECTORY.
  EXPECT_EQ(Open("sub", kOflagDirectory, rights::kFdRead | rights::kFdWrite, &fd),
            Errno::kIsdir);
  EXPECT_EQ(Open("sub", kOflagDirectory, rights::kFdWrite, &fd), Errno::kIsdir);
  EXPECT_EQ(Open("sub", 0, rights::kFdWrite, &fd), Errno::kIsdir);
  // Reading rights (or none) still open it, e.g. to list it.
  EXPECT_EQ(Open("sub", kOflagDirectory, rights::kFdReaddir, &fd), Errno::kSuccess);
}

INSTANTIATE_TEST_SUITE_P(Backends, Confinement,
                         ::testing::ValuesIn(AllBackends()), BackendName);

// The resolver itself, on a real directory: no backend indirection.
TEST(PosixPath, Openat2ProbeMatchesKernel) {
  // Either answer is valid; the walker must be usable regardless.
  bool has = ProbeOpenat2();
  PosixOs os(PosixOs::Resolver::kAuto);
  EXPECT_EQ(os.uses_openat2(), has);
}

TEST(PosixPath, ResolveReturnsParentAndName) {
  for (bool kernel : {false, true}) {
    if (kernel && !ProbeOpenat2()) continue;
    char templ[] = "/tmp/wasi_resolveXXXXXX";
    ASSERT_NE(mkdtemp(templ), nullptr);
    std::string root = templ;
    ASSERT_EQ(mkdir((root + "/d").c_str(), 0777), 0);
    int rootfd = open(root.c_str(), O_RDONLY | O_DIRECTORY);
    ResolvedPath r;
    ASSERT_EQ(ResolveBeneath(rootfd, "d/new", false, kernel, &r),
              Errno::kSuccess);
    EXPECT_EQ(r.name, "new");
    ASSERT_EQ(ResolveBeneath(rootfd, "d/", false, kernel, &r),
              Errno::kSuccess);
    EXPECT_EQ(r.name, "d/");
    ASSERT_EQ(ResolveBeneath(rootfd, "d/..", false, kernel, &r),
              Errno::kSuccess);
    EXPECT_EQ(r.name, ".");
    EXPECT_EQ(ResolveBeneath(rootfd, "", false, kernel, &r), Errno::kNoent);
    EXPECT_EQ(ResolveBeneath(rootfd, "d/../..", false, kernel, &r),
              Errno::kNotcapable);
    EXPECT_EQ(ResolveBeneath(rootfd, "missing/x", false, kernel, &r),
              Errno::kNoent);
    close(rootfd);
    std::filesystem::remove_all(root);
  }
}

}  // namespace
}  // namespace weft::wasi::testing
