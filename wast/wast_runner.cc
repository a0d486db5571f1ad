#include "wast/wast_runner.h"

#include <set>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "base/file_util.h"
#include "wast/script_parser.h"

namespace weft::wast {
namespace {

// Reads and runs one file; a file that cannot be read or cut into
// commands counts as one failure.
ScriptResult RunOneFile(const std::string& file, const ScriptOptions& script_options) {
  ScriptResult result;
  absl::StatusOr<std::string> source = ReadWholeFile(file);
  if (!source.ok()) {
    result.Add({Outcome::kFailed, 0, "wast", std::string(source.status().message())});
    return result;
  }
  absl::StatusOr<Script> script = ParseScript(*source);
  if (!script.ok()) {
    result.Add({Outcome::kFailed, 0, "wast",
                absl::StrCat("cannot read the script: ", script.status().message())});
    return result;
  }
  return RunScript(*script, script_options);
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

WastTotals RunWastFiles(const std::vector<std::string>& files,
                        const WastOptions& options, std::ostream& out) {
  ScriptOptions script_options;
  script_options.check_module = options.check_module;
  script_options.check_error_text = options.check_error_text;
  std::string script_name;  // of the file being run, for saved modules
  if (!options.save_modules_dir.empty()) {
    script_options.save_module = [&](const Command& cmd, const std::vector<uint8_t>& bytes) {
      return WriteWholeFile(
          absl::StrCat(options.save_modules_dir, "/", script_name, ".", cmd.line, ".wasm"),
          absl::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()));
    };
  }

  WastTotals totals;
  std::set<std::string> not_run_reasons;
  for (const std::string& file : files) {
    script_name = file.substr(file.rfind('/') + 1);
    if (absl::EndsWith(script_name, ".wast")) script_name.resize(script_name.size() - 5);
    std::unique_ptr<ScriptEngine> engine;
    std::string why_not = "need an execution engine";
    if (options.make_engine) engine = options.make_engine(file, &why_not);
    script_options.engine = engine.get();
    ScriptResult r = RunOneFile(file, script_options);
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
