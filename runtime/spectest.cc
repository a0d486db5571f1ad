#include "runtime/spectest.h"

#include <cstring>
#include <string>

#include "absl/strings/str_format.h"

namespace weft::runtime {
namespace {

using interp::ExecContext;
using interp::TrapCode;

// env: the FILE* to print to (or null). Arguments are formatted from the
// function's own type, so one callback serves every print_* variant.
struct PrintEnv {
  std::FILE* out;
  const FuncType* type;
};

TrapCode Print(void* env, const uint64_t* args, uint64_t*, ExecContext*) {
  auto* p = static_cast<PrintEnv*>(env);
  if (p->out == nullptr) return TrapCode::kOk;
  std::string line;
  for (size_t i = 0; i < p->type->params.size(); ++i) {
    if (i > 0) line += ' ';
    switch (p->type->params[i]) {
      case ValType::kI32:
        absl::StrAppendFormat(&line, "%d:i32", int32_t(uint32_t(args[i])));
        break;
      case ValType::kI64:
        absl::StrAppendFormat(&line, "%d:i64", int64_t(args[i]));
        break;
      case ValType::kF32: {
        float f;
        uint32_t bits = uint32_t(args[i]);
        std::memcpy(&f, &bits, sizeof f);
        absl::StrAppendFormat(&line, "%g:f32", f);
        break;
      }
      case ValType::kF64: {
        double d;
        std::memcpy(&d, &args[i], sizeof d);
        absl::StrAppendFormat(&line, "%g:f64", d);
        break;
      }
      default:
        absl::StrAppendFormat(&line, "0x%x", args[i]);
    }
  }
  absl::FPrintF(p->out, "%s\n", line);
  return TrapCode::kOk;
}

}  // namespace

absl::Status DefineSpectest(Store& store, Linker& linker, std::FILE* out,
                            absl::string_view module_name) {
  using V = ValType;
  struct PrintFn {
    const char* name;
    std::vector<ValType> params;
  };
  const PrintFn prints[] = {
      {"print", {}},
      {"print_i32", {V::kI32}},
      {"print_i64", {V::kI64}},
      {"print_f32", {V::kF32}},
      {"print_f64", {V::kF64}},
      {"print_i32_f32", {V::kI32, V::kF32}},
      {"print_f64_f64", {V::kF64, V::kF64}},
  };
  for (const PrintFn& p : prints) {
    // The env is owned by the store, like the function itself.
    PrintEnv* env = store.AddHostData<PrintEnv>();
    Extern e{ExternKind::kFunc};
    e.func = store.AddHostFunction(FuncType{p.params, {}}, Print, env);
    *env = PrintEnv{out, e.func->type};
    linker.Define(module_name, p.name, e);
  }

  auto define_global = [&](const char* name, ValType t, uint64_t bits) {
    Extern e{ExternKind::kGlobal};
    e.global = store.AddGlobal(GlobalType{t, false}, bits);
    linker.Define(module_name, name, e);
  };
  float f32 = 666.6f;
  double f64 = 666.6;
  uint32_t f32_bits;
  uint64_t f64_bits;
  std::memcpy(&f32_bits, &f32, sizeof f32_bits);
  std::memcpy(&f64_bits, &f64, sizeof f64_bits);
  define_global("global_i32", V::kI32, 666);
  define_global("global_i64", V::kI64, 666);
  define_global("global_f32", V::kF32, f32_bits);
  define_global("global_f64", V::kF64, f64_bits);

  Extern table{ExternKind::kTable};
  table.table_type = TableType{V::kFuncRef, Limits{10, true, 20}};
  table.table = store.AddTable(table.table_type, interp::kNullRef);
  linker.Define(module_name, "table", table);

  // The 3.0 suite's 64-bit table (memory64): i64 10..20 funcref.
  Extern table64{ExternKind::kTable};
  table64.table_type = TableType{V::kFuncRef, Limits{10, true, 20}, /*is64=*/true};
  table64.table = store.AddTable(table64.table_type, interp::kNullRef);
  if (table64.table == nullptr) return absl::ResourceExhaustedError("cannot allocate spectest objects");
  linker.Define(module_name, "table64", table64);

  Extern memory{ExternKind::kMemory};
  memory.memory_type = MemoryType{Limits{1, true, 2}};
  memory.memory = store.AddMemory(memory.memory_type);
  if (memory.memory == nullptr || table.table == nullptr) {
    return absl::ResourceExhaustedError("cannot allocate spectest objects");
  }
  linker.Define(module_name, "memory", memory);
  return absl::OkStatus();
}

}  // namespace weft::runtime
