// Instantiation and linking (WebAssembly 2.0 "instantiate").
//
// Ownership model: a Store owns every run-time object it creates — host
// functions, tables, memories, global cells and instances — and frees them
// only when the Store itself is destroyed. Cross-instance references (an
// import pointing at another instance's table, a funcref stored in a shared
// table) therefore never dangle while the Store lives. One Store is one
// isolated "world"; objects of different Stores must not be mixed.
//
// Threading: a Store, its Linker and its instances are used by one thread at
// a time (the interpreter's ExecContext rule). Only interruption
// (ExecContext::RequestInterrupt) may come from another thread.
#ifndef WEFT_RUNTIME_STORE_H_
#define WEFT_RUNTIME_STORE_H_

#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "decoder/module.h"
#include "interp/gc_heap.h"
#include "interp/instance_data.h"

namespace weft::runtime {

// An external value: what an export provides and an import consumes.
struct Extern {
  ExternKind kind = ExternKind::kFunc;
  interp::FunctionInstance* func = nullptr;
  interp::Table* table = nullptr;
  interp::LinearMemory* memory = nullptr;
  interp::GlobalCell* global = nullptr;
  interp::TagInstance* tag = nullptr;  // exception handling
  // Declared types of a table/memory. For import matching the min is
  // replaced by the current size (the spec's type of a live instance).
  TableType table_type;
  MemoryType memory_type;
};

// A live instance. Owned by its Store.
struct Instance {
  std::shared_ptr<const Module> module;
  interp::InstanceData data;
  std::map<std::string, Extern, std::less<>> exports;
  // Defined functions/globals of this instance (imports point elsewhere).
  std::vector<std::unique_ptr<interp::FunctionInstance>> own_functions;

  const Extern* FindExport(absl::string_view name) const;
};

// (module, name) -> Extern. Later definitions replace earlier ones.
class Linker {
 public:
  void Define(absl::string_view module, absl::string_view name, Extern value);
  // Makes every export of `instance` importable under `module`.
  void DefineInstance(absl::string_view module, const Instance& instance);
  const Extern* Find(absl::string_view module, absl::string_view name) const;

 private:
  std::map<std::pair<std::string, std::string>, Extern> items_;
};

struct InstantiateOptions {
  // Upper bound on every memory this instance creates, regardless of the
  // module's declared maximum (memory.grow fails beyond it; a larger
  // declared minimum fails instantiation).
  uint32_t max_memory_pages = kMaxPages;
  // The store's GC heap is limited to at most this (the smallest limit of
  // its instances applies).
  uint64_t max_gc_heap_bytes = UINT64_MAX;
  // Runs the start function. Required when the module has one; the
  // embedding wires it to interp::Invoke on its ExecContext.
  std::function<interp::TrapCode(interp::FunctionInstance*)> run_start;
};

// How Instantiate reports failure: link errors are NotFound ("unknown
// import") or InvalidArgument ("incompatible import type"); traps during
// segment initialisation or the start function are Aborted with the trap's
// message and a payload carrying the TrapCode (see TrapCodeOf); resource
// refusals (memory over the limit, allocation failure) are
// ResourceExhausted.
bool IsLinkError(const absl::Status& status);
absl::Status TrapStatus(interp::TrapCode code, absl::string_view detail = "");
// The trap code carried by a status from TrapStatus, or kOk.
interp::TrapCode TrapCodeOf(const absl::Status& status);

class Store {
 public:
  Store();
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  // Host objects, owned by the store.
  interp::FunctionInstance* AddHostFunction(FuncType type,
                                            interp::HostFunction fn,
                                            void* env);
  interp::Table* AddTable(const TableType& type, interp::Ref init);
  // Null when the limits cannot be satisfied.
  interp::LinearMemory* AddMemory(const MemoryType& type);
  interp::GlobalCell* AddGlobal(const GlobalType& type, uint64_t bits);
  // An exception tag whose payload is `type`'s params (no results).
  interp::TagInstance* AddTag(FuncType type);
  // Host-side state (e.g. a host function's env) that must live as long as
  // the store: default-constructed, owned and destroyed by the store.
  template <typename T>
  T* AddHostData() {
    auto holder = std::make_shared<T>();
    host_data_.push_back(holder);
    return holder.get();
  }

  // Instantiates `module` (already validated) against `linker`. On a trap
  // during initialisation, effects on imported (shared) tables and memories
  // by earlier segments stay visible, as the spec requires. `code` may be
  // null in tests that never execute a wasm function.
  absl::StatusOr<Instance*> Instantiate(
      std::shared_ptr<const Module> module,
      std::shared_ptr<interp::ModuleCode> code, const Linker& linker,
      const InstantiateOptions& options);

  // The GC heap of every instance of this store (interp/gc_heap.h).
  interp::GcHeap& gc_heap() { return gc_heap_; }
  // Mark-sweep of the GC heap from the store's roots: every global and
  // table, element segments, exception payloads and host-held references.
  // Wasm frames are not roots, so call this only while no wasm code of
  // the store runs (an outermost call's entry or exit). Returns bytes freed.
  uint64_t CollectGarbage();
  // CollectGarbage when the allocation volume since the last collection
  // calls for it (GcHeap::CollectionDue); cheap otherwise.
  void MaybeCollectGarbage() {
    if (gc_heap_.CollectionDue()) CollectGarbage();
  }

 private:
  std::deque<FuncType> host_types_;
  std::deque<std::unique_ptr<interp::FunctionInstance>> host_functions_;
  std::deque<std::unique_ptr<interp::Table>> tables_;
  std::deque<std::unique_ptr<interp::LinearMemory>> memories_;
  std::deque<std::unique_ptr<interp::GlobalCell>> globals_;
  std::deque<std::unique_ptr<Instance>> instances_;
  std::deque<std::unique_ptr<interp::TagInstance>> tags_;
  // Every exception thrown by this store's instances: exnrefs may be kept
  // in any of them (globals, tables), so they live as long as the store.
  interp::ExceptionHeap exceptions_;
  std::vector<std::shared_ptr<void>> host_data_;
  interp::GcHeap gc_heap_;
};

}  // namespace weft::runtime

#endif  // WEFT_RUNTIME_STORE_H_
