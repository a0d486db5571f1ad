// Runs the commands of one wast2json script (the parsed .json file) and
// tallies each command as passed, failed, skipped or not run.
//
//   module                    must decode and validate (and instantiate,
//                             with an engine)
//   assert_malformed/invalid  must fail to decode or validate; text modules
//                             go through wat2wasm first, and are skipped
//                             when wat2wasm rejects the text itself
//   assert_return/trap/exhaustion, assert_unlinkable/uninstantiable,
//   register, action          need an engine (script_engine.h); without one
//                             they are parsed (so script errors still fail)
//                             and counted as not run — never as passed
#ifndef WEFT_WAST_SCRIPT_RUNNER_H_
#define WEFT_WAST_SCRIPT_RUNNER_H_

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/types/span.h"
#include "base/json.h"
#include "wast/script_engine.h"

namespace weft::wast {

// Decodes and validates a binary module; OK when weft accepts it.
using ModuleChecker = std::function<absl::Status(absl::Span<const uint8_t>)>;

struct ScriptOptions {
  ModuleChecker check_module;     // required
  ScriptEngine* engine = nullptr;  // optional; not owned
  // Path of wat2wasm, used for text modules; empty: they are skipped.
  std::string wat2wasm;
  // Also require weft's error for assert_malformed / assert_invalid to
  // contain the script's expected text (the spec's wording).
  bool check_error_text = false;
};

enum class Outcome : uint8_t { kPassed, kFailed, kSkipped, kNotRun };

struct CommandReport {
  Outcome outcome;
  int64_t line;
  std::string type;    // the command's "type"
  std::string reason;  // why it failed / was skipped / was not run
};

struct ScriptResult {
  int passed = 0;
  int failed = 0;
  int skipped = 0;
  int not_run = 0;
  // Every command that did not pass, in script order.
  std::vector<CommandReport> reports;

  void Add(CommandReport r);
};

// `script` is the parsed JSON; module files are looked up in `dir`, where
// wat2wasm output is written too. Malformed script JSON (a missing field, a
// bad value) fails the affected command, not the run.
ScriptResult RunScript(const json::Value& script, const std::string& dir,
                       const ScriptOptions& options);

// Does an engine's message satisfy the script's expected text? The spec's
// reference interpreter requires the expected text as a prefix.
bool MessageMatches(absl::string_view actual, absl::string_view expected);

}  // namespace weft::wast

#endif  // WEFT_WAST_SCRIPT_RUNNER_H_
