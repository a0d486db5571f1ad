#include "pool/circuit_breaker.h"

#include "gtest/gtest.h"

namespace weft {
namespace {

class CircuitBreakerTest : public ::testing::Test {
 protected:
  absl::Time now_ = absl::FromUnixSeconds(1000);
  CircuitBreaker breaker_{{.failure_threshold = 3, .reset_timeout = absl::Seconds(10)},
                          [this] { return now_; }};
};

TEST_F(CircuitBreakerTest, OpensAfterConsecutiveFailuresOnly) {
  for (int i = 0; i < 2; ++i) {
    ASSERT_TRUE(breaker_.Allow().ok());
    breaker_.OnFailure();
  }
  ASSERT_TRUE(breaker_.Allow().ok());
  breaker_.OnSuccess();  // resets the run of failures
  EXPECT_EQ(breaker_.consecutive_failures(), 0u);
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(breaker_.Allow().ok());
    breaker_.OnFailure();
  }
  EXPECT_EQ(breaker_.state(), CircuitBreaker::State::kOpen);
  absl::Status refused = breaker_.Allow();
  EXPECT_EQ(refused.code(), absl::StatusCode::kUnavailable);
  EXPECT_NE(refused.message().find("3 consecutive failures"), absl::string_view::npos)
      << refused;
}

TEST_F(CircuitBreakerTest, HalfOpensAfterTimeoutAndClosesOnSuccess) {
  for (int i = 0; i < 3; ++i) breaker_.OnFailure();
  now_ += absl::Seconds(9);
  absl::Status still_open = breaker_.Allow();
  EXPECT_EQ(still_open.code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(still_open.message(), "circuit open after 3 consecutive failures; retry in 1s");
  now_ += absl::Seconds(1);
  ASSERT_TRUE(breaker_.Allow().ok());  // the trial call
  EXPECT_EQ(breaker_.state(), CircuitBreaker::State::kHalfOpen);
  EXPECT_EQ(breaker_.Allow().code(), absl::StatusCode::kUnavailable);  // one trial at a time
  breaker_.OnSuccess();
  EXPECT_EQ(breaker_.state(), CircuitBreaker::State::kClosed);
  EXPECT_TRUE(breaker_.Allow().ok());
}

TEST_F(CircuitBreakerTest, FailedTrialReopensForAnotherTimeout) {
  for (int i = 0; i < 3; ++i) breaker_.OnFailure();
  now_ += absl::Seconds(10);
  ASSERT_TRUE(breaker_.Allow().ok());
  breaker_.OnFailure();
  EXPECT_EQ(breaker_.state(), CircuitBreaker::State::kOpen);
  now_ += absl::Seconds(5);
  absl::Status reopened = breaker_.Allow();
  EXPECT_EQ(reopened.code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(reopened.message(), "circuit open after 4 consecutive failures; retry in 5s");
  now_ += absl::Seconds(5);
  EXPECT_TRUE(breaker_.Allow().ok());
}

}  // namespace
}  // namespace weft
