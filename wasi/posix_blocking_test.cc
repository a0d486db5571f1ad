// PosixOs calls that wait: they end with EINTR once their interrupt is
// requested, keep the blocking semantics otherwise, and leave a guest's
// O_NONBLOCK (EAGAIN, never a wait) and the host fd's flags alone.
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

#include "gtest/gtest.h"
#include "wasi/posix_os.h"

namespace weft::wasi {
namespace {

using Clock = std::chrono::steady_clock;
constexpr auto kInterruptAfter = std::chrono::milliseconds(100);

// Requests `intr` kInterruptAfter from construction; the destructor joins.
class Interrupter {
 public:
  explicit Interrupter(InterruptNotifier& intr)
      : start_(Clock::now()), thread_([&intr] {
          std::this_thread::sleep_for(kInterruptAfter);
          intr.Request();
        }) {}
  ~Interrupter() { thread_.join(); }
  // Time since construction, checked against the interrupt time: not
  // before it, and within a generous bound after it.
  void ExpectStoppedInTime(const char* what) const {
    const auto took = Clock::now() - start_;
    EXPECT_GE(took, kInterruptAfter - std::chrono::milliseconds(5)) << what;
    EXPECT_LT(took, kInterruptAfter + std::chrono::seconds(1)) << what;
  }

