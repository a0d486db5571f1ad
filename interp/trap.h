// Trap codes: the one-byte result of executing WebAssembly code.
//
// Execution (interp/executor.h) returns a TrapCode; kOk means the call
// completed normally. The runtime turns a non-kOk code into an error status
// using TrapMessage() (the spec testsuite's wording, so assert_trap matches)
// plus the backtrace recorded in the ExecContext (interp/instance_data.h).
// Trap identity is the code, never the text.
#ifndef WEFT_INTERP_TRAP_H_
#define WEFT_INTERP_TRAP_H_

#include <cstdint>
#include <string>

namespace weft::interp {

// The interpreter's codes are the public ones (weft/trap_codes.inc, the
// one list): same names, values and messages.
enum class TrapCode : uint8_t {
#define WEFT_TRAP_CODE(name, c_name, message) k##name,
#include "weft/trap_codes.inc"
#undef WEFT_TRAP_CODE
};

// The spec's wording for `code` ("integer divide by zero", ...). Never null.
inline const char* TrapMessage(TrapCode code) {
  static constexpr const char* kText[] = {
#define WEFT_TRAP_CODE(name, c_name, message) message,
#include "weft/trap_codes.inc"
#undef WEFT_TRAP_CODE
  };
  unsigned i = static_cast<unsigned>(code);
  return i < sizeof(kText) / sizeof(kText[0]) ? kText[i] : "unknown trap";
}

// The full message of a trap: TrapMessage(code) plus `detail` when there
// is one. The element index follows "uninitialized element" after a space,
// as the reference interpreter prints it ("uninitialized element 2");
// other details follow a colon.
inline std::string DescribeTrap(TrapCode code, const std::string& detail) {
  std::string text = TrapMessage(code);
  if (detail.empty()) return text;
  text += code == TrapCode::kUninitializedElement ? " " : ": ";
  text += detail;
  return text;
}

// True for traps caused by resource limits rather than guest semantics
// (the testsuite's assert_exhaustion covers kCallStackExhausted).
inline bool IsExhaustion(TrapCode code) {
  return code == TrapCode::kCallStackExhausted || code == TrapCode::kFuelExhausted;
}

}  // namespace weft::interp

#endif  // WEFT_INTERP_TRAP_H_
