// Runs the official WebAssembly testsuite through the spec runner:
//   testsuite_main --suite core --features 2.0
//       every core/*.wast; fails on any failed command
//   testsuite_main --suite 3.0 --features all --dirs 3.0,3.0/legacy,...
//                  --pending a.wast,b.wast
//   any of them with --metering: code compiled fuel-charging (unlimited fuel)
//       every file of the listed directories; files on the pending list
//       (features weft does not have yet, each named in tests/spec/BUILD)
//       may fail, every other file must have 0 failed — and a pending
//       file that passes fails the test too, so the list only shrinks.
// A missing suite fails: a test that cannot find its input must not pass.
//
// Where the suite is looked for:
//   $WEFT_TESTSUITE            the testsuite directory (containing core/)
//   else <workspace>/../shared/wasm-testsuite
// The workspace is found by resolving this test's own source file through
// its runfiles symlink (the BUILD rule lists it as data), which works in and
// out of the sandbox; under `bazel run`, $BUILD_WORKSPACE_DIRECTORY is used.
#include <dirent.h>
#include <sys/stat.h>

#include <algorithm>
#include <climits>
#include <cstdlib>
#include <iostream>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "wast/module_check.h"
#include "wast/wast_runner.h"
#include "wast/weft_script_engine.h"

namespace weft::wast {
namespace {

constexpr char kSelf[] = "tests/spec/testsuite_main.cc";

bool IsDir(const std::string& path) {
  struct stat st;
  return stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

std::optional<std::string> WorkspaceRoot() {
  if (const char* w = std::getenv("BUILD_WORKSPACE_DIRECTORY"); w && *w) return w;
  const char* srcdir = std::getenv("TEST_SRCDIR");
  const char* workspace = std::getenv("TEST_WORKSPACE");
  if (srcdir == nullptr || workspace == nullptr) return std::nullopt;
  const std::string link = absl::StrCat(srcdir, "/", workspace, "/", kSelf);
  char resolved[PATH_MAX];
  if (realpath(link.c_str(), resolved) == nullptr) return std::nullopt;
  const std::string real = resolved;
  if (!absl::EndsWith(real, absl::StrCat("/", kSelf))) return std::nullopt;
  return real.substr(0, real.size() - sizeof(kSelf));
}

std::vector<std::string> WastFiles(const std::string& dir) {
  std::vector<std::string> files;
  DIR* d = opendir(dir.c_str());
  if (d == nullptr) return files;
  while (dirent* e = readdir(d)) {
    const std::string name = e->d_name;
    if (absl::EndsWith(name, ".wast")) files.push_back(absl::StrCat(dir, "/", name));
  }
  closedir(d);
  std::sort(files.begin(), files.end());
  return files;
}

// The testsuite root: the first candidate holding `probe` (a directory of
// .wast files); every place tried is appended to `looked`.
std::optional<std::string> FindSuite(const std::string& probe, std::vector<std::string>* looked) {
  std::vector<std::string> candidates;
  if (const char* env = std::getenv("WEFT_TESTSUITE"); env && *env) {
    // An explicit setting wins: a wrong one must not silently fall back.
    candidates.push_back(env);
  } else if (std::optional<std::string> root = WorkspaceRoot()) {
    looked->push_back("$WEFT_TESTSUITE (not set)");
    candidates.push_back(absl::StrCat(*root, "/../shared/wasm-testsuite"));
  } else {
    looked->push_back("$WEFT_TESTSUITE (not set)");
    looked->push_back("../shared/wasm-testsuite beside the workspace (workspace not found)");
  }
  for (const std::string& c : candidates) {
    looked->push_back(absl::StrCat(c, "/", probe));
    if (IsDir(absl::StrCat(c, "/", probe)) && !WastFiles(absl::StrCat(c, "/", probe)).empty()) {
      char resolved[PATH_MAX];
      return realpath(c.c_str(), resolved) != nullptr ? std::string(resolved) : c;
    }
  }
  return std::nullopt;
}

std::string Flag(int argc, char** argv, absl::string_view name) {
  for (int i = 1; i + 1 < argc; ++i) {
    if (argv[i] == absl::StrCat("--", name)) return argv[i + 1];
  }
  return "";
}

bool HasFlag(int argc, char** argv, absl::string_view name) {
  for (int i = 1; i < argc; ++i) {
    if (argv[i] == absl::StrCat("--", name)) return true;
  }
  return false;
}

int Main(int argc, char** argv) {
  const std::string suite = Flag(argc, argv, "suite");
  std::vector<std::string> dirs = absl::StrSplit(Flag(argc, argv, "dirs"), ',', absl::SkipEmpty());
  if (dirs.empty()) dirs.push_back(suite);
  const std::set<std::string> pending = absl::StrSplit(Flag(argc, argv, "pending"), ',',
                                                       absl::SkipEmpty());
  WasmFeatures features;
  std::string error;
  if (suite.empty() || !ParseWasmFeatures(Flag(argc, argv, "features"), &features, &error)) {
    std::cout << "FAIL: usage: --suite DIR --features LIST [--dirs A,B] [--pending F,G] "
              << error << "\n";
    return 1;
  }
  std::vector<std::string> looked;
  std::optional<std::string> root = FindSuite(dirs[0], &looked);
  if (!root) {
    std::cout << "FAIL: the WebAssembly testsuite (" << dirs[0] << "/*.wast) was not found.\n"
              << "Looked in:\n";
    for (const std::string& l : looked) std::cout << "  " << l << "\n";
    std::cout << "Set WEFT_TESTSUITE to the testsuite directory (the one containing core/).\n";
    return 1;
  }
  WastOptions options;
  options.check_module = [features](absl::Span<const uint8_t> wasm) {
    return DecodeAndValidate(wasm, features);
  };
  const bool metering = HasFlag(argc, argv, "metering");
  options.make_engine = [features, metering](const std::string& file, std::string* why_not) {
    return WeftEngineForScript(file, features, why_not, metering);
  };
  options.max_reports_per_file = 5;
  WastTotals totals;
  std::vector<std::string> unexpected, pending_passing;
  int files = 0;
  for (const std::string& dir : dirs) {
    const std::string path = absl::StrCat(*root, "/", dir);
    for (const std::string& file : WastFiles(path)) {
      ++files;
      const std::string name = absl::StrCat(dir == suite ? "" : dir.substr(suite.size() + 1) + "/",
                                            file.substr(file.rfind('/') + 1));
      const WastTotals t = RunWastFiles({file}, options, std::cout);
      totals.passed += t.passed;
      totals.failed += t.failed;
      totals.skipped += t.skipped;
      const bool is_pending = pending.count(name) != 0;
      if (t.failed > 0 && !is_pending) unexpected.push_back(name);
      if (t.failed == 0 && is_pending) pending_passing.push_back(name);
    }
  }
  std::cout << "testsuite: " << *root << " (" << files << " files)\n"
            << totals.passed << " passed, " << totals.failed << " failed, " << totals.skipped
            << " skipped\n";
  for (const std::string& f : unexpected) std::cout << "FAIL: failures in " << f << "\n";
  for (const std::string& f : pending_passing) {
    std::cout << "FAIL: " << f << " passes now: take it off the pending list\n";
  }
  return unexpected.empty() && pending_passing.empty() ? 0 : 1;
}

}  // namespace
}  // namespace weft::wast

int main(int argc, char** argv) { return weft::wast::Main(argc, argv); }
