#include "host/call_budget.h"

#include <algorithm>

#include "absl/time/clock.h"

namespace weft {

CallBudget::CallBudget(std::optional<uint64_t> fuel, absl::Time deadline)
    : deadline_(deadline) {
  if (fuel.has_value()) initial_ = left_ = std::min(*fuel, kUnlimitedFuel);
}

CallBudget CallBudget::ForPlugin(const PluginCapabilities& caps, bool metered,
                                 absl::Time deadline) {
  std::optional<uint64_t> fuel;
  if (metered) fuel = caps.fuel_per_call != 0 ? caps.fuel_per_call : kUnlimitedFuel;
  if (caps.timeout_per_call > absl::ZeroDuration()) {
    deadline = std::min(deadline, absl::Now() + caps.timeout_per_call);
  }
  return CallBudget(fuel, deadline);
}

CallOptions CallBudget::Next() const {
  CallOptions options;
  options.fuel = left_;
  if (deadline_ != absl::InfiniteFuture()) options.deadline = deadline_;
  options.interrupt = cancel_;
  return options;
}

bool CallBudget::StoppedByCancel() const {
  return cancel_ != nullptr && absl::Now() < deadline_;
}

void CallBudget::Charge(const Instance& instance) {
  // min: a call refused before it ran leaves the instance's figure from
  // an earlier call, which must not hand fuel back.
  if (left_.has_value()) left_ = std::min(*left_, instance.remaining_fuel());
}

}  // namespace weft
