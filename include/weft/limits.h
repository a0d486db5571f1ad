// weft public API: the resource limits of an Instance.
//
// Plain value type; copy freely. Defaults come from EngineConfig and can be
// overridden per instance (Linker::Instantiate) and, for fuel and deadlines,
// per call (CallOptions).
#ifndef WEFT_INCLUDE_WEFT_LIMITS_H_
#define WEFT_INCLUDE_WEFT_LIMITS_H_

#include <cstdint>
#include <optional>

namespace weft {

struct InstanceLimits {
  // Upper bound, in 64 KiB pages, on every memory the instance defines,
  // whatever the module declares: memory.grow returns -1 beyond it and a
  // larger declared minimum fails instantiation (ResourceExhausted).
  uint32_t max_memory_pages = 65536;
  // Maximum nesting of calls (wasm and host, including host->wasm
  // re-entry). Deeper calls trap with TrapCode::kCallStackExhausted
  // ("call stack exhausted"); guest recursion never uses the native stack.
  uint32_t max_call_depth = 10000;
  // Size of the instance's value stack in 8-byte slots (locals, operands
  // and frame bookkeeping of all active frames). Running out also traps
  // kCallStackExhausted. Allocated once per instance (min 1024).
  uint32_t max_stack_slots = 1u << 20;
  // Fuel given to every outermost call (one unit per executed wasm
  // instruction, see instance.h). Requires EngineConfig::metering; unset
  // means unlimited.
  std::optional<uint64_t> fuel_per_call;
  // Upper bound on the bytes of the store's garbage-collected heap (GC
  // structs and arrays, 24 bytes of header each; docs/gc.md). An
  // allocation that would pass it, even after a collection, traps with
  // TrapCode::kGcHeapExhausted. A store with several instances keeps the
  // smallest of their limits.
  uint64_t max_gc_heap_bytes = uint64_t(1) << 30;
};

}  // namespace weft

#endif  // WEFT_INCLUDE_WEFT_LIMITS_H_
