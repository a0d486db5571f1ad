// Handlers of the GC ops (ir_ops.def's GC block): allocation, field and
// element access, casts, i31 and ref.eq. Object layout and reference
// tagging are gc_heap.h's.
#include <cstring>

#include "interp/gc_heap.h"
#include "interp/gc_ops.h"
#include "interp/handler_macros.h"
#include "interp/instance_data.h"

namespace weft::interp {
namespace {

const CanonType& TypeAt(const ExecState* st, uint64_t type_index) {
  return TypeCanonicalizer::Global().type(st->inst->type_ids[type_index]);
}

// Allocates at the safepoint `ip` of frame `fp`, collecting first when the
// volume allocated since the last collection calls for it, and again
// before giving up at the heap limit. Null: the caller traps with
// kGcHeapExhausted (also without a heap: a module run without a store).
GcObject* Allocate(ExecState* st, const Word* ip, uint64_t* fp, const CanonType& t,
                   uint64_t length) {
  GcHeap* heap = st->inst->gc;
  if (heap == nullptr) return nullptr;
  if (__builtin_expect(heap->CollectionDue(), 0)) CollectGarbageAt(st, ip, fp);
  GcObject* o = heap->Allocate(&t, length);
  if (__builtin_expect(o == nullptr, 0)) {
    CollectGarbageAt(st, ip, fp);
    o = heap->Allocate(&t, length);
  }
  return o;
}

}  // namespace

bool RefMatchesType(GcRef r, ValType t, const InstanceData* inst) {
  if (r == 0) return RefIsNullable(t);
  switch (RefHeapType(t)) {
    case HeapType::kAny:
    case HeapType::kFunc:
    case HeapType::kExtern:
    case HeapType::kExn:
      return true;
    case HeapType::kEq: return IsI31Ref(r) || IsObjectRef(r);
    case HeapType::kI31: return IsI31Ref(r);
    case HeapType::kStruct:
      return IsObjectRef(r) && GcObject::FromRef(r)->type->kind == CompositeKind::kStruct;
    case HeapType::kArray:
      return IsObjectRef(r) && GcObject::FromRef(r)->type->kind == CompositeKind::kArray;
    case HeapType::kConcrete: {
      const TypeCanonicalizer& types = TypeCanonicalizer::Global();
      const uint32_t id = inst->type_ids[RefTypeIndex(t)];
      const CanonType& target = types.type(id);
      if (target.kind == CompositeKind::kFunc) {
        return types.IsSubtypeId(FunctionInstance::FromRef(r)->type_id, id);
      }
      if (!IsObjectRef(r)) return false;
      const CanonType& actual = *GcObject::FromRef(r)->type;
      return target.depth <= actual.depth && actual.display[target.depth] == id;
    }
    default:  // none, nofunc, noextern, noexn: only null
      return false;
  }
}

bool FuncTypeMatchesSlow(uint32_t actual, uint32_t expected) {
  return TypeCanonicalizer::Global().IsSubtypeId(actual, expected);
}

// --- Structs ---------------------------------------------------------------

HANDLER(StructNew) {
  const CanonType& t = TypeAt(st, ip[2].u);
  GcObject* o = Allocate(st, ip, fp, t, 0);
  if (o == nullptr) TRAP(TrapCode::kGcHeapExhausted);
  const uint64_t* src = fp + ip[3].u;
  for (size_t i = 0; i < t.fields.size(); ++i) {
    GcStoreField(t.fields[i], o->payload() + t.field_offsets[i], src);
    src += GcFieldSlots(t.fields[i]);
  }
  fp[ip[1].u] = o->AsRef();
  NEXT();
}

HANDLER(StructNewDefault) {
  GcObject* o = Allocate(st, ip, fp, TypeAt(st, ip[2].u), 0);
  if (o == nullptr) TRAP(TrapCode::kGcHeapExhausted);
  fp[ip[1].u] = o->AsRef();
  NEXT();
}

#define STRUCT_GET(Name, sign)                                                   \
  HANDLER(Name) {                                                                \
    const GcRef r = fp[ip[2].u];                                                 \
    if (r == 0) TRAP(TrapCode::kNullStructReference);                            \
    GcObject* o = GcObject::FromRef(r);                                          \
    const uint32_t field = uint32_t(ip[4].u);                                    \
    const CanonType& t = *o->type;                                               \
    GcLoadField(t.fields[field], o->payload() + t.field_offsets[field], fp + ip[1].u, sign); \
    NEXT();                                                                      \
  }
STRUCT_GET(StructGet, false)
STRUCT_GET(StructGetS, true)
STRUCT_GET(StructGetU, false)
#undef STRUCT_GET

HANDLER(StructSet) {
  const GcRef r = fp[ip[1].u];
  if (r == 0) TRAP(TrapCode::kNullStructReference);
  GcObject* o = GcObject::FromRef(r);
  const uint32_t field = uint32_t(ip[4].u);
  const CanonType& t = *o->type;
  GcStoreField(t.fields[field], o->payload() + t.field_offsets[field], fp + ip[2].u);
  NEXT();
}

// --- Arrays ----------------------------------------------------------------

HANDLER(ArrayNew) {
  const CanonType& t = TypeAt(st, ip[2].u);
  const uint32_t n = uint32_t(fp[ip[4].u]);
  GcObject* o = Allocate(st, ip, fp, t, n);
  if (o == nullptr) TRAP(TrapCode::kGcHeapExhausted);
  const FieldType& f = t.fields[0];
  uint8_t* p = o->payload();
  const uint64_t* v = fp + ip[3].u;
  for (uint32_t i = 0; i < n; ++i, p += t.elem_bytes) GcStoreField(f, p, v);
  fp[ip[1].u] = o->AsRef();
  NEXT();
}

HANDLER(ArrayNewDefault) {
  GcObject* o = Allocate(st, ip, fp, TypeAt(st, ip[2].u), uint32_t(fp[ip[3].u]));
  if (o == nullptr) TRAP(TrapCode::kGcHeapExhausted);
  fp[ip[1].u] = o->AsRef();
  NEXT();
}

HANDLER(ArrayNewFixed) {
  const CanonType& t = TypeAt(st, ip[2].u);
  const uint32_t n = uint32_t(ip[4].u);
  GcObject* o = Allocate(st, ip, fp, t, n);
  if (o == nullptr) TRAP(TrapCode::kGcHeapExhausted);
  const FieldType& f = t.fields[0];
  const uint64_t* src = fp + ip[3].u;
  for (uint32_t i = 0; i < n; ++i) {
    GcStoreField(f, o->payload() + uint64_t(i) * t.elem_bytes, src);
    src += GcFieldSlots(f);
  }
  fp[ip[1].u] = o->AsRef();
  NEXT();
}

HANDLER(ArrayNewData) {
  const CanonType& t = TypeAt(st, ip[2].u);
  const absl::Span<const uint8_t> seg = st->inst->data_segments[ip[3].u];
  const uint64_t s = uint32_t(fp[ip[4].u]), n = uint32_t(fp[ip[5].u]);
  if (s + n * t.elem_bytes > seg.size()) TRAP(TrapCode::kMemoryOutOfBounds);
  GcObject* o = Allocate(st, ip, fp, t, n);
  if (o == nullptr) TRAP(TrapCode::kGcHeapExhausted);
  if (n != 0) std::memcpy(o->payload(), seg.data() + s, n * t.elem_bytes);
  fp[ip[1].u] = o->AsRef();
  NEXT();
}

HANDLER(ArrayNewElem) {
  const CanonType& t = TypeAt(st, ip[2].u);
  const std::vector<Ref>& seg = st->inst->elem_segments[ip[3].u];
  const uint64_t s = uint32_t(fp[ip[4].u]), n = uint32_t(fp[ip[5].u]);
  if (s + n > seg.size()) TRAP(TrapCode::kTableOutOfBounds);
  GcObject* o = Allocate(st, ip, fp, t, n);
  if (o == nullptr) TRAP(TrapCode::kGcHeapExhausted);
  if (n != 0) std::memcpy(o->payload(), seg.data() + s, n * sizeof(Ref));
  fp[ip[1].u] = o->AsRef();
  NEXT();
}

#define ARRAY_GET(Name, sign)                                                    \
  HANDLER(Name) {                                                                \
    const GcRef r = fp[ip[2].u];                                                 \
    if (r == 0) TRAP(TrapCode::kNullArrayReference);                             \
    GcObject* o = GcObject::FromRef(r);                                          \
    const uint32_t i = uint32_t(fp[ip[3].u]);                                    \
    if (i >= o->length) TRAP(TrapCode::kArrayOutOfBounds);                       \
    const CanonType& t = *o->type;                                               \
    GcLoadField(t.fields[0], o->payload() + uint64_t(i) * t.elem_bytes, fp + ip[1].u, sign); \
    NEXT();                                                                      \
  }
ARRAY_GET(ArrayGet, false)
ARRAY_GET(ArrayGetS, true)
ARRAY_GET(ArrayGetU, false)
#undef ARRAY_GET

HANDLER(ArraySet) {
  const GcRef r = fp[ip[1].u];
  if (r == 0) TRAP(TrapCode::kNullArrayReference);
  GcObject* o = GcObject::FromRef(r);
  const uint32_t i = uint32_t(fp[ip[2].u]);
  if (i >= o->length) TRAP(TrapCode::kArrayOutOfBounds);
  const CanonType& t = *o->type;
  GcStoreField(t.fields[0], o->payload() + uint64_t(i) * t.elem_bytes, fp + ip[3].u);
  NEXT();
}

HANDLER(ArrayLen) {
  const GcRef r = fp[ip[2].u];
  if (r == 0) TRAP(TrapCode::kNullArrayReference);
  fp[ip[1].u] = GcObject::FromRef(r)->length;
  NEXT();
}

HANDLER(ArrayFill) {
  const GcRef r = fp[ip[1].u];
  if (r == 0) TRAP(TrapCode::kNullArrayReference);
  GcObject* o = GcObject::FromRef(r);
  const uint64_t d = uint32_t(fp[ip[2].u]), n = uint32_t(fp[ip[4].u]);
  if (d + n > o->length) TRAP(TrapCode::kArrayOutOfBounds);
  const CanonType& t = *o->type;
  uint8_t* p = o->payload() + d * t.elem_bytes;
  for (uint64_t i = 0; i < n; ++i, p += t.elem_bytes) GcStoreField(t.fields[0], p, fp + ip[3].u);
  NEXT();
}

HANDLER(ArrayCopy) {
  const GcRef dr = fp[ip[1].u], sr = fp[ip[3].u];
  if (dr == 0 || sr == 0) TRAP(TrapCode::kNullArrayReference);
  GcObject* d = GcObject::FromRef(dr);
  GcObject* s = GcObject::FromRef(sr);
  const uint64_t di = uint32_t(fp[ip[2].u]), si = uint32_t(fp[ip[4].u]),
                 n = uint32_t(fp[ip[5].u]);
  if (di + n > d->length || si + n > s->length) TRAP(TrapCode::kArrayOutOfBounds);
  const uint32_t size = d->type->elem_bytes;  // the source's is the same (validated)
  if (n != 0) std::memmove(d->payload() + di * size, s->payload() + si * size, n * size);
  NEXT();
}

HANDLER(ArrayInitData) {
  const GcRef r = fp[ip[1].u];
  if (r == 0) TRAP(TrapCode::kNullArrayReference);
  GcObject* o = GcObject::FromRef(r);
  const uint64_t d = uint32_t(fp[ip[2].u]), s = uint32_t(fp[ip[3].u]), n = uint32_t(fp[ip[4].u]);
  const absl::Span<const uint8_t> seg = st->inst->data_segments[ip[6].u];
  const uint32_t size = o->type->elem_bytes;
  if (d + n > o->length) TRAP(TrapCode::kArrayOutOfBounds);
  if (s + n * size > seg.size()) TRAP(TrapCode::kMemoryOutOfBounds);
  if (n != 0) std::memcpy(o->payload() + d * size, seg.data() + s, n * size);
  NEXT();
}

HANDLER(ArrayInitElem) {
  const GcRef r = fp[ip[1].u];
  if (r == 0) TRAP(TrapCode::kNullArrayReference);
  GcObject* o = GcObject::FromRef(r);
  const uint64_t d = uint32_t(fp[ip[2].u]), s = uint32_t(fp[ip[3].u]), n = uint32_t(fp[ip[4].u]);
  const std::vector<Ref>& seg = st->inst->elem_segments[ip[6].u];
  if (d + n > o->length) TRAP(TrapCode::kArrayOutOfBounds);
  if (s + n > seg.size()) TRAP(TrapCode::kTableOutOfBounds);
  if (n != 0) std::memcpy(o->payload() + d * sizeof(Ref), seg.data() + s, n * sizeof(Ref));
  NEXT();
}

// --- Casts, i31, ref.eq ----------------------------------------------------

HANDLER(RefTest) {
  fp[ip[1].u] = RefMatchesType(fp[ip[2].u], static_cast<ValType>(ip[3].u), st->inst);
  NEXT();
}

HANDLER(RefCast) {
  const GcRef r = fp[ip[2].u];
  if (!RefMatchesType(r, static_cast<ValType>(ip[3].u), st->inst)) TRAP(TrapCode::kCastFailure);
  fp[ip[1].u] = r;
  NEXT();
}

HANDLER(BrOnCast) {
  if (RefMatchesType(fp[ip[1].u], static_cast<ValType>(ip[2].u), st->inst)) BRANCH(ip[3].i);
  NEXT();
}

HANDLER(BrOnCastFail) {
  if (!RefMatchesType(fp[ip[1].u], static_cast<ValType>(ip[2].u), st->inst)) BRANCH(ip[3].i);
  NEXT();
}

HANDLER(RefI31) {
  fp[ip[1].u] = MakeI31Ref(uint32_t(fp[ip[2].u]));
  NEXT();
}

HANDLER(I31GetS) {
  const GcRef r = fp[ip[2].u];
  if (r == 0) TRAP(TrapCode::kNullI31Reference);
  fp[ip[1].u] = uint32_t(weft::interp::I31GetS(r));
  NEXT();
}

HANDLER(I31GetU) {
  const GcRef r = fp[ip[2].u];
  if (r == 0) TRAP(TrapCode::kNullI31Reference);
  fp[ip[1].u] = weft::interp::I31GetU(r);
  NEXT();
}

HANDLER(RefEq) {
  fp[ip[1].u] = fp[ip[2].u] == fp[ip[3].u];
  NEXT();
}

}  // namespace weft::interp
