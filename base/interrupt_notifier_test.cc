#include "base/interrupt_notifier.h"

#include <poll.h>
#include <unistd.h>

#include <chrono>
#include <thread>

#include "gtest/gtest.h"

namespace weft {
namespace {

using Clock = std::chrono::steady_clock;
using WaitResult = InterruptNotifier::WaitResult;

int64_t MsSince(Clock::time_point t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - t)
      .count();
}

bool Readable(int fd) {
  struct pollfd p = {fd, POLLIN, 0};
  return poll(&p, 1, 0) == 1;
}

TEST(InterruptNotifierTest, FdIsReadableExactlyWhileRequested) {
  InterruptNotifier n;
  EXPECT_FALSE(n.requested());
  const int fd = n.wait_fd();
  ASSERT_GE(fd, 0);
  EXPECT_EQ(n.wait_fd(), fd);  // one fd, created once
  EXPECT_FALSE(Readable(fd));
  n.Request();
  n.Request();  // idempotent
  EXPECT_TRUE(n.requested());
  EXPECT_TRUE(n.flag()->load() != 0);
  EXPECT_TRUE(Readable(fd));
  n.Clear();
  EXPECT_FALSE(n.requested());
  EXPECT_FALSE(Readable(fd));
}

TEST(InterruptNotifierTest, FdCreatedAfterARequestIsBornSignalled) {
  InterruptNotifier n;
  n.Request();
  EXPECT_TRUE(Readable(n.wait_fd()));
}

TEST(InterruptNotifierTest, WaitEndsAtARequestFromAnotherThread) {
  InterruptNotifier n;
  int p[2];
  ASSERT_EQ(pipe(p), 0);
  struct pollfd fds = {p[0], POLLIN, 0};  // never written
  const auto start = Clock::now();
  std::thread t([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    n.Request();
  });
  EXPECT_EQ(n.Wait(&fds, 1, -1), WaitResult::kInterrupted);
  const int64_t ms = MsSince(start);
  t.join();
  EXPECT_GE(ms, 90);
  EXPECT_LT(ms, 1000);
  close(p[0]);
  close(p[1]);
}

TEST(InterruptNotifierTest, WaitReportsReadyFdsAndTimeouts) {
  InterruptNotifier n;
  int p[2];
  ASSERT_EQ(pipe(p), 0);
  struct pollfd fds = {p[0], POLLIN, 0};
  auto start = Clock::now();
  EXPECT_EQ(n.Wait(&fds, 1, 50'000'000), WaitResult::kTimedOut);
  EXPECT_GE(MsSince(start), 45);
  EXPECT_EQ(n.Wait(&fds, 1, 0), WaitResult::kTimedOut);
  ASSERT_EQ(write(p[1], "x", 1), 1);
  EXPECT_EQ(n.Wait(&fds, 1, -1), WaitResult::kReady);
  EXPECT_TRUE(fds.revents & POLLIN);
  // A pending request wins over a ready fd, and a sleep with no fds ends.
  n.Request();
  EXPECT_EQ(n.Wait(&fds, 1, -1), WaitResult::kInterrupted);
  EXPECT_EQ(n.Wait(nullptr, 0, 3'600'000'000'000), WaitResult::kInterrupted);
  n.Clear();
  start = Clock::now();
  EXPECT_EQ(n.Wait(nullptr, 0, 20'000'000), WaitResult::kTimedOut);
  EXPECT_GE(MsSince(start), 15);
  close(p[0]);
  close(p[1]);
}

// A request racing a clear never leaves the fd readable with the flag
// clear (which would wake every later wait for nothing).
TEST(InterruptNotifierTest, RequestRacingClearLeavesNoStaleWakeup) {
  InterruptNotifier n;
  const int fd = n.wait_fd();
  for (int i = 0; i < 2000; ++i) {
    std::thread t([&] { n.Request(); });
    n.Clear();
    t.join();
    EXPECT_EQ(Readable(fd), n.requested()) << "iteration " << i;
    n.Clear();
  }
}

}  // namespace
}  // namespace weft
