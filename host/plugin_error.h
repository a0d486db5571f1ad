// How the plugin host words its errors: every error about a plugin starts
// with `plugin "<name>": `, and a guest stopped by an interrupt is a
// deadline — or a cancellation, when the caller's cancel handle stopped it
// before the deadline. Formatted here and nowhere else.
#ifndef WEFT_HOST_PLUGIN_ERROR_H_
#define WEFT_HOST_PLUGIN_ERROR_H_

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace weft {

// How an interrupted guest was stopped.
enum class InterruptCause { kDeadline, kCancel };

// `status` about plugin `name`: its message becomes
//   plugin "<name>": [<context>: ][deadline exceeded: | cancelled: ]<message>
// and its code and payloads (the trap code GetTrapCode reads) are kept,
// except that an interrupted guest (TrapCode::kInterrupted) becomes
// DeadlineExceeded (`cause` kDeadline) or Cancelled (kCancel), saying so
// unless the message already does; a status already Cancelled stays so.
// `context` names what failed, e.g. the export ("execute"); may be empty.
// A message that already starts with `plugin "<name>": ` is left as it is
// (with `context` ignored), so an error passed up through several layers
// is prefixed once. `status` must not be OK.
absl::Status PluginError(absl::string_view name, const absl::Status& status,
                         absl::string_view context = {},
                         InterruptCause cause = InterruptCause::kDeadline);

// A new error about plugin `name`: `code`, message `plugin "<name>": <text>`.
absl::Status PluginStatus(absl::StatusCode code, absl::string_view name, absl::string_view text);

}  // namespace weft

#endif  // WEFT_HOST_PLUGIN_ERROR_H_
