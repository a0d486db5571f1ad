// wasm.h runtime environment: configs, engines and stores.
#include "api/wasm_c_api_internal.h"

extern "C" {

wasm_config_t* wasm_config_new(void) { return new wasm_config_t; }
void wasm_config_delete(wasm_config_t* c) { delete c; }

wasm_engine_t* wasm_engine_new(void) { return new wasm_engine_t; }
wasm_engine_t* wasm_engine_new_with_config(wasm_config_t* config) {
  auto* e = new wasm_engine_t{weft::Engine(config->config)};
  delete config;
  return e;
}
void wasm_engine_delete(wasm_engine_t* e) { delete e; }

wasm_store_t* wasm_store_new(wasm_engine_t* engine) {
  auto* s = new wasm_store_t;
  // A copy of the engine's (immutable) configuration: stores of one engine
  // share nothing mutable, which is what lets each run on its own thread.
  s->engine = engine->engine;
  s->linker = std::make_unique<weft::Linker>(s->engine);
  s->impl = weft::api::Access::Of(*s->linker).store;
  s->caller = std::make_unique<weft::api::InstanceImpl>();
  s->caller->store = s->impl;
  s->caller->limits = s->engine.config().default_limits;
  weft::interp::ExecLimits limits;
  limits.max_call_depth = s->caller->limits.max_call_depth;
  limits.max_stack_slots = s->caller->limits.max_stack_slots;
  s->caller->ctx = std::make_shared<weft::interp::ExecContext>(limits);
  return s;
}

void wasm_store_delete(wasm_store_t* s) { delete s; }

}  // extern "C"
