#include "interp/gc_heap.h"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <cstring>

namespace weft::interp {

GcObject* GcHeap::Allocate(const CanonType* type, uint64_t length) {
  if (length > kMaxArrayLength) return nullptr;
  const uint64_t size = sizeof(GcObject) + GcPayloadBytes(*type, length);
  if (size > limit_ || bytes_ > limit_ - size) return nullptr;
  void* p = std::calloc(1, size);
  if (p == nullptr) return nullptr;
  GcObject* o = static_cast<GcObject*>(p);
  o->type = type;
  o->length = uint32_t(length);
  o->next = all_;
  all_ = o;
  bytes_ += size;
  since_gc_ += size;
  total_allocated_ += size;
  ++objects_;
  return o;
}

void GcHeap::Mark(GcRef r, std::vector<GcObject*>* stack) {
  if (!IsObjectRef(r)) return;
  GcObject* o = GcObject::FromRef(r);
  if (o->marked) return;
  o->marked = 1;
  if (o->type->has_refs) stack->push_back(o);
}

uint64_t GcHeap::Collect(const RootTracer& trace_roots) {
  const auto start = std::chrono::steady_clock::now();
  const uint64_t freed = MarkAndSweep([&](const RootVisitor& visit) {
    if (root_tracer_) root_tracer_(visit);
    if (trace_roots) trace_roots(visit);
  });
  since_gc_ = 0;
  ++collections_;
  const uint64_t pause = uint64_t(std::chrono::duration_cast<std::chrono::nanoseconds>(
                                      std::chrono::steady_clock::now() - start)
                                      .count());
  total_pause_ns_ += pause;
  max_pause_ns_ = std::max(max_pause_ns_, pause);
  return freed;
}

uint64_t GcHeap::MarkAndSweep(const RootTracer& trace_roots) {
  // Mark: an explicit stack, so deep structures (long lists) cannot
  // overflow the machine stack. Host-held references and the pristine
  // image are always roots.
  std::vector<GcObject*> stack;
  const RootVisitor visit = [this, &stack](GcRef r) { Mark(r, &stack); };
  trace_roots(visit);
  for (GcRef r : held_) Mark(r, &stack);
  for (const Saved& saved : image_) Mark(saved.object->AsRef(), &stack);
  while (!stack.empty()) {
    GcObject* o = stack.back();
    stack.pop_back();
    const CanonType& t = *o->type;
    if (t.kind == CompositeKind::kStruct) {
      for (uint32_t off : t.traced_offsets) {
        GcRef r;
        std::memcpy(&r, o->payload() + off, sizeof r);
        Mark(r, &stack);
      }
    } else {
      const GcRef* e = reinterpret_cast<const GcRef*>(o->payload());
      for (uint32_t i = 0; i < o->length; ++i) Mark(e[i], &stack);
    }
  }
  // Sweep.
  uint64_t freed = 0;
  GcObject** link = &all_;
  while (GcObject* o = *link) {
    if (o->marked) {
      o->marked = 0;
      link = &o->next;
      continue;
    }
    *link = o->next;
    freed += sizeof(GcObject) + GcPayloadBytes(*o->type, o->length);
    --objects_;
    std::free(o);
  }
  bytes_ -= freed;
  return freed;
}

void GcHeap::SaveImage() {
  image_.clear();
  for (GcObject* o = all_; o != nullptr; o = o->next) {
    const uint8_t* p = o->payload();
    image_.push_back({o, std::vector<uint8_t>(p, p + GcPayloadBytes(*o->type, o->length))});
  }
}

void GcHeap::ResetToImage() {
  // The instance's roots are about to be its pristine ones, which name
  // image objects only: what survives is the image and what the host
  // holds.
  MarkAndSweep([](const RootVisitor&) {});
  for (const Saved& saved : image_) {
    if (!saved.payload.empty()) {
      std::memcpy(saved.object->payload(), saved.payload.data(), saved.payload.size());
    }
  }
  since_gc_ = 0;
}

void GcHeap::Clear() {
  image_.clear();
  while (all_ != nullptr) {
    GcObject* o = all_;
    all_ = o->next;
    std::free(o);
  }
  bytes_ = since_gc_ = objects_ = 0;
  held_.clear();
  free_held_.clear();
}

uint32_t GcHeap::Hold(GcRef r) {
  if (!free_held_.empty()) {
    const uint32_t slot = free_held_.back();
    free_held_.pop_back();
    held_[slot] = r;
    return slot;
  }
  held_.push_back(r);
  return uint32_t(held_.size() - 1);
}

void GcHeap::Release(uint32_t slot) {
  if (slot >= held_.size() || held_[slot] == 0) return;
  held_[slot] = 0;
  free_held_.push_back(slot);
}

}  // namespace weft::interp
