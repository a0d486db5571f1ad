#include "wast/wast_runner.h"

#include <fstream>
#include <sstream>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"

namespace weft::wast {
namespace {

// Accepts every module, so each assert_invalid below fails.
absl::Status AcceptAll(absl::Span<const uint8_t>) { return absl::OkStatus(); }

class WastRunnerTest : public ::testing::Test {
 protected:
  void SetUp() override { options_.check_module = AcceptAll; }

  std::string Write(const std::string& name, const std::string& text) {
    const std::string path = ::testing::TempDir() + "/" + name;
    std::ofstream(path) << text;
    return path;
  }

  WastOptions options_;
};

TEST_F(WastRunnerTest, ReportFormatAndTotals) {
  std::string a = Write("a.wast",
                        "(module (func (export \"f\")))\n"
                        "(assert_return (invoke \"f\"))\n"
                        "(assert_invalid (module (func (result i32))) \"type mismatch\")\n");
  std::string b = Write("b.wast", "(module)\n(register \"M\")\n");
  std::ostringstream out;
  const WastTotals totals = RunWastFiles({a, b}, options_, out);
  EXPECT_EQ(totals.passed, 2);
  EXPECT_EQ(totals.failed, 1);
  EXPECT_EQ(totals.not_run, 2);
  EXPECT_EQ(out.str(),
            absl::StrCat(a, ": 1 passed, 1 failed, 0 skipped, 1 not run\n",
                         "  line 3: assert_invalid: module accepted, expected "
                         "error \"type mismatch\"\n",
                         b, ": 1 passed, 0 failed, 0 skipped, 1 not run\n",
                         "2 not run (need an execution engine)\n",
                         "2 passed, 1 failed, 0 skipped\n"));
}

TEST_F(WastRunnerTest, FailuresAreCappedPerFile) {
  std::string script;
  for (int i = 0; i < 25; ++i) {
    script += "(assert_invalid (module (func (result i32))) \"type mismatch\")\n";
  }
  std::string a = Write("many.wast", script);
  options_.max_reports_per_file = 20;
  std::ostringstream out;
  const WastTotals totals = RunWastFiles({a}, options_, out);
  EXPECT_EQ(totals.failed, 25);
  EXPECT_NE(out.str().find("  line 20: "), std::string::npos);
  EXPECT_EQ(out.str().find("  line 21: "), std::string::npos);
  EXPECT_NE(out.str().find("  ... and 5 more\n"), std::string::npos);
  EXPECT_TRUE(absl::EndsWith(out.str(), "0 passed, 25 failed, 0 skipped\n"));
}

TEST_F(WastRunnerTest, UnreadableScriptIsOneFailure) {
  std::string a = Write("broken.wast", "(module (func (i32.const)))\n(oops\n");
  std::ostringstream out;
  const WastTotals totals = RunWastFiles({a}, options_, out);
  EXPECT_EQ(totals.failed, 1);
  EXPECT_NE(out.str().find("  line 0: wast: cannot read the script: 2:1: unclosed '('"),
            std::string::npos)
      << out.str();
}

TEST_F(WastRunnerTest, MissingFileIsOneFailure) {
  std::ostringstream out;
  const WastTotals totals =
      RunWastFiles({::testing::TempDir() + "/no-such.wast"}, options_, out);
  EXPECT_EQ(totals.failed, 1);
  EXPECT_NE(out.str().find("no-such.wast"), std::string::npos) << out.str();
}

TEST_F(WastRunnerTest, UnreadableModuleFailsOnlyItsCommand) {
  std::string a = Write("one_bad.wast",
                        "(module (func (i32.const)))\n"
                        "(module (func))\n");
  std::ostringstream out;
  const WastTotals totals = RunWastFiles({a}, options_, out);
  EXPECT_EQ(totals.passed, 1);
  EXPECT_EQ(totals.failed, 1);
  EXPECT_NE(out.str().find("  line 1: module: weft's text parser rejects the module: "
                           "1:25: expected "),
            std::string::npos)
      << out.str();
}

}  // namespace
}  // namespace weft::wast
