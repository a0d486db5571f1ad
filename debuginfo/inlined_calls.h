// The inlined calls of a module's code, from its DWARF `.debug_info`:
// each DW_TAG_inlined_subroutine (code of one function that a compiler
// copied into another) with the address ranges it covers, the name of the
// function it came from and where it was called (DW_AT_call_file, _line,
// _column). A trap inside inlined code then shows the functions the source
// has, not just the one the module has.
//
// Filled by SourceLines::Read (source_lines.h), which owns the libdwarf
// session and its lock; queried by module byte offset.
#ifndef WEFT_DEBUGINFO_INLINED_CALLS_H_
#define WEFT_DEBUGINFO_INLINED_CALLS_H_

#include <libdwarf/libdwarf.h>

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace weft {

class InlinedCalls {
 public:
  // One inlined call: `name` is the inlined function's linkage name when it
  // has one (C++, Rust: mangled), else its plain name ("" if neither); the
  // call site is a position in the function it was inlined into.
  struct Call {
    std::string name;
    std::string call_file;  // "" when unknown
    uint32_t call_line = 0;
    uint32_t call_column = 0;
  };

  // Bounds on what hostile or huge DWARF can cost: inlined calls kept per
  // module, and how deeply DIEs may nest before a unit is cut short.
  static constexpr size_t kMaxCalls = 1u << 21;
  static constexpr int kMaxDieDepth = 256;

  bool empty() const { return ranges_.empty(); }

  // The calls whose code covers `module_offset`, innermost first.
  std::vector<Call> At(uint32_t module_offset) const;

  // Adds the inlined calls of one compile unit (`unit` is its DIE, read
  // from `dbg`; `version` its DWARF version). Code addresses count from
  // `code_start`, the module offset of the code section's payload. Called
  // under SourceLines' libdwarf lock.
  void AddUnit(Dwarf_Debug dbg, Dwarf_Die unit, Dwarf_Half version, uint32_t code_start);
  // Makes the calls ready to query; after it, At may be called from any
  // number of threads.
  void Finish();

 private:
  struct Range {
    uint32_t begin;  // module byte offsets, [begin, end)
    uint32_t end;
    uint32_t call;   // index into calls_
  };
  struct Entry {
    Call call;
    uint32_t depth;  // how many inlined calls enclose this one
  };
  class UnitReader;

  void Add(const Entry& entry, const std::vector<std::pair<uint64_t, uint64_t>>& ranges,
           uint32_t code_start);

  std::vector<Entry> calls_;
  std::vector<Range> ranges_;  // by begin after Finish
  uint32_t longest_ = 0;  // the longest range: how far back a query looks
};

}  // namespace weft

#endif  // WEFT_DEBUGINFO_INLINED_CALLS_H_
