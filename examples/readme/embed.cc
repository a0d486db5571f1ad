// weft from C++: compile a module (text or binary), give it a host
// function, call an export under limits.
#include <cstdio>
#include <string>

#include "weft/engine.h"
#include "weft/instance.h"
#include "weft/linker.h"
#include "weft/module.h"

int main() {
  const std::string wat = R"((module
    (import "env" "add" (func $add (param i32 i32) (result i32)))
    (func (export "run") (param i32) (result i32)
      (call $add (local.get 0) (i32.const 37)))))";
  weft::Engine engine(weft::EngineConfig{.metering = true});
  auto module = weft::CompiledModule::Compile(
      engine, {reinterpret_cast<const uint8_t*>(wat.data()), wat.size()});
  if (!module.ok()) return std::printf("%s\n", module.status().ToString().c_str()), 1;
  weft::Linker linker(engine);
  (void)linker.Define("env", "add", [](int32_t a, int32_t b) { return a + b; });
  weft::InstanceLimits limits;
  limits.max_memory_pages = 256;  // 16 MiB
  limits.fuel_per_call = 10'000'000;
  auto instance = linker.Instantiate(*module, limits);
  if (!instance.ok()) return std::printf("%s\n", instance.status().ToString().c_str()), 1;
  absl::StatusOr<int32_t> r = (*instance)->Call<int32_t(int32_t)>("run", 5);
  if (!r.ok()) return std::printf("%s\n", r.status().ToString().c_str()), 1;
  std::printf("run(5) = %d\n", *r);  // 42
  return *r == 42 ? 0 : 1;
}
