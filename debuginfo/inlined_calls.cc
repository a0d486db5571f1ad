#include "debuginfo/inlined_calls.h"

#include <libdwarf/dwarf.h>

#include <algorithm>
#include <optional>
#include <utility>

namespace weft {
namespace {

using AddressRanges = std::vector<std::pair<uint64_t, uint64_t>>;

// The DIEs under which an inlined call's code may sit: everything else
// (types, variables, parameters) is skipped whole, which keeps the walk of
// a large program's DWARF short.
bool MayHoldCode(Dwarf_Half tag) {
  return tag == DW_TAG_subprogram || tag == DW_TAG_inlined_subroutine ||
         tag == DW_TAG_lexical_block || tag == DW_TAG_namespace || tag == DW_TAG_module;
}

}  // namespace

// One compile unit's DIE tree, walked once. Every libdwarf failure is
// dropped and the item skipped: debug info comes from the guest.
class InlinedCalls::UnitReader {
 public:
  UnitReader(Dwarf_Debug dbg, Dwarf_Die unit, Dwarf_Half version, uint32_t code_start,
             InlinedCalls* out)
      : dbg_(dbg), unit_(unit), version_(version), code_start_(code_start), out_(out) {
    Dwarf_Addr low = 0;
    if (dwarf_lowpc(unit, &low, &error_) == DW_DLV_OK) base_ = low;
    Drop();
  }
  ~UnitReader() {
    for (Dwarf_Signed i = 0; i < file_count_; ++i) dwarf_dealloc(dbg_, files_[i], DW_DLA_STRING);
    if (files_ != nullptr) dwarf_dealloc(dbg_, files_, DW_DLA_LIST);
  }
  UnitReader(const UnitReader&) = delete;
  UnitReader& operator=(const UnitReader&) = delete;

  void Walk(Dwarf_Die parent, int die_depth, uint32_t inline_depth) {
    if (die_depth > kMaxDieDepth) return;
    Dwarf_Die child = nullptr;
    if (dwarf_child(parent, &child, &error_) != DW_DLV_OK) return Drop();
    while (child != nullptr) {
      Dwarf_Half tag = 0;
      if (dwarf_tag(child, &tag, &error_) != DW_DLV_OK) {
        Drop();
      } else if (MayHoldCode(tag)) {
        uint32_t depth = inline_depth;
        if (tag == DW_TAG_inlined_subroutine) {
          Record(child, inline_depth);
          ++depth;
        }
        Walk(child, die_depth + 1, depth);
      }
      Dwarf_Die next = nullptr;
      const int r = dwarf_siblingof_b(dbg_, child, true, &next, &error_);
      dwarf_dealloc_die(child);
      if (r != DW_DLV_OK) return Drop();
      child = next;
    }
  }

 private:
  void Drop() {
    if (error_ != nullptr) dwarf_dealloc_error(dbg_, error_);
    error_ = nullptr;
  }

  void Record(Dwarf_Die die, uint32_t inline_depth) {
    if (out_->calls_.size() >= kMaxCalls) return;
    const AddressRanges ranges = RangesOf(die);
    if (ranges.empty()) return;
    Entry entry;
    entry.depth = inline_depth;
    if (std::optional<Dwarf_Off> origin = Reference(die, DW_AT_abstract_origin)) {
      entry.call.name = NameAt(*origin);
    }
    if (std::optional<uint64_t> file = Unsigned(die, DW_AT_call_file)) {
      entry.call.call_file = FileName(*file);
    }
    entry.call.call_line = uint32_t(std::min<uint64_t>(Unsigned(die, DW_AT_call_line).value_or(0), UINT32_MAX));
    entry.call.call_column =
        uint32_t(std::min<uint64_t>(Unsigned(die, DW_AT_call_column).value_or(0), UINT32_MAX));
    out_->Add(entry, ranges, code_start_);
  }

  std::optional<uint64_t> Unsigned(Dwarf_Die die, Dwarf_Half name) {
    Dwarf_Attribute attr = nullptr;
    if (dwarf_attr(die, name, &attr, &error_) != DW_DLV_OK) {
      Drop();
      return std::nullopt;
    }
    Dwarf_Unsigned value = 0;
    const int r = dwarf_formudata(attr, &value, &error_);
    dwarf_dealloc_attribute(attr);
    if (r != DW_DLV_OK) {
      Drop();
      return std::nullopt;
    }
    return value;
  }

