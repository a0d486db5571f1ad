#include "validator/ref_types.h"

#include "absl/strings/str_cat.h"

namespace weft {
namespace {

bool IsFuncHeap(HeapType h) {
  return h == HeapType::kFunc || h == HeapType::kNoFunc || h == HeapType::kConcrete;
}

// GC's abstract heap types below any.
bool IsAnyHeap(HeapType h) {
  return h == HeapType::kAny || h == HeapType::kEq || h == HeapType::kI31 ||
         h == HeapType::kStruct || h == HeapType::kArray || h == HeapType::kNone;
}

}  // namespace

RefTypes::RefTypes(const Module& module) {
  const std::vector<FuncType>& types = module.types;
  canonical_.resize(types.size());
  // A type refers only to earlier ones, so theirs are known: compare each
  // with the earlier canonical representatives.
  auto same = [&](ValType a, ValType b) {
    return a == b || (IsRefType(a) && IsRefType(b) && Canonical(a) == Canonical(b));
  };
  auto same_list = [&](const std::vector<ValType>& a, const std::vector<ValType>& b) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i) {
      if (!same(a[i], b[i])) return false;
    }
    return true;
  };
  for (uint32_t i = 0; i < types.size(); ++i) {
    canonical_[i] = i;
    for (uint32_t j = 0; j < i; ++j) {
      if (canonical_[j] != j) continue;
      if (same_list(types[i].params, types[j].params) &&
          same_list(types[i].results, types[j].results)) {
        canonical_[i] = j;
        break;
      }
    }
  }
}

ValType RefTypes::Canonical(ValType t) const {
  if (!RefIsConcrete(t) || RefTypeIndex(t) >= canonical_.size()) return t;
  return MakeConcreteRefType(RefIsNullable(t), canonical_[RefTypeIndex(t)]);
}

bool RefTypes::RefIsSubtype(ValType a, ValType b) const {
  if (RefIsNullable(a) && !RefIsNullable(b)) return false;
  const HeapType ha = RefHeapType(a), hb = RefHeapType(b);
  if (ha == HeapType::kConcrete && hb == HeapType::kConcrete) {
    return EquivalentFuncTypes(RefTypeIndex(a), RefTypeIndex(b));
  }
  if (ha == hb) return true;
  switch (hb) {
    case HeapType::kFunc: return IsFuncHeap(ha);
    case HeapType::kConcrete: return ha == HeapType::kNoFunc;
    case HeapType::kExtern: return ha == HeapType::kNoExtern;
    case HeapType::kExn: return ha == HeapType::kNoExn;
    case HeapType::kAny: return IsAnyHeap(ha);
    case HeapType::kEq:
      return ha == HeapType::kI31 || ha == HeapType::kStruct || ha == HeapType::kArray ||
             ha == HeapType::kNone;
    case HeapType::kI31:
    case HeapType::kStruct:
    case HeapType::kArray: return ha == HeapType::kNone;
    default: return false;
  }
}

std::string RefTypes::CheckValType(ValType t, uint32_t num_types, const WasmFeatures& features) {
  if (!IsRefType(t) || t == ValType::kFuncRef || t == ValType::kExternRef) return "";
  const HeapType h = RefHeapType(t);
  if (h == HeapType::kExn || h == HeapType::kNoExn) {
    if (!features.Has(WasmFeature::kExceptions)) {
      return WasmFeatureDisabledMessage(WasmFeature::kExceptions);
    }
    return "";
  }
  if (IsAnyHeap(h)) return "garbage collection is not supported yet (a GC reference type)";
  if (!features.Has(WasmFeature::kFunctionReferences)) {
    return WasmFeatureDisabledMessage(WasmFeature::kFunctionReferences);
  }
  if (h == HeapType::kConcrete && RefTypeIndex(t) >= num_types) {
    return absl::StrCat("unknown type ", RefTypeIndex(t));
  }
  return "";
}

}  // namespace weft
