#include "cli/run_wasi.h"

#include <cstdlib>

#include <unistd.h>
#include <string>
#include <vector>

#include "gtest/gtest.h"

namespace weft::cli {
namespace {

using Strings = std::vector<std::string>;

TEST(RunWasiTest, DirSpecs) {
  const char* tmp = std::getenv("TEST_TMPDIR");
  const std::string host = tmp != nullptr ? tmp : "/tmp";
  auto d = ParseRunDir(host, false);
  ASSERT_TRUE(d.ok()) << d.status();
  EXPECT_EQ(d->host_path, host);
  EXPECT_EQ(d->guest_path, host);
  EXPECT_FALSE(d->read_only);

  d = ParseRunDir(host + "::/data", true);
  ASSERT_TRUE(d.ok()) << d.status();
  EXPECT_EQ(d->host_path, host);
  EXPECT_EQ(d->guest_path, "/data");
  EXPECT_TRUE(d->read_only);

  // Only the first "::" separates; a guest name may hold ':'.
  d = ParseRunDir(host + "::a:b", false);
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->guest_path, "a:b");

  EXPECT_EQ(ParseRunDir("::/x", false).status().message(),
            "bad --dir \"::/x\": expected HOST or HOST::GUEST");
  EXPECT_EQ(ParseRunDir(host + "::", true).status().message(),
            "bad --dir-ro \"" + host + "::\": expected HOST or HOST::GUEST");
  EXPECT_EQ(ParseRunDir("/no/such/dir::/x", false).status().message(),
            "--dir /no/such/dir: No such file or directory");
  EXPECT_EQ(ParseRunDir("/proc/self/status", false).status().message(),
            "--dir /proc/self/status: not a directory");
}

TEST(RunWasiTest, GuestEnv) {
  auto env = MakeGuestEnv({"A=1", "B=2"}, {"B=3", "C=", "A=x=y"});
  ASSERT_TRUE(env.ok());
  EXPECT_EQ(*env, (Strings{"B=3", "C=", "A=x=y"}));
  env = MakeGuestEnv({}, {"K=V", "K=W"});
  ASSERT_TRUE(env.ok());
  EXPECT_EQ(*env, (Strings{"K=W"}));
  // "AB=" is not replaced by "A=".
  env = MakeGuestEnv({"AB=1"}, {"A=2"});
  ASSERT_TRUE(env.ok());
  EXPECT_EQ(*env, (Strings{"AB=1", "A=2"}));
  // A bare KEY passes the host's value, or nothing when it has none.
  auto host = [](const char* k) -> const char* {
    return std::string(k) == "HOME" ? "/home/x" : nullptr;
  };
  env = MakeGuestEnv({"HOME=/old"}, {"HOME", "NOPE"}, host);
  ASSERT_TRUE(env.ok());
  EXPECT_EQ(*env, (Strings{"HOME=/home/x"}));
  env = MakeGuestEnv({}, {"=v"});
  ASSERT_FALSE(env.ok());
  EXPECT_EQ(env.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(env.status().message(), "bad --env \"=v\": expected KEY=VALUE or KEY");
  env = MakeGuestEnv({}, {""});
  ASSERT_FALSE(env.ok());
  EXPECT_EQ(env.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(env.status().message(), "bad --env \"\": expected KEY=VALUE or KEY");
}

TEST(RunWasiTest, Config) {
  ParsedArgs args;
  args.flags["env"] = {"X=1"};
  args.flags["dir-ro"] = {"/::/root"};
  args.flags["dir"] = {"/tmp::t"};
  auto c = MakeRunWasiOptions(args, "prog.wasm", {"a", "-b"}, nullptr);
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_EQ(c->args, (Strings{"prog.wasm", "a", "-b"}));
  EXPECT_EQ(c->env, (Strings{"X=1"}));
  ASSERT_EQ(c->dirs.size(), 2u);
  EXPECT_EQ(c->dirs[0].guest_path, "t");
  EXPECT_FALSE(c->dirs[0].read_only);
  EXPECT_EQ(c->dirs[1].guest_path, "/root");
  EXPECT_TRUE(c->dirs[1].read_only);
  EXPECT_FALSE(c->trace);
  EXPECT_EQ(c->stdout_mode, WasiOptions::Stdio::kInherit);

  // Nothing leaks without --inherit-env; with it the host's variables come.
  setenv("WEFT_RUN_WASI_TEST", "1", 1);
  ParsedArgs none;
  c = MakeRunWasiOptions(none, "p", {}, nullptr);
  ASSERT_TRUE(c.ok());
  EXPECT_TRUE(c->env.empty());
  EXPECT_TRUE(c->dirs.empty());
  none.flags["inherit-env"] = {""};
  c = MakeRunWasiOptions(none, "p", {}, nullptr);
  ASSERT_TRUE(c.ok());
  EXPECT_NE(std::find(c->env.begin(), c->env.end(), "WEFT_RUN_WASI_TEST=1"),
            c->env.end());
}

TEST(RunWasiTest, TcpListener) {
  absl::StatusOr<int> fd = OpenTcpListener("127.0.0.1:0");
  ASSERT_TRUE(fd.ok()) << fd.status();
  EXPECT_GE(*fd, 0);
  close(*fd);
  fd = OpenTcpListener("localhost:0");
  ASSERT_TRUE(fd.ok()) << fd.status();
  close(*fd);
  EXPECT_EQ(OpenTcpListener("8080").status().message(),
            "--tcplisten 8080: expected HOST:PORT");
  EXPECT_EQ(OpenTcpListener("127.0.0.1:70000").status().message(),
            "--tcplisten 127.0.0.1:70000: bad port");
  EXPECT_EQ(OpenTcpListener("example.com:80").status().message(),
            "--tcplisten example.com:80: expected an IPv4 address or localhost");
}

}  // namespace
}  // namespace weft::cli
