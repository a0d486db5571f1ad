// `weft inspect FILE.wasm [--json]`: what a module contains — sections,
// imports and exports with their types, counts, custom sections, the
// name-section module name. Works on modules that decode but do not
// validate (it says so), so every index is bounds-checked here.
// `--code` prints the compiled code instead (inspect_code.h).
#include <optional>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "cli/command.h"
#include "cli/inspect_code.h"
#include "decoder/decoder.h"
#include "tests/spec/file_util.h"
#include "base/json.h"
#include "validator/validator.h"

namespace weft::cli {
namespace {

const FlagSpec kFlags[] = {
    {"json", nullptr, "print machine-readable JSON instead of text"},
    {"code", nullptr, "print the interpreter's compiled code, one handler per line"},
    {"func", "N", "with --code: only function N (function index space)"},
    {"metering", nullptr, "with --code: compile with fuel metering (as run --fuel)"},
};

// ---- type descriptions shared by both output forms ----

const FuncType* FuncTypeAt(const Module& m, uint32_t type_index) {
  return type_index < m.types.size() ? &m.types[type_index] : nullptr;
}

std::optional<uint32_t> FuncTypeIndex(const Module& m, uint32_t func_index) {
  if (func_index >= m.total_funcs()) return std::nullopt;
  return m.func_type_index(func_index);
}

std::string LimitsText(const Limits& l, absl::string_view unit) {
  std::string out = absl::StrCat("min ", l.min, unit);
  if (l.has_max) {
    absl::StrAppend(&out, ", max ", l.max, unit);
  } else {
    absl::StrAppend(&out, ", no max");
  }
  return out;
}

std::string TypeIndexText(const Module& m, std::optional<uint32_t> type_index) {
  if (!type_index) return "(function index out of range)";
  const FuncType* t = FuncTypeAt(m, *type_index);
  if (t == nullptr) return absl::StrCat("(type index ", *type_index, " out of range)");
  return FuncTypeToString(*t);
}

std::string TableText(const TableType& t) {
  return absl::StrCat(ValTypeName(t.elem_type), ", ", LimitsText(t.limits, ""));
}
std::string MemoryText(const MemoryType& t) {
  return LimitsText(t.limits, " pages");
}
std::string GlobalText(const GlobalType& t) {
  return absl::StrCat(t.is_mutable ? "mut " : "const ", ValTypeName(t.type));
}

// ---- JSON pieces ----

std::string LimitsJson(const Limits& l) {
  return absl::StrCat("\"min\": ", l.min, ", \"max\": ",
                      l.has_max ? absl::StrCat(l.max) : "null");
}

std::string FuncTypeJson(const Module& m, std::optional<uint32_t> type_index) {
  const FuncType* t = type_index ? FuncTypeAt(m, *type_index) : nullptr;
  if (t == nullptr) return "\"type_index\": null, \"type\": null";
  auto names = [](const std::vector<ValType>& v) {
    return absl::StrCat("[", absl::StrJoin(v, ", ", [](std::string* o, ValType x) {
                          absl::StrAppend(o, "\"", ValTypeName(x), "\"");
                        }), "]");
  };
  return absl::StrCat("\"type_index\": ", *type_index, ", \"type\": ",
                      json::Quote(FuncTypeToString(*t)), ", \"params\": ",
                      names(t->params), ", \"results\": ", names(t->results));
}

// The kind-specific JSON members of an import or export.
std::string ExternJson(const Module& m, ExternKind kind,
                       std::optional<uint32_t> func_type_index,
                       const TableType* table, const MemoryType* memory,
                       const GlobalType* global) {
  switch (kind) {
    case ExternKind::kFunc: return FuncTypeJson(m, func_type_index);
    case ExternKind::kTable:
      if (table == nullptr) return "\"elem_type\": null";
      return absl::StrCat("\"elem_type\": \"", ValTypeName(table->elem_type),
                          "\", ", LimitsJson(table->limits));
    case ExternKind::kMemory:
      if (memory == nullptr) return "\"min\": null, \"max\": null";
      return LimitsJson(memory->limits);
    case ExternKind::kGlobal:
      if (global == nullptr) return "\"value_type\": null";
      return absl::StrCat("\"value_type\": \"", ValTypeName(global->type),
                          "\", \"mutable\": ", global->is_mutable ? "true" : "false");
  }
  return "";
}

// Resolved type of export `e`, for both output forms.
struct ExportTypes {
  std::optional<uint32_t> func_type_index;
  std::optional<TableType> table;
  std::optional<MemoryType> memory;
  std::optional<GlobalType> global;
};

ExportTypes ResolveExport(const Module& m, const Export& e) {
  ExportTypes t;
  switch (e.kind) {
    case ExternKind::kFunc: t.func_type_index = FuncTypeIndex(m, e.index); break;
    case ExternKind::kTable:
      if (e.index < m.total_tables()) t.table = m.table_type(e.index);
      break;
    case ExternKind::kMemory:
      if (e.index < m.total_memories()) t.memory = m.memory_type(e.index);
      break;
    case ExternKind::kGlobal:
      if (e.index < m.total_globals()) t.global = m.global_type(e.index);
      break;
  }
  return t;
}

std::string ExportText(const Module& m, const Export& e) {
  const ExportTypes t = ResolveExport(m, e);
  switch (e.kind) {
    case ExternKind::kFunc: return TypeIndexText(m, t.func_type_index);
    case ExternKind::kTable: return t.table ? TableText(*t.table) : "(index out of range)";
    case ExternKind::kMemory: return t.memory ? MemoryText(*t.memory) : "(index out of range)";
    case ExternKind::kGlobal: return t.global ? GlobalText(*t.global) : "(index out of range)";
  }
  return "";
}

std::string ImportText(const Module& m, const Import& i) {
  switch (i.kind) {
    case ExternKind::kFunc: return TypeIndexText(m, i.func_type_index);
    case ExternKind::kTable: return TableText(i.table);
    case ExternKind::kMemory: return MemoryText(i.memory);
    case ExternKind::kGlobal: return GlobalText(i.global);
  }
  return "";
}

std::string SectionLabel(const SectionInfo& s) {
  return SectionName(s.id);
}

// ---- the two renderings ----

void PrintText(const std::string& path, const Module& m,
               const absl::Status& valid, std::ostream& out) {
  out << "file: " << path << " (" << m.bytes.size() << " bytes)\n";
  if (m.names.module_name) out << "module name: " << *m.names.module_name << "\n";
  out << "valid: " << (valid.ok() ? "yes" : absl::StrCat("no: ", valid.message()))
      << "\n";
  out << "sections (" << m.sections.size() << "):\n";
  for (const SectionInfo& s : m.sections) {
    out << absl::StrFormat("  %-9s offset %-8u size %u", SectionLabel(s),
                           s.offset, s.size);
    if (s.id == SectionId::kCustom) out << " " << json::Quote(s.custom_name);
    out << "\n";
  }
  out << "types: " << m.types.size() << "\n";
  out << "functions: " << m.num_imported_funcs << " imported, "
      << m.function_type_indices.size() << " defined\n";
  out << "tables: " << m.num_imported_tables << " imported, " << m.tables.size()
      << " defined\n";
  out << "memories: " << m.num_imported_memories << " imported, "
      << m.memories.size() << " defined\n";
  out << "globals: " << m.num_imported_globals << " imported, "
      << m.globals.size() << " defined\n";
  out << "element segments: " << m.elements.size() << "\n";
  out << "data segments: " << m.data.size() << "\n";
  out << "start: " << (m.start ? absl::StrCat("func ", *m.start) : "none") << "\n";
  out << "imports (" << m.imports.size() << "):\n";
  for (const Import& i : m.imports) {
    out << absl::StrFormat("  %-6s %s.%s: %s\n", ExternKindName(i.kind),
                           json::Quote(i.module), json::Quote(i.name),
                           ImportText(m, i));
  }
  out << "exports (" << m.exports.size() << "):\n";
  for (const Export& e : m.exports) {
    out << absl::StrFormat("  %-6s %s: %s [%s %u]\n", ExternKindName(e.kind),
                           json::Quote(e.name), ExportText(m, e),
                           ExternKindName(e.kind), e.index);
  }
  out << "custom sections (" << m.customs.size() << "):";
  for (const CustomSection& c : m.customs) out << " " << json::Quote(c.name);
  out << "\n";
}

void PrintJson(const std::string& path, const Module& m,
               const absl::Status& valid, std::ostream& out) {
  out << "{\n  \"file\": " << json::Quote(path) << ",\n  \"size\": "
      << m.bytes.size() << ",\n  \"module_name\": "
      << (m.names.module_name ? json::Quote(*m.names.module_name) : "null")
      << ",\n  \"valid\": " << (valid.ok() ? "true" : "false")
      << ",\n  \"validation_error\": "
      << (valid.ok() ? "null" : json::Quote(valid.message())) << ",\n";
  out << "  \"sections\": [";
  for (size_t i = 0; i < m.sections.size(); ++i) {
    const SectionInfo& s = m.sections[i];
    out << (i ? ",\n    " : "\n    ") << "{\"id\": " << static_cast<int>(s.id)
        << ", \"name\": \"" << SectionLabel(s) << "\", \"offset\": " << s.offset
        << ", \"size\": " << s.size;
    if (s.id == SectionId::kCustom) out << ", \"custom_name\": " << json::Quote(s.custom_name);
    out << "}";
  }
  out << (m.sections.empty() ? "],\n" : "\n  ],\n");
  out << "  \"counts\": {\"types\": " << m.types.size()
      << ", \"imports\": " << m.imports.size()
      << ", \"exports\": " << m.exports.size()
      << ", \"imported_functions\": " << m.num_imported_funcs
      << ", \"functions\": " << m.function_type_indices.size()
      << ", \"imported_tables\": " << m.num_imported_tables
      << ", \"tables\": " << m.tables.size()
      << ", \"imported_memories\": " << m.num_imported_memories
      << ", \"memories\": " << m.memories.size()
      << ", \"imported_globals\": " << m.num_imported_globals
      << ", \"globals\": " << m.globals.size()
      << ", \"elements\": " << m.elements.size()
      << ", \"data\": " << m.data.size()
      << ", \"custom_sections\": " << m.customs.size() << "},\n";
  out << "  \"start\": " << (m.start ? absl::StrCat(*m.start) : "null") << ",\n";
  out << "  \"imports\": [";
  for (size_t k = 0; k < m.imports.size(); ++k) {
    const Import& i = m.imports[k];
    out << (k ? ",\n    " : "\n    ") << "{\"module\": " << json::Quote(i.module)
        << ", \"name\": " << json::Quote(i.name) << ", \"kind\": \""
        << ExternKindName(i.kind) << "\", "
        << ExternJson(m, i.kind, i.func_type_index, &i.table, &i.memory, &i.global)
        << "}";
  }
  out << (m.imports.empty() ? "],\n" : "\n  ],\n");
  out << "  \"exports\": [";
  for (size_t k = 0; k < m.exports.size(); ++k) {
    const Export& e = m.exports[k];
    const ExportTypes t = ResolveExport(m, e);
    out << (k ? ",\n    " : "\n    ") << "{\"name\": " << json::Quote(e.name)
        << ", \"kind\": \"" << ExternKindName(e.kind) << "\", \"index\": "
        << e.index << ", "
        << ExternJson(m, e.kind, t.func_type_index, t.table ? &*t.table : nullptr,
                      t.memory ? &*t.memory : nullptr,
                      t.global ? &*t.global : nullptr)
        << "}";
  }
  out << (m.exports.empty() ? "],\n" : "\n  ],\n");
  out << "  \"custom_sections\": [";
  for (size_t k = 0; k < m.customs.size(); ++k) {
    out << (k ? ", " : "") << json::Quote(m.customs[k].name);
  }
  out << "]\n}\n";
}

int RunInspect(const ParsedArgs& args, const Context& ctx) {
  if (args.positional.size() != 1) {
    return ctx.UsageError("expected exactly one FILE.wasm");
  }
  const bool code = args.Has("code");
  if (!code && (args.Has("func") || args.Has("metering"))) {
    return ctx.UsageError(absl::StrCat("--", args.Has("func") ? "func" : "metering",
                                       " needs --code"));
  }
  if (code && args.Has("json")) return ctx.UsageError("--code prints text only, not --json");
  const std::string& path = args.positional[0];
  absl::StatusOr<std::string> bytes = ReadWholeFile(path);
  if (!bytes.ok()) return ctx.UsageError(bytes.status().message());
  if (code) return InspectCode(path, *bytes, args, ctx);
  absl::StatusOr<std::unique_ptr<const Module>> module =
      DecodeModule(absl::MakeConstSpan(
          reinterpret_cast<const uint8_t*>(bytes->data()), bytes->size()));
  if (!module.ok()) {
    ctx.err << path << ": " << module.status().message() << "\n";
    return kExitFailure;
  }
  const absl::Status valid = ValidateModule(**module);
  if (args.Has("json")) {
    PrintJson(path, **module, valid, ctx.out);
  } else {
    PrintText(path, **module, valid, ctx.out);
  }
  return kExitOk;
}

}  // namespace

const Command& InspectCommand() {
  static const Command* const kCommand = new Command{
      "inspect",
      "FILE.wasm [--json | --code [--func N]]",
      "Show a module's sections, imports, exports, types and counts, or its compiled code.",
      "The module must decode (exit 1 otherwise); a module that decodes but\n"
      "does not validate is still shown, with the validation error.\n"
      "With --code: the threaded code each defined function compiles to (the\n"
      "module must validate), one handler per line: word offset, op, operands\n"
      "(sN = frame slot, '-> W' = branch target word). A bad --func N is a\n"
      "usage error.\n",
      {std::begin(kFlags), std::end(kFlags)},
      RunInspect,
  };
  return *kCommand;
}

}  // namespace weft::cli
