// A per-call timer that interrupts an ExecContext at a deadline. Backed by
// the process-wide DeadlineTimer (base/deadline_timer.h): no thread per call.
#ifndef WEFT_API_WATCHDOG_H_
#define WEFT_API_WATCHDOG_H_

#include "absl/time/time.h"
#include "interp/instance_data.h"
#include "base/deadline_timer.h"

namespace weft::api {

// Calls ctx->RequestInterrupt() at `deadline` unless Stop() (or the
// destructor) comes first. After Stop() the timer never touches ctx.
class Watchdog {
 public:
  Watchdog(interp::ExecContext* ctx, absl::Time deadline)
      : deadline_(deadline, [ctx] { ctx->RequestInterrupt(); }) {}
  Watchdog(const Watchdog&) = delete;
  Watchdog& operator=(const Watchdog&) = delete;

  // Stops the timer; true when it had already fired.
  bool Stop() { return deadline_.Stop(); }

 private:
  ScopedDeadline deadline_;
};

}  // namespace weft::api

#endif  // WEFT_API_WATCHDOG_H_
