#include "base/deadline_timer.h"

#include <dirent.h>

#include <atomic>
#include <thread>
#include <vector>

#include "gtest/gtest.h"

namespace weft {
namespace {

int TaskCount() {
  int n = 0;
  DIR* d = opendir("/proc/self/task");
  if (d == nullptr) return -1;
  while (dirent* e = readdir(d)) {
    if (e->d_name[0] != '.') ++n;
  }
  closedir(d);
  return n;
}

TEST(DeadlineTimerTest, FiresAtDeadline) {
  std::atomic<bool> fired{false};
  absl::Time start = absl::Now();
  ScopedDeadline d(start + absl::Milliseconds(20), [&] { fired = true; });
  while (!fired && absl::Now() - start < absl::Seconds(5)) {
    absl::SleepFor(absl::Milliseconds(1));
  }
  EXPECT_TRUE(fired);
  EXPECT_GE(absl::Now() - start, absl::Milliseconds(20));
  EXPECT_TRUE(d.Stop());
}

TEST(DeadlineTimerTest, CancelledNeverFires) {
  std::atomic<int> fired{0};
  {
    ScopedDeadline d(absl::Now() + absl::Milliseconds(50), [&] { ++fired; });
    EXPECT_FALSE(d.Stop());
  }
  absl::SleepFor(absl::Milliseconds(100));
  EXPECT_EQ(fired, 0);
}

TEST(DeadlineTimerTest, EarlierDeadlineFiresFirst) {
  std::atomic<int> order{0};
  int late = 0, early = 0;
  absl::Time now = absl::Now();
  ScopedDeadline a(now + absl::Milliseconds(60), [&] { late = ++order; });
  ScopedDeadline b(now + absl::Milliseconds(10), [&] { early = ++order; });
  absl::SleepFor(absl::Milliseconds(150));
  a.Stop();
  b.Stop();
  EXPECT_EQ(early, 1);
  EXPECT_EQ(late, 2);
}

// Many timed scopes from many threads use at most one timer thread.
TEST(DeadlineTimerTest, OneThreadForManyDeadlines) {
  std::atomic<int> fired{0};
  {  // warm up so the timer thread exists
    ScopedDeadline d(absl::Now(), [&] { ++fired; });
    absl::SleepFor(absl::Milliseconds(5));
  }
  int before = TaskCount();
  int max_seen = before;
  std::vector<std::thread> threads;
  std::atomic<int> max_tasks{before};
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 500; ++i) {
        ScopedDeadline d(absl::Now() + absl::Microseconds((i % 3) * 50 + t),
                         [&] { ++fired; });
        if (i % 2) absl::SleepFor(absl::Microseconds(100));
        int n = TaskCount();
        int m = max_tasks.load();
        while (n > m && !max_tasks.compare_exchange_weak(m, n)) {
        }
      }
    });
  }
  for (auto& th : threads) th.join();
  max_seen = max_tasks.load();
  // The 4 workers plus at most the one timer thread.
  EXPECT_LE(max_seen, before + 4 + 1);
  EXPECT_LE(DeadlineTimer::Global().thread_count(), 1);
  EXPECT_GT(fired, 0);
  // Idle: the timer thread exits and the count returns to at most before.
  absl::SleepFor(absl::Milliseconds(400));
  EXPECT_EQ(DeadlineTimer::Global().thread_count(), 0);
  EXPECT_LE(TaskCount(), before);
}

// A cancelled far deadline must not keep the thread alive until it would
// have fired (a per-call timeout of minutes is cancelled on most calls).
TEST(DeadlineTimerTest, CancelledFarDeadlineLetsTheThreadExit) {
  DeadlineTimer timer;
  DeadlineTimer::Id id = timer.Schedule(absl::Now() + absl::Hours(1), [] {});
  EXPECT_EQ(timer.thread_count(), 1);
  EXPECT_FALSE(timer.Cancel(id));
  for (int i = 0; i < 100 && timer.thread_count() != 0; ++i) absl::SleepFor(absl::Milliseconds(10));
  EXPECT_EQ(timer.thread_count(), 0);
}

}  // namespace
}  // namespace weft
