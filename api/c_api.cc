// The C API (include/weft/weft.h) over the C++ API.
#include <algorithm>
#include <cstring>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "weft/engine.h"
#include "weft/instance.h"
#include "weft/instantiate_options.h"
#include "weft/linker.h"
#include "weft/module.h"
#include "weft/trap_code.h"
#include "weft/weft.h"

struct weft_engine {
  weft::Engine engine;
};
struct weft_module {
  std::shared_ptr<const weft::CompiledModule> module;
};
struct weft_linker {
  weft::Linker linker;
};
struct weft_instance {
  std::unique_ptr<weft::Instance> instance;
  std::optional<uint64_t> fuel;
  std::optional<absl::Duration> timeout;
};
struct weft_interrupt_handle {
  weft::InterruptHandle handle;
};
struct weft_error {
  absl::Status status;
  std::string message;
};

// weft.h's trap codes and weft::TrapCode come from one list
// (weft/trap_codes.inc); check every value anyway.
#define WEFT_TRAP_CODE(name, c_name, message) \
  static_assert(int(WEFT_TRAP_##c_name) == int(weft::TrapCode::k##name));
#include "weft/trap_codes.inc"
#undef WEFT_TRAP_CODE

namespace {


weft_error_t* Wrap(absl::Status s) {
  if (s.ok()) return nullptr;
  auto* e = new weft_error;
  e->message = std::string(s.message());
  e->status = std::move(s);
  return e;
}

weft_error_t* Error(absl::string_view message) {
  return Wrap(absl::InvalidArgumentError(message));
}

bool KnownKind(weft_valkind_t k) {
  switch (k) {
    case WEFT_I32:
    case WEFT_I64:
    case WEFT_F32:
    case WEFT_F64:
    case WEFT_V128:
    case WEFT_FUNCREF:
    case WEFT_EXTERNREF:
      return true;
  }
  return false;
}

weft::Value ToValue(const weft_val_t& v) {
  switch (v.kind) {
    case WEFT_I32:
      return weft::Value::I32(v.of.i32);
    case WEFT_I64:
      return weft::Value::I64(v.of.i64);
    case WEFT_F32:
      return weft::Value::F32(v.of.f32);
    case WEFT_F64:
      return weft::Value::F64(v.of.f64);
    case WEFT_V128: {
      uint64_t half[2];
      std::memcpy(half, v.of.v128, 16);
      return weft::Value::V128(half[0], half[1]);
    }
    case WEFT_FUNCREF:
    case WEFT_EXTERNREF:
      return weft::Value::Ref(weft::ValType(v.kind), v.of.ref);
  }
  return weft::Value();
}

weft_val_t FromValue(const weft::Value& v) {
  weft_val_t out;
  std::memset(&out, 0, sizeof out);
  out.kind = weft_valkind_t(v.type());
  switch (v.type()) {
    case weft::ValType::kI32:
      out.of.i32 = v.i32();
      break;
    case weft::ValType::kI64:
      out.of.i64 = v.i64();
      break;
    case weft::ValType::kF32:
      out.of.f32 = v.f32();
      break;
    case weft::ValType::kF64:
      out.of.f64 = v.f64();
      break;
    case weft::ValType::kV128: {
      const uint64_t half[2] = {v.v128_lo(), v.v128_hi()};
      std::memcpy(out.of.v128, half, 16);
      break;
    }
    default:
      out.of.ref = v.ref_handle();
      break;
  }
  return out;
}

weft::InstanceLimits ToLimits(const weft_limits_t& l) {
  weft::InstanceLimits limits;
  if (l.max_memory_pages != 0) limits.max_memory_pages = l.max_memory_pages;
  if (l.max_call_depth != 0) limits.max_call_depth = l.max_call_depth;
  if (l.max_stack_slots != 0) limits.max_stack_slots = l.max_stack_slots;
  if (l.fuel_per_call != 0) limits.fuel_per_call = l.fuel_per_call;
  return limits;
}

// Calls the C finalizer when the last copy of the callback goes away.
struct CHostEnv {
  weft_host_callback_t callback;
  void* env;
  void (*finalizer)(void*);
  ~CHostEnv() {
    if (finalizer != nullptr) finalizer(env);
  }
};

// A C millisecond count as a Duration (huge values saturate, not wrap).
absl::Duration Milliseconds(uint64_t ms) {
  return absl::Milliseconds(int64_t(std::min<uint64_t>(ms, INT64_MAX / 2)));
}

const char* MemoryName(const char* name) { return name == nullptr ? "memory" : name; }

}  // namespace

extern "C" {

weft_error_t* weft_error_new(const char* message) {
  return Wrap(absl::UnknownError(message == nullptr ? "" : message));
}
void weft_error_delete(weft_error_t* error) { delete error; }
const char* weft_error_message(const weft_error_t* error) {
  return error == nullptr ? "" : error->message.c_str();
}
weft_trap_code_t weft_error_trap_code(const weft_error_t* error) {
  return error == nullptr ? WEFT_TRAP_NONE
                          : weft_trap_code_t(weft::GetTrapCode(error->status));
}

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
  if (engine == nullptr || out == nullptr || (bytes == nullptr && size != 0)) {
    return Error("weft_module_new: null argument");
  }
  *out = nullptr;
  auto m = weft::CompiledModule::Compile(engine->engine, absl::MakeConstSpan(bytes, size));
  if (!m.ok()) return Wrap(m.status());
  *out = new weft_module{std::move(*m)};
  return nullptr;
}
void weft_module_delete(weft_module_t* module) { delete module; }

size_t weft_module_import_count(const weft_module_t* module) {
  return module->module->imports().size();
}
const char* weft_module_import_module(const weft_module_t* module, size_t index) {
  const auto& v = module->module->imports();
  return index < v.size() ? v[index].module.c_str() : nullptr;
}
const char* weft_module_import_name(const weft_module_t* module, size_t index) {
  const auto& v = module->module->imports();
  return index < v.size() ? v[index].name.c_str() : nullptr;
}
int weft_module_import_kind(const weft_module_t* module, size_t index) {
  const auto& v = module->module->imports();
  return index < v.size() ? int(v[index].type.kind) : -1;
}
size_t weft_module_export_count(const weft_module_t* module) {
  return module->module->exports().size();
}
const char* weft_module_export_name(const weft_module_t* module, size_t index) {
  const auto& v = module->module->exports();
  return index < v.size() ? v[index].name.c_str() : nullptr;
}
int weft_module_export_kind(const weft_module_t* module, size_t index) {
  const auto& v = module->module->exports();
  return index < v.size() ? int(v[index].type.kind) : -1;
}
int weft_module_export_signature(const weft_module_t* module, size_t index,
                                 weft_valkind_t* params, size_t params_cap, size_t* nparams,
                                 weft_valkind_t* results, size_t results_cap,
                                 size_t* nresults) {
  const auto& v = module->module->exports();
  if (index >= v.size() || v[index].type.kind != weft::ExternKind::kFunc) return -1;
  const weft::FuncType& t = v[index].type.func;
  for (size_t i = 0; i < t.params.size() && i < params_cap; ++i) {
    params[i] = weft_valkind_t(t.params[i]);
  }
  for (size_t i = 0; i < t.results.size() && i < results_cap; ++i) {
    results[i] = weft_valkind_t(t.results[i]);
  }
  if (nparams != nullptr) *nparams = t.params.size();
  if (nresults != nullptr) *nresults = t.results.size();
  return 0;
}

weft_linker_t* weft_linker_new(const weft_engine_t* engine) {
  return new weft_linker{weft::Linker(engine->engine)};
}
void weft_linker_delete(weft_linker_t* linker) { delete linker; }

weft_error_t* weft_linker_define_func(weft_linker_t* linker, const char* module,
                                      const char* name, const weft_valkind_t* params,
                                      size_t nparams, const weft_valkind_t* results,
                                      size_t nresults, weft_host_callback_t callback,
                                      void* env, void (*finalizer)(void* env)) {
  if (linker == nullptr || module == nullptr || name == nullptr || callback == nullptr ||
      (params == nullptr && nparams != 0) || (results == nullptr && nresults != 0)) {
    return Error("weft_linker_define_func: null argument");
  }
  weft::FuncType type;
  for (size_t i = 0; i < nparams; ++i) {
    if (!KnownKind(params[i])) return Error("weft_linker_define_func: bad parameter kind");
    type.params.push_back(weft::ValType(params[i]));
  }
  for (size_t i = 0; i < nresults; ++i) {
    if (!KnownKind(results[i])) return Error("weft_linker_define_func: bad result kind");
    type.results.push_back(weft::ValType(results[i]));
  }
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
  if (linker == nullptr || module == nullptr || instance == nullptr) {
    return Error("weft_linker_define_instance: null argument");
  }
  return Wrap(linker->linker.DefineInstance(module, *instance->instance));
}

weft_error_t* weft_instance_new(weft_linker_t* linker, const weft_module_t* module,
                                const weft_limits_t* limits, weft_instance_t** out) {
  if (linker == nullptr || module == nullptr || out == nullptr) {
    return Error("weft_instance_new: null argument");
  }
  *out = nullptr;
  auto inst = limits == nullptr
                  ? linker->linker.Instantiate(module->module)
                  : linker->linker.Instantiate(module->module, ToLimits(*limits));
  if (!inst.ok()) return Wrap(inst.status());
  *out = new weft_instance{std::move(*inst), std::nullopt, std::nullopt};
  return nullptr;
}
weft_error_t* weft_instance_new_with_options(weft_linker_t* linker, const weft_module_t* module,
                                             const weft_instantiate_options_t* options,
                                             weft_instance_t** out) {
  if (linker == nullptr || module == nullptr || out == nullptr) {
    return Error("weft_instance_new_with_options: null argument");
  }
  *out = nullptr;
  weft::InstantiateOptions o;
  if (options != nullptr) {
    if (options->limits != nullptr) o.limits = ToLimits(*options->limits);
    if (options->start_fuel != 0) o.start.fuel = options->start_fuel;
    if (options->start_timeout_ms != 0) o.start.timeout = Milliseconds(options->start_timeout_ms);
    if (options->interrupt != nullptr) o.interrupt = options->interrupt->handle;
  }
  auto inst = linker->linker.Instantiate(module->module, o);
  if (!inst.ok()) return Wrap(inst.status());
  *out = new weft_instance{std::move(*inst), std::nullopt, std::nullopt};
  return nullptr;
}

void weft_instance_delete(weft_instance_t* instance) { delete instance; }

weft_error_t* weft_instance_call(weft_instance_t* instance, const char* name,
                                 const weft_val_t* args, size_t nargs, weft_val_t* results,
                                 size_t nresults) {
  if (instance == nullptr || name == nullptr || (args == nullptr && nargs != 0) ||
      (results == nullptr && nresults != 0)) {
    return Error("weft_instance_call: null argument");
  }
  std::vector<weft::Value> values;
  values.reserve(nargs);
  for (size_t i = 0; i < nargs; ++i) {
    if (!KnownKind(args[i].kind)) {
      return Error(absl::StrCat("weft_instance_call: argument ", i, " has a bad kind"));
    }
    values.push_back(ToValue(args[i]));
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
  if (!r.ok()) return Wrap(r.status());
  for (size_t i = 0; i < nresults; ++i) results[i] = FromValue((*r)[i]);
  return nullptr;
}

weft_error_t* weft_instance_set_fuel(weft_instance_t* instance, uint64_t fuel_per_call) {
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
  return instance->instance->remaining_fuel();
}

void weft_instance_set_timeout_ms(weft_instance_t* instance, uint64_t timeout_ms) {
  if (timeout_ms == 0) {
    instance->timeout.reset();
  } else {
    instance->timeout = Milliseconds(timeout_ms);
  }
}

weft_error_t* weft_instance_memory_read(const weft_instance_t* instance,
                                        const char* memory_name, uint64_t offset, void* out,
                                        size_t size) {
  if (instance == nullptr || (out == nullptr && size != 0)) {
    return Error("weft_instance_memory_read: null argument");
  }
  auto mem = instance->instance->GetMemory(MemoryName(memory_name));
  if (!mem.ok()) return Wrap(mem.status());
  return Wrap(mem->Read(offset, absl::MakeSpan(static_cast<uint8_t*>(out), size)));
}

weft_error_t* weft_instance_memory_write(weft_instance_t* instance, const char* memory_name,
                                         uint64_t offset, const void* data, size_t size) {
  if (instance == nullptr || (data == nullptr && size != 0)) {
    return Error("weft_instance_memory_write: null argument");
  }
  auto mem = instance->instance->GetMemory(MemoryName(memory_name));
  if (!mem.ok()) return Wrap(mem.status());
  return Wrap(
      mem->Write(offset, absl::MakeConstSpan(static_cast<const uint8_t*>(data), size)));
}

uint64_t weft_instance_memory_size(const weft_instance_t* instance, const char* memory_name) {
  if (instance == nullptr) return 0;
  auto mem = instance->instance->GetMemory(MemoryName(memory_name));
  return mem.ok() ? mem->size_bytes() : 0;
}

weft_error_t* weft_instance_global_get(const weft_instance_t* instance, const char* name,
                                       weft_val_t* out) {
  if (instance == nullptr || name == nullptr || out == nullptr) {
    return Error("weft_instance_global_get: null argument");
  }
  auto v = instance->instance->GetGlobal(name);
  if (!v.ok()) return Wrap(v.status());
  *out = FromValue(*v);
  return nullptr;
}

weft_error_t* weft_instance_global_set(weft_instance_t* instance, const char* name,
                                       const weft_val_t* value) {
  if (instance == nullptr || name == nullptr || value == nullptr) {
    return Error("weft_instance_global_set: null argument");
  }
  if (!KnownKind(value->kind)) return Error("weft_instance_global_set: bad kind");
  return Wrap(instance->instance->SetGlobal(name, ToValue(*value)));
}

weft_error_t* weft_exception_new(const weft_instance_t* instance, const char* tag,
                                 const weft_val_t* payload, size_t npayload) {
  if (instance == nullptr || tag == nullptr || (payload == nullptr && npayload > 0)) {
    return Error("weft_exception_new: null argument");
  }
  std::vector<weft::Value> values;
  for (size_t i = 0; i < npayload; ++i) {
    if (!KnownKind(payload[i].kind)) {
      return Error(absl::StrCat("weft_exception_new: payload value ", i, " has a bad kind"));
    }
    values.push_back(ToValue(payload[i]));
  }
  return Wrap(instance->instance->Throw(tag, values));
}

int weft_error_exception_payload(const weft_error_t* error, weft_val_t* out, size_t cap,
                                 size_t* count) {
  if (error == nullptr) return -1;
  std::optional<std::vector<weft::Value>> values = weft::GetExceptionPayload(error->status);
  if (!values.has_value()) return -1;
  if (count != nullptr) *count = values->size();
  for (size_t i = 0; i < values->size() && i < cap && out != nullptr; ++i) {
    out[i] = FromValue((*values)[i]);
  }
  return 0;
}

weft_interrupt_handle_t* weft_instance_interrupt_handle(const weft_instance_t* instance) {
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
