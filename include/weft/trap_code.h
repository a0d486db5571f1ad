// weft public API: trap codes and how to read them from an absl::Status.
//
// Every trap (a guest fault, a resource limit, an interruption, or a host
// function's error) comes back from the API as a non-OK absl::Status whose
// code is kAborted. Its message is the spec's wording, an optional detail,
// and a wasm backtrace, e.g.
//
//   integer divide by zero
//   wasm backtrace:
//     #0 func[2] <divide(int, int)> @ 0x4a at /src/divide.cc:9:12
//     #1 func[3] <run> @ 0x5c
//
// (function index in the module's function index space, its name from the
// name section when present — C++ and Rust names demangled — the
// module byte offset of the instruction, and its source position when the
// module has DWARF line tables). More
// than 40 frames (deep recursion) print as the innermost 20, a line
// "  ... N frames ...", and the outermost 20. Trap identity is the code,
// read with GetTrapCode; never parse the text.
// Header-only enum plus pure functions: thread-safe.
#ifndef WEFT_INCLUDE_WEFT_TRAP_CODE_H_
#define WEFT_INCLUDE_WEFT_TRAP_CODE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "weft/value.h"

namespace weft {

// The codes and their messages: weft/trap_codes.inc.
enum class TrapCode : uint8_t {
#define WEFT_TRAP_CODE(name, c_name, message) k##name,
#include "weft/trap_codes.inc"
#undef WEFT_TRAP_CODE
};

// The trap code carried by `status`, or TrapCode::kOk when `status` is OK or
// is an ordinary error (decode, validation, link, bad argument...).
TrapCode GetTrapCode(const absl::Status& status);

// The spec's wording for `code` ("integer divide by zero", ...). Never null.
const char* TrapCodeMessage(TrapCode code);

// A function that the compiler inlined into a wasm function, at the
// instruction of a backtrace frame (from the module's DWARF: clang and
// rustc record each inlined call in DW_TAG_inlined_subroutine).
struct InlinedBacktraceFrame {
  // The inlined function's linkage name when DWARF has one (mangled, for
  // C++ and Rust), else its plain name; "" when DWARF names neither.
  std::string name;
  std::string demangled_name;  // `name` made readable, as for BacktraceFrame
  // The position reached inside the inlined function (line 0: unknown).
  std::string source_file;
  uint32_t source_line = 0;
  uint32_t source_column = 0;
};

// One frame of a trap's wasm backtrace: what a line of the message says.
struct BacktraceFrame {
  uint64_t depth = 0;          // position in the whole backtrace, 0 = innermost
  uint32_t func_index = 0;     // in the module's function index space
  std::string name;            // from the name section, as stored ("" if none)
  // `name` made readable: C++ (Itanium) and Rust (legacy, without its
  // hash, and v0) symbols demangled; otherwise the same as `name`.
  std::string demangled_name;
  uint32_t module_offset = 0;  // module byte offset of the instruction
  // Where the instruction comes from, when the module carries DWARF line
  // tables (clang -g, rustc's debug info): file as the table names it,
  // line, column (0: unknown). source_line 0: no position known. With
  // inlined frames, the position in this frame's own function: the call
  // site of the outermost inlined function.
  std::string source_file;
  uint32_t source_line = 0;
  uint32_t source_column = 0;
  // The functions inlined at the instruction, innermost first (what
  // addr2line -i unwinds): each inlined[i + 1] (or this frame, after the
  // last) called inlined[i]. Empty without DWARF or when the instruction
  // is the function's own code.
  std::vector<InlinedBacktraceFrame> inlined;
};

// A trap's backtrace as data, carried in the status next to the text.
// The frames are the ones the message prints: all of them up to 40, else
// the innermost 20 and the outermost 20, so `frames` never grows with the
// recursion depth; `total_frames` is the true depth, and the
// total_frames - frames.size() frames left out lie between frames[19] and
// frames[20] (each frame's `depth` says where it sits).
struct Backtrace {
  std::vector<BacktraceFrame> frames;  // innermost first
  uint64_t total_frames = 0;
};

// The backtrace `status` carries: empty (no frames, total 0) for a status
// that is not a trap, or a trap raised where no wasm frame was running
// (e.g. a call refused before it started).
Backtrace GetBacktrace(const absl::Status& status);

// The payload of the WebAssembly exception `status` carries — a call that
// failed with TrapCode::kUncaughtException, or Caller::Throw's status — in
// the tag's parameter order; nullopt for any other status. Readable after
// the store that threw it is gone.
std::optional<std::vector<Value>> GetExceptionPayload(const absl::Status& status);

}  // namespace weft

#endif  // WEFT_INCLUDE_WEFT_TRAP_CODE_H_
