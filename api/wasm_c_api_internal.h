// The objects behind include/wasm.h, shared by the api/wasm_c_api_*.cc
// translation units. Not a public header.
//
// Model. A wasm_store_t owns a weft::Linker (and so the api::StoreImpl that
// owns every run-time object) plus one ExecContext through which every
// wasm_func_call of the store runs: a store is single-threaded, and a call
// made from inside a host callback then nests on the running call exactly
// as Caller::Call does. Objects handed to the embedder (externs, instances,
// modules, frames) hold the StoreImpl alive, so deleting them after the
// store is harmless; using them after the store is deleted is not supported
// (as in the standard).
#ifndef WEFT_API_WASM_C_API_INTERNAL_H_
#define WEFT_API_WASM_C_API_INTERNAL_H_

#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "api/internal.h"
#include "wasm.h"
#include "weft/engine.h"
#include "weft/instance.h"
#include "weft/linker.h"
#include "weft/module.h"

namespace weft::capi {

// Host info (wasm_*_set_host_info). Shared by an object and its copies
// (wasm_*_copy hands out another handle to the same object, so it sees the
// same info); the finalizer runs when the last of those handles is gone.
struct HostInfo {
  void* info = nullptr;
  void (*finalizer)(void*) = nullptr;
  HostInfo() = default;
  HostInfo(const HostInfo&) = delete;
  HostInfo& operator=(const HostInfo&) = delete;
  ~HostInfo() {
    if (finalizer != nullptr) finalizer(info);
  }
};

}  // namespace weft::capi

// Every reference-like object derives from wasm_ref_t, so the standard's
// as_ref / ref_as_* views are plain casts and wasm_ref_delete /
// wasm_ref_copy dispatch virtually.
struct wasm_ref_t {
  virtual ~wasm_ref_t() = default;
  // A new handle to the same object (host info is attached by CopyRef).
  virtual wasm_ref_t* Clone() const = 0;
  // What wasm_ref_same compares: the underlying object's identity.
  virtual const void* Identity() const = 0;
  std::shared_ptr<weft::capi::HostInfo> host_info = std::make_shared<weft::capi::HostInfo>();
};

struct wasm_config_t {
  weft::EngineConfig config;
};

// Immutable after creation, so any number of threads may create stores
// from one engine.
struct wasm_engine_t {
  weft::Engine engine;
};

struct wasm_instance_t;

struct wasm_store_t {
  weft::Engine engine;
  std::unique_ptr<weft::Linker> linker;
  std::shared_ptr<weft::api::StoreImpl> impl;
  // Every call of the store runs here (see the top of the file).
  std::unique_ptr<weft::api::InstanceImpl> caller;
  // The store's instances by their run-time data, so a trap's frames can
  // name their instance (wasm_frame_instance). Weak: the embedder's
  // wasm_instance_t handles decide how long an instance handle lives.
  std::map<const weft::interp::InstanceData*, std::weak_ptr<weft::Instance>> instances;
  // Externref values: wasm carries the address of one of these copies.
  // wasm may keep an externref anywhere (globals, tables) for as long as
  // the store lives, so the copies live that long too.
  std::deque<std::unique_ptr<wasm_ref_t>> externrefs;
};

// ---- Types ----------------------------------------------------------------
struct wasm_valtype_t {
  wasm_valkind_t kind;
};

struct wasm_externtype_t {
  explicit wasm_externtype_t(wasm_externkind_t k) : kind(k) {}
  virtual ~wasm_externtype_t() = default;
  wasm_externkind_t kind;
};

struct wasm_functype_t : wasm_externtype_t {
  wasm_functype_t() : wasm_externtype_t(WASM_EXTERN_FUNC) {}
  ~wasm_functype_t() override;
  wasm_valtype_vec_t params{0, nullptr};
  wasm_valtype_vec_t results{0, nullptr};
};

struct wasm_globaltype_t : wasm_externtype_t {
  wasm_globaltype_t() : wasm_externtype_t(WASM_EXTERN_GLOBAL) {}
  ~wasm_globaltype_t() override { delete content; }
  wasm_valtype_t* content = nullptr;
  wasm_mutability_t mutability = WASM_CONST;
};

struct wasm_tabletype_t : wasm_externtype_t {
  wasm_tabletype_t() : wasm_externtype_t(WASM_EXTERN_TABLE) {}
  ~wasm_tabletype_t() override { delete element; }
  wasm_valtype_t* element = nullptr;
  wasm_limits_t limits{0, wasm_limits_max_default};
};

struct wasm_memorytype_t : wasm_externtype_t {
  wasm_memorytype_t() : wasm_externtype_t(WASM_EXTERN_MEMORY) {}
  wasm_limits_t limits{0, wasm_limits_max_default};
};

struct wasm_importtype_t {
  ~wasm_importtype_t();
  wasm_name_t module{0, nullptr};
  wasm_name_t name{0, nullptr};
  wasm_externtype_t* type = nullptr;
};

struct wasm_exporttype_t {
  ~wasm_exporttype_t();
  wasm_name_t name{0, nullptr};
  wasm_externtype_t* type = nullptr;
};

// ---- Objects ----------------------------------------------------------------
struct wasm_module_t : wasm_ref_t {
  std::shared_ptr<const weft::CompiledModule> module;
  std::shared_ptr<const std::vector<uint8_t>> binary;  // for serialize
  wasm_ref_t* Clone() const override {
    auto* m = new wasm_module_t;
    m->module = module;
    m->binary = binary;
    return m;
  }
  const void* Identity() const override { return module.get(); }
};

