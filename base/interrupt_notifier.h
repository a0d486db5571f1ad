// InterruptNotifier: one stop request that both running guest code and a
// host call blocked in the OS observe.
//
// Guest code polls a flag (an atomic load at loop back-edges and calls: the
// interpreter's hot path). A host call that waits (a read on a pipe, an
// accept, a sleep) cannot poll a flag, so the notifier also owns an eventfd
// that is readable exactly while a request is pending: blocking code puts it
// in its poll(2) set next to what it waits for, and wakes the moment
// Request() is called. Request() sets the flag first, so a waiter that wakes
// on the fd always finds requested() true.
//
// The eventfd is created on the first wait_fd() (most executions never
// block in a host call, and an instance pool must not pay an fd per idle
// instance); it is closed by the destructor.
//
// Thread-safety: Request() may be called from any thread while the notifier
// lives (its owner guarantees that, e.g. by joining the timer that calls it).
// Clear(), wait_fd() and Wait() belong to the thread running the guest.
#ifndef WEFT_BASE_INTERRUPT_NOTIFIER_H_
#define WEFT_BASE_INTERRUPT_NOTIFIER_H_

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <mutex>

struct pollfd;

namespace weft {

class InterruptNotifier {
 public:
  InterruptNotifier() = default;
  ~InterruptNotifier();
  InterruptNotifier(const InterruptNotifier&) = delete;
  InterruptNotifier& operator=(const InterruptNotifier&) = delete;

  // Bits of the flag. A sample request (a profiler's timer) rides on the
  // same word so that guest code keeps one check for both: the check sees
  // the word nonzero, then tells a stop from a sample.
  static constexpr uint32_t kStopBit = 1;
  static constexpr uint32_t kSampleBit = 2;

  // Asks everything observing this notifier to stop. Stays set until Clear.
  void Request();
  // Forgets a stop request (between calls: a stale request must never stop
  // the next one).
  void Clear();
  bool requested() const { return (flag_.load(std::memory_order_relaxed) & kStopBit) != 0; }

  // Asks running guest code to report its call stack once, at its next
  // check, and go on. Blocked host calls are not woken: a profile samples
  // guest code.
  void RequestSample() { flag_.fetch_or(kSampleBit, std::memory_order_relaxed); }
  // Consumes a pending sample request; true when there was one.
  bool TakeSample() {
    return (flag_.fetch_and(~kSampleBit, std::memory_order_relaxed) & kSampleBit) != 0;
  }

  // The flag itself, for code that checks it in a hot loop (nonzero: a
  // stop or a sample is pending).
  const std::atomic<uint32_t>* flag() const { return &flag_; }

  // An fd (POLLIN) readable exactly while a request is pending, created on
  // first use; -1 if it cannot be created (out of fds; tried again on the
  // next call): then Wait falls back to checking the flag every
  // kFallbackSliceNs. Owned by the notifier.
  int wait_fd() const;

  static constexpr int64_t kFallbackSliceNs = 5'000'000;

  enum class WaitResult { kReady, kTimedOut, kInterrupted, kError };
  // ppoll(2) on `fds` (may be empty) for up to `timeout_ns` (< 0: no limit),
  // also waking when a request is made. kInterrupted wins over ready fds: a
  // deadline is honoured even when I/O is possible. kReady fills revents;
  // kError leaves errno set. EINTR from a signal is retried.
  WaitResult Wait(struct pollfd* fds, size_t nfds, int64_t timeout_ns) const;

 private:
  std::atomic<uint32_t> flag_{0};
  // Guards the eventfd's counter and creation, so that it is nonzero
  // exactly while flag_ is set (a Request racing a Clear cannot leave a
  // stale wakeup behind).
  mutable std::mutex mu_;
  mutable int fd_ = -1;
};

}  // namespace weft

#endif  // WEFT_BASE_INTERRUPT_NOTIFIER_H_
