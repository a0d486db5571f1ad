#include "base/interrupt_notifier.h"

#include <poll.h>
#include <sys/eventfd.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <vector>

namespace weft {
namespace {

int64_t MonotonicNs() {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return int64_t(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

}  // namespace

InterruptNotifier::~InterruptNotifier() {
  if (fd_ >= 0) close(fd_);
}

void InterruptNotifier::Request() {
  std::lock_guard<std::mutex> lock(mu_);
  // The flag before the wakeup: whoever wakes on the fd finds it set.
  if ((flag_.fetch_or(kStopBit, std::memory_order_relaxed) & kStopBit) == 0 && fd_ >= 0) {
    const uint64_t one = 1;
    (void)!write(fd_, &one, sizeof one);
  }
}

void InterruptNotifier::Clear() {
  // Every call of a pooled instance ends with a Clear; only one that had a
  // request pays for the system call.
  if (!requested()) return;
  std::lock_guard<std::mutex> lock(mu_);
  if ((flag_.fetch_and(~kStopBit, std::memory_order_relaxed) & kStopBit) != 0 && fd_ >= 0) {
    uint64_t count;
    (void)!read(fd_, &count, sizeof count);  // non-blocking: resets to 0
  }
}

int InterruptNotifier::wait_fd() const {
  std::lock_guard<std::mutex> lock(mu_);
  if (fd_ < 0) {
    // Born signalled when a request is already pending.
    fd_ = eventfd(requested() ? 1 : 0, EFD_CLOEXEC | EFD_NONBLOCK);
  }
  return fd_;
}

InterruptNotifier::WaitResult InterruptNotifier::Wait(
    struct pollfd* fds, size_t nfds, int64_t timeout_ns) const {
  const int efd = wait_fd();
  std::vector<struct pollfd> all(fds, fds + nfds);
  if (efd >= 0) all.push_back({efd, POLLIN, 0});
  const int64_t deadline = timeout_ns < 0 ? -1 : MonotonicNs() + timeout_ns;
  for (bool first = true;; first = false) {
    if (requested()) return WaitResult::kInterrupted;
    int64_t left = -1;
    if (deadline >= 0) {
      left = std::max<int64_t>(0, deadline - MonotonicNs());
      // A zero timeout still looks once.
      if (left == 0 && !first) return WaitResult::kTimedOut;
    }
    int64_t slice = left;
    if (efd < 0 && (slice < 0 || slice > kFallbackSliceNs))
      slice = kFallbackSliceNs;
    struct timespec ts = {time_t(slice / 1'000'000'000),
                          long(slice % 1'000'000'000)};
    for (struct pollfd& p : all) p.revents = 0;
    const int r =
        ppoll(all.data(), all.size(), slice < 0 ? nullptr : &ts, nullptr);
    if (r < 0) {
      if (errno == EINTR) continue;
      return WaitResult::kError;
    }
    if (requested()) return WaitResult::kInterrupted;
    const int woken = efd >= 0 && all.back().revents != 0 ? 1 : 0;
    if (r - woken > 0) {
      for (size_t i = 0; i < nfds; ++i) fds[i].revents = all[i].revents;
      return WaitResult::kReady;
    }
    if (woken) {
      // Never by construction (the counter is nonzero only while the flag
      // is set), but a stale wakeup must not turn into a busy loop.
      std::lock_guard<std::mutex> lock(mu_);
      uint64_t count;
      if (!requested()) (void)!read(efd, &count, sizeof count);
    }
    // Otherwise the time is up, or only the fallback slice ended.
  }
}

}  // namespace weft
