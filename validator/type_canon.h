// Iso-recursive type canonicalisation (WebAssembly 3.0) and subtyping of
// canonical types.
//
// Types are equal when their recursion groups are structurally equal,
// with references inside the group compared by relative position and
// references out of it by the canonical id of the named type. A
// TypeCanonicalizer gives every distinct type one id: AddGroup looks a
// group's key up (a flat list of words, so one hash lookup per group)
// and either returns the ids it already gave that group or makes new
// canonical types. Ids of one group are consecutive.
//
// Canonical value types are ValTypes whose concrete index is a canonical
// id (CanonicalValType), so equal types have equal codes across modules.
//
// Subtyping is O(1): each canonical type keeps its supertype chain as a
// display indexed by depth (display[0] is the root, display[depth] the
// type itself), so `t <: s` is depth(s) <= depth(t) && display(t)[depth(s)]
// == s.
//
// Two uses: the validator makes one per module (ids local to it, freed with
// it), and the runtime uses the process-wide one (Global()) so that equal
// types of different modules and stores get the same id for call_indirect,
// import matching and casts. Types in the global one are never freed (like
// the function-type ids before it); its size is capped at kMaxRefTypeIndex.
//
// Thread safety: AddGroup locks; type() and the subtype queries read
// published, immutable entries and may run concurrently with AddGroup.
#ifndef WEFT_VALIDATOR_TYPE_CANON_H_
#define WEFT_VALIDATOR_TYPE_CANON_H_

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "absl/status/statusor.h"
#include "decoder/module.h"
#include "weft/value_type.h"

namespace weft {

// Implementation limits the validator enforces (docs/gc.md): fields of one
// struct type, and the length of a supertype chain (each type keeps its
// chain, so a module's displays take at most depth x types entries).
inline constexpr uint32_t kMaxStructFields = 10000;
inline constexpr uint32_t kMaxSubtypeDepth = 63;

// One canonical type. ValTypes in it are canonical (concrete index = id).
struct CanonType {
  uint32_t id = 0;
  CompositeKind kind = CompositeKind::kFunc;
  FuncType func;                  // kFunc
  std::vector<FieldType> fields;  // kStruct fields; kArray: the element
  bool is_final = true;
  uint32_t supertype = kNoSupertype;  // canonical id
  uint32_t depth = 0;
  std::vector<uint32_t> display;  // ids of the supertype chain, root first, then this

  // Runtime layout of a struct (field byte offsets in the object's
  // payload) or an array (element size); filled on creation.
  std::vector<uint32_t> field_offsets;  // kStruct
  uint32_t payload_bytes = 0;           // kStruct: payload size
  uint32_t elem_bytes = 0;              // kArray: element size
  // What a collector traces: the offsets of the struct fields, or whether
  // the array's elements, that may hold GC objects (references of the any
  // and extern hierarchies; function and exception references are not).
  std::vector<uint32_t> traced_offsets;  // kStruct
  bool has_refs = false;                 // any field or the elements traced
};

// Bytes a field takes in an object (packed: 1/2; references: 8; v128: 16).
uint32_t FieldBytes(const FieldType& f);

class TypeCanonicalizer {
 public:
  TypeCanonicalizer();
  ~TypeCanonicalizer();
  TypeCanonicalizer(const TypeCanonicalizer&) = delete;
  TypeCanonicalizer& operator=(const TypeCanonicalizer&) = delete;

  // The process-wide canonicaliser of the runtime.
  static TypeCanonicalizer& Global();

  // Canonicalises `types` (a module's whole type section, already checked
  // for index ranges: references inside a group or to earlier types, and
  // supertypes earlier) group by group. Returns the canonical id of every
  // type index. New types' subtype declarations are checked ("sub type");
  // a failure leaves the ids made so far in place (harmless: they are
  // well-formed types that nothing names). Fails "too many types" when the
  // id space is exhausted.
  // With `pre_canonical`, concrete references in `types` are canonical ids
  // already (host function types), not module indices.
  absl::StatusOr<std::vector<uint32_t>> AddModuleTypes(const std::vector<TypeDef>& types,
                                                       bool pre_canonical = false);

  // Entry `id` (valid ids only).
  const CanonType& type(uint32_t id) const { return *table_.load(std::memory_order_acquire)[id]; }
  uint32_t size() const { return size_.load(std::memory_order_acquire); }

  // Subtyping of canonical types: heap types and reference/value types.
  bool IsSubtypeId(uint32_t sub, uint32_t super) const {
    if (sub == super) return true;
    const CanonType& t = type(sub);
    const CanonType& s = type(super);
    return s.depth <= t.depth && t.display[s.depth] == super;
  }
  bool HeapIsSubtype(ValType a, ValType b) const;
  bool IsSubtype(ValType a, ValType b) const {
    if (a == b) return true;
    if (!IsRefType(a) || !IsRefType(b)) return false;
    if (RefIsNullable(a) && !RefIsNullable(b)) return false;
    return HeapIsSubtype(a, b);
  }
  // The abstract heap type at the top of `t`'s hierarchy: any, func,
  // extern or exn (t canonical).
  HeapType TopOf(ValType t) const;
  // `t` with its concrete index mapped through `ids` (module -> canonical).
  static ValType CanonicalValType(ValType t, const std::vector<uint32_t>& ids) {
    if (!RefIsConcrete(t) || RefTypeIndex(t) >= ids.size()) return t;
    return MakeConcreteRefType(RefIsNullable(t), ids[RefTypeIndex(t)]);
  }

 private:
  struct KeyHash {
    size_t operator()(const std::vector<uint64_t>& k) const;
  };
  // Why the new type `id` may not declare its supertype, or "".
  std::string CheckSubtype(const CanonType& t) const;
  bool FieldIsSubtype(const FieldType& a, const FieldType& b) const;
  void Publish(std::unique_ptr<CanonType> t);
  static void Layout(CanonType* t);
  void MarkTraced(CanonType* t) const;

  std::mutex mu_;
  std::unordered_map<std::vector<uint64_t>, uint32_t, KeyHash> groups_;  // key -> first id
  std::vector<std::unique_ptr<CanonType>> owned_;
  // id -> type. Grown by doubling into a new array that readers switch to;
  // the old arrays stay (a reader may still index one: ids it knows are
  // in it), so reads need no lock.
  std::atomic<CanonType* const*> table_{nullptr};
  std::vector<std::unique_ptr<CanonType*[]>> tables_;
  uint32_t capacity_ = 0;
  std::atomic<uint32_t> size_{0};
};

}  // namespace weft

#endif  // WEFT_VALIDATOR_TYPE_CANON_H_
