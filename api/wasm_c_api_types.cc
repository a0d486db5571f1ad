// wasm.h type objects (valtype, functype, globaltype, tabletype,
// memorytype, externtype, importtype, exporttype) and their conversions to
// and from weft's types.
#include <algorithm>

#include "api/wasm_c_api_internal.h"

extern "C" {

// ---- valtype ----
wasm_valtype_t* wasm_valtype_new(wasm_valkind_t kind) { return new wasm_valtype_t{kind}; }
void wasm_valtype_delete(wasm_valtype_t* t) { delete t; }
wasm_valtype_t* wasm_valtype_copy(const wasm_valtype_t* t) { return new wasm_valtype_t(*t); }
wasm_valkind_t wasm_valtype_kind(const wasm_valtype_t* t) { return t->kind; }

// ---- functype ----
wasm_functype_t* wasm_functype_new(wasm_valtype_vec_t* params, wasm_valtype_vec_t* results) {
  auto* t = new wasm_functype_t;
  t->params = *params;  // the vectors' contents move in
  t->results = *results;
  params->size = results->size = 0;
  params->data = results->data = nullptr;
  return t;
}
void wasm_functype_delete(wasm_functype_t* t) { delete t; }
wasm_functype_t* wasm_functype_copy(const wasm_functype_t* t) {
  auto* c = new wasm_functype_t;
  wasm_valtype_vec_copy(&c->params, &t->params);
  wasm_valtype_vec_copy(&c->results, &t->results);
  return c;
}
const wasm_valtype_vec_t* wasm_functype_params(const wasm_functype_t* t) { return &t->params; }
const wasm_valtype_vec_t* wasm_functype_results(const wasm_functype_t* t) { return &t->results; }

// ---- globaltype ----
wasm_globaltype_t* wasm_globaltype_new(wasm_valtype_t* content, wasm_mutability_t m) {
  auto* t = new wasm_globaltype_t;
  t->content = content;
  t->mutability = m;
  return t;
}
void wasm_globaltype_delete(wasm_globaltype_t* t) { delete t; }
wasm_globaltype_t* wasm_globaltype_copy(const wasm_globaltype_t* t) {
  return wasm_globaltype_new(wasm_valtype_copy(t->content), t->mutability);
}
const wasm_valtype_t* wasm_globaltype_content(const wasm_globaltype_t* t) { return t->content; }
wasm_mutability_t wasm_globaltype_mutability(const wasm_globaltype_t* t) { return t->mutability; }

// ---- tabletype ----
wasm_tabletype_t* wasm_tabletype_new(wasm_valtype_t* element, const wasm_limits_t* limits) {
  auto* t = new wasm_tabletype_t;
  t->element = element;
  t->limits = *limits;
  return t;
}
void wasm_tabletype_delete(wasm_tabletype_t* t) { delete t; }
wasm_tabletype_t* wasm_tabletype_copy(const wasm_tabletype_t* t) {
  return wasm_tabletype_new(wasm_valtype_copy(t->element), &t->limits);
}
const wasm_valtype_t* wasm_tabletype_element(const wasm_tabletype_t* t) { return t->element; }
const wasm_limits_t* wasm_tabletype_limits(const wasm_tabletype_t* t) { return &t->limits; }

// ---- memorytype ----
wasm_memorytype_t* wasm_memorytype_new(const wasm_limits_t* limits) {
  auto* t = new wasm_memorytype_t;
  t->limits = *limits;
  return t;
}
void wasm_memorytype_delete(wasm_memorytype_t* t) { delete t; }
wasm_memorytype_t* wasm_memorytype_copy(const wasm_memorytype_t* t) {
  return wasm_memorytype_new(&t->limits);
}
const wasm_limits_t* wasm_memorytype_limits(const wasm_memorytype_t* t) { return &t->limits; }

// ---- externtype ----
void wasm_externtype_delete(wasm_externtype_t* t) { delete t; }
wasm_externtype_t* wasm_externtype_copy(const wasm_externtype_t* t) {
  switch (t->kind) {
    case WASM_EXTERN_FUNC:
      return wasm_functype_copy(static_cast<const wasm_functype_t*>(t));
    case WASM_EXTERN_GLOBAL:
      return wasm_globaltype_copy(static_cast<const wasm_globaltype_t*>(t));
    case WASM_EXTERN_TABLE:
      return wasm_tabletype_copy(static_cast<const wasm_tabletype_t*>(t));
    default:
      return wasm_memorytype_copy(static_cast<const wasm_memorytype_t*>(t));
  }
}
wasm_externkind_t wasm_externtype_kind(const wasm_externtype_t* t) { return t->kind; }

// Views: the derived types are externtypes, so these are casts.
#define WEFT_EXTERNTYPE_VIEWS(name, KIND)                                               \
  wasm_externtype_t* wasm_##name##_as_externtype(wasm_##name##_t* t) { return t; }      \
  const wasm_externtype_t* wasm_##name##_as_externtype_const(const wasm_##name##_t* t) { \
    return t;                                                                           \
  }                                                                                     \
  wasm_##name##_t* wasm_externtype_as_##name(wasm_externtype_t* t) {                    \
    return t != nullptr && t->kind == KIND ? static_cast<wasm_##name##_t*>(t) : nullptr; \
  }                                                                                     \
  const wasm_##name##_t* wasm_externtype_as_##name##_const(const wasm_externtype_t* t) { \
    return t != nullptr && t->kind == KIND ? static_cast<const wasm_##name##_t*>(t)     \
                                           : nullptr;                                   \
  }
