// args/environ, clocks, random, poll_oneoff, proc_*, sched_yield, sockets.
#include <netinet/in.h>
#include <sys/socket.h>

#include "absl/strings/str_cat.h"
#include "wasi/wasi_test_fixture.h"

namespace weft::wasi::testing {
namespace {

using Misc = WasiFixture;

TEST_P(Misc, ArgsAndEnviron) {
  GuestMemory m = mem();
  uint32_t count = Alloc(4), size = Alloc(4);
  ASSERT_EQ(ArgsSizesGet(*ctx_, m, count, size), Errno::kSuccess);
  EXPECT_EQ(U32(count), 2u);
  EXPECT_EQ(U32(size), 10u);  // "prog\0arg1\0"
  uint32_t argv = Alloc(8), buf = Alloc(10);
  ASSERT_EQ(ArgsGet(*ctx_, m, argv, buf), Errno::kSuccess);
  EXPECT_EQ(U32(argv), buf);
  EXPECT_EQ(U32(argv + 4), buf + 5);
  EXPECT_EQ(Bytes(buf, 10), std::string("prog\0arg1\0", 10));
  ASSERT_EQ(EnvironSizesGet(*ctx_, m, count, size), Errno::kSuccess);
  EXPECT_EQ(U32(count), 2u);
  EXPECT_EQ(U32(size), 18u);  // "K=V\0HOME=/sandbox\0"
  uint32_t env = Alloc(8), ebuf = Alloc(18);
  ASSERT_EQ(EnvironGet(*ctx_, m, env, ebuf), Errno::kSuccess);
  EXPECT_EQ(Bytes(U32(env + 4), 13), std::string("HOME=/sandbox"));
  uint32_t end = static_cast<uint32_t>(memory_.size());
  EXPECT_EQ(ArgsGet(*ctx_, m, end - 4, buf), Errno::kFault);
  EXPECT_EQ(ArgsGet(*ctx_, m, argv, end - 9), Errno::kFault);
  EXPECT_EQ(ArgsSizesGet(*ctx_, m, end, size), Errno::kFault);
  EXPECT_EQ(EnvironGet(*ctx_, m, end - 7, ebuf), Errno::kFault);
  EXPECT_EQ(EnvironSizesGet(*ctx_, m, count, end - 3), Errno::kFault);
}

TEST_P(Misc, Clocks) {
  GuestMemory m = mem();
  uint32_t out = Alloc(8);
  ASSERT_EQ(ClockTimeGet(*ctx_, m, kClockRealtime, 1, out), Errno::kSuccess);
  EXPECT_EQ(U64(out), 1'000'000'000u);
  clock_->Advance(500);
  ASSERT_EQ(ClockTimeGet(*ctx_, m, kClockMonotonic, 1, out), Errno::kSuccess);
  EXPECT_EQ(U64(out), 1'000'000'500u);
  ASSERT_EQ(ClockResGet(*ctx_, m, kClockProcessCputime, out), Errno::kSuccess);
  EXPECT_EQ(U64(out), 1000u);
  EXPECT_EQ(ClockTimeGet(*ctx_, m, 4, 1, out), Errno::kInval);
  EXPECT_EQ(ClockResGet(*ctx_, m, 99, out), Errno::kInval);
  EXPECT_EQ(ClockTimeGet(*ctx_, m, kClockRealtime, 1,
                         static_cast<uint32_t>(memory_.size()) - 4),
            Errno::kFault);
}

TEST(MiscSystem, SystemClockAllFourClocks) {
  SystemClock c;
  for (uint32_t id = 0; id < 4; ++id) {
    uint64_t t = 0, r = 0;
    EXPECT_EQ(c.Now(id, &t), Errno::kSuccess) << id;
    EXPECT_EQ(c.Resolution(id, &r), Errno::kSuccess) << id;
    EXPECT_GT(r, 0u);
  }
  uint64_t a, b;
  c.Now(kClockMonotonic, &a);
  InterruptNotifier never;
  EXPECT_EQ(c.Sleep(1'000'000, never), Errno::kSuccess);
  c.Now(kClockMonotonic, &b);
  EXPECT_GE(b - a, 1'000'000u);
  SystemRandom rnd;
  uint8_t buf[64] = {};
  ASSERT_EQ(rnd.Fill(buf, sizeof(buf)), Errno::kSuccess);
  int nonzero = 0;
  for (uint8_t v : buf) nonzero += v != 0;
  EXPECT_GT(nonzero, 32);
}

TEST_P(Misc, RandomGet) {
  GuestMemory m = mem();
  uint32_t buf = Alloc(32);
  ASSERT_EQ(RandomGet(*ctx_, m, buf, 32), Errno::kSuccess);
  // FakeRandom is deterministic: same seed, same bytes.
  FakeRandom ref;
  uint8_t want[32];
  ref.Fill(want, 32);
  EXPECT_EQ(Bytes(buf, 32), std::string(reinterpret_cast<char*>(want), 32));
  EXPECT_EQ(RandomGet(*ctx_, m, static_cast<uint32_t>(memory_.size()) - 8, 9),
            Errno::kFault);
  EXPECT_EQ(RandomGet(*ctx_, m, 0, 0), Errno::kSuccess);
}

TEST_P(Misc, ProcAndSched) {
  GuestMemory m = mem();
  EXPECT_EQ(SchedYield(*ctx_, m), Errno::kSuccess);
  EXPECT_EQ(ProcRaise(*ctx_, m, 9), Errno::kNosys);
  EXPECT_FALSE(ctx_->exit_code().has_value());
  ProcExit(*ctx_, m, 42);
  ASSERT_TRUE(ctx_->exit_code().has_value());
  EXPECT_EQ(*ctx_->exit_code(), 42u);
}

// Builds subscriptions in guest memory.
struct SubBuilder {
  WasiFixture* f;
  std::vector<uint8_t> bytes;
  void Clock(uint64_t userdata, uint32_t id, uint64_t timeout, uint16_t flags) {
    uint8_t s[48] = {};
    std::memcpy(s, &userdata, 8);
    s[8] = kEventClock;
    std::memcpy(s + 16, &id, 4);
    std::memcpy(s + 24, &timeout, 8);
    std::memcpy(s + 40, &flags, 2);
    bytes.insert(bytes.end(), s, s + 48);
  }
  void Fd(uint64_t userdata, uint8_t tag, uint32_t fd) {
    uint8_t s[48] = {};
    std::memcpy(s, &userdata, 8);
    s[8] = tag;
    std::memcpy(s + 16, &fd, 4);
    bytes.insert(bytes.end(), s, s + 48);
  }
};

TEST_P(Misc, PollRelativeAndAbsoluteClocks) {
  GuestMemory m = mem();
  SubBuilder b{this};
  b.Clock(7, kClockMonotonic, 5000, 0);
  b.Clock(8, kClockMonotonic, 9000, 0);
  uint32_t in = Alloc(96), out = Alloc(64), n = Alloc(4);
  std::memcpy(memory_.data() + in, b.bytes.data(), 96);
  ASSERT_EQ(PollOneoff(*ctx_, m, in, out, 2, n), Errno::kSuccess);
  ASSERT_EQ(U32(n), 1u);
  EXPECT_EQ(U64(out), 7u);
  EXPECT_EQ(U16(out + 8), 0u);
  EXPECT_EQ(memory_[out + 10], kEventClock);
  EXPECT_EQ(clock_->slept(), 5000u);
  // Absolute deadline 2000 ns from now.
  uint64_t now;
  clock_->Now(kClockRealtime, &now);
  SubBuilder c{this};
  c.Clock(9, kClockRealtime, now + 2000, kSubclockAbstime);
  std::memcpy(memory_.data() + in, c.bytes.data(), 48);
  ASSERT_EQ(PollOneoff(*ctx_, m, in, out, 1, n), Errno::kSuccess);
  ASSERT_EQ(U32(n), 1u);
  EXPECT_EQ(U64(out), 9u);
  EXPECT_EQ(clock_->slept(), 7000u);
  // A deadline in the past fires at once.
  c.bytes.clear();
  c.Clock(10, kClockRealtime, 1, kSubclockAbstime);
  std::memcpy(memory_.data() + in, c.bytes.data(), 48);
  ASSERT_EQ(PollOneoff(*ctx_, m, in, out, 1, n), Errno::kSuccess);
  EXPECT_EQ(U32(n), 1u);
  EXPECT_EQ(clock_->slept(), 7000u);
  // A bad clock id is an event error, not a call error.
  c.bytes.clear();
  c.Clock(11, 17, 1, 0);
  std::memcpy(memory_.data() + in, c.bytes.data(), 48);
  ASSERT_EQ(PollOneoff(*ctx_, m, in, out, 1, n), Errno::kSuccess);
  ASSERT_EQ(U32(n), 1u);
  EXPECT_EQ(U16(out + 8), static_cast<uint16_t>(Errno::kInval));
}

TEST_P(Misc, PollFdReadiness) {
  GuestMemory m = mem();
  uint32_t fd;
  ASSERT_EQ(Open("hello.txt", 0, kFileRights, &fd), Errno::kSuccess);
  SubBuilder b{this};
  b.Fd(1, kEventFdRead, 0);        // stdin buffer: 11 bytes
  b.Fd(2, kEventFdWrite, 1);       // stdout buffer
  b.Fd(3, kEventFdRead, 99);       // bad fd
  b.Fd(4, kEventFdRead, fd);       // regular file: always ready
  b.Clock(5, kClockMonotonic, 1'000'000'000, 0);
  uint32_t in = Alloc(48 * 5), out = Alloc(32 * 5), n = Alloc(4);
  std::memcpy(memory_.data() + in, b.bytes.data(), b.bytes.size());
  ASSERT_EQ(PollOneoff(*ctx_, m, in, out, 5, n), Errno::kSuccess);
  ASSERT_EQ(U32(n), 4u);
  EXPECT_EQ(clock_->slept(), 0u);  // something was ready: no waiting
  EXPECT_EQ(U64(out), 1u);
  EXPECT_EQ(memory_[out + 10], kEventFdRead);
  EXPECT_EQ(U64(out + 16), 11u);  // nbytes
  EXPECT_EQ(U64(out + 32), 2u);
  EXPECT_EQ(memory_[out + 32 + 10], kEventFdWrite);
  EXPECT_EQ(U64(out + 64), 3u);
  EXPECT_EQ(U16(out + 64 + 8), static_cast<uint16_t>(Errno::kBadf));
  EXPECT_EQ(U64(out + 96), 4u);
  EXPECT_EQ(U16(out + 96 + 8), 0u);
}

TEST_P(Misc, PollArgumentErrors) {
  GuestMemory m = mem();
  uint32_t in = Alloc(48), out = Alloc(32), n = Alloc(4);
  EXPECT_EQ(PollOneoff(*ctx_, m, in, out, 0, n), Errno::kInval);
  EXPECT_EQ(PollOneoff(*ctx_, m, in, out, kMaxSubscriptions + 1, n),
            Errno::kInval);
  uint32_t end = static_cast<uint32_t>(memory_.size());
  EXPECT_EQ(PollOneoff(*ctx_, m, end - 47, out, 1, n), Errno::kFault);
  EXPECT_EQ(PollOneoff(*ctx_, m, in, end - 31, 1, n), Errno::kFault);
  EXPECT_EQ(PollOneoff(*ctx_, m, in, out, 1, end - 3), Errno::kFault);
  memory_[in + 8] = 9;  // unknown event type
  EXPECT_EQ(PollOneoff(*ctx_, m, in, out, 1, n), Errno::kInval);
}

TEST_P(Misc, SocketCallsOnNonSockets) {
  GuestMemory m = mem();
  uint32_t out = Alloc(8);
  // Files and directories carry no socket rights; shutting one down says
  // it is not a socket (as the WASI testsuite expects), whatever `how` is.
  EXPECT_EQ(SockAccept(*ctx_, m, kSandboxFd, 0, out), Errno::kNotcapable);
  EXPECT_EQ(SockShutdown(*ctx_, m, kSandboxFd, kSdflagWr), Errno::kNotsock);
  EXPECT_EQ(SockShutdown(*ctx_, m, kSandboxFd, 0), Errno::kNotsock);
  uint32_t file;
  ASSERT_EQ(Open("hello.txt", 0, kFileRights, &file), Errno::kSuccess);
  EXPECT_EQ(SockShutdown(*ctx_, m, file, kSdflagRd | kSdflagWr), Errno::kNotsock);
  EXPECT_EQ(SockShutdown(*ctx_, m, 1, kSdflagWr), Errno::kNotsock);  // a stream
  EXPECT_EQ(SockAccept(*ctx_, m, 99, 0, out), Errno::kBadf);
  // stdout is writable, but it is not a socket.
  uint32_t iov = Iov(1, "x");
  EXPECT_EQ(SockSend(*ctx_, m, 1, iov, 1, 0, out), Errno::kNotsock);
  EXPECT_EQ(SockRecv(*ctx_, m, 0, iov, 1, 0, out, out + 4), Errno::kNotsock);
}

INSTANTIATE_TEST_SUITE_P(Backends, Misc, ::testing::ValuesIn(AllBackends()),
                         BackendName);

// Real sockets: a preopened listening socket and a socketpair.
class Sockets : public ::testing::Test {
 protected:
  void SetUp() override {
    listener_ = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    ASSERT_GE(listener_, 0);
    sockaddr_in addr = {};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ASSERT_EQ(bind(listener_, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)),
              0);
    ASSERT_EQ(listen(listener_, 4), 0);
    socklen_t len = sizeof(addr_);
    getsockname(listener_, reinterpret_cast<sockaddr*>(&addr_), &len);
    ASSERT_EQ(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair_), 0);
    WasiConfig c;
    c.preopen_sockets = {listener_, pair_[0]};  // fds 3 and 4
    auto ctx = WasiContext::Create(std::move(c));
    ASSERT_TRUE(ctx.ok());
    ctx_ = std::move(*ctx);
    memory_.assign(4096, 0);
  }
  void TearDown() override {
    ctx_.reset();  // closes the preopened sockets
    close(pair_[1]);
  }
  std::unique_ptr<WasiContext> ctx_;
  int listener_ = -1;
  int pair_[2] = {-1, -1};
  sockaddr_in addr_ = {};
  std::vector<uint8_t> memory_;
};

TEST_F(Sockets, AcceptSendRecvShutdown) {
  GuestMemory m(memory_.data(), memory_.size());
  int client = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  ASSERT_EQ(connect(client, reinterpret_cast<sockaddr*>(&addr_), sizeof(addr_)),
            0);
  ASSERT_EQ(SockAccept(*ctx_, m, 3, 0x2, 100), Errno::kInval);
  ASSERT_EQ(SockAccept(*ctx_, m, 3, 0, 100), Errno::kSuccess);
  uint32_t conn;
  m.LoadU32(100, &conn);
  EXPECT_EQ(conn, 5u);
  // Guest sends "ping" to the client.
  std::memcpy(memory_.data() + 200, "ping", 4);
  uint32_t iov[2] = {200, 4};
  std::memcpy(memory_.data() + 300, iov, 8);
  ASSERT_EQ(SockSend(*ctx_, m, conn, 300, 1, 0, 104), Errno::kSuccess);
  char got[8] = {};
  ASSERT_EQ(recv(client, got, sizeof(got), 0), 4);
  EXPECT_EQ(std::string(got, 4), "ping");
  // The client answers; the guest peeks then reads.
  ASSERT_EQ(send(client, "pong!", 5, 0), 5);
  uint32_t riov[2] = {400, 16};
  std::memcpy(memory_.data() + 308, riov, 8);
  ASSERT_EQ(SockRecv(*ctx_, m, conn, 308, 1, kRiflagRecvPeek, 108, 112),
            Errno::kSuccess);
  uint32_t n;
  m.LoadU32(108, &n);
  EXPECT_EQ(n, 5u);
  ASSERT_EQ(SockRecv(*ctx_, m, conn, 308, 1, kRiflagRecvWaitall & 0, 108, 112),
            Errno::kSuccess);
  m.LoadU32(108, &n);
  EXPECT_EQ(n, 5u);
  EXPECT_EQ(std::string(reinterpret_cast<char*>(memory_.data()) + 400, 5),
            "pong!");
  EXPECT_EQ(SockRecv(*ctx_, m, conn, 308, 1, 0x8, 108, 112), Errno::kInval);
  EXPECT_EQ(SockShutdown(*ctx_, m, conn, 0), Errno::kInval);
  ASSERT_EQ(SockShutdown(*ctx_, m, conn, kSdflagWr), Errno::kSuccess);
  EXPECT_EQ(recv(client, got, sizeof(got), 0), 0);  // EOF seen by the client
  // Accepted connections cannot accept.
  EXPECT_EQ(SockAccept(*ctx_, m, conn, 0, 100), Errno::kNotcapable);
  close(client);
}

TEST_F(Sockets, SocketpairAndPoll) {
  GuestMemory m(memory_.data(), memory_.size());
  ASSERT_EQ(write(pair_[1], "abc", 3), 3);
  // poll_oneoff on fd 4 (readable) and a 10 s clock: the fd wins at once.
  uint8_t sub[96] = {};
  uint64_t ud = 1;
  std::memcpy(sub, &ud, 8);
  sub[8] = kEventFdRead;
  uint32_t fd = 4;
  std::memcpy(sub + 16, &fd, 4);
  ud = 2;
  std::memcpy(sub + 48, &ud, 8);
  sub[56] = kEventClock;
  uint64_t timeout = 10'000'000'000ull;
  uint32_t id = kClockMonotonic;
  std::memcpy(sub + 64, &id, 4);
  std::memcpy(sub + 72, &timeout, 8);
  std::memcpy(memory_.data() + 1000, sub, sizeof(sub));
  ASSERT_EQ(PollOneoff(*ctx_, m, 1000, 2000, 2, 100), Errno::kSuccess);
  uint32_t n;
  m.LoadU32(100, &n);
  ASSERT_EQ(n, 1u);
  uint64_t got_ud, nbytes;
  m.LoadU64(2000, &got_ud);
  m.LoadU64(2016, &nbytes);
  EXPECT_EQ(got_ud, 1u);
  EXPECT_EQ(nbytes, 3u);
  // A short real clock wait with nothing readable.
  char drain[8];
  ASSERT_EQ(read(pair_[0], drain, sizeof(drain)), 3);
  timeout = 2'000'000;  // 2 ms
  std::memcpy(memory_.data() + 1000 + 72, &timeout, 8);
  ASSERT_EQ(PollOneoff(*ctx_, m, 1000, 2000, 2, 100), Errno::kSuccess);
  m.LoadU32(100, &n);
  ASSERT_EQ(n, 1u);
  m.LoadU64(2000, &got_ud);
  EXPECT_EQ(got_ud, 2u);
}

}  // namespace
}  // namespace weft::wasi::testing

namespace weft::wasi::testing {
namespace {

TEST(StdioHostFds, PipesAreStreamsWithDirectionalRights) {
  int in[2], out[2];
  ASSERT_EQ(pipe(in), 0);
  ASSERT_EQ(pipe(out), 0);
  ASSERT_EQ(write(in[1], "abc", 3), 3);
  WasiConfig c;
  c.stdin_config = StdioConfig::HostFd(in[0]);
  c.stdout_config = StdioConfig::HostFd(out[1]);
  auto ctx = WasiContext::Create(std::move(c));
  ASSERT_TRUE(ctx.ok()) << ctx.status();
  std::vector<uint8_t> buf(256);
  GuestMemory m(buf.data(), buf.size());
  uint32_t iov[2] = {100, 8};
  std::memcpy(buf.data() + 16, iov, 8);
  ASSERT_EQ(FdRead(**ctx, m, 0, 16, 1, 24), Errno::kSuccess);
  EXPECT_EQ(std::string(reinterpret_cast<char*>(buf.data()) + 100, 3), "abc");
  EXPECT_EQ(FdWrite(**ctx, m, 0, 16, 1, 24), Errno::kNotcapable);
  iov[1] = 3;
  std::memcpy(buf.data() + 16, iov, 8);
  ASSERT_EQ(FdWrite(**ctx, m, 1, 16, 1, 24), Errno::kSuccess);
  char got[4] = {};
  ASSERT_EQ(read(out[0], got, 3), 3);
  EXPECT_EQ(std::string(got, 3), "abc");
  ASSERT_EQ(FdFdstatGet(**ctx, m, 1, 32), Errno::kSuccess);
  EXPECT_EQ(buf[32], static_cast<uint8_t>(Filetype::kUnknown));  // a FIFO
  EXPECT_EQ(FdFdstatGet(**ctx, m, 2, 32), Errno::kBadf);  // closed
  // Closing the guest's stdout does not close the host's pipe.
  ASSERT_EQ(FdClose(**ctx, m, 1), Errno::kSuccess);
  EXPECT_EQ(write(out[1], "z", 1), 1);
  for (int fd : {in[0], in[1], out[0], out[1]}) close(fd);
}

TEST(StdioHostFds, MissingExplicitHostFdIsAnError) {
  int fds[2];
  ASSERT_EQ(pipe(fds), 0);
  close(fds[0]);
  close(fds[1]);
  WasiConfig c;
  c.stdin_config = StdioConfig::HostFd(fds[0]);
  auto ctx = WasiContext::Create(std::move(c));
  ASSERT_FALSE(ctx.ok());
  EXPECT_EQ(ctx.status().code(), absl::StatusCode::kInvalidArgument) << ctx.status();
  EXPECT_EQ(ctx.status().message(), absl::StrCat("stdio host fd ", fds[0], ": EBADF"));
}

}  // namespace
}  // namespace weft::wasi::testing
