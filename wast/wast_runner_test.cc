#include "wast/wast_runner.h"

#include <dirent.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "wast/subprocess.h"

namespace weft::wast {
namespace {

// Accepts every module, so each assert_invalid below fails.
absl::Status AcceptAll(absl::Span<const uint8_t>) { return absl::OkStatus(); }

int CountEntries(const std::string& dir) {
  int n = 0;
  DIR* d = opendir(dir.c_str());
  if (d == nullptr) return -1;
  while (dirent* e = readdir(d)) {
    const std::string name = e->d_name;
    if (name != "." && name != "..") ++n;
  }
  closedir(d);
  return n;
}

class WastRunnerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!FindOnPath("wast2json")) GTEST_SKIP() << "wast2json not on PATH";
    auto dir = TempDir::Create();
    ASSERT_TRUE(dir.ok());
    inputs_.emplace(std::move(*dir));
    // A private TMPDIR shows whether the runner's scratch dirs are removed.
    auto scratch = TempDir::Create();
    ASSERT_TRUE(scratch.ok());
    scratch_.emplace(std::move(*scratch));
    const char* old = std::getenv("TMPDIR");
    old_tmpdir_ = old != nullptr ? old : "";
    had_tmpdir_ = old != nullptr;
    setenv("TMPDIR", scratch_->path().c_str(), 1);
    options_.check_module = AcceptAll;
  }
  void TearDown() override {
    if (had_tmpdir_) {
      setenv("TMPDIR", old_tmpdir_.c_str(), 1);
    } else {
      unsetenv("TMPDIR");
    }
  }

  std::string Write(const std::string& name, const std::string& text) {
    const std::string path = inputs_->path() + "/" + name;
    std::ofstream(path) << text;
    return path;
  }

  std::optional<TempDir> inputs_;
  std::optional<TempDir> scratch_;
  std::string old_tmpdir_;
  bool had_tmpdir_ = false;
  WastOptions options_;
};

TEST_F(WastRunnerTest, ReportFormatAndTotals) {
  std::string a = Write("a.wast",
                        "(module (func (export \"f\")))\n"
                        "(assert_return (invoke \"f\"))\n"
                        "(assert_invalid (module (func (result i32))) \"type mismatch\")\n");
  std::string b = Write("b.wast", "(module)\n(register \"M\")\n");
  std::ostringstream out;
  auto totals = RunWastFiles({a, b}, options_, out);
  ASSERT_TRUE(totals.ok()) << totals.status();
  EXPECT_EQ(totals->passed, 2);
  EXPECT_EQ(totals->failed, 1);
  EXPECT_EQ(totals->not_run, 2);
  EXPECT_EQ(out.str(),
            absl::StrCat(a, ": 1 passed, 1 failed, 0 skipped, 1 not run\n",
                         "  line 3: assert_invalid: module accepted, expected "
                         "error \"type mismatch\"\n",
                         b, ": 1 passed, 0 failed, 0 skipped, 1 not run\n",
                         "2 not run (need an execution engine)\n",
                         "2 passed, 1 failed, 0 skipped\n"));
  EXPECT_EQ(CountEntries(scratch_->path()), 0);  // scratch dirs removed
}

TEST_F(WastRunnerTest, FailuresAreCappedPerFile) {
  std::string script;
  for (int i = 0; i < 25; ++i) {
    script += "(assert_invalid (module (func (result i32))) \"type mismatch\")\n";
  }
  std::string a = Write("many.wast", script);
  options_.max_reports_per_file = 20;
  std::ostringstream out;
  auto totals = RunWastFiles({a}, options_, out);
  ASSERT_TRUE(totals.ok());
  EXPECT_EQ(totals->failed, 25);
  EXPECT_NE(out.str().find("  line 20: "), std::string::npos);
  EXPECT_EQ(out.str().find("  line 21: "), std::string::npos);
  EXPECT_NE(out.str().find("  ... and 5 more\n"), std::string::npos);
  EXPECT_TRUE(absl::EndsWith(out.str(), "0 passed, 25 failed, 0 skipped\n"));
}

TEST_F(WastRunnerTest, UnconvertibleScriptIsOneFailure) {
  std::string a = Write("broken.wast", "(module (func (i32.const)))\n(oops\n");
  std::ostringstream out;
  auto totals = RunWastFiles({a}, options_, out);
  ASSERT_TRUE(totals.ok());
  EXPECT_EQ(totals->failed, 1);
  EXPECT_NE(out.str().find("  line 0: wast: wast2json failed: "), std::string::npos)
      << out.str();
  EXPECT_EQ(CountEntries(scratch_->path()), 0);
}

TEST_F(WastRunnerTest, VerboseListsSkips) {
  std::string a = Write("text.wast",
                        "(assert_malformed (module quote \"(func\") \"unexpected\")\n");
  options_.verbose = true;
  std::ostringstream out;
  auto totals = RunWastFiles({a}, options_, out);
  ASSERT_TRUE(totals.ok());
  if (totals->skipped == 1) {
    EXPECT_NE(out.str().find("assert_malformed: skipped: text module"),
              std::string::npos)
        << out.str();
  } else {
    // wat2wasm missing or accepting it would change the count; the quoted
    // text is unparsable, so with wat2wasm present it must be a skip.
    EXPECT_FALSE(FindOnPath("wat2wasm").has_value()) << out.str();
  }
}

}  // namespace
}  // namespace weft::wast
