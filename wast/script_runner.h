// Runs the commands of one script (script.h) and tallies each command as
// passed, failed, skipped or not run.
//
//   module                    must be read, decode and validate (and
//                             instantiate, with an engine)
//   assert_malformed          the text, or else the binary, must be
//                             rejected
//   assert_invalid            must be read, then fail to decode or validate
//   assert_return/trap/exhaustion/exception, assert_unlinkable/
//   uninstantiable, register, module instance, action
//                             need an engine (script_engine.h); without one
//                             they are counted as not run — never as passed
//   unsupported / unreadable commands fail, with the reason
#ifndef WEFT_WAST_SCRIPT_RUNNER_H_
#define WEFT_WAST_SCRIPT_RUNNER_H_

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/types/span.h"
#include "wast/script.h"
#include "wast/script_engine.h"

namespace weft::wast {

// Decodes and validates a binary module; OK when weft accepts it.
using ModuleChecker = std::function<absl::Status(absl::Span<const uint8_t>)>;

struct ScriptOptions {
  ModuleChecker check_module;     // required
  ScriptEngine* engine = nullptr;  // optional; not owned
  // Also require weft's error for assert_malformed / assert_invalid to
  // contain the script's expected text (the spec's wording).
  bool check_error_text = false;
  // Optional: called with the binary of every module a command reads.
  std::function<absl::Status(const Command&, const std::vector<uint8_t>&)> save_module;
};

// kSkipped: nothing is skipped today (every command is read by weft's own
// text parser); the category stays so that a deliberate skip would be
// counted and shown, never hidden among the passes.
enum class Outcome : uint8_t { kPassed, kFailed, kSkipped, kNotRun };

struct CommandReport {
  Outcome outcome;
  int64_t line;
  std::string type;    // the command's keyword
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

ScriptResult RunScript(const Script& script, const ScriptOptions& options);

// Does an engine's message satisfy the script's expected text? The spec's
// reference interpreter requires the expected text as a prefix.
bool MessageMatches(absl::string_view actual, absl::string_view expected);

}  // namespace weft::wast

#endif  // WEFT_WAST_SCRIPT_RUNNER_H_
