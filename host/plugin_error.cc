#include "host/plugin_error.h"

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "weft/trap_code.h"

namespace weft {
namespace {

std::string Prefix(absl::string_view name) { return absl::StrCat("plugin \"", name, "\": "); }

}  // namespace

absl::Status PluginError(absl::string_view name, const absl::Status& status,
                         absl::string_view context) {
  const std::string prefix = Prefix(name);
  absl::string_view body = status.message();
  // Already said by an inner layer, which also gave the context.
  if (absl::ConsumePrefix(&body, prefix)) context = {};
  const bool interrupted = GetTrapCode(status) == TrapCode::kInterrupted;
  const bool says_so = absl::StrContains(body, "deadline exceeded");
  absl::Status out(interrupted ? absl::StatusCode::kDeadlineExceeded : status.code(),
                   absl::StrCat(prefix, context, context.empty() ? "" : ": ",
                                interrupted && !says_so ? "deadline exceeded: " : "", body));
  status.ForEachPayload([&](absl::string_view url, const absl::Cord& payload) {
    out.SetPayload(url, payload);
  });
  return out;
}

absl::Status PluginStatus(absl::StatusCode code, absl::string_view name, absl::string_view text) {
  return absl::Status(code, absl::StrCat(Prefix(name), text));
}

}  // namespace weft
