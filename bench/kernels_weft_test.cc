// Every benchmark kernel computes the same checksum on weft's interpreter
// as natively: the benchmark programs double as end-to-end tests of real
// clang-compiled code (calls, loops, memory, f64, switch dispatch).
#include <string>

#include "bench/kernel_registry.h"
#include "bench/wasm_kernel.h"
#include "gtest/gtest.h"

namespace weft::bench {
namespace {

TEST(KernelsOnWeft, ChecksumsMatchNative) {
  ASSERT_EQ(Kernels().size(), 16u);
  for (const Kernel& k : Kernels()) {
    auto wasm = WasmKernel::Load(std::string("bench/kernels/") + k.name + ".wasm");
    ASSERT_TRUE(wasm.ok()) << k.name << ": " << wasm.status();
    absl::StatusOr<uint32_t> got = (*wasm)->Run();
    ASSERT_TRUE(got.ok()) << k.name << ": " << got.status();
    EXPECT_EQ(*got, k.native_run()) << k.name;
  }
}

TEST(KernelsOnWeft, ChecksumsMatchWithFuelMetering) {
  // Metered code must compute the same thing (fuel only counts).
  interp::CompileOptions options;
  options.metering = true;
  for (const char* name : {"fib", "quicksort", "bytecode_vm", "minidb"}) {
    auto wasm = WasmKernel::Load(std::string("bench/kernels/") + name + ".wasm", options);
    ASSERT_TRUE(wasm.ok()) << name << ": " << wasm.status();
    (*wasm)->context().set_fuel(UINT64_MAX);
    absl::StatusOr<uint32_t> got = (*wasm)->Run();
    ASSERT_TRUE(got.ok()) << name << ": " << got.status();
    for (const Kernel& k : Kernels()) {
      if (std::string(k.name) == name) EXPECT_EQ(*got, k.native_run()) << name;
    }
  }
}

}  // namespace
}  // namespace weft::bench
