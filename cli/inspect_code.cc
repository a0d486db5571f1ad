#include "cli/inspect_code.h"

#include <cstdint>
#include <memory>
#include <optional>

#include "absl/strings/str_cat.h"
#include "decoder/module.h"
#include "interp/code_printer.h"
#include "interp/compiled_function.h"
#include "interp/module_code.h"

namespace weft::cli {
namespace {

// "func 3 "name" (i32) -> (i32)"
std::string FunctionTitle(const Module& m, uint32_t func_index) {
  std::string title = absl::StrCat("func ", func_index);
  const std::string name = m.function_name(func_index);
  if (!name.empty()) absl::StrAppend(&title, " \"", name, "\"");
  const uint32_t type_index = m.func_type_index(func_index);
  if (type_index < m.types.size()) absl::StrAppend(&title, " ", FuncTypeToString(m.types[type_index]));
  return title;
}

}  // namespace

int InspectCode(const std::string& path, const std::string& bytes, const ParsedArgs& args,
                const Context& ctx) {
  interp::CompileOptions options;
  options.metering = args.Has("metering");
  absl::StatusOr<std::shared_ptr<interp::ModuleCode>> code = interp::ModuleCode::Load(
      absl::MakeConstSpan(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size()),
      options);
  if (!code.ok()) {
    ctx.err << path << ": " << code.status().message() << "\n";
    return kExitFailure;
  }
  const Module& m = (*code)->module();
  const uint32_t imported = m.num_imported_funcs;
  const uint32_t total = m.total_funcs();
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
    absl::StatusOr<const interp::CompiledFunction*> fn = (*code)->Get(f - imported);
    if (!fn.ok()) {
      ctx.err << path << ": " << FunctionTitle(m, f) << ": " << fn.status().message() << "\n";
      return kExitFailure;
    }
    ctx.out << (f == first ? "" : "\n") << FunctionTitle(m, f) << "\n"
            << interp::PrintCode(**fn);
  }
  return kExitOk;
}

}  // namespace weft::cli
