#include "host/fs_check.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <string>

#include "gtest/gtest.h"

namespace weft {
namespace {

class FsCheckTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/weft_fs_check_XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    root_ = tmpl;
    ASSERT_EQ(mkdir((root_ + "/data").c_str(), 0755), 0);
    ASSERT_EQ(mkdir((root_ + "/data/sub").c_str(), 0755), 0);
    ASSERT_EQ(mkdir((root_ + "/database").c_str(), 0755), 0);
    ASSERT_EQ(mkdir((root_ + "/secret").c_str(), 0755), 0);
    std::ofstream(root_ + "/data/sub/file.txt") << "x";
    ASSERT_EQ(symlink((root_ + "/secret").c_str(), (root_ + "/data/out").c_str()), 0);
    ASSERT_EQ(symlink("sub", (root_ + "/data/in").c_str()), 0);
    ASSERT_EQ(symlink("/nonexistent/target", (root_ + "/data/dangling").c_str()), 0);
    grants_ = {{root_ + "/data", "/data", true}};
  }
  void TearDown() override { std::system(("rm -rf " + root_).c_str()); }

  std::string root_;
  std::vector<FsGrant> grants_;
};

TEST_F(FsCheckTest, AllowsPathsInsideTheGrant) {
  EXPECT_EQ(FsCheck(grants_, "/data"), 1);
  EXPECT_EQ(FsCheck(grants_, "/data/sub/file.txt"), 1);
  EXPECT_EQ(FsCheck(grants_, "/data/sub/not-yet-created"), 1);
  EXPECT_EQ(FsCheck(grants_, "//data/./sub//file.txt"), 1);
  EXPECT_EQ(FsCheck(grants_, "/data/sub/../sub/file.txt"), 1);
  EXPECT_EQ(FsCheck(grants_, "/data/in/file.txt"), 1);  // symlink staying inside
}

TEST_F(FsCheckTest, RefusesTraversalPrefixConfusionAndSymlinksOut) {
  EXPECT_EQ(FsCheck(grants_, "/database"), 0);
  EXPECT_EQ(FsCheck(grants_, "/data/../secret"), 0);
  EXPECT_EQ(FsCheck(grants_, "/data/../../../../etc/passwd"), 0);
  EXPECT_EQ(FsCheck(grants_, "/data/out"), 0);
  EXPECT_EQ(FsCheck(grants_, "/data/out/anything"), 0);
  EXPECT_EQ(FsCheck(grants_, "/data/dangling"), 0);
  EXPECT_EQ(FsCheck(grants_, "/"), 0);
  EXPECT_EQ(FsCheck({}, "/data"), 0);  // nothing granted
}

TEST_F(FsCheckTest, BadInputIsAnErrno) {
  EXPECT_EQ(FsCheck(grants_, "data/sub"), -28);              // relative
  EXPECT_EQ(FsCheck(grants_, ""), -28);
  EXPECT_EQ(FsCheck(grants_, std::string("/data\0x", 7)), -28);
  EXPECT_EQ(FsCheck(grants_, "/data/\xff\xfe"), -25);        // not UTF-8
  EXPECT_EQ(FsCheck(grants_, "/data/" + std::string(5000, 'a')), -37);
}

TEST(NormalizeGuestPathTest, Components) {
  EXPECT_EQ(NormalizeGuestPath("/a/./b//../c/"), (std::vector<std::string>{"a", "c"}));
  EXPECT_EQ(NormalizeGuestPath("/../../x"), (std::vector<std::string>{"x"}));
  EXPECT_TRUE(NormalizeGuestPath("///").empty());
}

}  // namespace
}  // namespace weft
