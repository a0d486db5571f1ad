// A bounded pool of reusable items (plugin instances in the plugin host,
// anything expensive to create and cheap to reset elsewhere).
//
// At most `max_items` items exist at once. Acquire hands out an idle item,
// or creates one through the factory while fewer than `max_items` exist,
// or waits until one is released. Release resets the item through the
// reset callback and puts it back; an item whose reset fails, or that its
// holder discards (it cannot be trusted any more), is destroyed and its
// place freed for a new one. Every item is owned either by the pool (idle)
// or by one Lease (in use), and is destroyed by whichever owns it last.
//
// Waiters are served in arrival order: a released item, or the place of a
// discarded one, goes to the longest-waiting Acquire, never to a caller
// that arrived later. A waiter gives up at its deadline (DeadlineExceeded).
//
// Thread-safety: every method may be called from any thread. The pool has
// no thread of its own: the factory runs on the thread that Acquire (or
// Prepare) runs on, and reset and destruction of items on the releasing
// thread, all outside the pool's lock, so they may take as long as they
// need (they may run guest code) without holding up other callers.
//
// Lifetime: the pool must outlive its leases. Destroying the pool destroys
// its idle items.
#ifndef WEFT_POOL_INSTANCE_POOL_H_
#define WEFT_POOL_INSTANCE_POOL_H_

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace weft {

struct InstancePoolOptions {
  // Most items alive at once (idle + in use); at least 1.
  uint32_t max_items = 1;
  // Waiting for an item ends at the earlier of the caller's deadline and
  // this long after the wait began, so that a caller without a deadline
  // cannot wait for ever. Creating an item is bounded by the caller's
  // deadline alone (the factory receives it).
  absl::Duration max_wait = absl::Seconds(30);
};

// What the pool holds and has done; a snapshot.
struct InstancePoolGauges {
  uint32_t in_use = 0;     // leased, or being created for an Acquire
  uint32_t idle = 0;       // ready for the next Acquire
  uint32_t waiting = 0;    // Acquire calls waiting for an item now
  uint64_t created = 0;    // by the factory, over the pool's life
  uint64_t discarded = 0;  // destroyed after a failed reset or a Discard
};

namespace pool_internal {

// The type-erased pool behind InstancePool<T>: items are opaque owning
// pointers. Use InstancePool<T>.
class PoolCore {
 public:
  using Item = std::unique_ptr<void, void (*)(void*)>;
  using Factory = std::function<absl::StatusOr<Item>(absl::Time deadline)>;
  using Reset = std::function<absl::Status(void*)>;

  PoolCore(InstancePoolOptions options, Factory factory, Reset reset);
  ~PoolCore();
  PoolCore(const PoolCore&) = delete;
  PoolCore& operator=(const PoolCore&) = delete;

  absl::Status Prepare(uint32_t count, absl::Time deadline);
  absl::StatusOr<Item> Acquire(absl::Time deadline);
  void Release(Item item, bool discard);
  InstancePoolGauges gauges() const;
  uint32_t max_items() const { return options_.max_items; }

 private:
  struct Waiter;

  // Creates an item for a place already counted in live_ and in_use_;
  // gives the place up again when the factory fails.
  absl::StatusOr<Item> CreateForReservedPlace(absl::Time deadline);
  // Puts a ready item (reset or new) back: to the first waiter, else idle.
  void Return(Item item);
  // A place in the pool was freed (its item destroyed or never made):
  // the first waiter may create into it. Requires mu_.
  void GiveUpPlaceLocked();

  const InstancePoolOptions options_;
  const Factory factory_;
  const Reset reset_;

  mutable std::mutex mu_;
  std::vector<Item> idle_;
  std::deque<Waiter*> waiters_;  // first come, first served
  uint32_t live_ = 0;            // idle + in use
  uint32_t in_use_ = 0;
  uint64_t created_ = 0;
  uint64_t discarded_ = 0;
};

}  // namespace pool_internal

template <typename T>
class InstancePool {
 public:
  // Makes a new item; must respect `deadline` (absl::InfiniteFuture() for
  // none) and return an error rather than wait past it.
  using Factory = std::function<absl::StatusOr<std::unique_ptr<T>>(absl::Time deadline)>;
  // Makes a used item as good as new; an error means: destroy it.
  using Reset = std::function<absl::Status(T&)>;

  // An item on loan. Destroying (or moving over) a Lease releases its item
  // to the pool: it is reset, then reused or, if the reset fails,
  // destroyed. Not thread-safe itself (one holder).
  class Lease {
   public:
    Lease() = default;
    Lease(Lease&& other) noexcept
        : core_(std::exchange(other.core_, nullptr)), item_(std::move(other.item_)) {}
    Lease& operator=(Lease&& other) noexcept {
      if (this != &other) {
        Return(false);
        core_ = std::exchange(other.core_, nullptr);
        item_ = std::move(other.item_);
      }
      return *this;
    }
    ~Lease() { Return(false); }

    T& operator*() const { return *get(); }
    T* operator->() const { return get(); }
    T* get() const { return static_cast<T*>(item_.get()); }

    // Gives the item back now without resetting it: it is destroyed and
    // counted as discarded. For an item its holder no longer trusts.
    void Discard() { Return(true); }

   private:
    friend class InstancePool;
    Lease(pool_internal::PoolCore* core, pool_internal::PoolCore::Item item)
        : core_(core), item_(std::move(item)) {}
    void Return(bool discard) {
      if (core_ != nullptr) std::exchange(core_, nullptr)->Release(std::move(item_), discard);
    }

    pool_internal::PoolCore* core_ = nullptr;
    pool_internal::PoolCore::Item item_{nullptr, [](void*) {}};
  };

  // `factory` and `reset` may be any callables with the signatures of
  // Factory and Reset (kept as they are: no second indirection).
  template <typename MakeFn, typename ResetFn>
  InstancePool(InstancePoolOptions options, MakeFn factory, ResetFn reset)
      : core_(options, Erase(std::move(factory)),
              [reset = std::move(reset)](void* item) { return reset(*static_cast<T*>(item)); }) {}

  // Creates items until `count` exist (at most max_items), each bounded by
  // `deadline`, so that the first calls do not pay for creation. Stops at
  // the first factory error and returns it; the items made so far stay.
  absl::Status Prepare(uint32_t count, absl::Time deadline) {
    return core_.Prepare(count, deadline);
  }

  // An item for the caller: an idle one, else a new one (the factory's
  // error if creating it fails; its place is freed again), else the next
  // one released. DeadlineExceeded ("pool exhausted: all N in use until
  // the deadline") when none came before the deadline or max_wait.
  absl::StatusOr<Lease> Acquire(absl::Time deadline) {
    absl::StatusOr<pool_internal::PoolCore::Item> item = core_.Acquire(deadline);
    if (!item.ok()) return item.status();
    return Lease(&core_, *std::move(item));
  }

  InstancePoolGauges gauges() const { return core_.gauges(); }
  uint32_t max_items() const { return core_.max_items(); }

 private:
  template <typename MakeFn>
  static pool_internal::PoolCore::Factory Erase(MakeFn factory) {
    return [factory = std::move(factory)](
               absl::Time deadline) -> absl::StatusOr<pool_internal::PoolCore::Item> {
      absl::StatusOr<std::unique_ptr<T>> made = factory(deadline);
      if (!made.ok()) return made.status();
      return pool_internal::PoolCore::Item(made->release(),
                                           [](void* p) { delete static_cast<T*>(p); });
    };
  }

  pool_internal::PoolCore core_;
};

}  // namespace weft

#endif  // WEFT_POOL_INSTANCE_POOL_H_
