// wasm.h modules: compiling and validating binaries, their imports and
// exports, and sharing a compiled module between stores.
#include <cstring>

#include "api/wasm_c_api_internal.h"

using weft::capi::NameFrom;

namespace weft::capi {

namespace {

// wasm.h has no extern kind for exception tags; a module that imports or
// exports one cannot be described (module imports/exports) nor linked by
// position, so wasm.h refuses it. Tags used only inside a module are fine.
bool LinksTags(const CompiledModule& m) {
  for (const ImportInfo& i : m.imports()) {
    if (i.type.kind == ExternKind::kTag) return true;
  }
  for (const ExportInfo& e : m.exports()) {
    if (e.type.kind == ExternKind::kTag) return true;
  }
  return false;
}

}  // namespace

wasm_module_t* CompileModule(wasm_store_t* store, const uint8_t* data, size_t size) {
  // wasm.h takes binaries only; weft's Compile would also accept text.
  if (size < 4 || std::memcmp(data, "\0asm", 4) != 0) return nullptr;
  auto compiled = CompiledModule::Compile(store->engine, absl::MakeConstSpan(data, size));
  if (!compiled.ok() || LinksTags(**compiled)) return nullptr;
  auto* m = new wasm_module_t;
  m->module = std::move(*compiled);
  m->binary = std::make_shared<const std::vector<uint8_t>>(data, data + size);
  return m;
}

}  // namespace weft::capi

extern "C" {

wasm_module_t* wasm_module_new(wasm_store_t* store, const wasm_byte_vec_t* binary) {
  return weft::capi::CompileModule(store, reinterpret_cast<const uint8_t*>(binary->data),
                                   binary->size);
}

bool wasm_module_validate(wasm_store_t* store, const wasm_byte_vec_t* binary) {
  wasm_module_t* m = wasm_module_new(store, binary);
  const bool valid = m != nullptr;
  delete m;
  return valid;
}

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

// A compiled module is immutable, so sharing it is sharing the pointer;
// the store a module is obtained into needs nothing from it.
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

}  // extern "C"
