// wasm.h runtime environment (config, engine, store), modules (new,
// validate, imports/exports, serialize/deserialize, sharing) and
// instances.
#include <cstring>

#include "absl/strings/str_cat.h"
#include "api/wasm_c_api_internal.h"

using weft::capi::NameFrom;

namespace {

// Serialized module: this header, then the module's binary, which
// deserialize compiles (and so validates) again. The header lets a reader
// refuse bytes that are not ours, or a future layout, before compiling.
constexpr char kMagic[8] = {'w', 'e', 'f', 't', 'm', 'o', 'd', '\0'};
constexpr uint32_t kFormatVersion = 1;
constexpr size_t kHeaderSize = sizeof(kMagic) + 4;

wasm_module_t* Compile(wasm_store_t* store, const uint8_t* data, size_t size) {
  // wasm.h takes binaries only; weft's Compile would also accept text.
  if (size < 4 || std::memcmp(data, "\0asm", 4) != 0) return nullptr;
  auto compiled = weft::CompiledModule::Compile(store->engine, absl::MakeConstSpan(data, size));
  if (!compiled.ok()) return nullptr;
  auto* m = new wasm_module_t;
  m->module = std::move(*compiled);
  m->binary = std::make_shared<const std::vector<uint8_t>>(data, data + size);
  return m;
}

}  // namespace

extern "C" {

// ---- config / engine / store ----
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

// ---- modules ----
wasm_module_t* wasm_module_new(wasm_store_t* store, const wasm_byte_vec_t* binary) {
  return Compile(store, reinterpret_cast<const uint8_t*>(binary->data), binary->size);
}

bool wasm_module_validate(wasm_store_t* store, const wasm_byte_vec_t* binary) {
  wasm_module_t* m = wasm_module_new(store, binary);
  delete m;
  return m != nullptr;
}

void wasm_module_delete(wasm_module_t* m) { delete m; }

void wasm_module_imports(const wasm_module_t* m, wasm_importtype_vec_t* out) {
  const auto& imports = m->module->imports();
  wasm_importtype_vec_new_uninitialized(out, imports.size());
  for (size_t i = 0; i < imports.size(); ++i) {
    wasm_name_t module, name;
    NameFrom(&module, imports[i].module);
    NameFrom(&name, imports[i].name);
    out->data[i] =
        wasm_importtype_new(&module, &name, weft::capi::NewExternType(imports[i].type));
  }
}

void wasm_module_exports(const wasm_module_t* m, wasm_exporttype_vec_t* out) {
  const auto& exports = m->module->exports();
  wasm_exporttype_vec_new_uninitialized(out, exports.size());
  for (size_t i = 0; i < exports.size(); ++i) {
    wasm_name_t name;
    NameFrom(&name, exports[i].name);
    out->data[i] = wasm_exporttype_new(&name, weft::capi::NewExternType(exports[i].type));
  }
}

void wasm_module_serialize(const wasm_module_t* m, wasm_byte_vec_t* out) {
  const std::vector<uint8_t>& bin = *m->binary;
  wasm_byte_vec_new_uninitialized(out, kHeaderSize + bin.size());
  std::memcpy(out->data, kMagic, sizeof(kMagic));
  for (int i = 0; i < 4; ++i) out->data[sizeof(kMagic) + i] = char(kFormatVersion >> (8 * i));
  if (!bin.empty()) std::memcpy(out->data + kHeaderSize, bin.data(), bin.size());
}

wasm_module_t* wasm_module_deserialize(wasm_store_t* store, const wasm_byte_vec_t* bytes) {
  if (bytes->size < kHeaderSize || std::memcmp(bytes->data, kMagic, sizeof(kMagic)) != 0) {
    return nullptr;
  }
  uint32_t version = 0;
  for (int i = 0; i < 4; ++i) {
    version |= uint32_t(uint8_t(bytes->data[sizeof(kMagic) + i])) << (8 * i);
  }
  if (version != kFormatVersion) return nullptr;
  return Compile(store, reinterpret_cast<const uint8_t*>(bytes->data) + kHeaderSize,
                 bytes->size - kHeaderSize);
}

wasm_shared_module_t* wasm_module_share(const wasm_module_t* m) {
  return new wasm_shared_module_t{m->module, m->binary};
}
wasm_module_t* wasm_module_obtain(wasm_store_t*, const wasm_shared_module_t* s) {
  auto* m = new wasm_module_t;
  m->module = s->module;
  m->binary = s->binary;
  return m;
}
void wasm_shared_module_delete(wasm_shared_module_t* s) { delete s; }

// ---- instances ----
wasm_instance_t* wasm_instance_new(wasm_store_t* store, const wasm_module_t* module,
                                   const wasm_extern_vec_t* imports, wasm_trap_t** trap) {
  if (trap != nullptr) *trap = nullptr;
  const auto& wanted = module->module->imports();
  auto fail = [&](const absl::Status& s) -> wasm_instance_t* {
    if (trap != nullptr) *trap = weft::capi::TrapFromStatus(store, s, nullptr);
    return nullptr;
  };
  const size_t given = imports != nullptr ? imports->size : 0;
  if (given < wanted.size()) {
    return fail(absl::InvalidArgumentError(absl::StrCat(
        "module has ", wanted.size(), " imports, ", given, " given")));
  }
  // wasm.h binds imports by position, weft's Linker by name: define each
  // import's name as the extern given for it, for this instantiation only.
  weft::runtime::Linker names;
  for (size_t i = 0; i < wanted.size(); ++i) {
    const wasm_extern_t* e = imports->data[i];
    if (e == nullptr) {
      return fail(absl::InvalidArgumentError(absl::StrCat("import ", i, " is null")));
    }
    names.Define(wanted[i].module, wanted[i].name, e->ext);
  }
  weft::api::LinkerImpl& linker = weft::api::Access::Of(*store->linker);
  linker.linker = std::move(names);
  auto inst = store->linker->Instantiate(module->module);
  linker.linker = weft::runtime::Linker();
  if (!inst.ok()) return fail(inst.status());
  auto* out = new wasm_instance_t;
  out->store = store;
  out->instance = std::shared_ptr<weft::Instance>(std::move(*inst));
  store->instances[&weft::api::Access::Of(*out->instance).instance->data] = out;
  return out;
}

void wasm_instance_delete(wasm_instance_t* i) { delete i; }

void wasm_instance_exports(const wasm_instance_t* i, wasm_extern_vec_t* out) {
  const weft::runtime::Instance& rt = *weft::api::Access::Of(*i->instance).instance;
  const auto& exports = i->instance->module().exports();
  wasm_extern_vec_new_uninitialized(out, exports.size());
  for (size_t k = 0; k < exports.size(); ++k) {
    const weft::runtime::Extern* e = rt.FindExport(exports[k].name);
    out->data[k] = e != nullptr ? weft::capi::NewExtern(i->store, *e) : nullptr;
  }
}

}  // extern "C"

wasm_instance_t::~wasm_instance_t() {
  // The store's map names one live wasm_instance_t per instance; when that
  // one goes while copies remain, a copy takes its place.
  if (instance == nullptr) return;
  auto it = store->instances.find(&weft::api::Access::Of(*instance).instance->data);
  if (it != store->instances.end() && it->second == this) store->instances.erase(it);
}

wasm_ref_t* wasm_instance_t::Clone() const {
  auto* c = new wasm_instance_t;
  c->store = store;
  c->instance = instance;
  store->instances[&weft::api::Access::Of(*instance).instance->data] = c;
  return c;
}
