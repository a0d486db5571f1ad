// weft public API: Engine, the configuration shared by modules compiled
// with it and the instances created from them.
//
// Ownership: an Engine is a small value (its configuration); modules copy
// what they need, so an Engine may be destroyed before them.
// Thread-safety: immutable after construction; use from any thread.
#ifndef WEFT_INCLUDE_WEFT_ENGINE_H_
#define WEFT_INCLUDE_WEFT_ENGINE_H_

#include "weft/limits.h"

namespace weft {

struct EngineConfig {
  // Compile fuel-charging code. Needed for fuel limits; without it code
  // carries no metering instructions and runs slightly faster. Interruption
  // (InterruptHandle, deadlines) works either way.
  bool metering = false;
  // Translate every function body when the module is compiled instead of
  // on its first call. Lazy (the default) makes large modules ready in
  // milliseconds; eager moves all translation cost (and any
  // implementation-limit error) to CompiledModule::Compile.
  bool eager_compile = false;
  // Limits of instances created without explicit limits.
  InstanceLimits default_limits;
};

class Engine {
 public:
  Engine() = default;
  explicit Engine(EngineConfig config) : config_(config) {}

  const EngineConfig& config() const { return config_; }

 private:
  EngineConfig config_;
};

}  // namespace weft

#endif  // WEFT_INCLUDE_WEFT_ENGINE_H_
