#include "base/deadline_timer.h"

namespace weft {
namespace {
// How long the thread lingers with nothing queued before it exits; keeps a
// burst of timed calls from starting a thread each.
constexpr absl::Duration kIdleExit = absl::Milliseconds(200);
}  // namespace

DeadlineTimer& DeadlineTimer::Global() {
  // A function-local static: destroyed (thread joined) at process exit.
  static DeadlineTimer timer;
  return timer;
}

DeadlineTimer::~DeadlineTimer() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

DeadlineTimer::Id DeadlineTimer::Schedule(absl::Time deadline, std::function<void()> fire) {
  std::unique_lock<std::mutex> lock(mu_);
  Id id = next_id_++;
  queue_.emplace(std::make_pair(deadline, id), std::move(fire));
  pending_.emplace(id, deadline);
  if (!running_) {
    // A previous thread that went idle has finished its loop; reap it.
    if (thread_.joinable()) thread_.join();
    running_ = true;
    thread_ = std::thread([this] { Run(); });
  }
  lock.unlock();
  cv_.notify_all();
  return id;
}

bool DeadlineTimer::Cancel(Id id) {
  std::unique_lock<std::mutex> lock(mu_);
  auto it = pending_.find(id);
  if (it != pending_.end()) {
    queue_.erase(std::make_pair(it->second, id));
    pending_.erase(it);
    // The thread may be sleeping until this deadline: once nothing is
    // queued, wake it so it goes idle (and exits) now, not then.
    if (queue_.empty()) cv_.notify_one();
    return false;
  }
  // Already taken off the queue: wait until its callback has finished.
  fired_cv_.wait(lock, [&] { return firing_ != id; });
  return true;
}

int DeadlineTimer::thread_count() {
  std::lock_guard<std::mutex> lock(mu_);
  return running_ ? 1 : 0;
}

void DeadlineTimer::Run() {
  std::unique_lock<std::mutex> lock(mu_);
  while (!stopping_) {
    if (queue_.empty()) {
      absl::Time idle_until = absl::Now() + kIdleExit;
      cv_.wait_until(lock, absl::ToChronoTime(idle_until),
                     [&] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) break;
      continue;
    }
    auto first = queue_.begin();
    absl::Time when = first->first.first;
    if (absl::Now() < when) {
      cv_.wait_until(lock, absl::ToChronoTime(when));
      continue;  // re-check: new earlier deadline, cancel, or time reached
    }
    Id id = first->first.second;
    std::function<void()> fire = std::move(first->second);
    queue_.erase(first);
    pending_.erase(id);
    firing_ = id;
    lock.unlock();
    fire();
    lock.lock();
    firing_ = 0;
    fired_cv_.notify_all();
  }
  running_ = false;
}

}  // namespace weft
