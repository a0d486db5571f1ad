// Command-line flags for the `weft` subcommands. Each subcommand declares
// its flags as a table of FlagSpec; ParseFlags splits the arguments after
// the subcommand name into flags and positional arguments.
//
// Syntax: `--name value` or `--name=value` for valued flags, `--name` for
// boolean ones, `--` ends flag parsing, `-h`/`--help` requests help.
// Arguments that look like numbers ("-1", "-0x10", "-inf", "-nan:0x1") are
// positional, so `weft wast f.wast -1` parses as expected. Anything else
// starting with '-' is an unknown flag.
//
// A table containing kFlagsEndAtFirstPositional (`weft run`) stops at the
// first positional argument: it and everything after it are positional,
// verbatim, so a guest program's own flags (`weft run prog.wasm -v --x`)
// pass through untouched.
#ifndef WEFT_CLI_FLAGS_H_
#define WEFT_CLI_FLAGS_H_

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "absl/types/span.h"

namespace weft::cli {

struct FlagSpec {
  const char* name;        // without the leading "--"
  const char* value_name;  // nullptr for a boolean flag; else e.g. "N"
  const char* help;
  bool repeatable = false;
};

// Marker entry for a FlagSpec table (see above); not a flag, not listed in
// help.
inline constexpr FlagSpec kFlagsEndAtFirstPositional{"", nullptr, nullptr};

struct ParsedArgs {
  std::vector<std::string> positional;
  // Flag name -> values in command-line order ("" for boolean flags).
  std::map<std::string, std::vector<std::string>> flags;
  bool help = false;

  bool Has(absl::string_view name) const {
    return flags.find(std::string(name)) != flags.end();
  }
  // The last value of `name`, or `fallback` when absent.
  std::string Get(absl::string_view name, std::string fallback = "") const;
  // Every value of `name` in command-line order (empty when absent).
  const std::vector<std::string>& Values(absl::string_view name) const;
};

// Errors (InvalidArgument) name the offending argument: unknown flag,
// missing value, value given to a boolean flag, repeated flag.
absl::StatusOr<ParsedArgs> ParseFlags(absl::Span<const std::string> args,
                                      absl::Span<const FlagSpec> specs);

// Help lines for a flag table, one "  --name VALUE   help" per flag.
std::string FlagsHelp(absl::Span<const FlagSpec> specs);

// Typed values for flags.
// Decimal integer, no sign.
absl::StatusOr<uint64_t> ParseCount(absl::string_view text);
// "65536", "64KiB", "64MiB", "1GiB", "10KB"/"10MB"/"10GB" (powers of 1000).
absl::StatusOr<uint64_t> ParseByteSize(absl::string_view text);
// "2s", "500ms", "1.5m", "1h30m" (Abseil's syntax); must be positive.
absl::StatusOr<absl::Duration> ParsePositiveDuration(absl::string_view text);

}  // namespace weft::cli

#endif  // WEFT_CLI_FLAGS_H_
