#include "api/start_budget.h"

#include <algorithm>
#include <string>

#include "absl/strings/str_cat.h"
#include "api/internal.h"
#include "weft/trap_code.h"

namespace weft::api {

CallOptions StartBudget(const CallOptions& requested, const InstanceLimits& limits,
                        absl::Time called) {
  CallOptions start;
  start.fuel = requested.fuel.has_value() ? requested.fuel : limits.fuel_per_call;
  start.deadline = requested.deadline;
  start.profiler = requested.profiler;
  if (requested.timeout.has_value()) {
    const absl::Time t = called + *requested.timeout;
    start.deadline = start.deadline.has_value() ? std::min(*start.deadline, t) : t;
  }
  return start;
}

absl::Status StartFailure(const Module& module, const absl::Status& failure,
                          std::optional<absl::Time> deadline) {
  // The interrupt flag does not say who set it; the clock does. A relayed
  // request that happens to land after the deadline is reported as the
  // deadline, which is then also true.
  const bool late = GetTrapCode(failure) == TrapCode::kInterrupted && deadline.has_value() &&
                    absl::Now() >= *deadline;
  absl::Status out(failure.code(),
                   absl::StrCat("start function ", FunctionLabel(&module, module.start.value_or(0)),
                                ": ", late ? "deadline exceeded: " : "", failure.message()));
  failure.ForEachPayload(
      [&](absl::string_view url, const absl::Cord& payload) { out.SetPayload(url, payload); });
  return out;
}

}  // namespace weft::api
