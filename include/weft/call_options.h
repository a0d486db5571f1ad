// weft public API: per-call options of Instance::Call / Function::Call.
// Plain value type.
#ifndef WEFT_INCLUDE_WEFT_CALL_OPTIONS_H_
#define WEFT_INCLUDE_WEFT_CALL_OPTIONS_H_

#include <cstdint>
#include <optional>

#include "absl/time/time.h"
#include "weft/interrupt_handle.h"

namespace weft {

class Profiler;  // weft/profiler.h

struct CallOptions {
  // Fuel for this call (overrides InstanceLimits::fuel_per_call). Only on
  // an outermost call, and only with metering (FailedPrecondition
  // otherwise).
  std::optional<uint64_t> fuel;
  // Interrupt the call when this time is reached or this much time has
  // passed since the call started (the earlier of the two if both are set).
  // Costs one helper thread for the duration of the call.
  std::optional<absl::Time> deadline;
  std::optional<absl::Duration> timeout;
  // Also stop the call when this handle is interrupted — e.g. the client a
  // call serves went away. Must come from InterruptHandle::Create() (an
  // instance's own handle already stops its calls). A request made before
  // the call starts stops it at its first function entry; one made after
  // it ended stays pending on the handle and stops the next call given the
  // handle, so use a handle per call. Only on an outermost call.
  const InterruptHandle* interrupt = nullptr;
  // Sample this call's wasm stacks into `profiler` (weft/profiler.h; not
  // owned, must outlive the call). Nested calls (a host function calling
  // back into wasm) are sampled by the outermost call's profiler.
  Profiler* profiler = nullptr;
};

}  // namespace weft

#endif  // WEFT_INCLUDE_WEFT_CALL_OPTIONS_H_
