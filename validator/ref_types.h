// Reference types of one module: which are well-formed, and subtyping.
//
// WebAssembly 3.0 without GC: a concrete heap type is a function type of
// the module's type section. Two type indices denote the same type when
// their definitions are equal with referenced types compared the same way
// (the spec's iso-recursive equivalence, which for types outside explicit
// recursion groups is this structural equality: each can only refer to
// earlier types). Canonical ids make that an integer compare.
//
// Subtyping (the spec's "Matching"): (ref null? a) <: (ref null? b) when
// nullability allows (a non-null type matches a nullable one, not the
// reverse) and heap type a <: b:
//   every concrete function type <: func;  nofunc <: every function type
//   noextern <: extern;  noexn <: exn
//   none <: i31, struct, array <: eq <: any (GC's hierarchy, for messages
//   and completeness; GC types are refused before they get here)
#ifndef WEFT_VALIDATOR_REF_TYPES_H_
#define WEFT_VALIDATOR_REF_TYPES_H_

#include <cstdint>
#include <string>
#include <vector>

#include "decoder/module.h"
#include "weft/features.h"
#include "weft/value_type.h"

namespace weft {

class RefTypes {
 public:
  RefTypes() = default;
  // `module.types` must be well-formed (CheckType on each, in order).
  explicit RefTypes(const Module& module);

  // Whether `actual` may stand where `expected` is required. Non-reference
  // types match only themselves.
  bool IsSubtype(ValType actual, ValType expected) const {
    return actual == expected || (IsRefType(actual) && IsRefType(expected) &&
                                  RefIsSubtype(actual, expected));
  }
  // Whether two value types denote the same type (concrete indices by
  // their canonical ids).
  bool Equivalent(ValType a, ValType b) const {
    return a == b || (IsRefType(a) && IsRefType(b) && Canonical(a) == Canonical(b));
  }
  bool EquivalentFuncTypes(uint32_t a, uint32_t b) const {
    return a == b || (a < canonical_.size() && b < canonical_.size() &&
                      canonical_[a] == canonical_[b]);
  }

  // The type of element segment `seg`'s values: as declared, except that
  // a list of function indices is (ref func) under 3.0's typed references
  // (they cannot be null), funcref under 2.0.
  static ValType ElemSegmentType(const ElemSegment& seg, const WasmFeatures& features) {
    if (seg.uses_exprs || !features.Has(WasmFeature::kFunctionReferences)) return seg.elem_type;
    return MakeRefType(false, HeapType::kFunc);
  }

  // Why `t` may not be used in a module with `num_types` types (the ones
  // a type definition may name: those before it), or "" when it may.
  static std::string CheckValType(ValType t, uint32_t num_types, const WasmFeatures& features);

 private:
  bool RefIsSubtype(ValType a, ValType b) const;
  ValType Canonical(ValType t) const;

  std::vector<uint32_t> canonical_;  // per type index
};

}  // namespace weft

#endif  // WEFT_VALIDATOR_REF_TYPES_H_
