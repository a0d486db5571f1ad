// A circuit breaker for calls into one plugin: after `failure_threshold`
// consecutive failures it opens and refuses calls without running them;
// after `reset_timeout` it half-opens and lets one trial call through; the
// trial's success closes it, its failure opens it again for another
// timeout. Thread-safe (one mutex; held only for a few comparisons).
#ifndef WEFT_POOL_CIRCUIT_BREAKER_H_
#define WEFT_POOL_CIRCUIT_BREAKER_H_

#include <cstdint>
#include <functional>
#include <mutex>

#include "absl/status/status.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace weft {

struct CircuitBreakerOptions {
  uint32_t failure_threshold = 5;             // consecutive failures to open
  absl::Duration reset_timeout = absl::Seconds(5);  // open -> half-open
};

class CircuitBreaker {
 public:
  enum class State { kClosed, kOpen, kHalfOpen };

  // `now` is the clock (tests pass a fake one).
  explicit CircuitBreaker(CircuitBreakerOptions options = {},
                          std::function<absl::Time()> now = [] { return absl::Now(); });

  // Asks to make a call. OK: go ahead, then report OnSuccess/OnFailure.
  // Unavailable ("circuit open after N consecutive failures; retry in T")
  // while open, or while a half-open trial call is still running.
  absl::Status Allow();
  void OnSuccess();
  void OnFailure();

  State state() const;
  uint32_t consecutive_failures() const;

 private:
  const CircuitBreakerOptions options_;
  const std::function<absl::Time()> now_;
  mutable std::mutex mu_;
  State state_ = State::kClosed;
  uint32_t failures_ = 0;
  absl::Time opened_at_;
  bool trial_running_ = false;
};

const char* CircuitStateName(CircuitBreaker::State s);

}  // namespace weft

#endif  // WEFT_POOL_CIRCUIT_BREAKER_H_
