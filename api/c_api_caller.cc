// weft.h's host functions that receive their caller (weft_caller_t): the
// instance that imported the function, reached through weft::Caller, so a
// host reads and writes the memory of whichever instance called it.
#include <memory>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "api/c_api_internal.h"
#include "weft/caller.h"
#include "weft/memory.h"

namespace {

using weft::c_api::FromValue;
using weft::c_api::KnownKind;
using weft::c_api::MemoryName;
using weft::c_api::ToValue;
using weft::c_api::Wrap;

// Calls the C finalizer when the last copy of the callback goes away.
struct CCallerHostEnv {
  weft_host_callback_with_caller_t callback;
  void* env;
  void (*finalizer)(void*);
  ~CCallerHostEnv() {
    if (finalizer != nullptr) finalizer(env);
  }
};

absl::Status RunCallback(const CCallerHostEnv& host, weft::Caller& caller,
                         absl::Span<const weft::Value> args, absl::Span<weft::Value> res) {
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
  // The handle lives on this stack frame: it cannot outlive the call.
  weft_caller c_caller{&caller};
  weft_error_t* e = host.callback(host.env, &c_caller, buf, args.size(), out, res.size());
  if (e != nullptr) {
    absl::Status s = std::move(e->status);
    delete e;
    return s;
  }
  for (size_t i = 0; i < res.size(); ++i) {
    if (!KnownKind(out[i].kind)) {
      return absl::InvalidArgumentError(
          absl::StrCat("host function set result ", i, " to an unknown kind"));
    }
    res[i] = ToValue(out[i]);
  }
  return absl::OkStatus();
}

}  // namespace

