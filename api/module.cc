// CompiledModule: decode + full validation + interpreter code setup.
#include <utility>

#include "absl/strings/str_cat.h"
#include "api/internal.h"
#include "api/module_bytes.h"
#include "interp/code_printer.h"
#include "interp/compiled_function.h"
#include "decoder/decoder.h"
#include "validator/validator.h"
#include "weft/module.h"

namespace weft {
namespace {

std::string LimitsToString(const Limits& l) {
  return l.has_max ? absl::StrCat(l.min, "..", l.max) : absl::StrCat(l.min, "..");
}

ExternType ImportType(const Module& m, const Import& imp) {
  ExternType t;
  t.kind = imp.kind;
  switch (imp.kind) {
    case ExternKind::kFunc:
      t.func = m.types[imp.func_type_index].func;
      break;
    case ExternKind::kTable:
      t.table = imp.table;
      break;
    case ExternKind::kMemory:
      t.memory = imp.memory;
      break;
    case ExternKind::kGlobal:
      t.global = imp.global;
      break;
    case ExternKind::kTag:  // the tag's type: its params are the payload
      t.func = m.types[imp.tag_type_index].func;
      break;
  }
  return t;
}

ExternType ExportType(const Module& m, const Export& e) {
  ExternType t;
  t.kind = e.kind;
  switch (e.kind) {
    case ExternKind::kFunc:
      t.func = m.func_type(e.index);
      break;
    case ExternKind::kTable:
      t.table = m.table_type(e.index);
      break;
    case ExternKind::kMemory:
      t.memory = m.memory_type(e.index);
      break;
    case ExternKind::kGlobal:
      t.global = m.global_type(e.index);
      break;
    case ExternKind::kTag:
      t.func = m.types[m.tag_type_index(e.index)].func;
      break;
  }
  return t;
}

}  // namespace

std::string ExternType::ToString() const {
  switch (kind) {
    case ExternKind::kFunc:
      return absl::StrCat("func ", FuncTypeToString(func));
    case ExternKind::kTable:
      return absl::StrCat("table ", LimitsToString(table.limits), " ",
                          ValTypeName(table.elem_type));
    case ExternKind::kMemory:
      return absl::StrCat("memory ", LimitsToString(memory.limits));
    case ExternKind::kGlobal:
      return absl::StrCat("global ", global.is_mutable ? "mut " : "",
                          ValTypeName(global.type));
    case ExternKind::kTag:
      return absl::StrCat("tag ", FuncTypeToString(func));
  }
  return "?";
}

absl::StatusOr<std::shared_ptr<const CompiledModule>> CompiledModule::Compile(
    const Engine& engine, absl::Span<const uint8_t> input) {
  std::vector<uint8_t> text_encoding;
  absl::StatusOr<absl::Span<const uint8_t>> wasm = api::BinaryModuleBytes(input, &text_encoding);
  if (!wasm.ok()) return wasm.status();
  interp::CompileOptions options;
  options.metering = engine.config().metering;
  options.features = engine.config().features;
  options.mode = engine.config().eager_compile     ? interp::CompilationMode::kEager
                 : engine.config().lazy_validation ? interp::CompilationMode::kLazy
                                                   : interp::CompilationMode::kLazyTranslation;
  absl::StatusOr<std::shared_ptr<interp::ModuleCode>> code =
      interp::ModuleCode::Load(*wasm, options);
  if (!code.ok()) return code.status();
  const std::shared_ptr<const Module>& ir = (*code)->shared_module();

  auto impl = std::make_unique<api::ModuleImpl>();
  impl->code = std::move(*code);
  impl->metering = options.metering;
  for (const Import& imp : ir->imports) {
    impl->imports.push_back({imp.module, imp.name, ImportType(*ir, imp)});
  }
  for (const Export& e : ir->exports) {
    impl->exports.push_back({e.name, ExportType(*ir, e)});
  }
  return std::shared_ptr<const CompiledModule>(new CompiledModule(std::move(impl)));
}

CompiledModule::CompiledModule(std::unique_ptr<api::ModuleImpl> impl)
    : impl_(std::move(impl)) {}
CompiledModule::~CompiledModule() = default;

const std::vector<ImportInfo>& CompiledModule::imports() const { return impl_->imports; }
const std::vector<ExportInfo>& CompiledModule::exports() const { return impl_->exports; }
bool CompiledModule::metering() const { return impl_->metering; }

uint32_t CompiledModule::function_count() const { return impl_->ir()->total_funcs(); }
uint32_t CompiledModule::imported_function_count() const {
  return impl_->ir()->num_imported_funcs;
}

absl::StatusOr<std::string> CompiledModule::DescribeCode(uint32_t func_index) const {
  const Module& m = *impl_->ir();
  if (func_index >= m.total_funcs() || func_index < m.num_imported_funcs) {
    return absl::InvalidArgumentError(absl::StrCat(
        "function ", func_index, " has no code here (the module has ", m.total_funcs(),
        " functions, of which ", m.num_imported_funcs, " imported)"));
  }
  std::string title = absl::StrCat("func ", func_index);
  const std::string name = m.function_name(func_index);
  if (!name.empty()) absl::StrAppend(&title, " \"", name, "\"");
  absl::StrAppend(&title, " ", FuncTypeToString(m.types[m.func_type_index(func_index)].func));
  absl::StatusOr<const interp::CompiledFunction*> fn =
      impl_->code->Get(func_index - m.num_imported_funcs);
  if (!fn.ok()) {
    return absl::Status(fn.status().code(), absl::StrCat(title, ": ", fn.status().message()));
  }
  return absl::StrCat(title, "\n", interp::PrintCode(**fn));
}

}  // namespace weft
