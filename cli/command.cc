#include "cli/command.h"

#include "absl/strings/str_cat.h"

namespace weft::cli {

int Context::UsageError(absl::string_view message) const {
  err << "weft " << command.name << ": " << message << "\n\n"
      << CommandUsage(command);
  return kExitUsage;
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
