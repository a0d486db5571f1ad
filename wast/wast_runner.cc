#include "wast/wast_runner.h"

#include <optional>
#include <set>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "base/file_util.h"
#include "base/json.h"
#include "wast/subprocess.h"

namespace weft::wast {
namespace {

// The name wast2json gives the .json file; module files go beside it.
std::string JsonNameFor(const std::string& wast_path) {
  std::string base = wast_path.substr(wast_path.rfind('/') + 1);
  if (absl::EndsWith(base, ".wast")) base.resize(base.size() - 5);
  if (base.empty() || base[0] == '.') base = "script" + base;
  return base + ".json";
}

// Converts and runs one file; infrastructure problems become one failure.
ScriptResult RunOneFile(const std::string& file, const std::string& wast2json,
                        const ScriptOptions& script_options) {
  ScriptResult result;
  auto fail = [&](std::string why) {
    result.Add({Outcome::kFailed, 0, "wast", std::move(why)});
    return result;
  };
  absl::StatusOr<TempDir> dir = TempDir::Create();
  if (!dir.ok()) return fail(std::string(dir.status().message()));
  const std::string json_path =
      absl::StrCat(dir->path(), "/", JsonNameFor(file));
  absl::StatusOr<ProcessResult> conv =
      RunProcess({wast2json, file, "-o", json_path});
  if (!conv.ok()) {
    return fail(absl::StrCat("cannot run wast2json: ", conv.status().message()));
  }
  if (conv->exit_code != 0) {
    return fail(absl::StrCat(
        "wast2json failed: ",
        absl::StrReplaceAll(FirstLine(conv->output), {{dir->path() + "/", ""}})));
  }
  absl::StatusOr<std::string> text = ReadWholeFile(json_path);
  if (!text.ok()) return fail(std::string(text.status().message()));
  absl::StatusOr<json::Value> script = json::Parse(*text);
  if (!script.ok()) return fail(std::string(script.status().message()));
  return RunScript(*script, dir->path(), script_options);
}

const char* OutcomeName(Outcome o) {
  switch (o) {
    case Outcome::kPassed: return "passed";
    case Outcome::kFailed: return "FAILED";
    case Outcome::kSkipped: return "skipped";
    case Outcome::kNotRun: return "not run";
  }
  return "?";
}

}  // namespace

absl::StatusOr<WastTotals> RunWastFiles(const std::vector<std::string>& files,
                                        const WastOptions& options,
                                        std::ostream& out) {
  std::optional<std::string> wast2json = FindOnPath("wast2json");
  if (!wast2json) {
    return absl::FailedPreconditionError(
        "wast2json not found on PATH (it comes with wabt: apt-get install wabt)");
  }
  ScriptOptions script_options;
  script_options.check_module = options.check_module;
  script_options.check_error_text = options.check_error_text;
  script_options.wat2wasm = FindOnPath("wat2wasm").value_or("");

  WastTotals totals;
  std::set<std::string> not_run_reasons;
  for (const std::string& file : files) {
    std::unique_ptr<ScriptEngine> engine;
    std::string why_not = "need an execution engine";
    if (options.make_engine) engine = options.make_engine(file, &why_not);
    script_options.engine = engine.get();
    ScriptResult r = RunOneFile(file, *wast2json, script_options);
    if (r.not_run > 0) not_run_reasons.insert(why_not);
    totals.passed += r.passed;
    totals.failed += r.failed;
    totals.skipped += r.skipped;
    totals.not_run += r.not_run;
    out << file << ": " << r.passed << " passed, " << r.failed << " failed, "
        << r.skipped << " skipped, " << r.not_run << " not run\n";
    int listed = 0, unlisted = 0;
    for (const CommandReport& c : r.reports) {
      const bool show = c.outcome == Outcome::kFailed ||
                        (options.verbose && c.outcome == Outcome::kSkipped);
      if (!show) continue;
      if (listed >= options.max_reports_per_file) {
        ++unlisted;
        continue;
      }
      ++listed;
      out << "  line " << c.line << ": " << c.type << ": ";
      if (c.outcome != Outcome::kFailed) out << OutcomeName(c.outcome) << ": ";
      out << c.reason << "\n";
    }
    if (unlisted > 0) out << "  ... and " << unlisted << " more\n";
  }
  if (totals.not_run > 0) {
    out << totals.not_run << " not run ("
        << absl::StrJoin(not_run_reasons, "; ") << ")\n";
  }
  out << totals.passed << " passed, " << totals.failed << " failed, "
      << totals.skipped << " skipped\n";
  out.flush();
  return totals;
}

}  // namespace weft::wast
