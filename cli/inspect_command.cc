// `weft inspect FILE.wasm [--json]`: what a module contains — sections,
// imports and exports with their types, counts, custom sections, the
// name-section module name — from the public ModuleInfo. Works on modules
// that decode but do not validate (it says so). `--code` prints the
// compiled code instead (inspect_code.h).
#include <optional>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "base/json.h"
#include "cli/command.h"
#include "cli/inspect_code.h"
#include "weft/module_info.h"

namespace weft::cli {
namespace {

const FlagSpec kFlags[] = {
    {"json", nullptr, "print machine-readable JSON instead of text"},
    {"code", nullptr, "print the interpreter's compiled code, one handler per line"},
    {"func", "N", "with --code: only function N (function index space)"},
    {"metering", nullptr, "with --code: compile with fuel metering (as run --fuel)"},
    kWasmFeaturesFlag,
};

using Extern = ModuleInfo::Extern;

// ---- type descriptions shared by both output forms ----

std::string LimitsText(const Limits& l, absl::string_view unit) {
  std::string out = absl::StrCat("min ", l.min, unit);
  if (l.has_max) {
    absl::StrAppend(&out, ", max ", l.max, unit);
  } else {
    absl::StrAppend(&out, ", no max");
  }
  return out;
}

std::string ExternText(const Extern& e) {
  if (e.kind == ExternKind::kFunc) {
    if (!e.func_type_index) return "(function index out of range)";
    if (!e.type) return absl::StrCat("(type index ", *e.func_type_index, " out of range)");
    return FuncTypeToString(e.type->func);
  }
  if (!e.type) return "(index out of range)";
  switch (e.kind) {
    case ExternKind::kTable:
      return absl::StrCat(ValTypeName(e.type->table.elem_type), ", ",
                          LimitsText(e.type->table.limits, ""));
    case ExternKind::kMemory:
      return LimitsText(e.type->memory.limits, " pages");
    case ExternKind::kGlobal:
      return absl::StrCat(e.type->global.is_mutable ? "mut " : "const ",
                          ValTypeName(e.type->global.type));
    case ExternKind::kTag:  // the payload's types
      return absl::StrCat("tag ", FuncTypeToString(e.type->func));
    case ExternKind::kFunc:
      break;
  }
  return "";
}

// ---- JSON pieces ----

std::string LimitsJson(const Limits& l) {
  return absl::StrCat("\"min\": ", l.min, ", \"max\": ",
                      l.has_max ? absl::StrCat(l.max) : "null");
}

// The kind-specific JSON members of an import or export.
std::string ExternJson(const Extern& e) {
  auto names = [](const std::vector<ValType>& v) {
    return absl::StrCat("[", absl::StrJoin(v, ", ", [](std::string* o, ValType x) {
                          absl::StrAppend(o, "\"", ValTypeName(x), "\"");
                        }), "]");
  };
  switch (e.kind) {
    case ExternKind::kFunc:
      if (!e.type) return "\"type_index\": null, \"type\": null";
      return absl::StrCat("\"type_index\": ", *e.func_type_index, ", \"type\": ",
                          json::Quote(FuncTypeToString(e.type->func)), ", \"params\": ",
                          names(e.type->func.params), ", \"results\": ",
                          names(e.type->func.results));
    case ExternKind::kTable:
      if (!e.type) return "\"elem_type\": null";
      return absl::StrCat("\"elem_type\": \"", ValTypeName(e.type->table.elem_type), "\", ",
                          LimitsJson(e.type->table.limits));
    case ExternKind::kMemory:
      if (!e.type) return "\"min\": null, \"max\": null";
      return LimitsJson(e.type->memory.limits);
    case ExternKind::kGlobal:
      if (!e.type) return "\"value_type\": null";
      return absl::StrCat("\"value_type\": \"", ValTypeName(e.type->global.type),
                          "\", \"mutable\": ", e.type->global.is_mutable ? "true" : "false");
    case ExternKind::kTag:
      if (!e.type) return "\"params\": null";
      return absl::StrCat("\"params\": ", names(e.type->func.params));
  }
  return "";
}

// ---- the two renderings ----

void PrintText(const std::string& path, const ModuleInfo& m, std::ostream& out) {
  out << "file: " << path << " (" << m.size << " bytes)\n";
  if (m.module_name) out << "module name: " << *m.module_name << "\n";
  out << "valid: "
      << (m.validation.ok() ? "yes" : absl::StrCat("no: ", m.validation.message())) << "\n";
  out << "features: "
      << (m.features.empty() ? "none past WebAssembly 2.0"
                             : absl::StrJoin(m.features, ", ",
                                             [](std::string* o, WasmFeature f) {
                                               o->append(WasmFeatureName(f));
                                             }))
      << "\n";
  out << "sections (" << m.sections.size() << "):\n";
  for (const ModuleInfo::Section& s : m.sections) {
    out << absl::StrFormat("  %-9s offset %-8u size %u", s.name, s.offset, s.size);
    if (s.id == 0) out << " " << json::Quote(s.custom_name);
    out << "\n";
  }
  const ModuleInfo::Counts& c = m.counts;
  out << "types: " << c.types << "\n";
  out << "functions: " << c.imported_functions << " imported, " << c.functions << " defined\n";
  out << "tables: " << c.imported_tables << " imported, " << c.tables << " defined\n";
  out << "memories: " << c.imported_memories << " imported, " << c.memories << " defined\n";
  out << "globals: " << c.imported_globals << " imported, " << c.globals << " defined\n";
  out << "element segments: " << c.elements << "\n";
  out << "data segments: " << c.data << "\n";
  out << "start: " << (m.start ? absl::StrCat("func ", *m.start) : "none") << "\n";
  out << "imports (" << m.imports.size() << "):\n";
  for (const Extern& i : m.imports) {
    out << absl::StrFormat("  %-6s %s.%s: %s\n", ExternKindName(i.kind), json::Quote(i.module),
                           json::Quote(i.name), ExternText(i));
  }
  out << "exports (" << m.exports.size() << "):\n";
  for (const Extern& e : m.exports) {
    out << absl::StrFormat("  %-6s %s: %s [%s %u]\n", ExternKindName(e.kind),
                           json::Quote(e.name), ExternText(e), ExternKindName(e.kind), e.index);
  }
  out << "custom sections (" << m.custom_sections.size() << "):";
  for (const std::string& name : m.custom_sections) out << " " << json::Quote(name);
  out << "\n";
}

void PrintJson(const std::string& path, const ModuleInfo& m, std::ostream& out) {
  out << "{\n  \"file\": " << json::Quote(path) << ",\n  \"size\": " << m.size
      << ",\n  \"module_name\": " << (m.module_name ? json::Quote(*m.module_name) : "null")
      << ",\n  \"valid\": " << (m.validation.ok() ? "true" : "false")
      << ",\n  \"validation_error\": "
      << (m.validation.ok() ? "null" : json::Quote(m.validation.message())) << ",\n";
  out << "  \"features\": [";
  for (size_t i = 0; i < m.features.size(); ++i) {
    out << (i ? ", " : "") << json::Quote(WasmFeatureName(m.features[i]));
  }
  out << "],\n";
  out << "  \"sections\": [";
  for (size_t i = 0; i < m.sections.size(); ++i) {
    const ModuleInfo::Section& s = m.sections[i];
    out << (i ? ",\n    " : "\n    ") << "{\"id\": " << int(s.id) << ", \"name\": \"" << s.name
        << "\", \"offset\": " << s.offset << ", \"size\": " << s.size;
    if (s.id == 0) out << ", \"custom_name\": " << json::Quote(s.custom_name);
    out << "}";
  }
  out << (m.sections.empty() ? "],\n" : "\n  ],\n");
  const ModuleInfo::Counts& c = m.counts;
  out << "  \"counts\": {\"types\": " << c.types << ", \"imports\": " << m.imports.size()
      << ", \"exports\": " << m.exports.size()
      << ", \"imported_functions\": " << c.imported_functions
      << ", \"functions\": " << c.functions << ", \"imported_tables\": " << c.imported_tables
      << ", \"tables\": " << c.tables << ", \"imported_memories\": " << c.imported_memories
      << ", \"memories\": " << c.memories << ", \"imported_globals\": " << c.imported_globals
      << ", \"globals\": " << c.globals << ", \"elements\": " << c.elements
      << ", \"data\": " << c.data << ", \"custom_sections\": " << m.custom_sections.size()
      << "},\n";
  out << "  \"start\": " << (m.start ? absl::StrCat(*m.start) : "null") << ",\n";
  out << "  \"imports\": [";
  for (size_t k = 0; k < m.imports.size(); ++k) {
    const Extern& i = m.imports[k];
    out << (k ? ",\n    " : "\n    ") << "{\"module\": " << json::Quote(i.module)
        << ", \"name\": " << json::Quote(i.name) << ", \"kind\": \"" << ExternKindName(i.kind)
        << "\", " << ExternJson(i) << "}";
  }
  out << (m.imports.empty() ? "],\n" : "\n  ],\n");
  out << "  \"exports\": [";
  for (size_t k = 0; k < m.exports.size(); ++k) {
    const Extern& e = m.exports[k];
    out << (k ? ",\n    " : "\n    ") << "{\"name\": " << json::Quote(e.name)
        << ", \"kind\": \"" << ExternKindName(e.kind) << "\", \"index\": " << e.index << ", "
        << ExternJson(e) << "}";
  }
  out << (m.exports.empty() ? "],\n" : "\n  ],\n");
  out << "  \"custom_sections\": [";
  for (size_t k = 0; k < m.custom_sections.size(); ++k) {
    out << (k ? ", " : "") << json::Quote(m.custom_sections[k]);
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
  int read_failure = kExitOk;
  absl::StatusOr<std::string> bytes = ReadModuleFile(path, ctx, &read_failure);
  if (!bytes.ok()) return read_failure;
  if (code) return InspectCode(path, *bytes, args, ctx);
  absl::StatusOr<ModuleInfo> info = ModuleInfo::Inspect(
      absl::MakeConstSpan(reinterpret_cast<const uint8_t*>(bytes->data()), bytes->size()));
  if (!info.ok()) {
    ctx.err << path << ": " << info.status().message() << "\n";
    return kExitFailure;
  }
  if (args.Has("json")) {
    PrintJson(path, *info, ctx.out);
  } else {
    PrintText(path, *info, ctx.out);
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