  // A reference attribute as a .debug_info offset.
  std::optional<Dwarf_Off> Reference(Dwarf_Die die, Dwarf_Half name) {
    Dwarf_Attribute attr = nullptr;
    if (dwarf_attr(die, name, &attr, &error_) != DW_DLV_OK) {
      Drop();
      return std::nullopt;
    }
    Dwarf_Off offset = 0;
    const int r = dwarf_global_formref(attr, &offset, &error_);
    dwarf_dealloc_attribute(attr);
    if (r != DW_DLV_OK) {
      Drop();
      return std::nullopt;
    }
    return offset;
  }

  std::optional<std::string> Text(Dwarf_Die die, Dwarf_Half name) {
    char* text = nullptr;  // points into libdwarf's sections: not freed
    if (dwarf_die_text(die, name, &text, &error_) != DW_DLV_OK || text == nullptr) {
      Drop();
      return std::nullopt;
    }
    return std::string(text);
  }

  // The name of the function whose abstract DIE is at `offset`: its
  // linkage name (what the name section holds, so backtraces demangle
  // both alike), else its plain name, looking through the declarations it
  // refers to (a C++ method's definition names its class's declaration).
  std::string NameAt(Dwarf_Off offset) {
    auto cached = names_.find(offset);
    if (cached != names_.end()) return cached->second;
    std::optional<std::string> plain;
    std::optional<std::string> linkage;
    Dwarf_Off at = offset;
    for (int hop = 0; hop < 4 && !linkage; ++hop) {
      Dwarf_Die die = nullptr;
      if (dwarf_offdie_b(dbg_, at, true, &die, &error_) != DW_DLV_OK) {
        Drop();
        break;
      }
      linkage = Text(die, DW_AT_linkage_name);
      if (!linkage) linkage = Text(die, DW_AT_MIPS_linkage_name);
      if (!plain) plain = Text(die, DW_AT_name);
      std::optional<Dwarf_Off> next = Reference(die, DW_AT_specification);
      if (!next) next = Reference(die, DW_AT_abstract_origin);
      dwarf_dealloc_die(die);
      if (!next || *next == at) break;
      at = *next;
    }
    std::string name = linkage ? *linkage : plain.value_or("");
    names_.emplace(offset, name);
    return name;
  }

  // DW_AT_call_file's index into the unit's line-table file names: from 1
  // before DWARF 5, from 0 since.
  std::string FileName(uint64_t index) {
    if (files_ == nullptr && !files_read_) {
      files_read_ = true;
      if (dwarf_srcfiles(unit_, &files_, &file_count_, &error_) != DW_DLV_OK) {
        Drop();
        files_ = nullptr;
        file_count_ = 0;
      }
    }
    if (version_ < 5) {
      if (index == 0) return "";
      --index;
    }
    return index < uint64_t(file_count_) ? files_[index] : "";
  }

  // The code addresses `die` covers: DW_AT_low_pc/high_pc, or
  // DW_AT_ranges (.debug_ranges before DWARF 5, .debug_rnglists since).
  AddressRanges RangesOf(Dwarf_Die die) {
    AddressRanges out;
    Dwarf_Addr low = 0;
    if (dwarf_lowpc(die, &low, &error_) == DW_DLV_OK) {
      Dwarf_Addr high = 0;
      Dwarf_Half form = 0;
      Dwarf_Form_Class form_class = DW_FORM_CLASS_UNKNOWN;
      if (dwarf_highpc_b(die, &high, &form, &form_class, &error_) != DW_DLV_OK) {
        Drop();
        return out;
      }
      // DWARF 4 may give the high end as a length.
      if (form_class == DW_FORM_CLASS_CONSTANT) high += low;
      out.emplace_back(low, high);
      return out;
    }
    Drop();
    Dwarf_Attribute attr = nullptr;
    if (dwarf_attr(die, DW_AT_ranges, &attr, &error_) != DW_DLV_OK) {
      Drop();
      return out;
    }
    if (version_ >= 5) {
      RangeList(attr, &out);
    } else {
      Dwarf_Off offset = 0;
      if (dwarf_global_formref(attr, &offset, &error_) == DW_DLV_OK) {
        Ranges(die, offset, &out);
      } else {
        Drop();
      }
    }
    dwarf_dealloc_attribute(attr);
    return out;
  }

  // A .debug_ranges list: entries count from the unit's base address until
  // an entry selects another.
  void Ranges(Dwarf_Die die, Dwarf_Off offset, AddressRanges* out) {
    Dwarf_Ranges* ranges = nullptr;
    Dwarf_Signed count = 0;
    Dwarf_Off real_offset = 0;
    Dwarf_Unsigned bytes = 0;
    if (dwarf_get_ranges_b(dbg_, offset, die, &real_offset, &ranges, &count, &bytes, &error_) !=
        DW_DLV_OK) {
      return Drop();
    }
    uint64_t base = base_;
    for (Dwarf_Signed i = 0; i < count; ++i) {
      const Dwarf_Ranges& r = ranges[i];
      if (r.dwr_type == DW_RANGES_END) break;
      if (r.dwr_type == DW_RANGES_ADDRESS_SELECTION) {
        base = r.dwr_addr2;
      } else {
        out->emplace_back(base + r.dwr_addr1, base + r.dwr_addr2);
      }
    }
    dwarf_ranges_dealloc(dbg_, ranges, count);
  }

