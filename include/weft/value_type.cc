#include "weft/value_type.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace weft {

namespace {

const char* HeapTypeName(HeapType h) {
  switch (h) {
    case HeapType::kConcrete: return "";
    case HeapType::kFunc: return "func";
    case HeapType::kExtern: return "extern";
    case HeapType::kAny: return "any";
    case HeapType::kEq: return "eq";
    case HeapType::kI31: return "i31";
    case HeapType::kStruct: return "struct";
    case HeapType::kArray: return "array";
    case HeapType::kExn: return "exn";
    case HeapType::kNone: return "none";
    case HeapType::kNoFunc: return "nofunc";
    case HeapType::kNoExtern: return "noextern";
    case HeapType::kNoExn: return "noexn";
  }
  return "?";
}

}  // namespace

std::string ValTypeName(ValType t) {
  switch (t) {
    case ValType::kI32: return "i32";
    case ValType::kI64: return "i64";
    case ValType::kF32: return "f32";
    case ValType::kF64: return "f64";
    case ValType::kV128: return "v128";
    default: break;
  }
  if (!IsRefType(t)) return "?";
  const HeapType heap = RefHeapType(t);
  if (RefIsNullable(t) && heap != HeapType::kConcrete) {
    // The shorthands: funcref, externref, nullfuncref, anyref, ...
    switch (heap) {
      case HeapType::kNone: return "nullref";
      case HeapType::kNoFunc: return "nullfuncref";
      case HeapType::kNoExtern: return "nullexternref";
      case HeapType::kNoExn: return "nullexnref";
      default: return absl::StrCat(HeapTypeName(heap), "ref");
    }
  }
  return absl::StrCat("(ref ", RefIsNullable(t) ? "null " : "",
                      heap == HeapType::kConcrete ? absl::StrCat(RefTypeIndex(t))
                                                  : std::string(HeapTypeName(heap)),
                      ")");
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
