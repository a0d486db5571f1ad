// wasm.h values (wasm_val_t) and their conversion to and from weft's
// values, including how references cross into wasm and back.
#include "api/wasm_c_api_internal.h"
#include "interp/instance_data.h"

namespace weft::capi {

bool RefBits(wasm_store_t* store, const wasm_ref_t* ref, ValType type, uint64_t* bits) {
  if (ref == nullptr) {
    *bits = 0;
    return true;
  }
  if (type == ValType::kFuncRef) {
    // A funcref in wasm is the function instance itself; only a function
    // is one.
    const auto* f = dynamic_cast<const wasm_func_t*>(ref);
    if (f == nullptr || f->ext.kind != ExternKind::kFunc) return false;
    *bits = reinterpret_cast<uint64_t>(f->ext.func);
    return true;
  }
  if (type != ValType::kExternRef) return false;
  // Any object may be an externref; wasm holds a store-kept copy of the
  // handle, so it stays valid whatever the embedder deletes.
  store->externrefs.push_back(std::unique_ptr<wasm_ref_t>(CopyRef(ref)));
  *bits = reinterpret_cast<uint64_t>(store->externrefs.back().get());
  return true;
}

wasm_ref_t* RefFromBits(wasm_store_t* store, ValType type, uint64_t bits) {
  if (bits == 0) return nullptr;
  if (type == ValType::kFuncRef) {
    runtime::Extern ext;
    ext.kind = ExternKind::kFunc;
    ext.func = interp::FunctionInstance::FromRef(bits);
    return NewExtern(store, ext);
  }
  if (type == ValType::kExternRef) return CopyRef(reinterpret_cast<const wasm_ref_t*>(bits));
  return nullptr;
}

bool ToValue(wasm_store_t* store, const wasm_val_t& v, ValType type, Value* out) {
  if (!IsKnownKind(v.kind) || ValTypeOf(v.kind) != type) return false;
  switch (v.kind) {
    case WASM_I32: *out = Value::I32(v.of.i32); return true;
    case WASM_I64: *out = Value::I64(v.of.i64); return true;
    case WASM_F32: *out = Value::F32(v.of.f32); return true;
    case WASM_F64: *out = Value::F64(v.of.f64); return true;
    default: {
      uint64_t bits;
      if (!RefBits(store, v.of.ref, type, &bits)) return false;
      *out = Value::Ref(type, uintptr_t(bits));
      return true;
    }
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
    default: out->of.i64 = 0; break;  // kNoKind: callers refuse these first
  }
}

}  // namespace weft::capi

extern "C" {

void wasm_val_delete(wasm_val_t* v) {
  if (wasm_valkind_is_ref(v->kind) && v->of.ref != nullptr) {
    delete v->of.ref;
    v->of.ref = nullptr;
  }
}

void wasm_val_copy(wasm_val_t* out, const wasm_val_t* v) {
  *out = *v;
  if (wasm_valkind_is_ref(v->kind) && v->of.ref != nullptr) {
    out->of.ref = weft::capi::CopyRef(v->of.ref);
  }
}

}  // extern "C"