WEFT_EXTERNTYPE_VIEWS(functype, WASM_EXTERN_FUNC)
WEFT_EXTERNTYPE_VIEWS(globaltype, WASM_EXTERN_GLOBAL)
WEFT_EXTERNTYPE_VIEWS(tabletype, WASM_EXTERN_TABLE)
WEFT_EXTERNTYPE_VIEWS(memorytype, WASM_EXTERN_MEMORY)

// ---- importtype / exporttype ----
wasm_importtype_t* wasm_importtype_new(wasm_name_t* module, wasm_name_t* name,
                                       wasm_externtype_t* type) {
  auto* t = new wasm_importtype_t;
  t->module = *module;
  t->name = *name;
  t->type = type;
  module->size = name->size = 0;
  module->data = name->data = nullptr;
  return t;
}
void wasm_importtype_delete(wasm_importtype_t* t) { delete t; }
wasm_importtype_t* wasm_importtype_copy(const wasm_importtype_t* t) {
  wasm_name_t module, name;
  wasm_byte_vec_copy(&module, &t->module);
  wasm_byte_vec_copy(&name, &t->name);
  return wasm_importtype_new(&module, &name, wasm_externtype_copy(t->type));
}
const wasm_name_t* wasm_importtype_module(const wasm_importtype_t* t) { return &t->module; }
const wasm_name_t* wasm_importtype_name(const wasm_importtype_t* t) { return &t->name; }
const wasm_externtype_t* wasm_importtype_type(const wasm_importtype_t* t) { return t->type; }

wasm_exporttype_t* wasm_exporttype_new(wasm_name_t* name, wasm_externtype_t* type) {
  auto* t = new wasm_exporttype_t;
  t->name = *name;
  t->type = type;
  name->size = 0;
  name->data = nullptr;
  return t;
}
void wasm_exporttype_delete(wasm_exporttype_t* t) { delete t; }
wasm_exporttype_t* wasm_exporttype_copy(const wasm_exporttype_t* t) {
  wasm_name_t name;
  wasm_byte_vec_copy(&name, &t->name);
  return wasm_exporttype_new(&name, wasm_externtype_copy(t->type));
}
const wasm_name_t* wasm_exporttype_name(const wasm_exporttype_t* t) { return &t->name; }
const wasm_externtype_t* wasm_exporttype_type(const wasm_exporttype_t* t) { return t->type; }

}  // extern "C"

wasm_functype_t::~wasm_functype_t() {
  wasm_valtype_vec_delete(&params);
  wasm_valtype_vec_delete(&results);
}
wasm_importtype_t::~wasm_importtype_t() {
  wasm_byte_vec_delete(&module);
  wasm_byte_vec_delete(&name);
  delete type;
}
wasm_exporttype_t::~wasm_exporttype_t() {
  wasm_byte_vec_delete(&name);
  delete type;
}

