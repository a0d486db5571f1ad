// The `weft` subcommand table. Each subcommand lives in its own
// <name>_command.cc and exposes one `const Command&` accessor; main.cc
// lists them in AllCommands() and does the dispatch, flag parsing and help.
// Adding a subcommand is one new file plus one line in that table.
#ifndef WEFT_CLI_COMMAND_H_
#define WEFT_CLI_COMMAND_H_

#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "cli/flags.h"
#include "weft/features.h"

namespace weft::cli {

// Exit codes shared by every subcommand.
inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;  // the input was checked and is bad
inline constexpr int kExitUsage = 2;    // bad invocation or unreadable input
// The guest trapped (also fuel exhaustion and timeouts): 128 + SIGABRT,
// what wasmtime reports on Unix. A guest that exits by itself reports its
// own code (proc_exit(N) -> N & 0xff), so 1 and 2 are ambiguous between
// weft's own errors and the guest's, exactly as with wasmtime.
inline constexpr int kExitTrap = 134;

struct Command;

struct Context {
  const Command& command;
  std::ostream& out;
  std::ostream& err;

  // Prints "weft <cmd>: <message>" and "see `weft <cmd> --help`" to
  // `err`; returns kExitUsage.
  int UsageError(absl::string_view message) const;
};

struct Command {
  const char* name;
  const char* args_synopsis;  // e.g. "FILE.wasm [--json]"
  const char* summary;        // one line, for `weft help`
  const char* details;        // extra help text, may be empty
  std::vector<FlagSpec> flags;
  int (*run)(const ParsedArgs& args, const Context& ctx);
};

// `--wasm-features LIST`, shared by every command that loads modules.
inline constexpr FlagSpec kWasmFeaturesFlag{
    "wasm-features", "LIST",
    "WebAssembly features: all (default), 2.0, or +NAME/-NAME items, e.g. "
    "-tail-call,-gc (names: see weft help wasm-features)"};
// The features the flag selects (all when absent); a bad list is a usage
// error: prints it, sets *exit_code, returns nullopt.
std::optional<WasmFeatures> FeaturesFromFlags(const ParsedArgs& args, const Context& ctx,
                                              int* exit_code);

// Reads the module file `path` for a subcommand (`-`: standard input, for
// `cat x.wat | weft run -`). On failure prints why
// and returns the exit code: kExitUsage when the file cannot be read (no
// such file, a directory, ...), kExitFailure when it is empty (no module
// at all, binary or text).
absl::StatusOr<std::string> ReadModuleFile(const std::string& path, const Context& ctx,
                                           int* exit_code);

// Usage of one command: synopsis, details, flags.
std::string CommandUsage(const Command& c);

const Command& ValidateCommand();
const Command& InspectCommand();
const Command& WastCommand();
const Command& RunCommand();
const Command& PluginCommand();

}  // namespace weft::cli

#endif  // WEFT_CLI_COMMAND_H_
