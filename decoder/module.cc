#include "decoder/module.h"

#include <algorithm>

namespace weft {

const char* SectionName(SectionId id) {
  switch (id) {
    case SectionId::kCustom: return "custom";
    case SectionId::kType: return "type";
    case SectionId::kImport: return "import";
    case SectionId::kFunction: return "function";
    case SectionId::kTable: return "table";
    case SectionId::kMemory: return "memory";
    case SectionId::kGlobal: return "global";
    case SectionId::kExport: return "export";
    case SectionId::kStart: return "start";
    case SectionId::kElement: return "element";
    case SectionId::kCode: return "code";
    case SectionId::kData: return "data";
    case SectionId::kDataCount: return "datacount";
    case SectionId::kTag: return "tag";
  }
  return "unknown";
}

uint32_t Module::func_type_index(uint32_t func_index) const {
  if (func_index < num_imported_funcs) {
    const auto& positions = imports_of_kind[static_cast<int>(ExternKind::kFunc)];
    return imports[positions[func_index]].func_type_index;
  }
  return function_type_indices[func_index - num_imported_funcs];
}

const FuncType& Module::func_type(uint32_t func_index) const {
  return types[func_type_index(func_index)].func;
}

TableType Module::table_type(uint32_t table_index) const {
  if (table_index < num_imported_tables) {
    const auto& positions = imports_of_kind[static_cast<int>(ExternKind::kTable)];
    return imports[positions[table_index]].table;
  }
  return tables[table_index - num_imported_tables];
}

MemoryType Module::memory_type(uint32_t memory_index) const {
  if (memory_index < num_imported_memories) {
    const auto& positions = imports_of_kind[static_cast<int>(ExternKind::kMemory)];
    return imports[positions[memory_index]].memory;
  }
  return memories[memory_index - num_imported_memories];
}

GlobalType Module::global_type(uint32_t global_index) const {
  if (global_index < num_imported_globals) {
    const auto& positions = imports_of_kind[static_cast<int>(ExternKind::kGlobal)];
    return imports[positions[global_index]].global;
  }
  return globals[global_index - num_imported_globals].type;
}

uint32_t Module::tag_type_index(uint32_t tag_index) const {
  if (tag_index < num_imported_tags) {
    const auto& positions = imports_of_kind[static_cast<int>(ExternKind::kTag)];
    return imports[positions[tag_index]].tag_type_index;
  }
  return tags[tag_index - num_imported_tags];
}

std::string Module::function_name(uint32_t func_index) const {
  const auto& names_by_index = names.function_names;
  auto it = std::lower_bound(
      names_by_index.begin(), names_by_index.end(), func_index,
      [](const NameMap::Entry& e, uint32_t index) { return e.index < index; });
  if (it == names_by_index.end() || it->index != func_index) return "";
  return it->name;
}

const Export* Module::FindExport(absl::string_view name) const {
  for (const Export& e : exports) {
    if (e.name == name) return &e;
  }
  return nullptr;
}

}  // namespace weft
