#include "weft/wasi.h"

#include <sys/socket.h>
#include <unistd.h>

#include "api/test_util.h"
#include "gtest/gtest.h"
#include "weft/trap_code.h"

namespace weft {
namespace {

class WasiApiTest : public ::testing::Test {
 protected:
  void Start(WasiOptions options) {
    auto m = testing::CompileTestModule(engine_, "wasi_echo");
    ASSERT_TRUE(m.ok()) << m.status();
    auto wasi = Wasi::Define(linker_, std::move(options));
    ASSERT_TRUE(wasi.ok()) << wasi.status();
    wasi_ = *wasi;
    auto inst = linker_.Instantiate(*m);
    ASSERT_TRUE(inst.ok()) << inst.status();
    inst_ = *std::move(inst);
    ASSERT_TRUE(wasi_->Attach(*inst_).ok());
  }
  int32_t CallI32(const char* name, std::vector<Value> args = {}) {
    auto r = inst_->Call(name, args);
    EXPECT_TRUE(r.ok()) << r.status();
    return r.ok() ? (*r)[0].i32() : -1;
  }

  Engine engine_;
  Linker linker_{engine_};
  std::shared_ptr<Wasi> wasi_;
  std::unique_ptr<Instance> inst_;
};

TEST_F(WasiApiTest, ArgsAndCapturedStdout) {
  WasiOptions o;
  o.args = {"prog", "hello-from-args"};
  o.stdout_mode = WasiOptions::Stdio::kCapture;
  Start(std::move(o));
  EXPECT_EQ(CallI32("print_arg"), 0);
  EXPECT_EQ(wasi_->TakeStdout(), "hello-from-args");
  EXPECT_EQ(wasi_->TakeStdout(), "");
}

TEST_F(WasiApiTest, ClosedStdoutIsEbadf) {
  WasiOptions o;
  o.args = {"prog", "x"};
  Start(std::move(o));
  EXPECT_EQ(CallI32("print_arg"), 8);  // EBADF
}

TEST_F(WasiApiTest, ProcExitStopsTheCallWithItsCode) {
  Start({});
  auto r = inst_->Call("exit", {Value::I32(7)});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(GetTrapCode(r.status()), TrapCode::kHostTrap);
  EXPECT_NE(r.status().message().find("proc_exit(7)"), absl::string_view::npos);
  ASSERT_TRUE(wasi_->exit_code().has_value());
  EXPECT_EQ(*wasi_->exit_code(), 7u);
}

TEST_F(WasiApiTest, AdoptedSocketIsReadableAndWritable) {
  Start({});
  int pair[2];
  ASSERT_EQ(socketpair(AF_UNIX, SOCK_STREAM, 0, pair), 0);
  auto fd = wasi_->AdoptSocket(pair[0]);
  ASSERT_TRUE(fd.ok()) << fd.status();
  EXPECT_GE(*fd, 3u);
  ASSERT_EQ(write(pair[1], "ping", 4), 4);
  EXPECT_EQ(CallI32("echo", {Value::I32(int32_t(*fd))}), 0);
  char buf[8] = {};
  ASSERT_EQ(read(pair[1], buf, sizeof buf), 4);
  EXPECT_EQ(std::string(buf, 4), "ping");
  EXPECT_EQ(CallI32("echo", {Value::I32(99)}), 8);  // not an fd: EBADF
  close(pair[1]);
}

TEST_F(WasiApiTest, MissingDirectoryIsAClearError) {
  WasiOptions o;
  o.dirs.push_back({"/nonexistent/weft-dir", "/data", false});
  auto wasi = Wasi::Define(linker_, std::move(o));
  ASSERT_FALSE(wasi.ok());
  EXPECT_NE(wasi.status().message().find("/nonexistent/weft-dir"), absl::string_view::npos)
      << wasi.status();
}

TEST_F(WasiApiTest, ResetClosesFdsOpenedSinceSave) {
  Start({});
  wasi_->SavePristine();
  int pair[2];
  ASSERT_EQ(socketpair(AF_UNIX, SOCK_STREAM, 0, pair), 0);
  auto fd = wasi_->AdoptSocket(pair[0]);
  ASSERT_TRUE(fd.ok());
  ASSERT_TRUE(wasi_->ResetToPristine().ok());
  // The guest's fd is gone, and the host end sees the socket closed.
  EXPECT_EQ(CallI32("echo", {Value::I32(int32_t(*fd))}), 8);  // EBADF
  char c;
  EXPECT_EQ(read(pair[1], &c, 1), 0);
  close(pair[1]);
}

}  // namespace
}  // namespace weft
