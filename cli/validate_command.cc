// `weft validate FILE.wasm`: decode + validate through the public API
// (CompiledModule::Compile, which validates every body once and translates
// none), print "ok" or the error.
#include "cli/command.h"
#include "weft/engine.h"
#include "weft/module.h"

namespace weft::cli {
namespace {

int RunValidate(const ParsedArgs& args, const Context& ctx) {
  if (args.positional.size() != 1) {
    return ctx.UsageError("expected exactly one FILE.wasm");
  }
  const std::string& path = args.positional[0];
  int failure = kExitOk;
  std::optional<WasmFeatures> features = FeaturesFromFlags(args, ctx, &failure);
  if (!features) return failure;
  absl::StatusOr<std::string> bytes = ReadModuleFile(path, ctx, &failure);
  if (!bytes.ok()) return failure;
  EngineConfig config;
  config.features = *features;
  absl::StatusOr<std::shared_ptr<const CompiledModule>> module = CompiledModule::Compile(
      Engine(config), absl::MakeConstSpan(reinterpret_cast<const uint8_t*>(bytes->data()), bytes->size()));
  if (!module.ok()) {
    ctx.err << path << ": " << module.status().message() << "\n";
    return kExitFailure;
  }
  ctx.out << "ok\n";
  return kExitOk;
}

}  // namespace

const Command& ValidateCommand() {
  static const Command* const kCommand = new Command{
      "validate",
      "FILE.wasm",
      "Decode and validate a WebAssembly module (binary or text).",
      "Prints \"ok\" and exits 0 when the module is valid; otherwise prints\n"
      "the first error with its byte offset and exits 1.\n",
      {kWasmFeaturesFlag},
      RunValidate,
  };
  return *kCommand;
}

}  // namespace weft::cli
