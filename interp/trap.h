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

// X-list: name, spec/testsuite message. Order is part of the ABI of this
// header only in that kOk is 0; append new codes at the end.
#define WEFT_TRAP_CODES(X)                                            \
  X(Ok, "ok")                                                         \
  X(Unreachable, "unreachable")                                       \
  X(IntegerDivideByZero, "integer divide by zero")                    \
  X(IntegerOverflow, "integer overflow")                              \
  X(InvalidConversion, "invalid conversion to integer")               \
  X(MemoryOutOfBounds, "out of bounds memory access")                 \
  X(TableOutOfBounds, "out of bounds table access")                   \
  X(IndirectCallTypeMismatch, "indirect call type mismatch")          \
  X(UndefinedElement, "undefined element")                            \
  X(UninitializedElement, "uninitialized element")                    \
  X(CallStackExhausted, "call stack exhausted")                       \
  X(FuelExhausted, "fuel exhausted")                                  \
  X(Interrupted, "interrupted")                                       \
  /* A host function reported failure; its text is in               \
     ExecContext::trap_detail. */                                    \
  X(HostTrap, "host trap")                                            \
  /* Lazy compilation of a function failed (an implementation limit  \
     such as too many slots); details in ExecContext::trap_detail. */ \
  X(CompileError, "compile error")

enum class TrapCode : uint8_t {
#define WEFT_TRAP_ENUM(name, text) k##name,
  WEFT_TRAP_CODES(WEFT_TRAP_ENUM)
#undef WEFT_TRAP_ENUM
};

// The spec's wording for `code` ("integer divide by zero", ...). Never null.
inline const char* TrapMessage(TrapCode code) {
  static constexpr const char* kText[] = {
#define WEFT_TRAP_TEXT(name, text) text,
      WEFT_TRAP_CODES(WEFT_TRAP_TEXT)
#undef WEFT_TRAP_TEXT
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
