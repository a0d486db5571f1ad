// wasm.h functions: host functions (wasm_func_new, with env and
// finalizer), calls (wasm_func_call) and the wasm_val_t <-> weft::Value
// conversions they need.
#include <memory>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "api/wasm_c_api_internal.h"
#include "interp/executor.h"

namespace weft::capi {

uint64_t RefBits(wasm_store_t* store, const wasm_ref_t* ref) {
  if (ref == nullptr) return 0;
  if (auto* f = dynamic_cast<const wasm_func_t*>(ref)) {
    // A funcref in wasm is the function instance itself.
    return reinterpret_cast<uint64_t>(f->ext.func);
  }
  // Any other reference travels as an externref: a copy the store keeps, so
  // wasm may hold it as long as the store lives.
  store->externrefs.push_back(std::unique_ptr<wasm_ref_t>(ref->Clone()));
  return reinterpret_cast<uint64_t>(store->externrefs.back().get());
}

wasm_ref_t* RefFromBits(wasm_store_t* store, ValType type, uint64_t bits) {
  if (bits == 0) return nullptr;
  if (type == ValType::kFuncRef) {
    runtime::Extern ext;
    ext.kind = ExternKind::kFunc;
    ext.func = interp::FunctionInstance::FromRef(bits);
    return NewExtern(store, ext);
  }
  if (type == ValType::kExternRef) return reinterpret_cast<const wasm_ref_t*>(bits)->Clone();
  return nullptr;
}

bool ToValue(wasm_store_t* store, const wasm_val_t& v, ValType type, Value* out) {
  if (ValTypeOf(v.kind) != type) return false;
  switch (v.kind) {
    case WASM_I32: *out = Value::I32(v.of.i32); return true;
    case WASM_I64: *out = Value::I64(v.of.i64); return true;
    case WASM_F32: *out = Value::F32(v.of.f32); return true;
    case WASM_F64: *out = Value::F64(v.of.f64); return true;
    case WASM_FUNCREF:
      if (v.of.ref != nullptr && dynamic_cast<const wasm_func_t*>(v.of.ref) == nullptr) {
        return false;
      }
      [[fallthrough]];
    case WASM_EXTERNREF:
      *out = Value::Ref(type, uintptr_t(RefBits(store, v.of.ref)));
      return true;
    default: return false;
  }
}

void FromValue(wasm_store_t* store, const Value& v, wasm_val_t* out) {
  out->kind = KindOf(v.type());
  switch (v.type()) {
    case ValType::kI32: out->of.i32 = v.i32(); break;
    case ValType::kI64: out->of.i64 = v.i64(); break;
    case ValType::kF32: out->of.f32 = v.f32(); break;
    case ValType::kF64: out->of.f64 = v.f64(); break;
    case ValType::kFuncRef:
    case ValType::kExternRef:
      out->of.ref = RefFromBits(store, v.type(), v.ref_handle());
      break;
    default: out->of.i64 = 0; break;
  }
}

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
        status = absl::InvalidArgumentError(
            absl::StrCat("host function result ", i, " has the wrong kind"));
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

}  // namespace
}  // namespace weft::capi

extern "C" {

wasm_func_t* wasm_func_new(wasm_store_t* store, const wasm_functype_t* type,
                           wasm_func_callback_t callback) {
  auto c = std::make_shared<weft::capi::HostClosure>();
  c->store = store;
  c->plain = callback;
  return weft::capi::NewHostFunc(store, type, std::move(c));
}

wasm_func_t* wasm_func_new_with_env(wasm_store_t* store, const wasm_functype_t* type,
                                    wasm_func_callback_with_env_t callback, void* env,
                                    void (*finalizer)(void*)) {
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
  wasm_store_t* store = f->store;
  weft::interp::FunctionInstance* fn = f->ext.func;
  const weft::FuncType& type = *fn->type;
  const size_t nargs = args != nullptr ? args->size : 0;
  if (nargs != type.params.size() ||
      (results == nullptr ? 0 : results->size) < type.results.size()) {
    return weft::capi::TrapFromStatus(
        store,
        absl::InvalidArgumentError(absl::StrCat(
            "wrong number of arguments or results for ", weft::FuncTypeToString(type))),
        nullptr);
  }
  std::vector<Value> values(nargs);
  for (size_t i = 0; i < nargs; ++i) {
    if (!weft::capi::ToValue(store, args->data[i], type.params[i], &values[i])) {
      return weft::capi::TrapFromStatus(
          store, absl::InvalidArgumentError(absl::StrCat("argument ", i, " has the wrong kind")),
          nullptr);
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
