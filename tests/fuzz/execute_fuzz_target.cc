// libFuzzer entry point over execution (execute_module.h): every module
// that decodes and validates is compiled, instantiated and each export
// called under fuel. Traps, link errors and refusals are expected
// outcomes; any crash, hang, sanitizer report or leak is a bug in the
// compiler, the interpreter or the runtime.
#include <cstddef>
#include <cstdint>

#include "absl/types/span.h"
#include "tests/fuzz/execute_module.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  (void)weft::fuzz::ExecuteModule(absl::MakeConstSpan(data, size));
  return 0;
}
