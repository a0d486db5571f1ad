// The C API (include/weft/weft.h) over the C++ API: engines, modules,
// linkers and plain host functions, instances. Other areas live beside it:
// c_api_errors.cc, c_api_caller.cc, c_api_wasi.cc, c_api_plugin.cc.
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "api/c_api_internal.h"
#include "weft/instantiate_options.h"
#include "weft/trap_code.h"

namespace {

using weft::c_api::Error;
using weft::c_api::FromValue;
using weft::c_api::KnownKind;
using weft::c_api::Milliseconds;
using weft::c_api::MemoryName;
using weft::c_api::ToLimits;
using weft::c_api::ToValue;
using weft::c_api::Wrap;

// Calls the C finalizer when the last copy of the callback goes away.
struct CHostEnv {
  weft_host_callback_t callback;
  void* env;
  void (*finalizer)(void*);
  ~CHostEnv() {
    if (finalizer != nullptr) finalizer(env);
  }
};

// A failed call's error; when the instance runs WASI and the guest called
// proc_exit, the error says so (weft_error_exit_code).
weft_error_t* CallError(const weft_instance_t* instance, absl::Status status) {
  // proc_exit unwinds the guest as a host trap (weft/wasi.h); WASI records
  // the code, so a host trap of an instance whose guest exited is that exit.
  const bool host_trap = weft::GetTrapCode(status) == weft::TrapCode::kHostTrap;
  weft_error_t* e = Wrap(std::move(status));
  if (e != nullptr && host_trap && instance->wasi != nullptr) {
    e->exit_code = instance->wasi->exit_code();
  }
  return e;
}

}  // namespace

