#include "wasi/wasi_options.h"

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace weft::wasi {

absl::StatusOr<PreopenDir> ParseDirSpec(std::string_view spec) {
  PreopenDir d;
  std::string_view rest = spec;
  constexpr std::string_view kRo = ":ro";
  if (rest.size() > kRo.size() &&
      rest.substr(rest.size() - kRo.size()) == kRo) {
    d.read_only = true;
    rest.remove_suffix(kRo.size());
  }
  size_t colon = rest.find(':');
  if (colon == std::string_view::npos) {
    d.host_path = std::string(rest);
    d.guest_path = d.host_path;
  } else {
    d.host_path = std::string(rest.substr(0, colon));
    d.guest_path = std::string(rest.substr(colon + 1));
  }
  if (d.host_path.empty() || d.guest_path.empty() ||
      d.guest_path.find(':') != std::string::npos) {
    return absl::InvalidArgumentError(absl::StrCat(
        "bad --dir '", std::string(spec), "': expected HOST[:GUEST][:ro]"));
  }
  return d;
}

absl::StatusOr<WasiConfig> MakeWasiConfig(std::string_view program_name,
                                          const std::vector<std::string>& args,
                                          const WasiOptions& options,
                                          std::ostream* trace_out) {
  WasiConfig c;
  c.args.emplace_back(program_name);
  c.args.insert(c.args.end(), args.begin(), args.end());
  for (const std::string& e : options.env) {
    size_t eq = e.find('=');
    if (eq == std::string::npos || eq == 0) {
      return absl::InvalidArgumentError(
          absl::StrCat("bad --env '", e, "': expected KEY=VALUE"));
    }
    c.env.push_back(e);
  }
  for (const std::string& spec : options.dirs) {
    absl::StatusOr<PreopenDir> d = ParseDirSpec(spec);
    if (!d.ok()) return d.status();
    c.preopen_dirs.push_back(*std::move(d));
  }
  c.stdin_config = StdioConfig::Inherit();
  c.stdout_config = StdioConfig::Inherit();
  c.stderr_config = StdioConfig::Inherit();
  if (options.trace && trace_out != nullptr) {
    c.trace = [trace_out](std::string_view line) {
      *trace_out << "[wasi] " << line << "\n";
      trace_out->flush();
    };
  }
  return c;
}

}  // namespace weft::wasi