extern "C" {

weft_error_t* weft_linker_define_func_with_caller(
    weft_linker_t* linker, const char* module, const char* name, const weft_valkind_t* params,
    size_t nparams, const weft_valkind_t* results, size_t nresults,
    weft_host_callback_with_caller_t callback, void* env, void (*finalizer)(void* env)) {
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
  std::shared_ptr<CCallerHostEnv> host(new CCallerHostEnv{callback, env, finalizer});
  weft::HostCallbackWithCaller cb = [host](weft::Caller& caller,
                                           absl::Span<const weft::Value> args,
                                           absl::Span<weft::Value> res) {
    return RunCallback(*host, caller, args, res);
  };
  return Wrap(linker->linker.DefineFunction(module, name, std::move(type), std::move(cb)));
}

weft_error_t* weft_caller_memory_read(const weft_caller_t* caller, const char* memory_name,
                                      uint64_t offset, void* out, size_t size) {
  WEFT_C_REQUIRE(caller);
  WEFT_C_REQUIRE_ARRAY(out, size);
  return Wrap(weft::c_api::ReadMemory(caller->caller->GetMemory(MemoryName(memory_name)), offset,
                                     out, size));
}

weft_error_t* weft_caller_memory_write(weft_caller_t* caller, const char* memory_name,
                                       uint64_t offset, const void* data, size_t size) {
  WEFT_C_REQUIRE(caller);
  WEFT_C_REQUIRE_ARRAY(data, size);
  return Wrap(weft::c_api::WriteMemory(caller->caller->GetMemory(MemoryName(memory_name)), offset,
                                      data, size));
}

uint64_t weft_caller_memory_size(const weft_caller_t* caller, const char* memory_name) {
  if (caller == nullptr) return 0;
  return weft::c_api::MemorySize(caller->caller->GetMemory(MemoryName(memory_name)));
}

weft_error_t* weft_caller_memory_data(weft_caller_t* caller, const char* memory_name,
                                      uint8_t** data, uint64_t* size) {
  WEFT_C_REQUIRE(data);
  *data = nullptr;
  WEFT_C_REQUIRE(size);
  *size = 0;
  WEFT_C_REQUIRE(caller);
  auto mem = caller->caller->GetMemory(MemoryName(memory_name));
  if (!mem.ok()) return Wrap(mem.status());
  absl::Span<uint8_t> bytes = mem->UnsafeBytes();
  *data = bytes.data();
  *size = bytes.size();
  return nullptr;
}

weft_error_t* weft_caller_memory_grow(weft_caller_t* caller, const char* memory_name,
                                      uint32_t delta_pages, uint32_t* old_pages) {
  WEFT_C_REQUIRE(caller);
  auto mem = caller->caller->GetMemory(MemoryName(memory_name));
  if (!mem.ok()) return Wrap(mem.status());
  auto old = mem->Grow(delta_pages);
  if (!old.ok()) return Wrap(old.status());
  if (old_pages != nullptr) *old_pages = *old;
  return nullptr;
}

weft_error_t* weft_caller_global_get(const weft_caller_t* caller, const char* name,
                                     weft_val_t* out) {
  WEFT_C_REQUIRE(caller);
  WEFT_C_REQUIRE(name);
  WEFT_C_REQUIRE(out);
  auto v = caller->caller->GetGlobal(name);
  if (!v.ok()) return Wrap(v.status());
  *out = FromValue(*v);
  return nullptr;
}

weft_error_t* weft_caller_global_set(weft_caller_t* caller, const char* name,
                                     const weft_val_t* value) {
  WEFT_C_REQUIRE(caller);
  WEFT_C_REQUIRE(name);
  WEFT_C_REQUIRE(value);
  std::vector<weft::Value> v;
  if (absl::Status s = weft::c_api::ToValues(__func__, value, 1, &v); !s.ok()) return Wrap(s);
  return Wrap(caller->caller->SetGlobal(name, v[0]));
}

weft_error_t* weft_caller_call(weft_caller_t* caller, const char* name, const weft_val_t* args,
                               size_t nargs, weft_val_t* results, size_t nresults) {
  WEFT_C_REQUIRE(caller);
  WEFT_C_REQUIRE(name);
  WEFT_C_REQUIRE_ARRAY(args, nargs);
  WEFT_C_REQUIRE_ARRAY(results, nresults);
  std::vector<weft::Value> values;
  if (absl::Status s = weft::c_api::ToValues(__func__, args, nargs, &values); !s.ok()) {
    return Wrap(s);
  }
  auto type = caller->caller->GetFunctionType(name);
  if (!type.ok()) return Wrap(type.status());
  if (type->results.size() != nresults) {
    return weft::c_api::Error(absl::StrCat("weft_caller_call: \"", name, "\" ",
                                           weft::FuncTypeToString(*type), " returns ",
                                           type->results.size(), " result(s), got room for ",
                                           nresults));
  }
  auto r = caller->caller->Call(name, values);
  if (!r.ok()) return Wrap(r.status());
  for (size_t i = 0; i < nresults; ++i) results[i] = FromValue((*r)[i]);
  return nullptr;
}

uint64_t weft_caller_remaining_fuel(const weft_caller_t* caller) {
  return caller == nullptr ? 0 : caller->caller->remaining_fuel();
}

weft_error_t* weft_caller_consume_fuel(weft_caller_t* caller, uint64_t amount) {
  WEFT_C_REQUIRE(caller);
  return Wrap(caller->caller->ConsumeFuel(amount));
}

weft_error_t* weft_caller_set_fuel(weft_caller_t* caller, uint64_t fuel) {
  WEFT_C_REQUIRE(caller);
  caller->caller->SetFuel(fuel);
  return nullptr;
}

int weft_caller_interrupted(const weft_caller_t* caller) {
  return caller != nullptr && caller->caller->interrupted() ? 1 : 0;
}

int weft_caller_interrupt_fd(const weft_caller_t* caller) {
  return caller == nullptr ? -1 : caller->caller->interrupt_fd();
}

weft_error_t* weft_caller_throw(const weft_caller_t* caller, const char* tag,
                                const weft_val_t* payload, size_t npayload) {
  WEFT_C_REQUIRE(caller);
  WEFT_C_REQUIRE(tag);
  WEFT_C_REQUIRE_ARRAY(payload, npayload);
  std::vector<weft::Value> values;
  if (absl::Status s = weft::c_api::ToValues(__func__, payload, npayload, &values); !s.ok()) {
    return Wrap(s);
  }
  return Wrap(caller->caller->Throw(tag, values));
}

}  // extern "C"
