#include "pool/instance_pool.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"

namespace weft::pool_internal {

// One blocked Acquire. The releasing thread fills it in under mu_ and
// wakes exactly this waiter, which is what keeps the order first come,
// first served (a shared condition variable wakes an arbitrary thread).
struct PoolCore::Waiter {
  std::condition_variable cv;
  bool served = false;
  Item item{nullptr, [](void*) {}};  // null when served with a place to create into
};

namespace {

InstancePoolOptions AtLeastOneItem(InstancePoolOptions options) {
  options.max_items = std::max<uint32_t>(options.max_items, 1);
  return options;
}

}  // namespace

PoolCore::PoolCore(InstancePoolOptions options, Factory factory, Reset reset)
    : options_(AtLeastOneItem(options)), factory_(std::move(factory)), reset_(std::move(reset)) {}

PoolCore::~PoolCore() {
  // Leases must not outlive the pool (header); idle items go with it.
  std::vector<Item> idle;
  {
    std::lock_guard<std::mutex> lock(mu_);
    idle.swap(idle_);
  }
}

absl::StatusOr<PoolCore::Item> PoolCore::CreateForReservedPlace(absl::Time deadline) {
  absl::StatusOr<Item> made = factory_(deadline);
  if (made.ok() && *made == nullptr) made = absl::InternalError("instance pool: factory returned null");
  std::lock_guard<std::mutex> lock(mu_);
  if (!made.ok()) {
    // The place was counted before the factory ran; leaving it counted
    // would shrink the pool (and show one more in use) for good.
    --live_;
    --in_use_;
    GiveUpPlaceLocked();
    return made.status();
  }
  ++created_;
  return made;
}

void PoolCore::GiveUpPlaceLocked() {
  if (waiters_.empty() || live_ >= options_.max_items) return;
  Waiter* w = waiters_.front();
  waiters_.pop_front();
  ++live_;
  ++in_use_;
  w->served = true;
  w->cv.notify_one();
}

absl::Status PoolCore::Prepare(uint32_t count, absl::Time deadline) {
  count = std::min(count, options_.max_items);
  for (;;) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (live_ >= count) return absl::OkStatus();
      ++live_;
      ++in_use_;
    }
    absl::StatusOr<Item> made = CreateForReservedPlace(deadline);
    if (!made.ok()) return made.status();
    Return(*std::move(made));  // new: nothing to reset
  }
}

absl::StatusOr<PoolCore::Item> PoolCore::Acquire(absl::Time deadline) {
  std::unique_lock<std::mutex> lock(mu_);
  // Earlier waiters come first: with any waiting, join the queue even if
  // an item or a place is free this instant (it is on its way to them).
  if (waiters_.empty()) {
    if (!idle_.empty()) {
      Item item = std::move(idle_.back());
      idle_.pop_back();
      ++in_use_;
      return item;
    }
    if (live_ < options_.max_items) {
      ++live_;
      ++in_use_;
      lock.unlock();
      return CreateForReservedPlace(deadline);
    }
  }
  // Only a caller that waits reads the clock: the fast paths above stay
  // free of it.
  const absl::Time wait_until = std::min(deadline, absl::Now() + options_.max_wait);
  Waiter w;
  waiters_.push_back(&w);
  while (!w.served) {
    if (w.cv.wait_until(lock, absl::ToChronoTime(wait_until)) == std::cv_status::timeout &&
        !w.served) {
      waiters_.erase(std::find(waiters_.begin(), waiters_.end(), &w));
      return absl::DeadlineExceededError(absl::StrCat(
          "pool exhausted: all ", options_.max_items, " instances busy until the deadline"));
    }
  }
  // Served: counted in in_use_ (and live_) by whoever served us.
  if (w.item != nullptr) return std::move(w.item);
  lock.unlock();
  return CreateForReservedPlace(deadline);
}

void PoolCore::Release(Item item, bool discard) {
  // Outside the lock: a reset may take a while, and must not stall
  // Acquire and Release of other items.
  if (!discard && reset_(item.get()).ok()) {
    Return(std::move(item));
    return;
  }
  {
    std::lock_guard<std::mutex> lock(mu_);
    --live_;
    --in_use_;
    ++discarded_;
    GiveUpPlaceLocked();
  }
  item.reset();  // destroyed outside the lock too (it may run guest code)
}

void PoolCore::Return(Item item) {
  std::lock_guard<std::mutex> lock(mu_);
  if (!waiters_.empty()) {
    // Handed over directly: it stays in use, now by the first waiter.
    Waiter* w = waiters_.front();
    waiters_.pop_front();
    w->item = std::move(item);
    w->served = true;
    w->cv.notify_one();
    return;
  }
  --in_use_;
  idle_.push_back(std::move(item));
}

InstancePoolGauges PoolCore::gauges() const {
  std::lock_guard<std::mutex> lock(mu_);
  InstancePoolGauges g;
  g.in_use = in_use_;
  g.idle = uint32_t(idle_.size());
  g.waiting = uint32_t(waiters_.size());
  g.created = created_;
  g.discarded = discarded_;
  return g;
}

}  // namespace weft::pool_internal
