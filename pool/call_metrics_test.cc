#include "pool/call_metrics.h"

#include <thread>
#include <vector>

#include "gtest/gtest.h"

namespace weft {
namespace {

TEST(CallMetricsTest, CountsOutcomesTrapsAndFuel) {
  CallMetrics m;
  m.RecordCall(CallFailure::kOk, absl::Microseconds(10), 100);
  m.RecordCall(CallFailure::kTrap, absl::Microseconds(20), 50, TrapCode::kIntegerDivideByZero);
  m.RecordCall(CallFailure::kDeadlineExceeded, absl::Milliseconds(5), 7, TrapCode::kInterrupted);
  m.RecordCall(CallFailure::kFuelExhausted, absl::Microseconds(30), 1000, TrapCode::kFuelExhausted);
  CallMetrics::Snapshot s = m.Read();
  EXPECT_EQ(s.calls, 4u);
  EXPECT_EQ(s.failures, 3u);
  EXPECT_EQ(s.by_failure[size_t(CallFailure::kOk)], 1u);
  EXPECT_EQ(s.by_failure[size_t(CallFailure::kTrap)], 1u);
  EXPECT_EQ(s.by_failure[size_t(CallFailure::kDeadlineExceeded)], 1u);
  EXPECT_EQ(s.by_trap[size_t(TrapCode::kIntegerDivideByZero)], 1u);
  EXPECT_EQ(s.fuel_used, 1157u);
  EXPECT_EQ(s.max, absl::Milliseconds(5));
  const std::string text = m.ToText();
  EXPECT_NE(text.find("deadline exceeded: 1"), std::string::npos) << text;
  EXPECT_NE(text.find("trap \"integer divide by zero\": 1"), std::string::npos) << text;
}

TEST(CallMetricsTest, PercentilesAreWithinOneBucket) {
  CallMetrics m;
  // 1..1000 microseconds, one call each.
  for (int us = 1; us <= 1000; ++us) m.RecordCall(CallFailure::kOk, absl::Microseconds(us));
  CallMetrics::Snapshot s = m.Read();
  auto near = [](absl::Duration got, absl::Duration want) {
    return got >= want && got <= want * 1.1;  // bucket bound: up to 9% above
  };
  EXPECT_TRUE(near(s.p50, absl::Microseconds(500))) << s.p50;
  EXPECT_TRUE(near(s.p90, absl::Microseconds(900))) << s.p90;
  EXPECT_TRUE(near(s.p99, absl::Microseconds(990))) << s.p99;
}

TEST(CallMetricsTest, BucketsAreMonotonicAndClamped) {
  EXPECT_EQ(CallMetrics::BucketOf(absl::ZeroDuration()), 0);
  EXPECT_EQ(CallMetrics::BucketOf(absl::Hours(100)), CallMetrics::kBuckets - 1);
  int last = 0;
  for (int64_t ns = 1; ns < int64_t{1} << 40; ns = ns * 3 / 2 + 1) {
    const int b = CallMetrics::BucketOf(absl::Nanoseconds(ns));
    EXPECT_GE(b, last);
    if (b < CallMetrics::kBuckets - 1) EXPECT_LE(absl::Nanoseconds(ns), CallMetrics::BucketUpperBound(b));
    last = b;
  }
}

TEST(CallMetricsTest, ConcurrentRecordingLosesNothing) {
  CallMetrics m;
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&m] {
      for (int i = 0; i < 10000; ++i) m.RecordCall(CallFailure::kOk, absl::Microseconds(i % 50), 1);
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(m.Read().calls, 40000u);
  EXPECT_EQ(m.Read().fuel_used, 40000u);
}

}  // namespace
}  // namespace weft
