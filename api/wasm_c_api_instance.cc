// wasm.h instances: instantiation with imports given by position, and an
// instance's exports.
#include <string>

#include "absl/strings/str_cat.h"
#include "api/wasm_c_api_internal.h"

namespace {

// "import 2 ("env" "log")", for messages.
std::string ImportLabelFor(const std::vector<weft::ImportInfo>& imports, size_t position) {
  return absl::StrCat("import ", position, " (\"", imports[position].module, "\" \"",
                      imports[position].name, "\")");
}

}  // namespace

namespace weft::capi {

wasm_instance_t* NewInstanceHandle(wasm_store_t* store, std::shared_ptr<Instance> instance) {
  auto* handle = new wasm_instance_t;
  handle->store = store;
  handle->instance = std::move(instance);
  const interp::InstanceData* data = &api::Access::Of(*handle->instance).instance->data;
  store->instances[data] = handle->instance;
  return handle;
}

wasm_instance_t* InstanceForFrame(wasm_store_t* store, const interp::InstanceData* data) {
  auto it = store->instances.find(data);
  if (it == store->instances.end()) return nullptr;
  std::shared_ptr<Instance> instance = it->second.lock();
  if (instance == nullptr) {
    store->instances.erase(it);
    return nullptr;
  }
  auto* handle = new wasm_instance_t;
  handle->store = store;
  handle->instance = std::move(instance);
  return handle;
}

}  // namespace weft::capi

extern "C" {

wasm_instance_t* wasm_instance_new(wasm_store_t* store, const wasm_module_t* module,
                                   const wasm_extern_vec_t* imports, wasm_trap_t** trap) {
  if (trap != nullptr) *trap = nullptr;
  const auto& wanted = module->module->imports();
  auto fail = [&](const absl::Status& s) -> wasm_instance_t* {
    if (trap != nullptr) *trap = weft::capi::TrapFromStatus(store, s, nullptr);
    return nullptr;
  };
  const size_t given = imports != nullptr ? imports->size : 0;
  if (given != wanted.size()) {
    return fail(absl::InvalidArgumentError(absl::StrCat(
        "wasm_instance_new: the module has ", wanted.size(), " imports, ", given,
        " externs were given")));
  }
  // wasm.h binds imports by position, weft's Linker by name: define each
  // import's name as the extern given for it, for this instantiation only.
  weft::runtime::Linker names;
  std::map<std::pair<std::string, std::string>, size_t> first_with_name;
  for (size_t i = 0; i < wanted.size(); ++i) {
    const wasm_extern_t* e = imports->data[i];
    if (e == nullptr) {
      return fail(absl::InvalidArgumentError(
          absl::StrCat("wasm_instance_new: ", ImportLabelFor(wanted, i), " is null")));
    }
    if (e->keepalive != store->impl) {
      return fail(absl::InvalidArgumentError(absl::StrCat(
          "wasm_instance_new: ", ImportLabelFor(wanted, i), " belongs to another store")));
    }
    // A module may import one name twice; by name both get one extern, so
    // two different externs for it cannot be honoured.
    auto [it, first] = first_with_name.emplace(
        std::make_pair(wanted[i].module, wanted[i].name), i);
    if (!first && imports->data[it->second]->Identity() != e->Identity()) {
      return fail(absl::UnimplementedError(absl::StrCat(
          "wasm_instance_new: imports ", it->second, " and ", i, " share the name \"",
          wanted[i].module, "\" \"", wanted[i].name,
          "\" but were given different externs; weft links imports by name")));
    }
    names.Define(wanted[i].module, wanted[i].name, e->ext);
  }
  weft::api::LinkerImpl& linker = weft::api::Access::Of(*store->linker);
  linker.linker = std::move(names);
  auto inst = store->linker->Instantiate(module->module);
  linker.linker = weft::runtime::Linker();
  if (!inst.ok()) return fail(inst.status());
  return weft::capi::NewInstanceHandle(store, std::shared_ptr<weft::Instance>(std::move(*inst)));
}

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
