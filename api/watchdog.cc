#include "api/watchdog.h"

namespace weft::api {

Watchdog::Watchdog(interp::ExecContext* ctx, absl::Time deadline) {
  thread_ = std::thread([this, ctx, deadline] {
    std::unique_lock<std::mutex> lock(mu_);
    if (!cv_.wait_until(lock, absl::ToChronoTime(deadline), [this] { return done_; })) {
      fired_ = true;
      ctx->RequestInterrupt();
    }
  });
}

bool Watchdog::Stop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    done_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
  return fired_;
}

Watchdog::~Watchdog() { Stop(); }

}  // namespace weft::api
