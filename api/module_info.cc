// weft::ModuleInfo::Inspect: the decoder's Module described for tools,
// every index bounds-checked (the module need not validate).
#include "weft/module_info.h"

#include "api/module_bytes.h"
#include "decoder/decoder.h"
#include "validator/features_used.h"
#include "validator/validator.h"

namespace weft {
namespace {

std::optional<ExternType> FuncTypeAt(const Module& m, std::optional<uint32_t> type_index) {
  if (!type_index || *type_index >= m.types.size()) return std::nullopt;
  ExternType t;
  t.kind = ExternKind::kFunc;
  t.func = m.types[*type_index].func;
  return t;
}

ModuleInfo::Extern DescribeImport(const Module& m, const Import& i) {
  ModuleInfo::Extern e;
  e.module = i.module;
  e.name = i.name;
  e.kind = i.kind;
  ExternType t;
  t.kind = i.kind;
  switch (i.kind) {
    case ExternKind::kFunc:
      e.func_type_index = i.func_type_index;
      e.type = FuncTypeAt(m, i.func_type_index);
      return e;
    case ExternKind::kTable: t.table = i.table; break;
    case ExternKind::kMemory: t.memory = i.memory; break;
    case ExternKind::kGlobal: t.global = i.global; break;
    case ExternKind::kTag:  // the tag's type (params: the payload)
      if (i.tag_type_index < m.types.size()) t.func = m.types[i.tag_type_index].func;
      break;
  }
  e.type = t;
  return e;
}

ModuleInfo::Extern DescribeExport(const Module& m, const Export& x) {
  ModuleInfo::Extern e;
  e.name = x.name;
  e.kind = x.kind;
  e.index = x.index;
  ExternType t;
  t.kind = x.kind;
  switch (x.kind) {
    case ExternKind::kFunc:
      if (x.index < m.total_funcs()) e.func_type_index = m.func_type_index(x.index);
      e.type = FuncTypeAt(m, e.func_type_index);
      return e;
    case ExternKind::kTable:
      if (x.index >= m.total_tables()) return e;
      t.table = m.table_type(x.index);
      break;
    case ExternKind::kMemory:
      if (x.index >= m.total_memories()) return e;
      t.memory = m.memory_type(x.index);
      break;
    case ExternKind::kGlobal:
      if (x.index >= m.total_globals()) return e;
      t.global = m.global_type(x.index);
      break;
    case ExternKind::kTag:
      if (x.index >= m.total_tags()) return e;
      t.func = m.types[m.tag_type_index(x.index)].func;
      break;
  }
  e.type = t;
  return e;
}

}  // namespace

absl::StatusOr<ModuleInfo> ModuleInfo::Inspect(absl::Span<const uint8_t> input) {
  std::vector<uint8_t> text_encoding;
  absl::StatusOr<absl::Span<const uint8_t>> wasm = api::BinaryModuleBytes(input, &text_encoding);
  if (!wasm.ok()) return wasm.status();
  absl::StatusOr<std::unique_ptr<const Module>> decoded = DecodeModule(*wasm);
  if (!decoded.ok()) return decoded.status();
  const Module& m = **decoded;
  ModuleInfo info;
  info.size = m.bytes.size();
  info.module_name = m.names.module_name;
  info.validation = ValidateModule(m);
  info.features = FeaturesUsed(m);
  for (const SectionInfo& s : m.sections) {
    info.sections.push_back(
        {static_cast<uint8_t>(s.id), SectionName(s.id), s.offset, s.size, s.custom_name});
  }
  Counts& c = info.counts;
  c.types = uint32_t(m.types.size());
  c.imported_functions = m.num_imported_funcs;
  c.functions = uint32_t(m.function_type_indices.size());
  c.imported_tables = m.num_imported_tables;
  c.tables = uint32_t(m.tables.size());
  c.imported_memories = m.num_imported_memories;
  c.memories = uint32_t(m.memories.size());
  c.imported_globals = m.num_imported_globals;
  c.globals = uint32_t(m.globals.size());
  c.elements = uint32_t(m.elements.size());
  c.data = uint32_t(m.data.size());
  info.start = m.start;
  for (const Import& i : m.imports) info.imports.push_back(DescribeImport(m, i));
  for (const Export& x : m.exports) info.exports.push_back(DescribeExport(m, x));
  for (const CustomSection& s : m.customs) info.custom_sections.push_back(s.name);
  return info;
}

}  // namespace weft
