// A per-call timer that interrupts an ExecContext at a deadline.
#ifndef WEFT_API_WATCHDOG_H_
#define WEFT_API_WATCHDOG_H_

#include <condition_variable>
#include <mutex>
#include <thread>

#include "absl/time/time.h"
#include "interp/instance_data.h"

namespace weft::api {

// Starts a thread that calls ctx->RequestInterrupt() at `deadline` unless
// Stop() (or the destructor) comes first. The thread is always joined.
class Watchdog {
 public:
  Watchdog(interp::ExecContext* ctx, absl::Time deadline);
  ~Watchdog();
  Watchdog(const Watchdog&) = delete;
  Watchdog& operator=(const Watchdog&) = delete;

  // Stops the timer; true when it had already fired.
  bool Stop();

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  bool done_ = false;
  bool fired_ = false;
  std::thread thread_;
};

}  // namespace weft::api

#endif  // WEFT_API_WATCHDOG_H_
