#include "runtime/import_match.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "validator/type_canon.h"

namespace weft::runtime {
namespace {

std::string LimitsToString(const Limits& l) {
  if (!l.has_max) return absl::StrCat("{min ", l.min, "}");
  return absl::StrCat("{min ", l.min, ", max ", l.max, "}");
}

std::string GlobalTypeToString(const GlobalType& g) {
  return g.is_mutable ? absl::StrCat("(mut ", ValTypeName(g.type), ")")
                      : std::string(ValTypeName(g.type));
}

absl::Status Incompatible(absl::string_view module, absl::string_view name,
                          absl::string_view detail) {
  return absl::InvalidArgumentError(absl::StrCat(
      kIncompatibleImportType, ": ", module, ".", name, " (", detail, ")"));
}

}  // namespace

bool LimitsMatch(const Limits& actual, const Limits& required) {
  if (actual.min < required.min) return false;
  if (!required.has_max) return true;
  return actual.has_max && actual.max <= required.max;
}

bool TableTypeMatches(const TableType& actual, const TableType& required) {
  return actual.elem_type == required.elem_type &&
         actual.is64 == required.is64 && LimitsMatch(actual.limits, required.limits);
}

bool MemoryTypeMatches(const MemoryType& actual, const MemoryType& required) {
  // Address type and page size must be the same (memory64, custom page
  // sizes); limits count pages of that size.
  return actual.is64 == required.is64 && actual.page_size_log2 == required.page_size_log2 &&
         LimitsMatch(actual.limits, required.limits);
}

// Both in canonical form. A mutable global must have exactly the type; an
// immutable one may be of a subtype ((ref $t) where (ref null func) is
// imported).
bool GlobalTypeMatches(const GlobalType& actual, const GlobalType& required) {
  if (actual.is_mutable != required.is_mutable) return false;
  if (actual.is_mutable) return actual.type == required.type;
  return TypeCanonicalizer::Global().IsSubtype(actual.type, required.type);
}

absl::Status CheckFuncImport(absl::string_view module, absl::string_view name,
                             const FuncType& actual, const FuncType& required, bool matches) {
  if (matches) return absl::OkStatus();
  return Incompatible(module, name,
                      absl::StrCat("expected ", FuncTypeToString(required),
                                   ", got ", FuncTypeToString(actual)));
}

absl::Status CheckTableImport(absl::string_view module, absl::string_view name,
                              const TableType& actual,
                              const TableType& required) {
  if (TableTypeMatches(actual, required)) return absl::OkStatus();
  return Incompatible(
      module, name,
      absl::StrCat("expected table ", LimitsToString(required.limits), " ",
                   ValTypeName(required.elem_type), ", got table ",
                   LimitsToString(actual.limits), " ",
                   ValTypeName(actual.elem_type)));
}

absl::Status CheckMemoryImport(absl::string_view module,
                               absl::string_view name, const MemoryType& actual,
                               const MemoryType& required) {
  if (MemoryTypeMatches(actual, required)) return absl::OkStatus();
  return Incompatible(module, name,
                      absl::StrCat("expected memory ",
                                   LimitsToString(required.limits),
                                   ", got memory ",
                                   LimitsToString(actual.limits)));
}

absl::Status CheckGlobalImport(absl::string_view module,
                               absl::string_view name, const GlobalType& actual,
                               const GlobalType& required) {
  if (GlobalTypeMatches(actual, required)) return absl::OkStatus();
  return Incompatible(module, name,
                      absl::StrCat("expected global ",
                                   GlobalTypeToString(required), ", got global ",
                                   GlobalTypeToString(actual)));
}

absl::Status KindMismatchError(absl::string_view module, absl::string_view name,
                               ExternKind actual, ExternKind required) {
  return Incompatible(module, name,
                      absl::StrCat("expected ", ExternKindName(required),
                                   ", got ", ExternKindName(actual)));
}

absl::Status UnknownImportError(absl::string_view module,
                                absl::string_view name) {
  return absl::NotFoundError(
      absl::StrCat(kUnknownImport, ": ", module, ".", name));
}

std::string ImportTypeToString(const Module& module, const Import& import) {
  switch (import.kind) {
    case ExternKind::kFunc:
      if (import.func_type_index >= module.types.size()) return "func (unknown type)";
      return absl::StrCat("func ", FuncTypeToString(module.types[import.func_type_index].func));
    case ExternKind::kTable:
      return absl::StrCat("table ", ValTypeName(import.table.elem_type), " ",
                          LimitsToString(import.table.limits));
    case ExternKind::kMemory:
      return absl::StrCat("memory ", LimitsToString(import.memory.limits));
    case ExternKind::kGlobal:
      return absl::StrCat("global ", GlobalTypeToString(import.global));
    case ExternKind::kTag:
      if (import.tag_type_index >= module.types.size()) return "tag (unknown type)";
      return absl::StrCat("tag ", FuncTypeToString(module.types[import.tag_type_index].func));
  }
  return "?";
}

absl::Status UnknownImports(
    const Module& module,
    const std::function<bool(absl::string_view, absl::string_view)>& linker_has) {
  constexpr int kListed = 10;
  std::string listed;
  int missing = 0;
  for (size_t i = 0; i < module.imports.size(); ++i) {
    const Import& imp = module.imports[i];
    if (linker_has(imp.module, imp.name)) continue;
    if (++missing > kListed) continue;
    absl::StrAppend(&listed, missing == 1 ? "" : "; ", "import ", i, " \"", imp.module, "\".\"",
                    imp.name, "\" (expected ", ImportTypeToString(module, imp), ")");
  }
  if (missing == 0) return absl::OkStatus();
  if (missing > kListed) absl::StrAppend(&listed, "; and ", missing - kListed, " more");
  return absl::NotFoundError(absl::StrCat(kUnknownImport, ": ", listed));
}

}  // namespace weft::runtime
