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
                         absl::string_view context, InterruptCause cause) {
  const std::string prefix = Prefix(name);
  absl::string_view body = status.message();
  // Already said by an inner layer, which also gave the context.
  if (absl::ConsumePrefix(&body, prefix)) context = {};
  const bool interrupted = GetTrapCode(status) == TrapCode::kInterrupted;
  if (status.code() == absl::StatusCode::kCancelled) cause = InterruptCause::kCancel;
  const bool cancelled = interrupted && cause == InterruptCause::kCancel;
  const absl::string_view reason = cancelled ? "cancelled" : "deadline exceeded";
  const bool says_so = absl::StrContains(body, reason);
  absl::StatusCode code = status.code();
  if (interrupted) {
    code = cancelled ? absl::StatusCode::kCancelled : absl::StatusCode::kDeadlineExceeded;
  }
  absl::Status out(code, absl::StrCat(prefix, context, context.empty() ? "" : ": ",
                                      interrupted && !says_so ? absl::StrCat(reason, ": ") : "",
                                      body));
  status.ForEachPayload([&](absl::string_view url, const absl::Cord& payload) {
    out.SetPayload(url, payload);
  });
  return out;
}

absl::Status PluginStatus(absl::StatusCode code, absl::string_view name, absl::string_view text) {
  return absl::Status(code, absl::StrCat(Prefix(name), text));
}

}  // namespace weft
