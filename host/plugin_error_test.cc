#include "host/plugin_error.h"

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "runtime/store.h"
#include "weft/trap_code.h"

namespace weft {
namespace {

TEST(PluginErrorTest, PrefixesTheNameAndKeepsCodeAndTrap) {
  const absl::Status trap = runtime::TrapStatus(interp::TrapCode::kUnreachable);
  const absl::Status s = PluginError("p", trap, "execute");
  EXPECT_EQ(s.code(), trap.code());
  EXPECT_EQ(s.message(), absl::StrCat("plugin \"p\": execute: ", trap.message()));
  EXPECT_EQ(GetTrapCode(s), TrapCode::kUnreachable);

  const absl::Status plain = PluginError("p", absl::FailedPreconditionError("plugin ABI: x"));
  EXPECT_EQ(plain.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(plain.message(), "plugin \"p\": plugin ABI: x");
}

TEST(PluginErrorTest, AnInterruptedGuestIsADeadline) {
  const absl::Status interrupted = runtime::TrapStatus(interp::TrapCode::kInterrupted);
  ASSERT_EQ(interrupted.message().find("deadline exceeded"), absl::string_view::npos);
  const absl::Status s = PluginError("p", interrupted, "execute");
  EXPECT_EQ(s.code(), absl::StatusCode::kDeadlineExceeded);
  EXPECT_EQ(GetTrapCode(s), TrapCode::kInterrupted);
  EXPECT_EQ(s.message(),
            absl::StrCat("plugin \"p\": execute: deadline exceeded: ", interrupted.message()));
}

TEST(PluginErrorTest, PrefixesOnce) {
  const absl::Status inner = PluginError(
      "p", runtime::TrapStatus(interp::TrapCode::kInterrupted), "weft_alloc");
  const absl::Status outer = PluginError("p", inner, "ignored");
  EXPECT_EQ(outer.code(), absl::StatusCode::kDeadlineExceeded);
  EXPECT_EQ(outer.message(), inner.message());
  EXPECT_EQ(GetTrapCode(outer), TrapCode::kInterrupted);
  // Another plugin's name is not this one's prefix.
  EXPECT_EQ(PluginError("q", inner).message(), absl::StrCat("plugin \"q\": ", inner.message()));
}

TEST(PluginErrorTest, PluginStatusMakesANewError) {
  const absl::Status s = PluginStatus(absl::StatusCode::kNotFound, "p", "not loaded");
  EXPECT_EQ(s.code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(s.message(), "plugin \"p\": not loaded");
}

}  // namespace
}  // namespace weft
