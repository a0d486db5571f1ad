// wasm.h functions: host functions (wasm_func_new, with env and
// finalizer) and calls (wasm_func_call).
#include <memory>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "api/wasm_c_api_internal.h"
#include "interp/executor.h"

namespace weft::capi {

namespace {

// A host function's callback and env. Owned by the store's host function
// definition (api::HostFunctionEnv), which lives exactly as long as the
// store's run-time objects: the finalizer therefore runs once, when the
// last user of the store (wasm_store_t, instance or extern) is gone.
struct HostClosure {
  wasm_store_t* store;
  wasm_func_callback_t plain = nullptr;
  wasm_func_callback_with_env_t with_env = nullptr;
  void* env = nullptr;
  void (*finalizer)(void*) = nullptr;
  ~HostClosure() {
    if (finalizer != nullptr) finalizer(env);
  }
};

absl::Status RunHost(const HostClosure& c, const FuncType& type, absl::Span<const Value> args,
                     absl::Span<Value> results) {
  std::vector<wasm_val_t> in(args.size()), out(results.size());
  for (size_t i = 0; i < args.size(); ++i) FromValue(c.store, args[i], &in[i]);
  for (size_t i = 0; i < results.size(); ++i) {
    out[i].kind = KindOf(type.results[i]);
    out[i].of.i64 = 0;
  }
  wasm_val_vec_t in_vec{in.size(), in.data()};
  wasm_val_vec_t out_vec{out.size(), out.data()};
  wasm_trap_t* trap = c.with_env != nullptr ? c.with_env(c.env, &in_vec, &out_vec)
                                            : c.plain(&in_vec, &out_vec);
  for (wasm_val_t& v : in) wasm_val_delete(&v);
  absl::Status status;
  if (trap != nullptr) {
    // Not a weft trap status: the executor turns it into a host trap whose
    // detail is exactly this message (wasm_func_call gives it back).
    status = absl::UnknownError(trap->message);
    wasm_trap_delete(trap);
  } else {
    for (size_t i = 0; i < results.size(); ++i) {
      if (status.ok() && !ToValue(c.store, out[i], type.results[i], &results[i])) {
        status = absl::InvalidArgumentError(absl::StrCat(
            "host function result ", i, " is ", KindName(out[i].kind), " (or a reference of "
            "the wrong kind), the function's type says ", KindName(KindOf(type.results[i]))));
      }
    }
  }
  for (wasm_val_t& v : out) wasm_val_delete(&v);
  return status;
}

wasm_func_t* NewHostFunc(wasm_store_t* store, const wasm_functype_t* type,
                         std::shared_ptr<HostClosure> closure) {
  api::StoreImpl& s = *store->impl;
  auto def = std::make_unique<api::HostFunctionEnv>();
  def->type = ToFuncType(*type);
  def->callback = [closure, t = def->type](Caller&, absl::Span<const Value> args,
                                           absl::Span<Value> results) {
    return RunHost(*closure, t, args, results);
  };
  auto bound = std::make_unique<api::BoundHostEnv>();
  bound->def = def.get();
  bound->store = &s;
  runtime::Extern ext;
  ext.kind = ExternKind::kFunc;
  ext.func = s.store.AddHostFunction(def->type, api::HostTrampoline, bound.get());
  s.host_defs.push_back(std::move(def));
  s.host_envs.push_back(std::move(bound));
  return static_cast<wasm_func_t*>(NewExtern(store, ext));
}

// A host function's type must use only kinds wasm.h defines: its
// callback sees every value as a wasm_val_t.
bool KnownKinds(const wasm_functype_t* type) {
  for (size_t i = 0; i < type->params.size; ++i) {
    if (!IsKnownKind(type->params.data[i]->kind)) return false;
  }
  for (size_t i = 0; i < type->results.size; ++i) {
    if (!IsKnownKind(type->results.data[i]->kind)) return false;
  }
  return true;
}

}  // namespace
}  // namespace weft::capi

extern "C" {

wasm_func_t* wasm_func_new(wasm_store_t* store, const wasm_functype_t* type,
                           wasm_func_callback_t callback) {
  if (callback == nullptr || !weft::capi::KnownKinds(type)) return nullptr;
  auto c = std::make_shared<weft::capi::HostClosure>();
  c->store = store;
  c->plain = callback;
  return weft::capi::NewHostFunc(store, type, std::move(c));
}

wasm_func_t* wasm_func_new_with_env(wasm_store_t* store, const wasm_functype_t* type,
                                    wasm_func_callback_with_env_t callback, void* env,
                                    void (*finalizer)(void*)) {
  // Refused before the env is taken over: its finalizer is not run.
  if (callback == nullptr || !weft::capi::KnownKinds(type)) return nullptr;
  auto c = std::make_shared<weft::capi::HostClosure>();
  c->store = store;
  c->with_env = callback;
  c->env = env;
  c->finalizer = finalizer;
  return weft::capi::NewHostFunc(store, type, std::move(c));
}

wasm_functype_t* wasm_func_type(const wasm_func_t* f) {
  return weft::capi::NewFuncType(*f->ext.func->type);
}
size_t wasm_func_param_arity(const wasm_func_t* f) { return f->ext.func->type->params.size(); }
size_t wasm_func_result_arity(const wasm_func_t* f) { return f->ext.func->type->results.size(); }

wasm_trap_t* wasm_func_call(const wasm_func_t* f, const wasm_val_vec_t* args,
                            wasm_val_vec_t* results) {
  using weft::Value;
  using weft::capi::KindName;
  using weft::capi::KindOf;
  wasm_store_t* store = f->store;
  weft::interp::FunctionInstance* fn = f->ext.func;
  const weft::FuncType& type = *fn->type;
  auto refuse = [&](const std::string& why) {
    return weft::capi::NewTrap(
        absl::StrCat("wasm_func_call of ", weft::FuncTypeToString(type), ": ", why));
  };
  if (!weft::capi::IsExpressible(type)) {
    return refuse("its type has a value type wasm.h cannot express (v128, exnref or a typed "
                  "reference); call it through weft's C++ API");
  }
  const size_t nargs = args != nullptr ? args->size : 0;
  const size_t nresults = results != nullptr ? results->size : 0;
  if (nargs != type.params.size()) {
    return refuse(absl::StrCat(nargs, " arguments given, the function takes ",
                               type.params.size()));
  }
  if (nresults != type.results.size()) {
    return refuse(absl::StrCat("room for ", nresults, " results given, the function returns ",
                               type.results.size()));
  }
  std::vector<Value> values(nargs);
  for (size_t i = 0; i < nargs; ++i) {
    if (!weft::capi::ToValue(store, args->data[i], type.params[i], &values[i])) {
      return refuse(absl::StrCat("argument ", i, " is ", KindName(args->data[i].kind),
                                 " (or a reference of the wrong kind), the parameter is ",
                                 KindName(KindOf(type.params[i]))));
    }
  }
  weft::api::InstanceImpl& caller = *store->caller;
  absl::StatusOr<std::vector<Value>> r = weft::api::CallFunction(
      fn, "func", values,
      [&](weft::interp::FunctionInstance* g, const uint64_t* in, uint64_t* out) {
        return caller.Invoke(g, in, out, weft::CallOptions{});
      });
  if (!r.ok()) return weft::capi::TrapFromStatus(store, r.status(), caller.ctx.get());
  for (size_t i = 0; i < r->size(); ++i) weft::capi::FromValue(store, (*r)[i], &results->data[i]);
  return nullptr;
}

}  // extern "C"
