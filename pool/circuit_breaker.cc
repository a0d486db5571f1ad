#include "pool/circuit_breaker.h"

#include <utility>

#include "absl/strings/str_cat.h"

namespace weft {

const char* CircuitStateName(CircuitBreaker::State s) {
  switch (s) {
    case CircuitBreaker::State::kClosed: return "closed";
    case CircuitBreaker::State::kOpen: return "open";
    case CircuitBreaker::State::kHalfOpen: return "half-open";
  }
  return "?";
}

CircuitBreaker::CircuitBreaker(CircuitBreakerOptions options, std::function<absl::Time()> now)
    : options_(options), now_(std::move(now)) {}

absl::Status CircuitBreaker::Allow() {
  std::lock_guard<std::mutex> lock(mu_);
  if (state_ == State::kOpen) {
    const absl::Duration waited = now_() - opened_at_;
    if (waited < options_.reset_timeout) {
      return absl::UnavailableError(absl::StrCat(
          "circuit open after ", failures_, " consecutive failures; retry in ",
          absl::FormatDuration(options_.reset_timeout - waited)));
    }
    state_ = State::kHalfOpen;
    trial_running_ = false;
  }
  if (state_ == State::kHalfOpen) {
    // One trial at a time decides whether the plugin has recovered.
    if (trial_running_) {
      return absl::UnavailableError("circuit half-open: a trial call is running");
    }
    trial_running_ = true;
  }
  return absl::OkStatus();
}

void CircuitBreaker::OnSuccess() {
  std::lock_guard<std::mutex> lock(mu_);
  state_ = State::kClosed;
  failures_ = 0;
  trial_running_ = false;
}

void CircuitBreaker::OnFailure() {
  std::lock_guard<std::mutex> lock(mu_);
  ++failures_;
  if (state_ == State::kHalfOpen ||
      (state_ == State::kClosed && failures_ >= options_.failure_threshold)) {
    state_ = State::kOpen;
    opened_at_ = now_();
  }
  trial_running_ = false;
}

CircuitBreaker::State CircuitBreaker::state() const {
  std::lock_guard<std::mutex> lock(mu_);
  return state_;
}

uint32_t CircuitBreaker::consecutive_failures() const {
  std::lock_guard<std::mutex> lock(mu_);
  return failures_;
}

}  // namespace weft
