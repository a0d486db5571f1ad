// One process-wide timer: a single thread with a queue of deadlines.
// Used for per-call deadlines so that a timed call never costs a thread.
#ifndef WEFT_BASE_DEADLINE_TIMER_H_
#define WEFT_BASE_DEADLINE_TIMER_H_

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <thread>
#include <utility>

#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace weft {

class DeadlineTimer {
 public:
  using Id = uint64_t;

  // The process's timer. Its thread starts on the first Schedule, exits
  // after it has been idle for a short while, and is joined at exit.
  static DeadlineTimer& Global();

  DeadlineTimer() = default;
  ~DeadlineTimer();
  DeadlineTimer(const DeadlineTimer&) = delete;
  DeadlineTimer& operator=(const DeadlineTimer&) = delete;

  // Runs `fire` on the timer thread at `deadline` unless cancelled first.
  // `fire` must be quick and must not call back into the timer.
  Id Schedule(absl::Time deadline, std::function<void()> fire);

  // Cancels `id`. Returns true when it had already fired. After Cancel
  // returns, `fire` is not running and never will.
  bool Cancel(Id id);

  // Number of live timer threads (0 or 1); for tests.
  int thread_count();

 private:
  void Run();

  std::mutex mu_;
  std::condition_variable cv_;
  std::condition_variable fired_cv_;
  // Keyed by (deadline, id) so equal deadlines stay distinct.
  std::map<std::pair<absl::Time, Id>, std::function<void()>> queue_;
  std::map<Id, absl::Time> pending_;  // id -> deadline, for Cancel
  Id next_id_ = 1;
  Id firing_ = 0;  // id whose callback runs now (outside mu_), or 0
  bool running_ = false;
  bool stopping_ = false;
  std::thread thread_;
};

// RAII: schedules at construction, cancels at destruction.
class ScopedDeadline {
 public:
  ScopedDeadline(absl::Time deadline, std::function<void()> fire)
      : id_(DeadlineTimer::Global().Schedule(deadline, std::move(fire))) {}
  ~ScopedDeadline() { Stop(); }
  ScopedDeadline(const ScopedDeadline&) = delete;
  ScopedDeadline& operator=(const ScopedDeadline&) = delete;

  // Cancels; true when the deadline had already fired.
  bool Stop() {
    if (!stopped_) {
      stopped_ = true;
      fired_ = DeadlineTimer::Global().Cancel(id_);
    }
    return fired_;
  }

 private:
  DeadlineTimer::Id id_;
  bool stopped_ = false;
  bool fired_ = false;
};

}  // namespace weft

#endif  // WEFT_BASE_DEADLINE_TIMER_H_