struct wasm_shared_module_t {
  std::shared_ptr<const weft::CompiledModule> module;
  std::shared_ptr<const std::vector<uint8_t>> binary;
};

struct wasm_instance_t : wasm_ref_t {
  wasm_store_t* store = nullptr;
  // Shared by copies (and by the frames of traps in this instance).
  std::shared_ptr<weft::Instance> instance;
  wasm_ref_t* Clone() const override {
    auto* c = new wasm_instance_t;
    c->store = store;
    c->instance = instance;
    return c;
  }
  const void* Identity() const override { return instance.get(); }
};

struct wasm_frame_t {
  uint32_t func_index = 0;
  size_t func_offset = 0;
  size_t module_offset = 0;
  // The frame's instance, owned by the frame (wasm_frame_instance lends
  // it); null when the instance is not known to the store (no wasm.h
  // handle to it exists any more).
  std::unique_ptr<wasm_instance_t> instance;

  wasm_frame_t() = default;
  wasm_frame_t(const wasm_frame_t& o)
      : func_index(o.func_index),
        func_offset(o.func_offset),
        module_offset(o.module_offset),
        instance(o.instance ? static_cast<wasm_instance_t*>(o.instance->Clone()) : nullptr) {}
};

struct wasm_trap_t : wasm_ref_t {
  std::string message;  // without the terminating NUL
  std::vector<wasm_frame_t> frames;  // innermost first
  // A trap is a value, not a store object: a copy is a new trap with the
  // same contents, and the same identity for wasm_trap_same.
  std::shared_ptr<int> id = std::make_shared<int>(0);
  wasm_ref_t* Clone() const override { return new wasm_trap_t(*this); }
  const void* Identity() const override { return id.get(); }
};

struct wasm_foreign_t : wasm_ref_t {
  // Copies share one identity.
  std::shared_ptr<int> id = std::make_shared<int>(0);
  wasm_ref_t* Clone() const override {
    auto* f = new wasm_foreign_t;
    f->id = id;
    return f;
  }
  const void* Identity() const override { return id.get(); }
};

// An external value: one run-time object of the store plus its kind.
struct wasm_extern_t : wasm_ref_t {
  wasm_store_t* store = nullptr;
  std::shared_ptr<weft::api::StoreImpl> keepalive;
  weft::runtime::Extern ext;
  const void* Identity() const override;
  wasm_ref_t* Clone() const override;
};
struct wasm_func_t : wasm_extern_t {};
struct wasm_global_t : wasm_extern_t {};
struct wasm_table_t : wasm_extern_t {};
struct wasm_memory_t : wasm_extern_t {};

namespace weft::capi {

// Type conversions (wasm_c_api_types.cc). KindOf gives kNoKind for weft
// types wasm.h cannot express (v128, exnref, typed references).
inline constexpr wasm_valkind_t kNoKind = 0xFF;
wasm_valkind_t KindOf(ValType t);
bool IsKnownKind(wasm_valkind_t k);
ValType ValTypeOf(wasm_valkind_t k);
// Whether every value type of `t` is a wasm.h kind.
bool IsExpressible(const FuncType& t);
wasm_functype_t* NewFuncType(const FuncType& t);
FuncType ToFuncType(const wasm_functype_t& t);
wasm_externtype_t* NewExternType(const ExternType& t);
wasm_limits_t ToLimits(const Limits& l);
Limits FromLimits(const wasm_limits_t& l);
// The name wasm.h messages use for a kind ("i32", "funcref", ...).
const char* KindName(wasm_valkind_t k);

// Byte vectors from strings (wasm_c_api_types.cc).
void NameFrom(wasm_name_t* out, const std::string& s);

// Another handle to `ref`'s object, sharing its host info.
wasm_ref_t* CopyRef(const wasm_ref_t* ref);

// A new extern object of the right derived type for `ext`
// (wasm_c_api_extern.cc).
wasm_extern_t* NewExtern(wasm_store_t* store, const runtime::Extern& ext);

// Value conversion (wasm_c_api_value.cc). ToValue and RefBits fail
// (false) when the value does not fit `type` (another kind, or a funcref
// that is not a function).
bool ToValue(wasm_store_t* store, const wasm_val_t& v, ValType type, Value* out);
void FromValue(wasm_store_t* store, const Value& v, wasm_val_t* out);
// A reference as wasm stores it (table element, global bits): the
// FunctionInstance for a funcref, a store-kept copy's address for an
// externref, 0 for null.
bool RefBits(wasm_store_t* store, const wasm_ref_t* ref, ValType type, uint64_t* bits);
wasm_ref_t* RefFromBits(wasm_store_t* store, ValType type, uint64_t bits);

// Traps (wasm_c_api_trap.cc): a trap with just a message, and the trap for
// a failed call or instantiation (`ctx` for its frames, may be null).
wasm_trap_t* NewTrap(std::string message);
wasm_trap_t* TrapFromStatus(wasm_store_t* store, const absl::Status& status,
                            const interp::ExecContext* ctx);

// Instances (wasm_c_api_instance.cc): a new handle for `instance`, and
// the live handle's instance for a frame (null if none).
wasm_instance_t* NewInstanceHandle(wasm_store_t* store, std::shared_ptr<Instance> instance);
wasm_instance_t* InstanceForFrame(wasm_store_t* store, const interp::InstanceData* data);

// Modules (wasm_c_api_module.cc): compile and validate a binary; null
// when it does not decode, validate or uses what wasm.h cannot express.
wasm_module_t* CompileModule(wasm_store_t* store, const uint8_t* data, size_t size);

}  // namespace weft::capi

#endif  // WEFT_API_WASM_C_API_INTERNAL_H_
