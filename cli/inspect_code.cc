#include "cli/inspect_code.h"

#include <cstdint>
#include <memory>

#include "absl/strings/str_cat.h"
#include "weft/engine.h"
#include "weft/module.h"

namespace weft::cli {

int InspectCode(const std::string& path, const std::string& bytes, const ParsedArgs& args,
                const Context& ctx) {
  EngineConfig config;
  config.metering = args.Has("metering");
  int failure = kExitOk;
  std::optional<WasmFeatures> features = FeaturesFromFlags(args, ctx, &failure);
  if (!features) return failure;
  config.features = *features;
  absl::StatusOr<std::shared_ptr<const CompiledModule>> module = CompiledModule::Compile(
      Engine(config),
      absl::MakeConstSpan(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size()));
  if (!module.ok()) {
    ctx.err << path << ": " << module.status().message() << "\n";
    return kExitFailure;
  }
  const uint32_t imported = (*module)->imported_function_count();
  const uint32_t total = (*module)->function_count();
  uint32_t first = imported, end = total;
  if (args.Has("func")) {
    const std::string text = args.Get("func");
    absl::StatusOr<uint64_t> n = ParseCount(text);
    if (!n.ok()) return ctx.UsageError(absl::StrCat("--func ", text, ": ", n.status().message()));
    if (*n >= total) {
      return ctx.UsageError(
          total == 0 ? absl::StrCat("--func ", *n, ": the module has no functions")
                     : absl::StrCat("--func ", *n, ": the module has ", total,
                                    total == 1 ? " function (0)" : " functions (0-",
                                    total == 1 ? "" : absl::StrCat(total - 1, ")")));
    }
    if (*n < imported) {
      return ctx.UsageError(absl::StrCat(
          "--func ", *n, ": an imported function has no code (",
          imported == total ? std::string("the module defines none")
                            : absl::StrCat("defined functions are ", imported, "-", total - 1),
          ")"));
    }
    first = static_cast<uint32_t>(*n);
    end = first + 1;
  }
  for (uint32_t f = first; f < end; ++f) {
    absl::StatusOr<std::string> code = (*module)->DescribeCode(f);
    if (!code.ok()) {
      ctx.err << path << ": " << code.status().message() << "\n";
      return kExitFailure;
    }
    ctx.out << (f == first ? "" : "\n") << *code;
  }
  return kExitOk;
}

}  // namespace weft::cli
