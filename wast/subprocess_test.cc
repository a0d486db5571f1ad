#include "wast/subprocess.h"

#include <sys/stat.h>

#include <fstream>

#include "gtest/gtest.h"
#include "base/file_util.h"

namespace weft::wast {
namespace {

TEST(SubprocessTest, FindsShellOnPath) {
  std::optional<std::string> sh = FindOnPath("sh");
  ASSERT_TRUE(sh.has_value());
  EXPECT_EQ(sh->back(), 'h');
  EXPECT_FALSE(FindOnPath("weft-no-such-program-xyz").has_value());
}

TEST(SubprocessTest, CapturesOutputAndExitCode) {
  std::optional<std::string> sh = FindOnPath("sh");
  ASSERT_TRUE(sh.has_value());
  auto r = RunProcess({*sh, "-c", "echo out; echo err >&2; exit 3"});
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->exit_code, 3);
  EXPECT_NE(r->output.find("out\n"), std::string::npos);
  EXPECT_NE(r->output.find("err\n"), std::string::npos);
}

TEST(SubprocessTest, MissingProgramExits127) {
  auto r = RunProcess({"/nonexistent/program"});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->exit_code, 127);
}

TEST(SubprocessTest, OutputIsCappedButDrained) {
  std::optional<std::string> sh = FindOnPath("sh");
  ASSERT_TRUE(sh.has_value());
  // 1 MiB of output must neither block the child nor be kept whole.
  auto r = RunProcess({*sh, "-c", "head -c 1048576 /dev/zero; exit 0"});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->exit_code, 0);
  EXPECT_EQ(r->output.size(), 64u * 1024);
}

TEST(SubprocessTest, TempDirIsRemovedWithContents) {
  std::string path;
  {
    auto dir = TempDir::Create();
    ASSERT_TRUE(dir.ok()) << dir.status();
    path = dir->path();
    mkdir((path + "/sub").c_str(), 0700);
    std::ofstream(path + "/sub/f.txt") << "x";
    struct stat st;
    ASSERT_EQ(stat((path + "/sub/f.txt").c_str(), &st), 0);
    TempDir moved = std::move(*dir);  // ownership moves; removed once
    EXPECT_EQ(moved.path(), path);
  }
  struct stat st;
  EXPECT_NE(stat(path.c_str(), &st), 0);
}

TEST(SubprocessTest, FirstLine) {
  EXPECT_EQ(FirstLine("a\nb\n"), "a");
  EXPECT_EQ(FirstLine("only"), "only");
  EXPECT_EQ(FirstLine(""), "");
}

TEST(FileUtilTest, ReadsAndReportsErrors) {
  auto dir = TempDir::Create();
  ASSERT_TRUE(dir.ok());
  const std::string file = dir->path() + "/f.bin";
  std::ofstream(file, std::ios::binary) << std::string("a\0b", 3);
  auto data = ReadWholeFile(file);
  ASSERT_TRUE(data.ok());
  EXPECT_EQ(*data, std::string("a\0b", 3));

  auto missing = ReadWholeFile(dir->path() + "/nope");
  EXPECT_EQ(missing.status().code(), absl::StatusCode::kNotFound);
  EXPECT_NE(missing.status().message().find("no such file"), std::string::npos);

  auto is_dir = ReadWholeFile(dir->path());
  EXPECT_EQ(is_dir.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(is_dir.status().message().find("is a directory"), std::string::npos);

  auto too_big = ReadWholeFile(file, 2);
  EXPECT_EQ(too_big.status().code(), absl::StatusCode::kResourceExhausted);
}

}  // namespace
}  // namespace weft::wast