namespace weft::capi {

wasm_valkind_t KindOf(ValType t) {
  switch (t) {
    case ValType::kI32: return WASM_I32;
    case ValType::kI64: return WASM_I64;
    case ValType::kF32: return WASM_F32;
    case ValType::kF64: return WASM_F64;
    case ValType::kExternRef: return WASM_EXTERNREF;
    case ValType::kFuncRef: return WASM_FUNCREF;
    default: return kNoKind;  // v128, exnref, typed references
  }
}

bool IsKnownKind(wasm_valkind_t k) {
  switch (k) {
    case WASM_I32:
    case WASM_I64:
    case WASM_F32:
    case WASM_F64:
    case WASM_EXTERNREF:
    case WASM_FUNCREF: return true;
    default: return false;
  }
}

const char* KindName(wasm_valkind_t k) {
  switch (k) {
    case WASM_I32: return "i32";
    case WASM_I64: return "i64";
    case WASM_F32: return "f32";
    case WASM_F64: return "f64";
    case WASM_EXTERNREF: return "externref";
    case WASM_FUNCREF: return "funcref";
    default: return "a type wasm.h cannot express";
  }
}

bool IsExpressible(const FuncType& t) {
  auto known = [](ValType v) { return KindOf(v) != kNoKind; };
  return std::all_of(t.params.begin(), t.params.end(), known) &&
         std::all_of(t.results.begin(), t.results.end(), known);
}

ValType ValTypeOf(wasm_valkind_t k) {
  switch (k) {
    case WASM_I32: return ValType::kI32;
    case WASM_I64: return ValType::kI64;
    case WASM_F32: return ValType::kF32;
    case WASM_F64: return ValType::kF64;
    case WASM_EXTERNREF: return ValType::kExternRef;
    case WASM_FUNCREF: return ValType::kFuncRef;
    default: return ValType::kV128;  // never matches a wasm.h signature
  }
}

static void ValTypes(wasm_valtype_vec_t* out, const std::vector<ValType>& types) {
  wasm_valtype_vec_new_uninitialized(out, types.size());
  for (size_t i = 0; i < types.size(); ++i) out->data[i] = wasm_valtype_new(KindOf(types[i]));
}

wasm_functype_t* NewFuncType(const FuncType& t) {
  auto* f = new wasm_functype_t;
  ValTypes(&f->params, t.params);
  ValTypes(&f->results, t.results);
  return f;
}

FuncType ToFuncType(const wasm_functype_t& t) {
  FuncType f;
  for (size_t i = 0; i < t.params.size; ++i) f.params.push_back(ValTypeOf(t.params.data[i]->kind));
  for (size_t i = 0; i < t.results.size; ++i) {
    f.results.push_back(ValTypeOf(t.results.data[i]->kind));
  }
  return f;
}

wasm_limits_t ToLimits(const Limits& l) {
  // wasm_limits_t is 32-bit: 64-bit memories and tables report limits
  // past 2^32-1 as 2^32-1 (documented in wasm.h).
  auto clamp = [](uint64_t v) { return uint32_t(std::min<uint64_t>(v, 0xffffffffu)); };
  return wasm_limits_t{clamp(l.min), l.has_max ? clamp(l.max) : wasm_limits_max_default};
}

Limits FromLimits(const wasm_limits_t& l) {
  Limits out;
  out.min = l.min;
  out.has_max = l.max != wasm_limits_max_default;
  out.max = out.has_max ? l.max : 0;
  return out;
}

wasm_externtype_t* NewExternType(const ExternType& t) {
  switch (t.kind) {
    case ExternKind::kGlobal:
      return wasm_globaltype_new(wasm_valtype_new(KindOf(t.global.type)),
                                 t.global.is_mutable ? WASM_VAR : WASM_CONST);
    case ExternKind::kTable: {
      wasm_limits_t l = ToLimits(t.table.limits);
      return wasm_tabletype_new(wasm_valtype_new(KindOf(t.table.elem_type)), &l);
    }
    case ExternKind::kMemory: {
      wasm_limits_t l = ToLimits(t.memory.limits);
      return wasm_memorytype_new(&l);
    }
    default:  // functions (and tags, which wasm.h has no kind for)
      return NewFuncType(t.func);
  }
}

void NameFrom(wasm_name_t* out, const std::string& s) {
  wasm_byte_vec_new(out, s.size(), s.data());
}

}  // namespace weft::capi
