// `weft`: the command-line tool. Dispatch only; each subcommand is in its
// own file (see command.h).
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "cli/command.h"
#include "weft/version.h"

namespace weft::cli {
namespace {

std::vector<const Command*> AllCommands() {
  return {&RunCommand(), &PluginCommand(), &ValidateCommand(), &InspectCommand(), &WastCommand()};
}

std::string MainUsage() {
  std::string out =
      "usage: weft <command> [arguments]\n"
      "       weft FILE.wasm [ARGS...]   (the same as weft run FILE.wasm ...)\n"
      "       weft --version\n"
      "FILE may be binary (.wasm) or text (.wat), told apart by content;\n"
      "`-` reads the module from standard input.\n"
      "\n"
      "commands:\n";
  for (const Command* c : AllCommands()) {
    std::string left = absl::StrCat("  ", c->name, " ", c->args_synopsis);
    if (left.size() < 34) left.resize(34, ' ');
    absl::StrAppend(&out, left, " ", c->summary, "\n");
  }
  absl::StrAppend(&out,
                  "  help [COMMAND]                   Show this help, or a "
                  "command's.\n"
                  "\n"
                  "Exit codes: 0 success, 1 the input is invalid or a test "
                  "failed,\n2 bad usage or unreadable input.\n");
  return out;
}

const Command* Find(absl::string_view name) {
  for (const Command* c : AllCommands()) {
    if (name == c->name) return c;
  }
  return nullptr;
}

int Main(int argc, char** argv) {
  // Under `bazel run` the process starts in the runfiles tree; relative
  // paths on the command line mean the caller's directory.
  if (const char* wd = std::getenv("BUILD_WORKING_DIRECTORY"); wd && *wd) {
    if (chdir(wd) != 0) {
      std::cerr << "weft: cannot enter " << wd << "\n";
      return kExitUsage;
    }
  }
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty()) {
    std::cerr << "weft: missing command\n\n" << MainUsage();
    return kExitUsage;
  }
  if (args[0] == "--version" || args[0] == "-V") {
    std::cout << "weft " << Version() << "\n";
    return kExitOk;
  }
  // `weft FILE.wasm ARGS...` runs FILE, as `wasmtime FILE` does: anything
  // that is not a command or a flag and names an existing file, or `-`
  // (the module on stdin).
  if (args[0] == "-" ||
      (Find(args[0]) == nullptr && args[0] != "help" && !args[0].empty() && args[0][0] != '-' &&
       std::filesystem::is_regular_file(args[0]))) {
    args.insert(args.begin(), "run");
  }
  const std::string& name = args[0];
  if (name == "help" || name == "--help" || name == "-h") {
    if (args.size() > 1) {
      if (const Command* c = Find(args[1]); c != nullptr) {
        std::cout << CommandUsage(*c);
        return kExitOk;
      }
      std::cerr << "weft: unknown command \"" << args[1] << "\"\n\n"
                << MainUsage();
      return kExitUsage;
    }
    std::cout << MainUsage();
    return kExitOk;
  }
  const Command* command = Find(name);
  if (command == nullptr) {
    std::cerr << "weft: unknown "
              << (name.size() > 1 && name[0] == '-' ? "flag" : "command")
              << " \"" << name << "\"\n\n"
              << MainUsage();
    return kExitUsage;
  }
  Context ctx{*command, std::cout, std::cerr};
  absl::StatusOr<ParsedArgs> parsed = ParseFlags(
      absl::MakeConstSpan(args).subspan(1), command->flags);
  if (!parsed.ok()) return ctx.UsageError(parsed.status().message());
  if (parsed->help) {
    std::cout << CommandUsage(*command);
    return kExitOk;
  }
  const int code = command->run(*parsed, ctx);
  std::cout.flush();
  return code;
}

}  // namespace
}  // namespace weft::cli

int main(int argc, char** argv) { return weft::cli::Main(argc, argv); }
