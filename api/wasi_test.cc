#include "weft/wasi.h"

#include <sys/socket.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <iterator>

#include "api/test_util.h"
#include "gtest/gtest.h"
#include "weft/trap_code.h"

namespace weft {
namespace {

class WasiApiTest : public ::testing::Test {
 protected:
  void Start(WasiOptions options, const char* module = "wasi_echo") {
    auto m = testing::CompileTestModule(engine_, module);
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
  EXPECT_EQ(wasi.status().code(), absl::StatusCode::kNotFound) << wasi.status();
  EXPECT_EQ(wasi.status().message(), "cannot preopen '/nonexistent/weft-dir': ENOENT");
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

// A temporary host directory holding in.txt ("file-data").
class TempDir {
 public:
  TempDir() {
    char tmpl[] = "/tmp/weft_wasi_api_XXXXXX";
    path_ = mkdtemp(tmpl);
    std::ofstream(path_ + "/in.txt") << "file-data";
  }
  ~TempDir() { std::system(("rm -rf " + path_).c_str()); }
  const std::string& path() const { return path_; }
  bool Has(const char* name) const { return access((path_ + "/" + name).c_str(), F_OK) == 0; }

 private:
  std::string path_;
};

TEST_F(WasiApiTest, ReadOnlyPreopenReadsButNeverWrites) {
  TempDir dir;
  WasiOptions o;
  o.dirs.push_back({dir.path(), "/data", /*read_only=*/true});
  o.stdout_mode = WasiOptions::Stdio::kCapture;
  Start(std::move(o), "wasi_files");
  const int32_t fd = CallI32("open", {Value::I32(512), Value::I32(6), Value::I32(0), Value::I32(0)});
  ASSERT_GT(fd, 3);  // 0-2 stdio, 3 the preopen
  EXPECT_EQ(CallI32("copy", {Value::I32(fd), Value::I32(1)}), 0);
  EXPECT_EQ(wasi_->TakeStdout(), "file-data");
  // Creating, or opening for writing, under a read-only grant: EROFS.
  EXPECT_EQ(CallI32("open", {Value::I32(544), Value::I32(7), Value::I32(1), Value::I32(1)}), -69);
  EXPECT_EQ(CallI32("open", {Value::I32(512), Value::I32(6), Value::I32(0), Value::I32(1)}), -69);
  EXPECT_FALSE(dir.Has("new.txt"));
  // ".." out of the preopen: refused whatever the mode.
  EXPECT_LT(CallI32("open", {Value::I32(576), Value::I32(9), Value::I32(0), Value::I32(0)}), 0);
}

TEST_F(WasiApiTest, WritablePreopenCreatesFiles) {
  TempDir dir;
  WasiOptions o;
  o.dirs.push_back({dir.path(), "/data", /*read_only=*/false});
  Start(std::move(o), "wasi_files");
  const int32_t fd = CallI32("open", {Value::I32(544), Value::I32(7), Value::I32(1), Value::I32(1)});
  ASSERT_GT(fd, 3);
  EXPECT_EQ(CallI32("write_ok", {Value::I32(fd)}), 0);
  std::ifstream in(dir.path() + "/new.txt");
  std::string text((std::istreambuf_iterator<char>(in)), {});
  EXPECT_EQ(text, "ok");
  EXPECT_LT(CallI32("open", {Value::I32(576), Value::I32(9), Value::I32(1), Value::I32(1)}), 0);
}

TEST_F(WasiApiTest, NothingIsInheritedByDefault) {
  Start({}, "wasi_files");
  EXPECT_EQ(CallI32("env_count"), 0);                                 // no environment
  EXPECT_EQ(CallI32("copy", {Value::I32(0), Value::I32(1)}), 8);     // stdin closed: EBADF
  EXPECT_EQ(CallI32("write_ok", {Value::I32(1)}), 8);                // stdout closed
  EXPECT_EQ(CallI32("write_ok", {Value::I32(2)}), 8);                // stderr closed
  EXPECT_EQ(CallI32("open", {Value::I32(512), Value::I32(6), Value::I32(0), Value::I32(0)}),
            -8);  // no preopen at fd 3
}

TEST_F(WasiApiTest, GivenEnvironmentAndCapturedStdin) {
  WasiOptions o;
  o.env = {"A=1", "B=2"};
  o.stdin_mode = WasiOptions::Stdio::kCapture;
  o.stdin_data = "from-stdin";
  o.stderr_mode = WasiOptions::Stdio::kCapture;
  Start(std::move(o), "wasi_files");
  EXPECT_EQ(CallI32("env_count"), 2);
  EXPECT_EQ(CallI32("copy", {Value::I32(0), Value::I32(2)}), 0);
  EXPECT_EQ(wasi_->TakeStderr(), "from-stdin");
  EXPECT_EQ(wasi_->TakeStdout(), "");  // stdout was left closed
}

}  // namespace
}  // namespace weft
