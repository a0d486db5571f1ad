#include "weft/value_type.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace weft {

const char* ValTypeName(ValType t) {
  switch (t) {
    case ValType::kI32: return "i32";
    case ValType::kI64: return "i64";
    case ValType::kF32: return "f32";
    case ValType::kF64: return "f64";
    case ValType::kV128: return "v128";
    case ValType::kFuncRef: return "funcref";
    case ValType::kExternRef: return "externref";
    case ValType::kExnRef: return "exnref";
  }
  return "?";
}

const char* ExternKindName(ExternKind k) {
  switch (k) {
    case ExternKind::kFunc: return "func";
    case ExternKind::kTable: return "table";
    case ExternKind::kMemory: return "memory";
    case ExternKind::kGlobal: return "global";
    case ExternKind::kTag: return "tag";
  }
  return "?";
}

std::string FuncTypeToString(const FuncType& t) {
  auto fmt = [](std::string* out, ValType v) { out->append(ValTypeName(v)); };
  return absl::StrCat("(", absl::StrJoin(t.params, ", ", fmt), ") -> (",
                      absl::StrJoin(t.results, ", ", fmt), ")");
}

}  // namespace weft
