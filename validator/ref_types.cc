#include "validator/ref_types.h"

#include "absl/strings/str_cat.h"

namespace weft {
namespace {

// GC's abstract heap types below any.
bool IsAnyHeap(HeapType h) {
  return h == HeapType::kAny || h == HeapType::kEq || h == HeapType::kI31 ||
         h == HeapType::kStruct || h == HeapType::kArray || h == HeapType::kNone;
}

}  // namespace

RefTypes::RefTypes() : canon_(std::make_shared<TypeCanonicalizer>()) {}

absl::StatusOr<RefTypes> RefTypes::Build(const Module& module) {
  RefTypes r;
  absl::StatusOr<std::vector<uint32_t>> ids = r.canon_->AddModuleTypes(module.types);
  if (!ids.ok()) return ids.status();
  r.ids_ = *std::move(ids);
  return r;
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
  if (IsAnyHeap(h) && !features.Has(WasmFeature::kGc)) {
    return WasmFeatureDisabledMessage(WasmFeature::kGc);
  }
  if (!features.Has(WasmFeature::kFunctionReferences)) {
    return WasmFeatureDisabledMessage(WasmFeature::kFunctionReferences);
  }
  if (h == HeapType::kConcrete && RefTypeIndex(t) >= num_types) {
    return absl::StrCat("unknown type ", RefTypeIndex(t));
  }
  return "";
}

}  // namespace weft
