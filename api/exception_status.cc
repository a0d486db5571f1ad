// How a WebAssembly exception travels in an absl::Status through the API:
// a failed call's status (MakeTrapStatus) or Caller::Throw's carries the
// exception itself, so a host function returning it rethrows it, plus a
// copy of its payload values, which GetExceptionPayload reads without
// touching the store (the status may outlive it).
#include <cstring>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "api/internal.h"
#include "runtime/store.h"
#include "weft/trap_code.h"

namespace weft {
namespace api {
namespace {

// kExceptionPayloadUrl: the exception and the id of the heap that owns it.
struct ExceptionRecord {
  uintptr_t exception;
  uint64_t heap_id;
};

// The payload values: the count of the tag's parameter types (uint32), the
// types, then the payload slots.
constexpr absl::string_view kExceptionValuesUrl = "weft.dev/exception-values";

// Copies `n` bytes at `*at` of `bytes` into `out`; false when too few.
bool Take(const std::string& bytes, size_t* at, void* out, size_t n) {
  if (bytes.size() - *at < n) return false;
  std::memcpy(out, bytes.data() + *at, n);
  *at += n;
  return true;
}

}  // namespace

void AttachException(const interp::Exception& e, absl::Status* status) {
  const ExceptionRecord r{reinterpret_cast<uintptr_t>(&e), e.heap_id};
  status->SetPayload(kExceptionPayloadUrl,
                     absl::Cord(absl::string_view(reinterpret_cast<const char*>(&r), sizeof(r))));
  const std::vector<ValType>& params = e.tag->type->params;
  std::string values;
  auto append = [&values](const void* p, size_t n) {
    values.append(static_cast<const char*>(p), n);
  };
  const uint32_t count = static_cast<uint32_t>(params.size());
  append(&count, sizeof(count));
  for (ValType t : params) append(&t, sizeof(t));
  append(e.payload.data(), e.payload.size() * sizeof(uint64_t));
  status->SetPayload(kExceptionValuesUrl, absl::Cord(values));
}

interp::Exception* ExceptionOf(const absl::Status& status, const interp::ExceptionHeap& heap) {
  absl::optional<absl::Cord> p = status.GetPayload(kExceptionPayloadUrl);
  if (!p.has_value() || p->size() != sizeof(ExceptionRecord)) return nullptr;
  ExceptionRecord r;
  const std::string bytes(*p);
  std::memcpy(&r, bytes.data(), sizeof(r));
  // Another store's exception: its heap may be gone, never dereference it.
  if (r.heap_id != heap.id()) return nullptr;
  return reinterpret_cast<interp::Exception*>(r.exception);
}

absl::Status HostException(const interp::InstanceData& data, absl::string_view tag,
                           absl::Span<const Value> payload) {
  const Export* e = data.module->FindExport(tag);
  if (e == nullptr || e->kind != ExternKind::kTag || e->index >= data.tags.size()) {
    return absl::NotFoundError(absl::StrCat("cannot throw: no exported tag \"", tag, "\""));
  }
  if (data.exceptions == nullptr) {
    return absl::FailedPreconditionError("cannot throw: the instance's store holds no exceptions");
  }
  interp::TagInstance* t = data.tags[e->index];
  const std::vector<ValType>& params = t->type->params;
  bool matches = payload.size() == params.size();
  for (size_t i = 0; matches && i < params.size(); ++i) matches = payload[i].type() == params[i];
  const std::string values =
      absl::StrJoin(payload, " ", [](std::string* o, const Value& v) { o->append(v.ToString()); });
  if (!matches) {
    return absl::InvalidArgumentError(absl::StrCat("cannot throw: tag \"", tag, "\" carries ",
                                                   FuncTypeToString(*t->type), " but the payload is (",
                                                   values, ")"));
  }
  std::vector<uint64_t> slots(interp::SlotCount(params));
  for (size_t i = 0, at = 0; i < payload.size(); ++i) at += WriteSlots(payload[i], &slots[at]);
  interp::Exception* x = data.exceptions->New(t, slots.data(), slots.size());
  x->exposed = true;  // the status refers to it from now on
  absl::Status out = runtime::TrapStatus(
      interp::TrapCode::kUncaughtException,
      absl::StrCat("tag ", e->index, " \"", tag, "\" (", values, "), thrown by the host"));
  AttachException(*x, &out);
  return out;
}

}  // namespace api

std::optional<std::vector<Value>> GetExceptionPayload(const absl::Status& status) {
  absl::optional<absl::Cord> p = status.GetPayload(api::kExceptionValuesUrl);
  if (!p.has_value()) return std::nullopt;
  const std::string bytes(*p);
  size_t at = 0;
  uint32_t count = 0;
  if (!api::Take(bytes, &at, &count, sizeof(count)) ||
      count > (bytes.size() - at) / sizeof(ValType)) {
    return std::nullopt;
  }
  std::vector<ValType> types(count);
  for (ValType& t : types) api::Take(bytes, &at, &t, sizeof(t));
  std::vector<Value> values;
  for (ValType t : types) {
    uint64_t slots[2] = {0, 0};
    const size_t n = t == ValType::kV128 ? 2 : 1;
    if (!api::Take(bytes, &at, slots, n * sizeof(uint64_t))) return std::nullopt;
    size_t used = 0;
    values.push_back(api::ReadSlots(t, slots, &used));
  }
  return values;
}

}  // namespace weft
