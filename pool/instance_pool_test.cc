#include "pool/instance_pool.h"

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

#include "absl/time/clock.h"
#include "gtest/gtest.h"

namespace weft {
namespace {

// A stand-in for a plugin instance: counts how many exist, and can be
// told to fail its next reset.
struct FakeItem {
  static std::atomic<int> alive;
  explicit FakeItem(int id) : id(id) { ++alive; }
  ~FakeItem() { --alive; }
  int id;
  int dirty = 0;  // set by a user, cleared by reset
  bool fail_reset = false;
};
std::atomic<int> FakeItem::alive{0};

// Factory and reset for FakeItems, with knobs for the tests.
struct Fakes {
  std::atomic<int> next_id{0};
  std::atomic<int> resets{0};
  std::atomic<bool> fail_create{false};
  absl::Time last_deadline;

  InstancePool<FakeItem>::Factory Factory() {
    return [this](absl::Time deadline) -> absl::StatusOr<std::unique_ptr<FakeItem>> {
      last_deadline = deadline;
      if (fail_create) return absl::ResourceExhaustedError("no room for another");
      return std::make_unique<FakeItem>(next_id++);
    };
  }
  InstancePool<FakeItem>::Reset Reset() {
    return [this](FakeItem& item) {
      ++resets;
      item.dirty = 0;
      return item.fail_reset ? absl::DataLossError("cannot reset") : absl::OkStatus();
    };
  }
};

InstancePoolOptions Max(uint32_t n) {
  InstancePoolOptions o;
  o.max_items = n;
  return o;
}

// Waits (bounded) until `pred` holds.
template <typename Pred>
bool Eventually(Pred pred) {
  for (int i = 0; i < 2000 && !pred(); ++i) absl::SleepFor(absl::Milliseconds(1));
  return pred();
}

TEST(InstancePoolTest, CreatesOnDemandUpToMaxThenRunsOutAtTheDeadline) {
  Fakes f;
  InstancePool<FakeItem> pool(Max(2), f.Factory(), f.Reset());
  EXPECT_EQ(pool.gauges().idle, 0u);
  auto a = pool.Acquire(absl::InfiniteFuture());
  auto b = pool.Acquire(absl::InfiniteFuture());
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_NE((*a)->id, (*b)->id);
  const absl::Time start = absl::Now();
  auto c = pool.Acquire(start + absl::Milliseconds(30));
  EXPECT_GE(absl::Now() - start, absl::Milliseconds(30));
  EXPECT_EQ(c.status().code(), absl::StatusCode::kDeadlineExceeded);
  EXPECT_EQ(c.status().message(), "pool exhausted: all 2 instances busy until the deadline");
  InstancePoolGauges g = pool.gauges();
  EXPECT_EQ(g.in_use, 2u);
  EXPECT_EQ(g.idle, 0u);
  EXPECT_EQ(g.waiting, 0u);
  EXPECT_EQ(g.created, 2u);
  EXPECT_EQ(FakeItem::alive, 2);
}

TEST(InstancePoolTest, ReleaseResetsAndReusesTheItem) {
  Fakes f;
  InstancePool<FakeItem> pool(Max(1), f.Factory(), f.Reset());
  {
    auto lease = pool.Acquire(absl::InfiniteFuture());
    ASSERT_TRUE(lease.ok());
    (*lease)->dirty = 7;
    EXPECT_EQ(f.resets, 0);
  }  // released here
  EXPECT_EQ(f.resets, 1);
  auto again = pool.Acquire(absl::InfiniteFuture());
  ASSERT_TRUE(again.ok());
  EXPECT_EQ((*again)->id, 0);
  EXPECT_EQ((*again)->dirty, 0);
  EXPECT_EQ(pool.gauges().created, 1u);
  EXPECT_EQ(pool.gauges().discarded, 0u);
}

TEST(InstancePoolTest, FailedResetDiscardsTheItemAndFreesItsPlace) {
  Fakes f;
  InstancePool<FakeItem> pool(Max(1), f.Factory(), f.Reset());
  {
    auto lease = pool.Acquire(absl::InfiniteFuture());
    ASSERT_TRUE(lease.ok());
    (*lease)->fail_reset = true;
  }
  InstancePoolGauges g = pool.gauges();
  EXPECT_EQ(g.discarded, 1u);
  EXPECT_EQ(g.in_use, 0u);
  EXPECT_EQ(g.idle, 0u);
  EXPECT_EQ(FakeItem::alive, 0);
  auto fresh = pool.Acquire(absl::Now() + absl::Seconds(5));
  ASSERT_TRUE(fresh.ok()) << fresh.status();
  EXPECT_EQ((*fresh)->id, 1);
  EXPECT_EQ(pool.gauges().created, 2u);
}

TEST(InstancePoolTest, DiscardDestroysWithoutReset) {
  Fakes f;
  InstancePool<FakeItem> pool(Max(1), f.Factory(), f.Reset());
  auto lease = pool.Acquire(absl::InfiniteFuture());
  ASSERT_TRUE(lease.ok());
  lease->Discard();
  EXPECT_EQ(lease->get(), nullptr);
  EXPECT_EQ(f.resets, 0);
  EXPECT_EQ(FakeItem::alive, 0);
  EXPECT_EQ(pool.gauges().discarded, 1u);
  EXPECT_EQ(pool.gauges().in_use, 0u);
}

TEST(InstancePoolTest, MovingALeaseOverAnotherReleasesTheOldItem) {
  Fakes f;
  InstancePool<FakeItem> pool(Max(2), f.Factory(), f.Reset());
  auto a = pool.Acquire(absl::InfiniteFuture());
  auto b = pool.Acquire(absl::InfiniteFuture());
  ASSERT_TRUE(a.ok() && b.ok());
  *a = *std::move(b);
  EXPECT_EQ((*a)->id, 1);
  EXPECT_EQ(f.resets, 1);
  EXPECT_EQ(pool.gauges().in_use, 1u);
  EXPECT_EQ(pool.gauges().idle, 1u);
}

// The bug fixed in 769d537: a failed on-demand creation kept its place
// counted, so the gauges showed one more in use and the pool shrank.
TEST(InstancePoolTest, FactoryFailureDoesNotLeakAPlace) {
  Fakes f;
  InstancePool<FakeItem> pool(Max(1), f.Factory(), f.Reset());
  f.fail_create = true;
  auto failed = pool.Acquire(absl::InfiniteFuture());
  EXPECT_EQ(failed.status().code(), absl::StatusCode::kResourceExhausted);
  EXPECT_EQ(failed.status().message(), "no room for another");
  InstancePoolGauges g = pool.gauges();
  EXPECT_EQ(g.in_use, 0u);
  EXPECT_EQ(g.idle, 0u);
  EXPECT_EQ(g.created, 0u);
  f.fail_create = false;
  auto ok = pool.Acquire(absl::Now() + absl::Milliseconds(100));
  ASSERT_TRUE(ok.ok()) << ok.status();
  EXPECT_EQ(pool.gauges().in_use, 1u);
}

TEST(InstancePoolTest, AFailedCreationHandsItsPlaceToAWaiter) {
  // The first creation blocks until released, then fails; meanwhile a
  // second Acquire waits for the only place.
  std::mutex mu;
  std::condition_variable cv;
  bool creating = false, go = false;
  int calls = 0;
  InstancePool<FakeItem> pool(
      Max(1),
      [&](absl::Time) -> absl::StatusOr<std::unique_ptr<FakeItem>> {
        std::unique_lock<std::mutex> lock(mu);
        if (calls++ == 0) {
          creating = true;
          cv.notify_all();
          cv.wait(lock, [&] { return go; });
          return absl::UnavailableError("first creation fails");
        }
        return std::make_unique<FakeItem>(calls);
      },
      [](FakeItem&) { return absl::OkStatus(); });
  absl::StatusOr<InstancePool<FakeItem>::Lease> first;
  std::thread t([&] { first = pool.Acquire(absl::InfiniteFuture()); });
  {
    std::unique_lock<std::mutex> lock(mu);
    cv.wait(lock, [&] { return creating; });
  }
  absl::StatusOr<InstancePool<FakeItem>::Lease> second;
  std::thread u([&] { second = pool.Acquire(absl::Now() + absl::Seconds(10)); });
  ASSERT_TRUE(Eventually([&] { return pool.gauges().waiting == 1; }));
  {
    std::lock_guard<std::mutex> lock(mu);
    go = true;
  }
  cv.notify_all();
  t.join();
  u.join();
  EXPECT_EQ(first.status().code(), absl::StatusCode::kUnavailable);
  ASSERT_TRUE(second.ok()) << second.status();
  EXPECT_EQ(pool.gauges().in_use, 1u);
  EXPECT_EQ(pool.gauges().created, 1u);
}

TEST(InstancePoolTest, WaitersAreServedInArrivalOrder) {
  Fakes f;
  InstancePool<FakeItem> pool(Max(1), f.Factory(), f.Reset());
  auto held = pool.Acquire(absl::InfiniteFuture());
  ASSERT_TRUE(held.ok());
  constexpr int kWaiters = 5;
  std::mutex mu;
  std::vector<int> order;
  std::vector<std::thread> threads;
  for (int i = 0; i < kWaiters; ++i) {
    threads.emplace_back([&, i] {
      auto lease = pool.Acquire(absl::Now() + absl::Seconds(30));
      ASSERT_TRUE(lease.ok()) << lease.status();
      std::lock_guard<std::mutex> lock(mu);
      order.push_back(i);
    });
    // The next one starts only once this one waits.
    ASSERT_TRUE(Eventually([&] { return pool.gauges().waiting == uint32_t(i + 1); }));
  }
  *held = InstancePool<FakeItem>::Lease();  // release: the chain begins
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(order, (std::vector<int>{0, 1, 2, 3, 4}));
  EXPECT_EQ(pool.gauges().created, 1u);  // one item, passed along
  EXPECT_EQ(pool.gauges().waiting, 0u);
}

TEST(InstancePoolTest, AWaiterGivesUpAtItsDeadlineAndLaterOnesStillGetServed) {
  Fakes f;
  InstancePool<FakeItem> pool(Max(1), f.Factory(), f.Reset());
  auto held = pool.Acquire(absl::InfiniteFuture());
  ASSERT_TRUE(held.ok());
  absl::StatusOr<InstancePool<FakeItem>::Lease> patient;
  std::thread long_wait([&] { patient = pool.Acquire(absl::Now() + absl::Seconds(30)); });
  ASSERT_TRUE(Eventually([&] { return pool.gauges().waiting == 1; }));
  const absl::Time start = absl::Now();
  auto impatient = pool.Acquire(start + absl::Milliseconds(40));
  EXPECT_EQ(impatient.status().code(), absl::StatusCode::kDeadlineExceeded);
  EXPECT_GE(absl::Now() - start, absl::Milliseconds(40));
  EXPECT_EQ(pool.gauges().waiting, 1u);
  *held = InstancePool<FakeItem>::Lease();
  long_wait.join();
  ASSERT_TRUE(patient.ok()) << patient.status();
  EXPECT_EQ(pool.gauges().waiting, 0u);
}

TEST(InstancePoolTest, MaxWaitBoundsACallerWithoutDeadline) {
  Fakes f;
  InstancePoolOptions o = Max(1);
  o.max_wait = absl::Milliseconds(30);
  InstancePool<FakeItem> pool(o, f.Factory(), f.Reset());
  auto held = pool.Acquire(absl::InfiniteFuture());
  ASSERT_TRUE(held.ok());
  EXPECT_EQ(f.last_deadline, absl::InfiniteFuture());  // creation: the caller's own
  auto none = pool.Acquire(absl::InfiniteFuture());
  EXPECT_EQ(none.status().code(), absl::StatusCode::kDeadlineExceeded);
}

TEST(InstancePoolTest, CreationGetsTheCallersDeadline) {
  Fakes f;
  InstancePool<FakeItem> pool(Max(1), f.Factory(), f.Reset());
  const absl::Time deadline = absl::Now() + absl::Seconds(3);
  ASSERT_TRUE(pool.Acquire(deadline).ok());
  EXPECT_EQ(f.last_deadline, deadline);
}

TEST(InstancePoolTest, PrepareCreatesAheadUpToMaxAndStopsAtAnError) {
  Fakes f;
  InstancePool<FakeItem> pool(Max(3), f.Factory(), f.Reset());
  ASSERT_TRUE(pool.Prepare(2, absl::InfiniteFuture()).ok());
  EXPECT_EQ(pool.gauges().idle, 2u);
  ASSERT_TRUE(pool.Prepare(10, absl::InfiniteFuture()).ok());  // capped at 3
  EXPECT_EQ(pool.gauges().idle, 3u);
  EXPECT_EQ(pool.gauges().created, 3u);
  EXPECT_EQ(f.resets, 0);  // new items are not reset

  Fakes g;
  InstancePool<FakeItem> failing(Max(3), g.Factory(), g.Reset());
  ASSERT_TRUE(failing.Prepare(1, absl::InfiniteFuture()).ok());
  g.fail_create = true;
  absl::Status s = failing.Prepare(3, absl::InfiniteFuture());
  EXPECT_EQ(s.code(), absl::StatusCode::kResourceExhausted);
  EXPECT_EQ(failing.gauges().idle, 1u);
  EXPECT_EQ(failing.gauges().in_use, 0u);
}

TEST(InstancePoolTest, ManyThreadsNeverExceedMaxAndLeaveEverythingAccountedFor) {
  constexpr uint32_t kMax = 3;
  constexpr int kThreads = 6, kRounds = 2000;
  {
    Fakes f;
    InstancePool<FakeItem> pool(Max(kMax), f.Factory(), f.Reset());
    std::atomic<int> held{0}, most{0}, ok{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
      threads.emplace_back([&, t] {
        for (int i = 0; i < kRounds; ++i) {
          auto lease = pool.Acquire(absl::Now() + absl::Seconds(30));
          if (!lease.ok()) continue;
          const int now = ++held;
          for (int seen = most; now > seen && !most.compare_exchange_weak(seen, now);) {
          }
          EXPECT_EQ((*lease)->dirty, 0);
          (*lease)->dirty = 1;
          // Now and then an item goes bad (reset fails) or is discarded.
          if ((i + t) % 97 == 0) (*lease)->fail_reset = true;
          --held;
          if ((i + t) % 89 == 0) lease->Discard();
          ++ok;
        }
      });
    }
    for (std::thread& th : threads) th.join();
    EXPECT_EQ(ok, kThreads * kRounds);
    EXPECT_LE(most, int(kMax));
    InstancePoolGauges g = pool.gauges();
    EXPECT_EQ(g.in_use, 0u);
    EXPECT_EQ(g.waiting, 0u);
    EXPECT_LE(g.idle, kMax);
    EXPECT_GT(g.discarded, 0u);
    EXPECT_EQ(g.created - g.discarded, g.idle);
    EXPECT_EQ(FakeItem::alive, int(g.idle));
  }
  EXPECT_EQ(FakeItem::alive, 0);  // the pool destroyed its idle items
}

}  // namespace
}  // namespace weft
