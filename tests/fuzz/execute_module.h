// Executes one module the way the execution fuzzer does: compile it in
// full with fuel metering, instantiate it against the spectest module and
// stubs for every other import (stub_imports.h) under a small memory cap,
// then call each exported function with zero arguments under fuel and
// tight stack limits. Shared by the libFuzzer target and the check of
// Binaryen-generated modules, so both exercise the same path.
#ifndef WEFT_TESTS_FUZZ_EXECUTE_MODULE_H_
#define WEFT_TESTS_FUZZ_EXECUTE_MODULE_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/types/span.h"
#include "interp/trap.h"

namespace weft::fuzz {

// What one export call did: enough to tell two compilations of the same
// module apart (the fuel left is exact, so metering is compared too).
struct CallOutcome {
  std::string name;
  interp::TrapCode trap = interp::TrapCode::kOk;
  uint64_t fuel_left = 0;
  std::vector<uint64_t> results;  // empty unless every result is a number
  bool operator==(const CallOutcome&) const = default;
};

struct ExecutionSummary {
  absl::Status load;         // decode + validate + compile
  absl::Status instantiate;  // link, segments, start function
  int calls = 0;             // exports called
  int returned = 0;          // calls that returned normally
  std::vector<CallOutcome> outcomes;  // one per call, in order
};

// The fuel each call (and the start function) gets by default.
inline constexpr uint64_t kFuelPerCall = 20000;

// `linked`: CompileOptions::fuse_fuel_charges, use_accumulator, pair_ops,
// copy_loop_dispatch and load_branches, the passes that rewrite a
// function's code (false: one Fuel op per run, the plain form of the
// metering rule, every operand read from its slot, one op per dispatch,
// every loop entered by a jump, loads apart from the branches on them).
ExecutionSummary ExecuteModule(absl::Span<const uint8_t> bytes, bool linked = true,
                               uint64_t fuel_per_call = kFuelPerCall);

}  // namespace weft::fuzz

#endif  // WEFT_TESTS_FUZZ_EXECUTE_MODULE_H_