  // A .debug_rnglists list; libdwarf applies the base addresses.
  void RangeList(Dwarf_Attribute attr, AddressRanges* out) {
    Dwarf_Half form = 0;
    if (dwarf_whatform(attr, &form, &error_) != DW_DLV_OK) return Drop();
    Dwarf_Unsigned value = 0;
    const int r = form == DW_FORM_rnglistx ? dwarf_formudata(attr, &value, &error_)
                                           : dwarf_global_formref(attr, &value, &error_);
    if (r != DW_DLV_OK) return Drop();
    Dwarf_Rnglists_Head head = nullptr;
    Dwarf_Unsigned count = 0, global_offset = 0;
    if (dwarf_rnglists_get_rle_head(attr, form, value, &head, &count, &global_offset, &error_) !=
        DW_DLV_OK) {
      return Drop();
    }
    for (Dwarf_Unsigned i = 0; i < count; ++i) {
      unsigned length = 0, code = 0;
      Dwarf_Unsigned raw1 = 0, raw2 = 0, low = 0, high = 0;
      Dwarf_Bool unavailable = false;
      if (dwarf_get_rnglists_entry_fields_a(head, i, &length, &code, &raw1, &raw2, &unavailable,
                                            &low, &high, &error_) != DW_DLV_OK) {
        Drop();
        break;
      }
      if (code == DW_RLE_end_of_list) break;
      if (unavailable || code == DW_RLE_base_address || code == DW_RLE_base_addressx) continue;
      out->emplace_back(low, high);
    }
    dwarf_dealloc_rnglists_head(head);
  }

  Dwarf_Debug dbg_;
  Dwarf_Die unit_;
  Dwarf_Half version_;
  uint32_t code_start_;
  InlinedCalls* out_;
  Dwarf_Error error_ = nullptr;
  uint64_t base_ = 0;  // the unit's base address (its DW_AT_low_pc)
  char** files_ = nullptr;
  Dwarf_Signed file_count_ = 0;
  bool files_read_ = false;
  std::map<Dwarf_Off, std::string> names_;  // by abstract DIE offset
};

void InlinedCalls::AddUnit(Dwarf_Debug dbg, Dwarf_Die unit, Dwarf_Half version,
                           uint32_t code_start) {
  UnitReader reader(dbg, unit, version, code_start, this);
  reader.Walk(unit, 0, 0);
}

void InlinedCalls::Add(const Entry& entry, const AddressRanges& ranges, uint32_t code_start) {
  const uint32_t index = uint32_t(calls_.size());
  bool kept = false;
  for (const auto& [low, high] : ranges) {
    // Code the linker dropped keeps address 0 (or a tombstone past the
    // module); no code sits at address 0, where the code section's count is.
    if (low == 0 || low >= high || high + code_start > UINT32_MAX) continue;
    const uint32_t begin = uint32_t(low + code_start), end = uint32_t(high + code_start);
    ranges_.push_back({begin, end, index});
    longest_ = std::max(longest_, end - begin);
    kept = true;
  }
  if (kept) calls_.push_back(entry);
}

void InlinedCalls::Finish() {
  std::sort(ranges_.begin(), ranges_.end(),
            [](const Range& a, const Range& b) { return a.begin < b.begin; });
}

std::vector<InlinedCalls::Call> InlinedCalls::At(uint32_t module_offset) const {
  // Ranges covering the offset begin at most longest_ bytes before it.
  auto it = std::upper_bound(ranges_.begin(), ranges_.end(), module_offset,
                             [](uint32_t offset, const Range& r) { return offset < r.begin; });
  std::vector<const Entry*> covering;
  while (it != ranges_.begin()) {
    --it;
    if (module_offset - it->begin >= longest_) break;
    if (module_offset < it->end) covering.push_back(&calls_[it->call]);
  }
  // The DIE tree nests inlined calls: the deepest is the innermost.
  std::stable_sort(covering.begin(), covering.end(),
                   [](const Entry* a, const Entry* b) { return a->depth > b->depth; });
  std::vector<Call> out;
  for (const Entry* e : covering) out.push_back(e->call);
  return out;
}

}  // namespace weft
