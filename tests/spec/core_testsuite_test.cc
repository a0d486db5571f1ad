// Runs the spec runner over every core/*.wast of the official WebAssembly
// testsuite and fails on any failed command — or when the suite is missing:
// a test that cannot find its input must not pass.
//
// Where the suite is looked for:
//   $WEFT_TESTSUITE            a directory containing core/, or core/ itself
//   else <workspace>/../shared/wasm-testsuite/core
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
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "wast/module_check.h"
#include "wast/wast_runner.h"
#include "wast/weft_script_engine.h"

namespace weft::wast {
namespace {

constexpr char kSelf[] = "tests/spec/core_testsuite_test.cc";

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

// The first candidate directory holding .wast files; every place tried is
// appended to `looked` for the error message.
std::optional<std::string> FindCore(std::vector<std::string>* looked) {
  std::vector<std::string> candidates;
  if (const char* env = std::getenv("WEFT_TESTSUITE"); env && *env) {
    // An explicit setting wins: a wrong one must not silently fall back.
    candidates.push_back(absl::StrCat(env, "/core"));
    candidates.push_back(env);
  } else if (std::optional<std::string> root = WorkspaceRoot()) {
    looked->push_back("$WEFT_TESTSUITE (not set)");
    candidates.push_back(absl::StrCat(*root, "/../shared/wasm-testsuite/core"));
  } else {
    looked->push_back("$WEFT_TESTSUITE (not set)");
    looked->push_back(
        "../shared/wasm-testsuite beside the workspace (workspace not found)");
  }
  for (const std::string& c : candidates) {
    looked->push_back(c);
    if (IsDir(c) && !WastFiles(c).empty()) {
      char resolved[PATH_MAX];
      return realpath(c.c_str(), resolved) != nullptr ? std::string(resolved) : c;
    }
  }
  return std::nullopt;
}

int Main() {
  std::vector<std::string> looked;
  std::optional<std::string> core = FindCore(&looked);
  if (!core) {
    std::cout << "FAIL: the WebAssembly testsuite (core/*.wast) was not found.\n"
              << "Looked in:\n";
    for (const std::string& l : looked) std::cout << "  " << l << "\n";
    std::cout << "Set WEFT_TESTSUITE to the testsuite directory (the one "
                 "containing core/) or to core/ itself.\n";
    return 1;
  }
  const std::vector<std::string> files = WastFiles(*core);
  std::cout << "testsuite: " << *core << " (" << files.size() << " files)\n";
  WastOptions options;
  // The 2.0 suite tests 2.0's rules, some of which 3.0 relaxed (which
  // globals a constant expression may read): run it as WebAssembly 2.0.
  const WasmFeatures wasm20 = WasmFeatures::Wasm20();
  options.check_module = [wasm20](absl::Span<const uint8_t> wasm) {
    return DecodeAndValidate(wasm, wasm20);
  };
  options.make_engine = [wasm20](const std::string& file, std::string* why_not) {
    return WeftEngineForScript(file, wasm20, why_not);
  };
  const WastTotals totals = RunWastFiles(files, options, std::cout);
  return totals.failed > 0 ? 1 : 0;
}

}  // namespace
}  // namespace weft::wast

int main() { return weft::wast::Main(); }
