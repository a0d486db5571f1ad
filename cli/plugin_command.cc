// `weft plugin call CONFIG [--input TEXT]` and `weft plugin inspect CONFIG`:
// a plugin loaded with exactly the capabilities its config grants.
#include <iostream>

#include "absl/strings/str_cat.h"
#include "cli/command.h"
#include "weft/plugin_host.h"
#include "weft/trap_code.h"

namespace weft::cli {
namespace {

const FlagSpec kFlags[] = {
    {"input", "TEXT", "bytes given to execute (default: empty); JSON unless --raw"},
    {"raw", nullptr, "do not require the input and output to be JSON"},
    {"log", nullptr, "print capability refusals and the plugin's stderr to stderr"},
};

// `serve`: one call per input line, one output line each, until EOF; the
// plugin file is watched and hot-reloaded meanwhile.
int Serve(PluginHost& host, const std::string& name, bool raw, const Context& ctx) {
  std::string line;
  while (std::getline(std::cin, line)) {
    absl::StatusOr<std::string> out = raw ? host.Call(name, line) : host.CallJson(name, line);
    if (out.ok()) {
      ctx.out << *out << std::endl;
    } else {
      ctx.out << "error: " << out.status().message() << std::endl;
    }
  }
  return kExitOk;
}

int RunPlugin(const ParsedArgs& args, const Context& ctx) {
  const bool known = !args.positional.empty() &&
                     (args.positional[0] == "call" || args.positional[0] == "inspect" ||
                      args.positional[0] == "serve");
  if (args.positional.size() != 2 || !known) {
    return ctx.UsageError("expected `call CONFIG`, `inspect CONFIG` or `serve CONFIG`");
  }
  PluginHostOptions options;
  options.watch_files = args.positional[0] == "serve";
  options.reload_debounce = absl::Milliseconds(100);
  if (args.Has("log")) {
    options.log = [&ctx](absl::string_view plugin, absl::string_view message) {
      ctx.err << "[" << plugin << "] " << message << "\n";
    };
  }
  PluginHost host(options);
  absl::StatusOr<PluginCapabilities> caps = LoadCapabilitiesFile(args.positional[1]);
  if (!caps.ok()) return ctx.UsageError(caps.status().message());
  const std::string name = caps->name;
  if (absl::Status s = host.Load(*std::move(caps)); !s.ok()) {
    ctx.err << "weft plugin: " << s.message() << "\n";
    return kExitFailure;
  }
  if (args.positional[0] == "serve") return Serve(host, name, args.Has("raw"), ctx);
  if (args.positional[0] == "inspect") {
    absl::StatusOr<PluginInfo> info = host.Describe(name);
    ctx.out << "plugin " << info->name << " (sha256 " << info->sha256 << ")\n"
            << "meta " << info->meta_json << "\n";
    for (const ImportInfo& i : info->imports) {
      ctx.out << "import " << i.module << " " << i.name << " " << i.type.ToString() << "\n";
    }
    for (const ExportInfo& e : info->exports) {
      ctx.out << "export " << e.name << " " << e.type.ToString() << "\n";
    }
    return kExitOk;
  }
  const std::string input = args.Has("input") ? args.Get("input") : "";
  absl::StatusOr<std::string> out =
      args.Has("raw") ? host.Call(name, input) : host.CallJson(name, input.empty() ? "null" : input);
  if (!out.ok()) {
    ctx.err << "weft plugin: " << out.status().message() << "\n";
    return GetTrapCode(out.status()) != TrapCode::kOk ? kExitTrap : kExitFailure;
  }
  ctx.out << *out << "\n";
  return kExitOk;
}

}  // namespace

const Command& PluginCommand() {
  static const Command* const kCommand = new Command{
      "plugin",
      "call|inspect|serve CONFIG.json",
      "Load a plugin with the capabilities of its config and call or inspect it.",
      "CONFIG.json is a plugin config (include/weft/plugin_capabilities.h):\n"
      "name, wasm (relative to the config), fs/net/env grants and limits.\n"
      "`call` runs execute(--input) and prints the output; `inspect` prints\n"
      "the plugin's meta, hash, imports and exports; `serve` calls execute\n"
      "once per stdin line (one output or \"error: ...\" line each) and\n"
      "hot-reloads the plugin when its file changes. Exit 0 on success, 1 on\n"
      "a load or ABI error, 134 when the plugin trapped or timed out.\n",
      {std::begin(kFlags), std::end(kFlags)},
      RunPlugin,
  };
  return *kCommand;
}

}  // namespace weft::cli
