// Executes one module the way the execution fuzzer does: compile it in
// full with fuel metering, instantiate it against the spectest module and
// stubs for every other import (stub_imports.h) under a small memory cap,
// then call each exported function with zero arguments under fuel and
// tight stack limits. Shared by the libFuzzer target and the check of
// Binaryen-generated modules, so both exercise the same path.
#ifndef WEFT_TESTS_FUZZ_EXECUTE_MODULE_H_
#define WEFT_TESTS_FUZZ_EXECUTE_MODULE_H_

#include <cstdint>

#include "absl/status/status.h"
#include "absl/types/span.h"

namespace weft::fuzz {

struct ExecutionSummary {
  absl::Status load;         // decode + validate + compile
  absl::Status instantiate;  // link, segments, start function
  int calls = 0;             // exports called
  int returned = 0;          // calls that returned normally
};

ExecutionSummary ExecuteModule(absl::Span<const uint8_t> bytes);

}  // namespace weft::fuzz

#endif  // WEFT_TESTS_FUZZ_EXECUTE_MODULE_H_
