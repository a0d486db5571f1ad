// CallBudget: one allowance of fuel and one deadline for a sequence of
// guest calls that together make up one operation of the plugin host — a
// PluginHost::Call (weft_alloc, execute, weft_free of the output and of
// the input) or the creation of an instance (start function, _initialize,
// weft_alloc, init, weft_free). Each export used to get the full timeout
// and fuel of its own, so an operation could take several times its
// budget; now every export draws on what the ones before it left.
//
// The deadline is absolute and fixed when the budget is made: each export
// is interrupted at that same instant, so time spent in the host between
// exports counts too. Fuel is handed to each export as an explicit
// CallOptions::fuel of what remains, and read back from
// Instance::remaining_fuel() afterwards; it never grows.
//
// Not thread-safe (one operation runs on one thread).
#ifndef WEFT_HOST_CALL_BUDGET_H_
#define WEFT_HOST_CALL_BUDGET_H_

#include <cstdint>
#include <optional>

#include "absl/time/time.h"
#include "weft/call_options.h"
#include "weft/instance.h"
#include "weft/plugin_capabilities.h"

namespace weft {

class CallBudget {
 public:
  // What a metered guest may spend when the capabilities set no limit: the
  // most the interpreter can count, so that use is still measured.
  static constexpr uint64_t kUnlimitedFuel = uint64_t(INT64_MAX);

  // `fuel`: the allowance, or nullopt for a module compiled without
  // metering (no fuel is given or counted). `deadline`:
  // absl::InfiniteFuture() for none.
  CallBudget(std::optional<uint64_t> fuel, absl::Time deadline);

  // A plugin's budget for one operation starting now: its fuel_per_call
  // (kUnlimitedFuel for 0) when `metered`, and the earlier of `deadline`
  // and now + timeout_per_call (none for a zero timeout).
  static CallBudget ForPlugin(const PluginCapabilities& caps, bool metered, absl::Time deadline);

  // Also stop every export call when `cancel` (InterruptHandle::Create())
  // is interrupted: the caller gave up. Null for none; must outlive the
  // operation.
  void set_cancel(const InterruptHandle* cancel) { cancel_ = cancel; }
  // Whether a guest stopped by interruption was stopped by the cancel
  // rather than the deadline (which had not passed yet).
  bool StoppedByCancel() const;

  // Options for the next export call: the fuel left, the deadline and the
  // cancel handle.
  CallOptions Next() const;
  // Also what Linker::Instantiate needs for the start function.
  std::optional<uint64_t> fuel_left() const { return left_; }
  absl::Time deadline() const { return deadline_; }

  // Takes what the last outermost call on `instance` (an export called
  // with Next(), or the start function) spent.
  void Charge(const Instance& instance);

  // Fuel spent so far (0 when unmetered).
  uint64_t used() const { return left_.has_value() ? *initial_ - *left_ : 0; }

 private:
  std::optional<uint64_t> initial_;
  std::optional<uint64_t> left_;
  absl::Time deadline_;
  const InterruptHandle* cancel_ = nullptr;
};

}  // namespace weft

#endif  // WEFT_HOST_CALL_BUDGET_H_
