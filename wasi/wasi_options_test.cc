#include "wasi/wasi_options.h"

#include <sstream>

#include "gtest/gtest.h"

namespace weft::wasi {
namespace {

TEST(WasiOptions, DirSpecs) {
  auto d = ParseDirSpec("/tmp/x");
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->host_path, "/tmp/x");
  EXPECT_EQ(d->guest_path, "/tmp/x");
  EXPECT_FALSE(d->read_only);
  d = ParseDirSpec("/tmp/x:/data");
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->guest_path, "/data");
  d = ParseDirSpec("/tmp/x:/data:ro");
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->host_path, "/tmp/x");
  EXPECT_EQ(d->guest_path, "/data");
  EXPECT_TRUE(d->read_only);
  d = ParseDirSpec(".:ro");
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->guest_path, ".");
  EXPECT_TRUE(d->read_only);
  EXPECT_FALSE(ParseDirSpec("").ok());
  EXPECT_FALSE(ParseDirSpec(":/x").ok());
  EXPECT_FALSE(ParseDirSpec("/a:").ok());
  EXPECT_FALSE(ParseDirSpec("/a:/b:/c").ok());
}

TEST(WasiOptions, MakeConfig) {
  WasiOptions o;
  o.env = {"A=1", "B="};
  o.dirs = {"/tmp:/t:ro"};
  o.trace = true;
  std::ostringstream trace;
  auto c = MakeWasiConfig("prog.wasm", {"x", "y"}, o, &trace);
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_EQ(c->args, (std::vector<std::string>{"prog.wasm", "x", "y"}));
  EXPECT_EQ(c->env, (std::vector<std::string>{"A=1", "B="}));
  ASSERT_EQ(c->preopen_dirs.size(), 1u);
  EXPECT_TRUE(c->preopen_dirs[0].read_only);
  EXPECT_EQ(c->stdout_config.kind, StdioConfig::Kind::kInherit);
  ASSERT_TRUE(c->trace);
  c->trace("fd_close(fd=3) -> ESUCCESS");
  EXPECT_EQ(trace.str(), "[wasi] fd_close(fd=3) -> ESUCCESS\n");
  o.env = {"=x"};
  EXPECT_FALSE(MakeWasiConfig("p", {}, o, nullptr).ok());
  o.env = {"NOEQUALS"};
  EXPECT_FALSE(MakeWasiConfig("p", {}, o, nullptr).ok());
}

}  // namespace
}  // namespace weft::wasi
