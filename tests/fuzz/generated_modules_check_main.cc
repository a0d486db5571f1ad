// Checks modules that another tool generated as valid (Binaryen's
// `wasm-opt -ttf`, see binaryen_ttf_test.sh): weft must accept every one
// (a refusal is a validator bug or a missing feature), instantiate it with
// stubbed imports (otherwise nothing would execute and the run would prove
// nothing), and call its exports without crashing. Prints one line per
// refusal and a summary; exits non-zero on any refusal.
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <vector>

#include "absl/status/status.h"
#include "tests/fuzz/execute_module.h"

int main(int argc, char** argv) {
  int modules = 0, refused = 0, start_traps = 0, calls = 0, returned = 0;
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
  }
  std::printf("%d modules: %d refused, %d trapped while instantiating; %d calls, %d returned\n",
              modules, refused, start_traps, calls, returned);
  if (modules == 0) {
    std::fprintf(stderr, "no modules given: nothing was tested\n");
    return 1;
  }
  return refused == 0 && calls > 0 ? 0 : 1;
}
