// The start function's budget (InstantiateOptions::start) and how its
// failure is reported. Not a public header.
#ifndef WEFT_API_START_BUDGET_H_
#define WEFT_API_START_BUDGET_H_

#include <optional>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "decoder/module.h"
#include "weft/call_options.h"
#include "weft/limits.h"

namespace weft::api {

// The options the start function runs with: the requested fuel, else the
// limits' fuel_per_call; one absolute deadline, the earlier of the
// requested deadline and `called` + timeout (no timeout field left, so the
// clock does not restart when the start function is reached).
CallOptions StartBudget(const CallOptions& requested, const InstanceLimits& limits,
                        absl::Time called);

// `failure` (the start function's status) as Instantiate's error: its code
// and trap payload kept, the message prefixed with the start function's
// name and, when the interruption came at or after `deadline`, the cause:
//   "start function func[1] <init>: deadline exceeded: interrupted\n..."
//   "start function func[1] <init>: fuel exhausted\n..."
absl::Status StartFailure(const Module& module, const absl::Status& failure,
                          std::optional<absl::Time> deadline);

}  // namespace weft::api

#endif  // WEFT_API_START_BUDGET_H_
