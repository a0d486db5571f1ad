// `weft wast FILE.wast...`: reads each script with weft's own parser
// (script_parser.h), runs it with RunScript (script_runner.h) and prints
// one summary line per file, the failures beneath it, and the totals:
//
//   a.wast: 10 passed, 1 failed, 2 skipped, 30 not run
//     line 12: assert_invalid: module accepted, expected error "type mismatch"
//   30 not run (need an execution engine)
//   10 passed, 1 failed, 2 skipped
#ifndef WEFT_WAST_WAST_RUNNER_H_
#define WEFT_WAST_WAST_RUNNER_H_

#include <functional>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "wast/script_runner.h"

namespace weft::wast {

struct WastOptions {
  ModuleChecker check_module;      // required
  // Optional. Called once per file for a fresh engine (so no state leaks
  // from one script into the next); returning null means that file's
  // execution commands are "not run", for the reason put in `*why_not`.
  std::function<std::unique_ptr<ScriptEngine>(const std::string& file,
                                              std::string* why_not)>
      make_engine;
  bool verbose = false;            // also list skipped commands
  bool check_error_text = false;   // see ScriptOptions::check_error_text
  // When set, every module a command reads is written there as
  // <script name>.<line>.wasm (the directory must exist).
  std::string save_modules_dir;
  int max_reports_per_file = 20;   // failures (and skips) listed per file
};

struct WastTotals {
  int passed = 0;
  int failed = 0;
  int skipped = 0;
  int not_run = 0;
};

// Runs every file in order, writing the report to `out`. A file that
// cannot be read or cut into commands counts as one failure.
WastTotals RunWastFiles(const std::vector<std::string>& files,
                        const WastOptions& options, std::ostream& out);

}  // namespace weft::wast

#endif  // WEFT_WAST_WAST_RUNNER_H_