extern "C" {

weft_engine_t* weft_engine_new(const weft_config_t* config) {
  weft::EngineConfig c;
  if (config != nullptr) {
    c.metering = config->metering != 0;
    c.default_limits = ToLimits(config->default_limits);
  }
  return new weft_engine{weft::Engine(c)};
}
void weft_engine_delete(weft_engine_t* engine) { delete engine; }

weft_error_t* weft_module_new(const weft_engine_t* engine, const uint8_t* bytes, size_t size,
                              weft_module_t** out) {
  WEFT_C_REQUIRE(out);
  *out = nullptr;
  WEFT_C_REQUIRE(engine);
  WEFT_C_REQUIRE_ARRAY(bytes, size);
  auto m = weft::CompiledModule::Compile(engine->engine, absl::MakeConstSpan(bytes, size));
  if (!m.ok()) return Wrap(m.status());
  *out = new weft_module{std::move(*m)};
  return nullptr;
}
void weft_module_delete(weft_module_t* module) { delete module; }

size_t weft_module_import_count(const weft_module_t* module) {
  return module == nullptr ? 0 : module->module->imports().size();
}
const char* weft_module_import_module(const weft_module_t* module, size_t index) {
  if (module == nullptr) return nullptr;
  const auto& v = module->module->imports();
  return index < v.size() ? v[index].module.c_str() : nullptr;
}
const char* weft_module_import_name(const weft_module_t* module, size_t index) {
  if (module == nullptr) return nullptr;
  const auto& v = module->module->imports();
  return index < v.size() ? v[index].name.c_str() : nullptr;
}
int weft_module_import_kind(const weft_module_t* module, size_t index) {
  if (module == nullptr) return -1;
  const auto& v = module->module->imports();
  return index < v.size() ? int(v[index].type.kind) : -1;
}
size_t weft_module_export_count(const weft_module_t* module) {
  return module == nullptr ? 0 : module->module->exports().size();
}
const char* weft_module_export_name(const weft_module_t* module, size_t index) {
  if (module == nullptr) return nullptr;
  const auto& v = module->module->exports();
  return index < v.size() ? v[index].name.c_str() : nullptr;
}
int weft_module_export_kind(const weft_module_t* module, size_t index) {
  if (module == nullptr) return -1;
  const auto& v = module->module->exports();
  return index < v.size() ? int(v[index].type.kind) : -1;
}
int weft_module_export_signature(const weft_module_t* module, size_t index,
                                 weft_valkind_t* params, size_t params_cap, size_t* nparams,
                                 weft_valkind_t* results, size_t results_cap,
                                 size_t* nresults) {
  if (module == nullptr) return -1;
  const auto& v = module->module->exports();
  if (index >= v.size() || v[index].type.kind != weft::ExternKind::kFunc) return -1;
  const weft::FuncType& t = v[index].type.func;
  for (size_t i = 0; params != nullptr && i < t.params.size() && i < params_cap; ++i) {
    params[i] = weft_valkind_t(t.params[i]);
  }
  for (size_t i = 0; results != nullptr && i < t.results.size() && i < results_cap; ++i) {
    results[i] = weft_valkind_t(t.results[i]);
  }
  if (nparams != nullptr) *nparams = t.params.size();
  if (nresults != nullptr) *nresults = t.results.size();
  return 0;
}

weft_linker_t* weft_linker_new(const weft_engine_t* engine) {
  return engine == nullptr ? nullptr : new weft_linker{weft::Linker(engine->engine)};
}
void weft_linker_delete(weft_linker_t* linker) { delete linker; }

weft_error_t* weft_linker_define_func(weft_linker_t* linker, const char* module,
                                      const char* name, const weft_valkind_t* params,
                                      size_t nparams, const weft_valkind_t* results,
                                      size_t nresults, weft_host_callback_t callback,
                                      void* env, void (*finalizer)(void* env)) {
  WEFT_C_REQUIRE(linker);
  WEFT_C_REQUIRE(module);
  WEFT_C_REQUIRE(name);
  WEFT_C_REQUIRE_ARRAY(params, nparams);
  WEFT_C_REQUIRE_ARRAY(results, nresults);
  WEFT_C_REQUIRE(callback);
  weft::FuncType type;
  absl::Status s = weft::c_api::ToFuncType(__func__, params, nparams, results, nresults, &type);
  if (!s.ok()) return Wrap(s);
  // From here on weft owns `env` (the finalizer runs when the callback dies).
  std::shared_ptr<CHostEnv> host(new CHostEnv{callback, env, finalizer});
  weft::HostCallback cb = [host](absl::Span<const weft::Value> args,
                                 absl::Span<weft::Value> res) -> absl::Status {
    weft_val_t small[16];
    std::vector<weft_val_t> big;
    weft_val_t* buf = small;
    if (args.size() + res.size() > 16) {
      big.resize(args.size() + res.size());
      buf = big.data();
    }
    for (size_t i = 0; i < args.size(); ++i) buf[i] = FromValue(args[i]);
    weft_val_t* out = buf + args.size();
    for (size_t i = 0; i < res.size(); ++i) out[i] = FromValue(res[i]);
    weft_error_t* e = host->callback(host->env, buf, args.size(), out, res.size());
    if (e != nullptr) {
      absl::Status s = std::move(e->status);
      delete e;
      return s;
    }
    for (size_t i = 0; i < res.size(); ++i) {
      if (!KnownKind(out[i].kind)) return absl::InternalError("host set a bad result kind");
      res[i] = ToValue(out[i]);
    }
    return absl::OkStatus();
  };
  return Wrap(linker->linker.DefineFunction(module, name, std::move(type), std::move(cb)));
}

weft_error_t* weft_linker_define_instance(weft_linker_t* linker, const char* module,
                                          const weft_instance_t* instance) {
  WEFT_C_REQUIRE(linker);
  WEFT_C_REQUIRE(module);
  WEFT_C_REQUIRE(instance);
  return Wrap(linker->linker.DefineInstance(module, *instance->instance));
}

weft_error_t* weft_instance_new(weft_linker_t* linker, const weft_module_t* module,
                                const weft_limits_t* limits, weft_instance_t** out) {
  WEFT_C_REQUIRE(out);
  *out = nullptr;
  WEFT_C_REQUIRE(linker);
  WEFT_C_REQUIRE(module);
  auto inst = limits == nullptr
                  ? linker->linker.Instantiate(module->module)
                  : linker->linker.Instantiate(module->module, ToLimits(*limits));
  if (!inst.ok()) return Wrap(inst.status());
  *out = new weft_instance{std::move(*inst), std::nullopt, std::nullopt, nullptr};
  return nullptr;
}
weft_error_t* weft_instance_new_with_options(weft_linker_t* linker, const weft_module_t* module,
                                             const weft_instantiate_options_t* options,
                                             weft_instance_t** out) {
  WEFT_C_REQUIRE(out);
  *out = nullptr;
  WEFT_C_REQUIRE(linker);
  WEFT_C_REQUIRE(module);
  weft::InstantiateOptions o;
  if (options != nullptr) {
    if (options->limits != nullptr) o.limits = ToLimits(*options->limits);
    if (options->start_fuel != 0) o.start.fuel = options->start_fuel;
    if (options->start_timeout_ms != 0) o.start.timeout = Milliseconds(options->start_timeout_ms);
    if (options->interrupt != nullptr) o.interrupt = options->interrupt->handle;
  }
  auto inst = linker->linker.Instantiate(module->module, o);
  if (!inst.ok()) return Wrap(inst.status());
  *out = new weft_instance{std::move(*inst), std::nullopt, std::nullopt, nullptr};
  return nullptr;
}

void weft_instance_delete(weft_instance_t* instance) { delete instance; }

weft_error_t* weft_instance_call(weft_instance_t* instance, const char* name,
                                 const weft_val_t* args, size_t nargs, weft_val_t* results,
                                 size_t nresults) {
  WEFT_C_REQUIRE(instance);
  WEFT_C_REQUIRE(name);
  WEFT_C_REQUIRE_ARRAY(args, nargs);
  WEFT_C_REQUIRE_ARRAY(results, nresults);
  std::vector<weft::Value> values;
  if (absl::Status s = weft::c_api::ToValues(__func__, args, nargs, &values); !s.ok()) {
    return Wrap(s);
  }
  auto type = instance->instance->GetFunctionType(name);
  if (!type.ok()) return Wrap(type.status());
  if (type->results.size() != nresults) {
    return Error(absl::StrCat("\"", name, "\" ", weft::FuncTypeToString(*type), " returns ",
                              type->results.size(), " result(s), got room for ", nresults));
  }
  weft::CallOptions options;
  options.fuel = instance->fuel;
  options.timeout = instance->timeout;
  auto r = instance->instance->Call(name, values, options);
  if (!r.ok()) return CallError(instance, r.status());
  for (size_t i = 0; i < nresults; ++i) results[i] = FromValue((*r)[i]);
  return nullptr;
}

weft_error_t* weft_instance_set_fuel(weft_instance_t* instance, uint64_t fuel_per_call) {
  WEFT_C_REQUIRE(instance);
  if (fuel_per_call == 0) {
    instance->fuel.reset();
    return nullptr;
  }
  if (!instance->instance->module().metering()) {
    return Wrap(absl::FailedPreconditionError(
        "fuel limits need an engine created with metering"));
  }
  instance->fuel = fuel_per_call;
  return nullptr;
}
uint64_t weft_instance_remaining_fuel(const weft_instance_t* instance) {
  return instance == nullptr ? 0 : instance->instance->remaining_fuel();
}

void weft_instance_set_timeout_ms(weft_instance_t* instance, uint64_t timeout_ms) {
  if (instance == nullptr) return;
  if (timeout_ms == 0) {
    instance->timeout.reset();
  } else {
    instance->timeout = Milliseconds(timeout_ms);
  }
}

weft_error_t* weft_instance_memory_read(const weft_instance_t* instance,
                                        const char* memory_name, uint64_t offset, void* out,
                                        size_t size) {
  WEFT_C_REQUIRE(instance);
  WEFT_C_REQUIRE_ARRAY(out, size);
  return Wrap(weft::c_api::ReadMemory(instance->instance->GetMemory(MemoryName(memory_name)), offset,
                                     out, size));
}

weft_error_t* weft_instance_memory_write(weft_instance_t* instance, const char* memory_name,
                                         uint64_t offset, const void* data, size_t size) {
  WEFT_C_REQUIRE(instance);
  WEFT_C_REQUIRE_ARRAY(data, size);
  return Wrap(weft::c_api::WriteMemory(instance->instance->GetMemory(MemoryName(memory_name)), offset,
                                      data, size));
}

uint64_t weft_instance_memory_size(const weft_instance_t* instance, const char* memory_name) {
  if (instance == nullptr) return 0;
  return weft::c_api::MemorySize(instance->instance->GetMemory(MemoryName(memory_name)));
}

weft_error_t* weft_instance_global_get(const weft_instance_t* instance, const char* name,
                                       weft_val_t* out) {
  WEFT_C_REQUIRE(instance);
  WEFT_C_REQUIRE(name);
  WEFT_C_REQUIRE(out);
  auto v = instance->instance->GetGlobal(name);
  if (!v.ok()) return Wrap(v.status());
  *out = FromValue(*v);
  return nullptr;
}

weft_error_t* weft_instance_global_set(weft_instance_t* instance, const char* name,
                                       const weft_val_t* value) {
  WEFT_C_REQUIRE(instance);
  WEFT_C_REQUIRE(name);
  WEFT_C_REQUIRE(value);
  std::vector<weft::Value> v;
  if (absl::Status s = weft::c_api::ToValues(__func__, value, 1, &v); !s.ok()) return Wrap(s);
  return Wrap(instance->instance->SetGlobal(name, v[0]));
}

weft_error_t* weft_exception_new(const weft_instance_t* instance, const char* tag,
                                 const weft_val_t* payload, size_t npayload) {
  WEFT_C_REQUIRE(instance);
  WEFT_C_REQUIRE(tag);
  WEFT_C_REQUIRE_ARRAY(payload, npayload);
  std::vector<weft::Value> values;
  if (absl::Status s = weft::c_api::ToValues(__func__, payload, npayload, &values); !s.ok()) {
    return Wrap(s);
  }
  return Wrap(instance->instance->Throw(tag, values));
}

weft_interrupt_handle_t* weft_instance_interrupt_handle(const weft_instance_t* instance) {
  if (instance == nullptr) return nullptr;
  return new weft_interrupt_handle{instance->instance->interrupt_handle()};
}
weft_interrupt_handle_t* weft_interrupt_handle_new(void) {
  return new weft_interrupt_handle{weft::InterruptHandle::Create()};
}
void weft_interrupt_handle_delete(weft_interrupt_handle_t* handle) { delete handle; }
void weft_interrupt_handle_interrupt(const weft_interrupt_handle_t* handle) {
  if (handle != nullptr) handle->handle.Interrupt();
}

}  // extern "C"
