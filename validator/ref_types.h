// Reference types of one module: which are well-formed, and subtyping.
//
// Type indices are canonicalised iso-recursively (validator/type_canon.h)
// in a canonicaliser of the module's own, so equivalence is an integer
// compare and subtyping a display lookup.
//
// Subtyping (the spec's "Matching"): (ref null? a) <: (ref null? b) when
// nullability allows (a non-null type matches a nullable one, not the
// reverse) and heap type a <: b:
//   concrete types by their declared supertype chains;
//   concrete func types <: func;  nofunc <: every function type
//   concrete struct/array types <: struct/array <: eq <: any;
//   i31 <: eq;  none <: every type below any
//   noextern <: extern;  noexn <: exn
#ifndef WEFT_VALIDATOR_REF_TYPES_H_
#define WEFT_VALIDATOR_REF_TYPES_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "decoder/module.h"
#include "validator/type_canon.h"
#include "weft/features.h"
#include "weft/value_type.h"

namespace weft {

class RefTypes {
 public:
  // No types (a module without a type section).
  RefTypes();
  // Canonicalises `module.types` (each well-formed: CheckValType with
  // forward references only inside their recursion group, supertypes
  // earlier) in a canonicaliser of the module's own, and checks the
  // subtype declarations ("sub type").
  static absl::StatusOr<RefTypes> Build(const Module& module);

  // Whether `actual` may stand where `expected` is required. Non-reference
  // types match only themselves.
  // A type index out of range (a type not checked yet) matches nothing
  // but itself.
  bool IsSubtype(ValType actual, ValType expected) const {
    return actual == expected ||
           (IsRefType(actual) && IsRefType(expected) && Known(actual) && Known(expected) &&
            canon_->IsSubtype(Canonical(actual), Canonical(expected)));
  }
  // Whether two value types denote the same type (concrete indices by
  // their canonical ids).
  bool Equivalent(ValType a, ValType b) const {
    return a == b || (IsRefType(a) && IsRefType(b) && Canonical(a) == Canonical(b));
  }
  bool EquivalentFuncTypes(uint32_t a, uint32_t b) const {
    return a == b || (a < ids_.size() && b < ids_.size() && ids_[a] == ids_[b]);
  }
  // The top of `t`'s hierarchy (any, func, extern, exn); `t` a valid
  // reference type of the module.
  HeapType TopOf(ValType t) const { return Known(t) ? canon_->TopOf(Canonical(t)) : HeapType::kAny; }
  // The canonical definition of type index `index` (< the module's count).
  const CanonType& type(uint32_t index) const { return canon_->type(ids_[index]); }

  // The type of element segment `seg`'s values: as declared, except that
  // a list of function indices is (ref func) under 3.0's typed references
  // (they cannot be null), funcref under 2.0.
  static ValType ElemSegmentType(const ElemSegment& seg, const WasmFeatures& features) {
    if (seg.uses_exprs || !features.Has(WasmFeature::kFunctionReferences)) return seg.elem_type;
    return MakeRefType(false, HeapType::kFunc);
  }

  // Why `t` may not be used in a module with `num_types` types (the ones
  // a type definition may name: those before its group's end), or "" when
  // it may.
  static std::string CheckValType(ValType t, uint32_t num_types, const WasmFeatures& features);

 private:
  ValType Canonical(ValType t) const { return TypeCanonicalizer::CanonicalValType(t, ids_); }
  bool Known(ValType t) const { return !RefIsConcrete(t) || RefTypeIndex(t) < ids_.size(); }

  std::shared_ptr<TypeCanonicalizer> canon_;
  std::vector<uint32_t> ids_;  // canonical id per type index
};

}  // namespace weft

#endif  // WEFT_VALIDATOR_REF_TYPES_H_
