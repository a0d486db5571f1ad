#include "validator/type_canon.h"

#include <algorithm>

#include "absl/strings/str_cat.h"

namespace weft {
namespace {

// Key words. A value type is one word: its code, with a concrete index
// replaced by either a canonical id (outside the group) or a relative
// position (inside it), told apart by bit 40.
constexpr uint64_t kRelative = uint64_t(1) << 40;

uint64_t KeyOf(ValType t, uint32_t start, uint32_t size, const std::vector<uint32_t>& ids,
              bool pre_canonical) {
  if (!RefIsConcrete(t) || pre_canonical) return ValTypeCode(t);
  const uint32_t idx = RefTypeIndex(t);
  const uint32_t null_bit = RefIsNullable(t) ? 0 : kRefNonNullBit;
  if (idx >= start && idx - start < size) return kRelative | (uint64_t(idx - start) << 9) | null_bit;
  return ValTypeCode(MakeConcreteRefType(RefIsNullable(t), ids[idx]));
}

bool IsFuncHeap(HeapType h) { return h == HeapType::kFunc || h == HeapType::kNoFunc; }
bool IsAnyHeap(HeapType h) {
  return h == HeapType::kAny || h == HeapType::kEq || h == HeapType::kI31 ||
         h == HeapType::kStruct || h == HeapType::kArray || h == HeapType::kNone;
}

}  // namespace

uint32_t FieldBytes(const FieldType& f) {
  if (f.packed == Packed::kI8) return 1;
  if (f.packed == Packed::kI16) return 2;
  switch (f.type) {
    case ValType::kI32:
    case ValType::kF32: return 4;
    case ValType::kV128: return 16;
    default: return 8;  // i64, f64, references
  }
}

size_t TypeCanonicalizer::KeyHash::operator()(const std::vector<uint64_t>& k) const {
  uint64_t h = 0xcbf29ce484222325ull;
  for (uint64_t w : k) h = (h ^ w) * 0x100000001b3ull + (h >> 29);
  return static_cast<size_t>(h);
}

TypeCanonicalizer::TypeCanonicalizer() = default;
TypeCanonicalizer::~TypeCanonicalizer() = default;

TypeCanonicalizer& TypeCanonicalizer::Global() {
  static TypeCanonicalizer* global = new TypeCanonicalizer;
  return *global;
}

void TypeCanonicalizer::Publish(std::unique_ptr<CanonType> t) {
  const uint32_t id = t->id;
  if (id >= capacity_) {
    const uint32_t grown = std::max<uint32_t>(64, capacity_ * 2);
    auto next = std::make_unique<CanonType*[]>(grown);
    for (uint32_t i = 0; i < capacity_; ++i) next[i] = tables_.back()[i];
    tables_.push_back(std::move(next));
    capacity_ = grown;
  }
  tables_.back()[id] = t.get();
  table_.store(tables_.back().get(), std::memory_order_release);
  owned_.push_back(std::move(t));
  size_.store(id + 1, std::memory_order_release);
}

// Fields in declaration order, each aligned to its size (so a reference
// or i64 field is 8-aligned in an 8-aligned payload).
void TypeCanonicalizer::Layout(CanonType* t) {
  if (t->kind == CompositeKind::kStruct) {
    uint32_t off = 0;
    for (const FieldType& f : t->fields) {
      const uint32_t n = FieldBytes(f);
      off = (off + n - 1) / n * n;
      t->field_offsets.push_back(off);
      off += n;
    }
    t->payload_bytes = (off + 7) / 8 * 8;
  } else if (t->kind == CompositeKind::kArray) {
    t->elem_bytes = FieldBytes(t->fields[0]);
  }
}

// Needs the whole group published: a field may name a later member.
void TypeCanonicalizer::MarkTraced(CanonType* t) const {
  auto traced = [this](const FieldType& f) {
    if (f.packed != Packed::kNone || !IsRefType(f.type)) return false;
    const HeapType top = TopOf(f.type);
    return top == HeapType::kAny || top == HeapType::kExtern;
  };
  if (t->kind == CompositeKind::kStruct) {
    for (size_t i = 0; i < t->fields.size(); ++i) {
      if (traced(t->fields[i])) t->traced_offsets.push_back(t->field_offsets[i]);
    }
    t->has_refs = !t->traced_offsets.empty();
  } else if (t->kind == CompositeKind::kArray) {
    t->has_refs = traced(t->fields[0]);
  }
}

absl::StatusOr<std::vector<uint32_t>> TypeCanonicalizer::AddModuleTypes(
    const std::vector<TypeDef>& types, bool pre_canonical) {
  std::vector<uint32_t> ids(types.size());
  std::vector<uint64_t> key;
  std::lock_guard<std::mutex> lock(mu_);
  for (uint32_t start = 0; start < types.size();) {
    const uint32_t size = types[start].rec_size;
    if (size == 0 || size > types.size() - start) return absl::InvalidArgumentError("malformed rec group");
    if (!pre_canonical) {
      // The validator's range checks, again: this is reached from the
      // runtime too, and must not index out of bounds on any input.
      auto bad = [&](ValType v) { return RefIsConcrete(v) && RefTypeIndex(v) >= start + size; };
      for (uint32_t i = start; i < start + size; ++i) {
        const TypeDef& t = types[i];
        bool wrong = (t.supertype != kNoSupertype && t.supertype >= i) ||
                     t.fields.size() > kMaxStructFields;
        for (ValType v : t.func.params) wrong |= bad(v);
        for (ValType v : t.func.results) wrong |= bad(v);
        for (const FieldType& f : t.fields) wrong |= bad(f.type);
        if (wrong) return absl::InvalidArgumentError(absl::StrCat("unknown type in type ", i));
      }
    }
    key.clear();
    key.push_back(size);
    for (uint32_t i = start; i < start + size; ++i) {
      const TypeDef& t = types[i];
      key.push_back(uint64_t(t.kind) | (uint64_t(t.is_final) << 8));
      key.push_back(t.supertype == kNoSupertype
                        ? ~uint64_t(0)
                        : KeyOf(MakeConcreteRefType(true, t.supertype), start, size, ids, pre_canonical));
      key.push_back(t.func.params.size() | (uint64_t(t.func.results.size()) << 32));
      for (ValType v : t.func.params) key.push_back(KeyOf(v, start, size, ids, pre_canonical));
      for (ValType v : t.func.results) key.push_back(KeyOf(v, start, size, ids, pre_canonical));
      key.push_back(t.fields.size());
      for (const FieldType& f : t.fields) {
        key.push_back(KeyOf(f.type, start, size, ids, pre_canonical) | (uint64_t(f.packed) << 48) |
                      (uint64_t(f.is_mutable) << 56));
      }
    }
    auto it = groups_.find(key);
    if (it != groups_.end()) {
      for (uint32_t i = 0; i < size; ++i) ids[start + i] = it->second + i;
      start += size;
      continue;
    }
    const uint32_t base = size_.load(std::memory_order_relaxed);
    if (size > kMaxRefTypeIndex + 1 - base) {
      return absl::ResourceExhaustedError("too many types");
    }
    for (uint32_t i = 0; i < size; ++i) ids[start + i] = base + i;
    auto canon = [&](ValType v) { return pre_canonical ? v : CanonicalValType(v, ids); };
    for (uint32_t i = start; i < start + size; ++i) {
      const TypeDef& d = types[i];
      auto t = std::make_unique<CanonType>();
      t->id = ids[i];
      t->kind = d.kind;
      t->is_final = d.is_final;
      for (ValType v : d.func.params) t->func.params.push_back(canon(v));
      for (ValType v : d.func.results) t->func.results.push_back(canon(v));
      for (FieldType f : d.fields) {
        f.type = canon(f.type);
        t->fields.push_back(f);
      }
      if (d.supertype != kNoSupertype && !pre_canonical) {
        t->supertype = ids[d.supertype];  // earlier: its entry exists
        const CanonType& s = type(t->supertype);
        if (s.depth >= kMaxSubtypeDepth) {
          return absl::InvalidArgumentError("subtype chain too deep");
        }
        t->depth = s.depth + 1;
        t->display = s.display;
      }
      t->display.push_back(t->id);
      Layout(t.get());
      Publish(std::move(t));
    }
    for (uint32_t i = 0; i < size; ++i) MarkTraced(owned_[owned_.size() - size + i].get());
    groups_.emplace(key, base);
    // Subtype declarations are checked once all of the group exists (its
    // fields may name later members).
    for (uint32_t i = 0; i < size; ++i) {
      const std::string why = CheckSubtype(type(base + i));
      if (!why.empty()) {
        groups_.erase(key);  // the group is invalid: never match it again
        return absl::InvalidArgumentError(why);
      }
    }
    start += size;
  }
  return ids;
}

bool TypeCanonicalizer::FieldIsSubtype(const FieldType& a, const FieldType& b) const {
  if (a.is_mutable != b.is_mutable || a.packed != b.packed) return false;
  if (a.is_mutable) return a.type == b.type;
  return IsSubtype(a.type, b.type);
}

std::string TypeCanonicalizer::CheckSubtype(const CanonType& t) const {
  if (t.supertype == kNoSupertype) return "";
  const CanonType& s = type(t.supertype);
  if (s.is_final || s.kind != t.kind) return "sub type";
  switch (t.kind) {
    case CompositeKind::kFunc:
      if (t.func.params.size() != s.func.params.size() ||
          t.func.results.size() != s.func.results.size()) {
        return "sub type";
      }
      for (size_t i = 0; i < t.func.params.size(); ++i) {
        if (!IsSubtype(s.func.params[i], t.func.params[i])) return "sub type";
      }
      for (size_t i = 0; i < t.func.results.size(); ++i) {
        if (!IsSubtype(t.func.results[i], s.func.results[i])) return "sub type";
      }
      return "";
    case CompositeKind::kStruct:
    case CompositeKind::kArray:
      if (t.fields.size() < s.fields.size()) return "sub type";
      for (size_t i = 0; i < s.fields.size(); ++i) {
        if (!FieldIsSubtype(t.fields[i], s.fields[i])) return "sub type";
      }
      return "";
  }
  return "";
}

HeapType TypeCanonicalizer::TopOf(ValType t) const {
  const HeapType h = RefHeapType(t);
  if (h == HeapType::kConcrete) {
    return type(RefTypeIndex(t)).kind == CompositeKind::kFunc ? HeapType::kFunc : HeapType::kAny;
  }
  if (IsFuncHeap(h)) return HeapType::kFunc;
  if (IsAnyHeap(h)) return HeapType::kAny;
  if (h == HeapType::kExtern || h == HeapType::kNoExtern) return HeapType::kExtern;
  return HeapType::kExn;
}

bool TypeCanonicalizer::HeapIsSubtype(ValType a, ValType b) const {
  const HeapType ha = RefHeapType(a), hb = RefHeapType(b);
  if (ha == HeapType::kConcrete && hb == HeapType::kConcrete) {
    return IsSubtypeId(RefTypeIndex(a), RefTypeIndex(b));
  }
  if (ha == HeapType::kConcrete) {
    switch (type(RefTypeIndex(a)).kind) {
      case CompositeKind::kFunc: return hb == HeapType::kFunc;
      case CompositeKind::kStruct:
        return hb == HeapType::kStruct || hb == HeapType::kEq || hb == HeapType::kAny;
      case CompositeKind::kArray:
        return hb == HeapType::kArray || hb == HeapType::kEq || hb == HeapType::kAny;
    }
    return false;
  }
  if (hb == HeapType::kConcrete) {
    const CompositeKind k = type(RefTypeIndex(b)).kind;
    return k == CompositeKind::kFunc ? ha == HeapType::kNoFunc : ha == HeapType::kNone;
  }
  if (ha == hb) return true;
  switch (hb) {
    case HeapType::kFunc: return ha == HeapType::kNoFunc;
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

}  // namespace weft
