// Checks modules that another tool generated as valid (Binaryen's
// `wasm-opt -ttf`, see binaryen_ttf_test.sh): weft must accept every one
// (a refusal is a validator bug or a missing feature), instantiate it with
// stubbed imports (otherwise nothing would execute and the run would prove
// nothing), and call its exports without crashing. Then, at four fuel
// budgets per call (three small enough to run out mid-function), each
// module runs as compiled and as plain code (one Fuel op per run, no
// operand taken from the accumulator): every call must end the same way,
// with the same results and the same fuel left, to the unit.
// Prints one line per refusal or difference and a summary; exits non-zero
// on any.
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <vector>

#include "absl/status/status.h"
#include "tests/fuzz/execute_module.h"

int main(int argc, char** argv) {
  int modules = 0, refused = 0, start_traps = 0, calls = 0, returned = 0, out_of_fuel = 0,
      differ = 0;
  for (int i = 1; i < argc; ++i) {
    std::ifstream in(argv[i], std::ios::binary);
    if (!in) {
      std::fprintf(stderr, "cannot read %s\n", argv[i]);
      return 1;
    }
    std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(in)),
                               std::istreambuf_iterator<char>());
    ++modules;
    const weft::fuzz::ExecutionSummary s = weft::fuzz::ExecuteModule(bytes);
    if (!s.load.ok()) {
      std::fprintf(stderr, "%s: refused at load: %s\n", argv[i], s.load.ToString().c_str());
      ++refused;
      continue;
    }
    // A trap in the start function or a segment is an outcome; a link
    // error means the stubs missed an import.
    if (absl::IsAborted(s.instantiate)) {
      ++start_traps;
    } else if (!s.instantiate.ok()) {
      std::fprintf(stderr, "%s: refused at instantiation: %s\n", argv[i],
                   s.instantiate.ToString().c_str());
      ++refused;
      continue;
    }
    calls += s.calls;
    returned += s.returned;
    // The default budget (whose fused run is `s`), then budgets small
    // enough to run out midway.
    for (const uint64_t budget : {weft::fuzz::kFuelPerCall, uint64_t(300), uint64_t(40), uint64_t(7)}) {
      const weft::fuzz::ExecutionSummary fused =
          budget == weft::fuzz::kFuelPerCall ? s : weft::fuzz::ExecuteModule(bytes, true, budget);
      const weft::fuzz::ExecutionSummary plain = weft::fuzz::ExecuteModule(bytes, false, budget);
      for (const auto& o : fused.outcomes) {
        out_of_fuel += o.trap == weft::interp::TrapCode::kFuelExhausted;
      }
      if (fused.outcomes == plain.outcomes) continue;
      ++differ;
      for (size_t c = 0; c < fused.outcomes.size(); ++c) {
        if (c < plain.outcomes.size() && fused.outcomes[c] == plain.outcomes[c]) continue;
        const auto& f = fused.outcomes[c];
        std::fprintf(stderr, "%s: fuel %llu per call: call %zu (%s) ends with trap %d, fuel %llu left",
                     argv[i], (unsigned long long)budget, c, f.name.c_str(), int(f.trap),
                     (unsigned long long)f.fuel_left);
        if (c < plain.outcomes.size()) {
          std::fprintf(stderr, "; as plain code: trap %d, fuel %llu left",
                       int(plain.outcomes[c].trap), (unsigned long long)plain.outcomes[c].fuel_left);
        }
        std::fprintf(stderr, "\n");
        break;
      }
    }
  }
  std::printf(
      "%d modules: %d refused, %d trapped while instantiating; %d calls, %d returned, %d out of "
      "fuel (over the four budgets); %d runs differed from the plain code\n",
      modules, refused, start_traps, calls, returned, out_of_fuel, differ);
  if (modules == 0) {
    std::fprintf(stderr, "no modules given: nothing was tested\n");
    return 1;
  }
  return refused == 0 && differ == 0 && calls > 0 ? 0 : 1;
}
