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

int RunPlugin(const ParsedArgs& args, const Context& ctx) {
  if (args.positional.size() != 2 ||
      (args.positional[0] != "call" && args.positional[0] != "inspect")) {
    return ctx.UsageError("expected `call CONFIG` or `inspect CONFIG`");
  }
  PluginHostOptions options;
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
    return GetTrapCode(out.status()) != TrapCode::kOk ? 134 : kExitFailure;
  }
  ctx.out << *out << "\n";
  return kExitOk;
}

}  // namespace

const Command& PluginCommand() {
  static const Command* const kCommand = new Command{
      "plugin",
      "call|inspect CONFIG.json",
      "Load a plugin with the capabilities of its config and call or inspect it.",
      "CONFIG.json is a plugin config (include/weft/plugin_capabilities.h):\n"
      "name, wasm (relative to the config), fs/net/env grants and limits.\n"
      "`call` runs execute(--input) and prints the output; `inspect` prints\n"
      "the plugin's meta, hash, imports and exports. Exit 0 on success, 1 on\n"
      "a load or ABI error, 134 when the plugin trapped or timed out.\n",
      {std::begin(kFlags), std::end(kFlags)},
      RunPlugin,
  };
  return *kCommand;
}

}  // namespace weft::cli
