#include "debuginfo/source_lines.h"

#include <libdwarf/dwarf.h>
#include <libdwarf/libdwarf.h>

#include <algorithm>
#include <cstring>
#include <map>
#include <mutex>

#include "absl/strings/match.h"

namespace weft {
namespace {

// The sections libdwarf sees: index 0 is empty, as in ELF, where libdwarf
// expects the null section.
struct DwarfSections {
  struct Section {
    std::string name;
    const uint8_t* data;
    uint64_t size;
  };
  std::vector<Section> sections{{"", nullptr, 0}};
};

int GetSectionInfo(void* object, Dwarf_Half index, Dwarf_Obj_Access_Section* out, int*) {
  const auto& s = static_cast<DwarfSections*>(object)->sections;
  if (index >= s.size()) return DW_DLV_NO_ENTRY;
  std::memset(out, 0, sizeof *out);
  out->name = s[index].name.c_str();
  out->size = s[index].size;
  return DW_DLV_OK;
}
Dwarf_Endianness GetByteOrder(void*) { return DW_OBJECT_LSB; }
Dwarf_Small GetLengthSize(void*) { return 4; }   // 32-bit DWARF
Dwarf_Small GetPointerSize(void*) { return 4; }  // wasm32
Dwarf_Unsigned GetSectionCount(void* object) {
  return static_cast<DwarfSections*>(object)->sections.size();
}
int LoadSection(void* object, Dwarf_Half index, Dwarf_Small** data, int*) {
  const auto& s = static_cast<DwarfSections*>(object)->sections;
  if (index >= s.size() || s[index].data == nullptr) return DW_DLV_NO_ENTRY;
  // libdwarf only reads through this pointer.
  *data = const_cast<Dwarf_Small*>(s[index].data);
  return DW_DLV_OK;
}

constexpr Dwarf_Obj_Access_Methods kMethods = {
    GetSectionInfo, GetByteOrder, GetLengthSize, GetPointerSize, GetSectionCount,
    LoadSection,    nullptr,  // no relocations: a linked module's DWARF is final
};

// Where the code section's payload starts: wasm DWARF addresses count
// from there.
std::optional<uint32_t> CodePayloadOffset(const Module& module) {
  for (const SectionInfo& s : module.sections) {
    if (s.id != SectionId::kCode) continue;
    // The payload ends the section; its size says where it starts.
    const uint64_t end = uint64_t(s.offset) + 1;
    for (uint64_t at = end; at < module.bytes.size() && at < end + 5; ++at) {
      if ((module.bytes[at] & 0x80) == 0) return uint32_t(at + 1);
    }
    return std::nullopt;
  }
  return std::nullopt;
}

// Frees a libdwarf error, the way its documentation asks.
void Drop(Dwarf_Debug dbg, Dwarf_Error* error) {
  if (*error != nullptr) dwarf_dealloc_error(dbg, *error);
  *error = nullptr;
}

}  // namespace

SourceLines SourceLines::Read(const Module& module) {
  SourceLines out;
  const std::optional<uint32_t> code_start = CodePayloadOffset(module);
  if (!code_start) return out;
  DwarfSections sections;
  uint64_t total = 0;
  bool has_lines = false;
  for (const CustomSection& c : module.customs) {
    if (!absl::StartsWith(c.name, ".debug_")) continue;
    sections.sections.push_back({c.name, module.data_at(c.bytes), c.bytes.size()});
    total += c.bytes.size();
    has_lines |= c.name == ".debug_line";
  }
  if (!has_lines || total > kMaxDwarfBytes) return out;

  // Debian's libdwarf (20210528) keeps global state: two threads reading
  // line tables at once (two instances trapping together) corrupted each
  // other's strings under ASan. One reader at a time; traps are rare.
  static std::mutex libdwarf_mutex;
  std::lock_guard<std::mutex> lock(libdwarf_mutex);
  Dwarf_Obj_Access_Interface access{&sections, &kMethods};
  Dwarf_Debug dbg = nullptr;
  Dwarf_Error error = nullptr;
  if (dwarf_object_init_b(&access, nullptr, nullptr, DW_GROUPNUMBER_ANY, &dbg, &error) !=
      DW_DLV_OK) {
    Drop(dbg, &error);
    return out;
  }
  std::map<std::string, uint32_t> file_ids;
  for (;;) {
    Dwarf_Unsigned next = 0;
    Dwarf_Half unit_version = 0;
    Dwarf_Half unit_type = 0;
    const int r = dwarf_next_cu_header_d(dbg, true, nullptr, &unit_version, nullptr, nullptr, nullptr,
                                         nullptr, nullptr, nullptr, &next, &unit_type, &error);
    if (r != DW_DLV_OK) {
      Drop(dbg, &error);
      break;
    }
    Dwarf_Die unit = nullptr;
    if (dwarf_siblingof_b(dbg, nullptr, true, &unit, &error) != DW_DLV_OK) {
      Drop(dbg, &error);
      continue;
    }
    Dwarf_Unsigned version = 0;
    Dwarf_Small table_count = 0;
    Dwarf_Line_Context context = nullptr;
    if (dwarf_srclines_b(unit, &version, &table_count, &context, &error) == DW_DLV_OK) {
      Dwarf_Line* lines = nullptr;
      Dwarf_Signed count = 0;
      if (dwarf_srclines_from_linecontext(context, &lines, &count, &error) == DW_DLV_OK) {
        for (Dwarf_Signed i = 0; i < count; ++i) {
          Dwarf_Addr address = 0;
          Dwarf_Unsigned line = 0, column = 0;
          Dwarf_Bool end = false;
          char* file = nullptr;
          if (dwarf_lineaddr(lines[i], &address, &error) != DW_DLV_OK ||
              dwarf_lineno(lines[i], &line, &error) != DW_DLV_OK ||
              dwarf_lineoff_b(lines[i], &column, &error) != DW_DLV_OK ||
              dwarf_lineendsequence(lines[i], &end, &error) != DW_DLV_OK ||
              dwarf_linesrc(lines[i], &file, &error) != DW_DLV_OK) {
            Drop(dbg, &error);
            continue;
          }
          const uint64_t offset = uint64_t(*code_start) + address;
          auto [it, added] = file_ids.try_emplace(file, uint32_t(out.files_.size()));
          if (added) out.files_.push_back(file);
          dwarf_dealloc(dbg, file, DW_DLA_STRING);
          // A row past the module is garbage (dead code's addresses are
          // often 0 or -1): skip it.
          if (offset > UINT32_MAX) continue;
          out.rows_.push_back({uint32_t(offset), it->second, uint32_t(std::min<Dwarf_Unsigned>(line, UINT32_MAX)),
                               uint32_t(std::min<Dwarf_Unsigned>(column, UINT32_MAX)), end != 0});
        }
      } else {
        Drop(dbg, &error);
      }
      dwarf_srclines_dealloc_b(context);
    } else {
      Drop(dbg, &error);
    }
    out.inlined_.AddUnit(dbg, unit, unit_version, *code_start);
    dwarf_dealloc_die(unit);
  }
  dwarf_object_finish(dbg, &error);
  out.inlined_.Finish();
  // Sequences may come in any order; at one offset, a sequence's start
  // wins over another's end.
  std::stable_sort(out.rows_.begin(), out.rows_.end(), [](const Row& a, const Row& b) {
    return a.offset != b.offset ? a.offset < b.offset : a.end_sequence > b.end_sequence;
  });
  return out;
}

std::optional<SourceLocation> SourceLines::Find(uint32_t module_offset) const {
  auto it = std::upper_bound(rows_.begin(), rows_.end(), module_offset,
                             [](uint32_t offset, const Row& row) { return offset < row.offset; });
  if (it == rows_.begin()) return std::nullopt;
  const Row& row = *std::prev(it);
  if (row.end_sequence || row.line == 0) return std::nullopt;
  return SourceLocation{files_[row.file], row.line, row.column};
}

CodePosition SourceLines::Locate(uint32_t module_offset) const {
  CodePosition out;
  out.where = Find(module_offset);
  // Each inlined call's site is the position in the function around it.
  for (InlinedCalls::Call& call : inlined_.At(module_offset)) {
    std::optional<SourceLocation> site;
    if (call.call_line != 0) {
      site = SourceLocation{std::move(call.call_file), call.call_line, call.call_column};
    }
    out.inlined.push_back({std::move(call.name), std::move(out.where)});
    out.where = std::move(site);
  }
  return out;
}

}  // namespace weft