 private:
  Clock::time_point start_;
  std::thread thread_;
};

struct Pipe {
  int r = -1, w = -1;
  Pipe() {
    int p[2];
    EXPECT_EQ(pipe2(p, O_CLOEXEC), 0);
    r = p[0];
    w = p[1];
  }
  ~Pipe() {
    close(r);
    close(w);
  }
};

struct SocketPair {
  int a = -1, b = -1;
  SocketPair() {
    int s[2];
    EXPECT_EQ(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, s), 0);
    a = s[0];
    b = s[1];
  }
  ~SocketPair() {
    close(a);
    close(b);
  }
};

bool HostNonblocking(int fd) { return fcntl(fd, F_GETFL) & O_NONBLOCK; }

class PosixBlockingTest : public ::testing::Test {
 protected:
  PosixOs os_;
  InterruptNotifier intr_;
  char buf_[64] = {};
  IoSpan span_{reinterpret_cast<uint8_t*>(buf_), sizeof buf_};
  size_t n_ = 0;
};

TEST_F(PosixBlockingTest, ReadWaitsForDataAndEndsAtTheInterrupt) {
  Pipe p;
  {
    std::thread writer([&] {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
      (void)!write(p.w, "late", 4);
    });
    ASSERT_EQ(os_.Read(p.r, &span_, 1, intr_, &n_), Errno::kSuccess);
    writer.join();
    EXPECT_EQ(std::string(buf_, n_), "late");
  }
  Interrupter stop(intr_);
  EXPECT_EQ(os_.Read(p.r, &span_, 1, intr_, &n_), Errno::kIntr);
  stop.ExpectStoppedInTime("read");
  EXPECT_FALSE(HostNonblocking(p.r));  // the fd's own flags are untouched
  // A pending request stops the next wait at once; once cleared, data
  // flows again (no stale wakeup).
  EXPECT_EQ(os_.Read(p.r, &span_, 1, intr_, &n_), Errno::kIntr);
  intr_.Clear();
  ASSERT_EQ(write(p.w, "x", 1), 1);
  ASSERT_EQ(os_.Read(p.r, &span_, 1, intr_, &n_), Errno::kSuccess);
  EXPECT_EQ(n_, 1u);
}

TEST_F(PosixBlockingTest, GuestNonblockingNeverWaits) {
  Pipe p;
  ASSERT_EQ(os_.SetFdflags(p.r, kFdflagNonblock), Errno::kSuccess);
  EXPECT_EQ(os_.Read(p.r, &span_, 1, intr_, &n_), Errno::kAgain);
  SocketPair s;
  ASSERT_EQ(os_.SetFdflags(s.a, kFdflagNonblock), Errno::kSuccess);
  bool trunc = false;
  EXPECT_EQ(os_.SockRecv(s.a, &span_, 1, 0, intr_, &n_, &trunc), Errno::kAgain);
}

TEST_F(PosixBlockingTest, WriteToAFullPipeIsInterrupted) {
  Pipe p;
  std::vector<uint8_t> big(1 << 20, 'x');
  IoSpan all{big.data(), big.size()};
  // Nobody reads: the pipe fills, then the write waits.
  Interrupter stop(intr_);
  EXPECT_EQ(os_.Write(p.w, &all, 1, intr_, &n_), Errno::kIntr);
  stop.ExpectStoppedInTime("write");
}

TEST_F(PosixBlockingTest, WriteLargerThanThePipeCompletesWithAReader) {
  Pipe p;
  std::vector<uint8_t> big(1 << 20, 'y');
  IoSpan all{big.data(), big.size()};
  size_t drained = 0;
  std::thread reader([&] {
    char b[8192];
    ssize_t r;
    while ((r = read(p.r, b, sizeof b)) > 0) drained += size_t(r);
  });
  ASSERT_EQ(os_.Write(p.w, &all, 1, intr_, &n_), Errno::kSuccess);
  EXPECT_EQ(n_, big.size());  // a blocking write writes everything
  close(p.w);
  p.w = -1;
  reader.join();
  EXPECT_EQ(drained, big.size());
}

TEST_F(PosixBlockingTest, SocketCallsAreInterrupted) {
  SocketPair s;
  bool trunc = false;
  {
    Interrupter stop(intr_);
    EXPECT_EQ(os_.SockRecv(s.a, &span_, 1, 0, intr_, &n_, &trunc),
              Errno::kIntr);
    stop.ExpectStoppedInTime("sock_recv");
  }
  intr_.Clear();
  {
    std::vector<uint8_t> big(4 << 20, 'z');
    IoSpan all{big.data(), big.size()};
    Interrupter stop(intr_);
    EXPECT_EQ(os_.SockSend(s.a, &all, 1, intr_, &n_), Errno::kIntr);
    stop.ExpectStoppedInTime("sock_send");
  }
}

TEST_F(PosixBlockingTest, RecvWaitallGathersAcrossSends) {
  SocketPair s;
  std::thread sender([&] {
    (void)!write(s.b, "ab", 2);
    std::this_thread::sleep_for(std::chrono::milliseconds(30));
    (void)!write(s.b, "cd", 2);
  });
  IoSpan four{reinterpret_cast<uint8_t*>(buf_), 4};
  bool trunc = true;
  ASSERT_EQ(os_.SockRecv(s.a, &four, 1, kRiflagRecvWaitall, intr_, &n_, &trunc),
            Errno::kSuccess);
  sender.join();
  EXPECT_EQ(std::string(buf_, n_), "abcd");
  EXPECT_FALSE(trunc);
}

TEST_F(PosixBlockingTest, AcceptIsInterruptedUnlessNonblocking) {
  const int l = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(bind(l, reinterpret_cast<sockaddr*>(&a), sizeof a), 0);
  ASSERT_EQ(listen(l, 4), 0);
  OsHandle conn = -1;
  {
    Interrupter stop(intr_);
    EXPECT_EQ(os_.SockAccept(l, 0, intr_, &conn), Errno::kIntr);
    stop.ExpectStoppedInTime("sock_accept");
  }
  intr_.Clear();
  ASSERT_EQ(os_.SetFdflags(l, kFdflagNonblock), Errno::kSuccess);
  EXPECT_EQ(os_.SockAccept(l, 0, intr_, &conn), Errno::kAgain);
  close(l);
}

TEST_F(PosixBlockingTest, PollAndSleepAreInterrupted) {
  Pipe p;
  std::vector<PollRequest> reqs(1);
  reqs[0].handle = p.r;
  ASSERT_EQ(os_.Poll(&reqs, 10'000'000, intr_), Errno::kSuccess);  // times out
  EXPECT_FALSE(reqs[0].ready);
  {
    Interrupter stop(intr_);
    EXPECT_EQ(os_.Poll(&reqs, -1, intr_), Errno::kIntr);
    stop.ExpectStoppedInTime("poll");
  }
  intr_.Clear();
  SystemClock clock;
  Interrupter stop(intr_);
  EXPECT_EQ(clock.Sleep(3'600'000'000'000, intr_), Errno::kIntr);
  stop.ExpectStoppedInTime("sleep");
}

class PosixFifoTest : public PosixBlockingTest {
 protected:
  void SetUp() override {
    const char* tmp = getenv("TEST_TMPDIR");
    dir_ = std::string(tmp != nullptr ? tmp : "/tmp") + "/fifoXXXXXX";
    ASSERT_NE(mkdtemp(dir_.data()), nullptr);
    ASSERT_EQ(mkfifo((dir_ + "/f").c_str(), 0600), 0);
    ASSERT_EQ(os_.OpenHostDir(dir_, &root_), Errno::kSuccess);
  }
  void TearDown() override {
    os_.Close(root_);
    unlink((dir_ + "/f").c_str());
    rmdir(dir_.c_str());
  }
  std::string dir_;
  OsHandle root_ = -1;
};

TEST_F(PosixFifoTest, OpenForWritingWaitsForAReaderInterruptibly) {
  OpenRequest w;
  w.write = true;
  OsHandle h = -1;
  {
    Interrupter stop(intr_);
    EXPECT_EQ(os_.OpenAt(root_, "f", w, intr_, &h), Errno::kIntr);
    stop.ExpectStoppedInTime("open(FIFO, write)");
  }
  intr_.Clear();
  // A guest that asked for NONBLOCK gets POSIX's ENXIO instead.
  w.fdflags = kFdflagNonblock;
  EXPECT_EQ(os_.OpenAt(root_, "f", w, intr_, &h), Errno::kNxio);
  // With a reader arriving later, a blocking open succeeds, blocking.
  w.fdflags = 0;
  int reader = -1;
  std::thread t([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(30));
    reader = open((dir_ + "/f").c_str(), O_RDONLY | O_CLOEXEC);
  });
  ASSERT_EQ(os_.OpenAt(root_, "f", w, intr_, &h), Errno::kSuccess);
  t.join();
  EXPECT_FALSE(HostNonblocking(h));
  os_.Close(h);
  close(reader);
}

