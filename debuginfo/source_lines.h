// Source positions (file:line:column) of a module's code, from the DWARF
// line tables that compilers store in custom sections (`.debug_line`,
// `.debug_info`, ... as clang -g and rustc emit for wasm32).
//
// Read with libdwarf (Debian's libdwarf-dev) through its object-access
// interface, which takes sections from memory: no ELF file is made.
// Debug info is optional and comes from the guest: a module without it,
// or with DWARF that libdwarf refuses, simply has no source positions.
// Modules whose DWARF sections together exceed kMaxDwarfBytes are not
// read.
#ifndef WEFT_DEBUGINFO_SOURCE_LINES_H_
#define WEFT_DEBUGINFO_SOURCE_LINES_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "debuginfo/inlined_calls.h"
#include "decoder/module.h"

namespace weft {

inline constexpr uint64_t kMaxDwarfBytes = 256u << 20;

struct SourceLocation {
  std::string file;  // as the line table names it (usually absolute)
  uint32_t line = 0;
  uint32_t column = 0;  // 0: unknown
};

// A function that a compiler inlined at a code position: its name (the
// linkage name when DWARF has one, so mangled for C++ and Rust) and the
// position reached inside it.
struct InlinedFrame {
  std::string name;
  std::optional<SourceLocation> where;
};

// What the source has at one code position.
struct CodePosition {
  // The functions inlined there, innermost first; empty when the code is
  // the module function's own.
  std::vector<InlinedFrame> inlined;
  // The position in the module's function itself: with inlined frames,
  // the call site of the outermost of them.
  std::optional<SourceLocation> where;
};

class SourceLines {
 public:
  // The line tables of `module`; empty when it has none.
  static SourceLines Read(const Module& module);

  bool empty() const { return rows_.empty(); }

  // Where the instruction at `module_offset` (a module byte offset, as
  // backtraces give them) comes from; nullopt when no row covers it or the
  // row has no line (compiler-generated code).
  std::optional<SourceLocation> Find(uint32_t module_offset) const;

  // Find's position placed among the inlined calls (from .debug_info's
  // DW_TAG_inlined_subroutine) that cover `module_offset`, the way
  // addr2line -i unwinds them.
  CodePosition Locate(uint32_t module_offset) const;

 private:
  struct Row {
    uint32_t offset;  // module byte offset where the row starts
    uint32_t file;    // index into files_
    uint32_t line;
    uint32_t column;
    bool end_sequence;  // the first byte past a sequence
  };
  std::vector<Row> rows_;  // by offset
  std::vector<std::string> files_;
  InlinedCalls inlined_;
};

}  // namespace weft

#endif  // WEFT_DEBUGINFO_SOURCE_LINES_H_
