#include "cli/command.h"

#include "base/file_util.h"

#include "absl/strings/str_cat.h"

namespace weft::cli {

int Context::UsageError(absl::string_view message) const {
  // One line of what was wrong and where the help is (wasmtime style), not
  // the whole help text.
  err << "weft " << command.name << ": " << message << "\n"
      << "see `weft " << command.name << " --help`\n";
  return kExitUsage;
}

absl::StatusOr<std::string> ReadModuleFile(const std::string& path, const Context& ctx,
                                           int* exit_code) {
  // `-` is the module on standard input (then the guest's stdin is at its
  // end: the module consumed it).
  absl::StatusOr<std::string> bytes =
      path == "-" ? ReadWholeStream(0, "stdin") : ReadWholeFile(path);
  if (!bytes.ok()) {
    *exit_code = ctx.UsageError(bytes.status().message());
    return bytes.status();
  }
  if (bytes->empty()) {
    ctx.err << (path == "-" ? "stdin" : path)
            << ": is empty (a WebAssembly module, binary or text, was expected)\n";
    *exit_code = kExitFailure;
    return absl::InvalidArgumentError("empty module file");
  }
  return bytes;
}

std::optional<WasmFeatures> FeaturesFromFlags(const ParsedArgs& args, const Context& ctx,
                                              int* exit_code) {
  WasmFeatures features;
  if (!args.Has("wasm-features")) return features;
  std::string error;
  if (!ParseWasmFeatures(args.Get("wasm-features"), &features, &error)) {
    *exit_code = ctx.UsageError(absl::StrCat("--wasm-features: ", error));
    return std::nullopt;
  }
  return features;
}

std::string CommandUsage(const Command& c) {
  std::string out =
      absl::StrCat("usage: weft ", c.name, " ", c.args_synopsis, "\n\n",
                   c.summary, "\n");
  if (c.details != nullptr && c.details[0] != '\0') {
    absl::StrAppend(&out, "\n", c.details);
  }
  if (!c.flags.empty()) absl::StrAppend(&out, "\nflags:\n", FlagsHelp(c.flags));
  return out;
}

}  // namespace weft::cli
