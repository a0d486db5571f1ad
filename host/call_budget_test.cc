#include "host/call_budget.h"

#include "absl/time/clock.h"
#include "gtest/gtest.h"

namespace weft {
namespace {

TEST(CallBudgetTest, ForPluginTakesTheEarlierDeadlineAndTheFuelLimit) {
  PluginCapabilities caps;
  caps.fuel_per_call = 1000;
  caps.timeout_per_call = absl::Seconds(10);
  const absl::Time before = absl::Now();
  CallBudget timed = CallBudget::ForPlugin(caps, /*metered=*/true, absl::InfiniteFuture());
  EXPECT_GE(timed.deadline(), before + absl::Seconds(10));
  EXPECT_LE(timed.deadline(), absl::Now() + absl::Seconds(10));
  EXPECT_EQ(timed.fuel_left(), 1000u);
  EXPECT_EQ(timed.Next().fuel, 1000u);
  EXPECT_FALSE(timed.Next().timeout.has_value());  // absolute: no restart per export

  const absl::Time soon = absl::Now() + absl::Milliseconds(5);
  EXPECT_EQ(CallBudget::ForPlugin(caps, true, soon).deadline(), soon);
  EXPECT_EQ(CallBudget::ForPlugin(caps, true, soon).Next().deadline, soon);

  caps.fuel_per_call = 0;
  caps.timeout_per_call = absl::ZeroDuration();
  CallBudget open = CallBudget::ForPlugin(caps, true, absl::InfiniteFuture());
  EXPECT_EQ(open.fuel_left(), CallBudget::kUnlimitedFuel);  // measured, not limited
  EXPECT_FALSE(open.Next().deadline.has_value());

  CallBudget unmetered = CallBudget::ForPlugin(caps, /*metered=*/false, absl::InfiniteFuture());
  EXPECT_FALSE(unmetered.Next().fuel.has_value());
  EXPECT_EQ(unmetered.used(), 0u);
}

}  // namespace
}  // namespace weft
