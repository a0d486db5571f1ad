// `weft wast FILE.wast...`: the spec-test runner (wast/wast_runner.h).
#include <filesystem>

#include "absl/strings/str_cat.h"
#include "cli/command.h"
#include "base/file_util.h"
#include "wast/module_check.h"
#include "wast/wast_runner.h"
#include "wast/weft_script_engine.h"

namespace weft::cli {
namespace {

const FlagSpec kFlags[] = {
    {"verbose", nullptr, "also list skipped commands and their reasons"},
    kWasmFeaturesFlag,
    {"max-reports", "N", "failures listed per file (default 20; 0: all)"},
    {"save-modules", "DIR",
     "write every module the scripts read to DIR as SCRIPT.LINE.wasm"},
    {"check-text", nullptr,
     "require weft's error for assert_malformed/assert_invalid to contain "
     "the script's expected text"},
};

int RunWast(const ParsedArgs& args, const Context& ctx) {
  if (args.positional.empty()) {
    return ctx.UsageError("expected at least one FILE.wast");
  }
  // Check every file up front: a typo should not cost a long run.
  for (const std::string& path : args.positional) {
    absl::StatusOr<std::string> text = ReadWholeFile(path);
    if (!text.ok()) return ctx.UsageError(text.status().message());
  }
  int failure = kExitOk;
  std::optional<WasmFeatures> features = FeaturesFromFlags(args, ctx, &failure);
  if (!features) return failure;
  wast::WastOptions options;
  options.check_module = [features](absl::Span<const uint8_t> wasm) {
    return wast::DecodeAndValidate(wasm, *features);
  };
  options.make_engine = [features](const std::string& file, std::string* why_not) {
    return wast::WeftEngineForScript(file, *features, why_not);
  };
  options.verbose = args.Has("verbose");
  options.check_error_text = args.Has("check-text");
  if (args.Has("max-reports")) {
    absl::StatusOr<uint64_t> n = ParseCount(args.Get("max-reports"));
    if (!n.ok() || *n > INT32_MAX) {
      return ctx.UsageError(absl::StrCat("--max-reports ", args.Get("max-reports"),
                                         ": expected a count"));
    }
    options.max_reports_per_file = *n == 0 ? INT32_MAX : static_cast<int>(*n);
  }
  if (args.Has("save-modules")) {
    options.save_modules_dir = args.Get("save-modules");
    if (!std::filesystem::is_directory(options.save_modules_dir)) {
      return ctx.UsageError(
          absl::StrCat("--save-modules: ", options.save_modules_dir, ": not a directory"));
    }
  }
  const wast::WastTotals totals =
      wast::RunWastFiles(args.positional, options, ctx.out);
  return totals.failed > 0 ? kExitFailure : kExitOk;
}

}  // namespace

const Command& WastCommand() {
  static const Command* const kCommand = new Command{
      "wast",
      "FILE.wast...",
      "Run WebAssembly spec-test scripts.",
      "Scripts and their text modules are read by weft's own text parser.\n"
      "Modules must decode and validate; assert_malformed modules must be\n"
      "rejected by the text parser or the decoder, assert_invalid modules\n"
      "by the validator. Every other command runs on weft's interpreter\n"
      "with the spectest host module. A command weft cannot read or carry\n"
      "out fails, with the reason.\n"
      "Exits 1 when any command fails.\n",
      {std::begin(kFlags), std::end(kFlags)},
      RunWast,
  };
  return *kCommand;
}

}  // namespace weft::cli