TEST_F(PosixFifoTest, OpenForReadingReturnsAndTheReadWaits) {
  OpenRequest r;
  r.read = true;
  OsHandle h = -1;
  ASSERT_EQ(os_.OpenAt(root_, "f", r, intr_, &h), Errno::kSuccess);
  uint16_t flags = 0;
  ASSERT_EQ(os_.GetFdflags(h, &flags), Errno::kSuccess);
  EXPECT_EQ(flags & kFdflagNonblock, 0);  // the guest sees a blocking fd
  {
    // No writer yet: not EOF, a wait (as if open had waited for one).
    Interrupter stop(intr_);
    EXPECT_EQ(os_.Read(h, &span_, 1, intr_, &n_), Errno::kIntr);
    stop.ExpectStoppedInTime("read(FIFO)");
  }
  intr_.Clear();
  std::thread t([&] {
    const int w = open((dir_ + "/f").c_str(), O_WRONLY | O_CLOEXEC);
    (void)!write(w, "hi", 2);
    close(w);
  });
  ASSERT_EQ(os_.Read(h, &span_, 1, intr_, &n_), Errno::kSuccess);
  t.join();
  EXPECT_EQ(std::string(buf_, n_), "hi");
  ASSERT_EQ(os_.Read(h, &span_, 1, intr_, &n_), Errno::kSuccess);
  EXPECT_EQ(n_, 0u);  // the writer left: EOF
  os_.Close(h);
  // A guest-requested NONBLOCK stays.
  r.fdflags = kFdflagNonblock;
  ASSERT_EQ(os_.OpenAt(root_, "f", r, intr_, &h), Errno::kSuccess);
  EXPECT_TRUE(HostNonblocking(h));
  os_.Close(h);
}

}  // namespace
}  // namespace weft::wasi
