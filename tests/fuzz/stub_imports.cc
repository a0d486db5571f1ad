#include "tests/fuzz/stub_imports.h"

#include <algorithm>

#include "interp/instance_data.h"

namespace weft::fuzz {
namespace {

constexpr uint64_t kMaxStubTableSize = 1 << 16;

struct StubEnv {
  uint32_t result_slots = 0;
  bool traps = false;  // a result type has no zero value
};

interp::TrapCode ReturnZeros(void* env, const uint64_t*, uint64_t* results,
                             interp::ExecContext*) {
  const auto* stub = static_cast<const StubEnv*>(env);
  if (stub->traps) return interp::TrapCode::kUnreachable;
  std::fill(results, results + stub->result_slots, 0);
  return interp::TrapCode::kOk;
}

}  // namespace

void DefineStubImports(const Module& module, uint64_t max_memory_pages,
                       runtime::Store& store, runtime::Linker& linker) {
  for (const Import& imp : module.imports) {
    if (linker.Find(imp.module, imp.name) != nullptr) continue;
    runtime::Extern e{imp.kind};
    switch (imp.kind) {
      case ExternKind::kFunc: {
        if (imp.func_type_index >= module.types.size()) continue;
        const FuncType& type = module.types[imp.func_type_index].func;
        auto* env = store.AddHostData<StubEnv>();
        env->result_slots = interp::SlotCount(type.results);
        env->traps = !std::all_of(type.results.begin(), type.results.end(), IsDefaultable);
        e.func = store.AddHostFunction(type, ReturnZeros, env);
        break;
      }
      case ExternKind::kGlobal:
        if (!IsDefaultable(imp.global.type)) continue;
        e.global = store.AddGlobal(imp.global, 0);
        break;
      case ExternKind::kTable:
        // A huge minimum would only measure the allocator.
        if (!IsDefaultable(imp.table.elem_type) || imp.table.limits.min > kMaxStubTableSize) continue;
        e.table_type = imp.table;
        e.table = store.AddTable(imp.table, interp::kNullRef);
        if (e.table == nullptr) continue;
        break;
      case ExternKind::kMemory:
        if (imp.memory.limits.min > max_memory_pages) continue;
        e.memory_type = imp.memory;
        e.memory = store.AddMemory(imp.memory);
        if (e.memory == nullptr) continue;
        break;
      case ExternKind::kTag:
        if (imp.tag_type_index >= module.types.size()) continue;
        e.tag = store.AddTag(module.types[imp.tag_type_index].func);
        break;
    }
    linker.Define(imp.module, imp.name, e);
  }
}

}  // namespace weft::fuzz
