// Instance: calls with limits, globals, memories, interruption.
#include <algorithm>
#include <memory>
#include <optional>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "api/internal.h"
#include "interp/gc_ops.h"
#include "api/interrupt_relay.h"
#include "api/native_stack.h"
#include "api/profiler_impl.h"
#include "api/watchdog.h"
#include "interp/executor.h"
#include "weft/instance.h"
#include "weft/interrupt_handle.h"
#include "weft/memory.h"
#include "weft/profiler.h"

namespace weft {
namespace api {
namespace {

// Whether `t` (a type of `fn`'s module) is in GC's any hierarchy.
bool IsAnyHierarchy(ValType t, const interp::FunctionInstance* fn) {
  if (!IsRefType(t)) return false;
  switch (RefHeapType(t)) {
    case HeapType::kAny:
    case HeapType::kEq:
    case HeapType::kI31:
    case HeapType::kStruct:
    case HeapType::kArray:
    case HeapType::kNone:
      return true;
    case HeapType::kConcrete:
      return fn->instance != nullptr && RefTypeIndex(t) < fn->instance->module->types.size() &&
             !fn->instance->module->types[RefTypeIndex(t)].is_func();
    default:
      return false;
  }
}

// A GC reference argument of another static type than the parameter's
// (an anyref from GcRef::value(), an i31 from MakeI31): checked by what
// it is, as ref.cast would.
bool GcArgFits(const Value& arg, ValType param, const interp::FunctionInstance* fn) {
  return IsAnyHierarchy(param, fn) && IsAnyHierarchy(arg.type(), fn) &&
         interp::RefMatchesType(arg.ref_handle(), param, fn->instance);
}

}  // namespace

absl::Status InstanceImpl::Invoke(interp::FunctionInstance* fn, const uint64_t* args,
                                  uint64_t* results, const CallOptions& options) {
  interp::ExecContext& c = *ctx;
  const bool outer = active_calls == 0;
  NativeStackScope stack_scope;
  if (NativeStackScope::Exceeded()) return NativeStackExhausted();
  if (options.fuel.has_value()) {
    if (!outer) {
      return absl::FailedPreconditionError(
          "CallOptions::fuel is only allowed on an outermost call (a nested call "
          "shares the running call's fuel)");
    }
    if (!module->metering()) {
      return absl::FailedPreconditionError(
          "fuel limits need a module compiled with EngineConfig::metering");
    }
  }
  InterruptRelay* relay = nullptr;
  if (options.interrupt != nullptr) {
    relay = static_cast<InterruptRelay*>(options.interrupt->relay());
    if (relay == nullptr) {
      return absl::InvalidArgumentError(
          "CallOptions::interrupt must come from InterruptHandle::Create() (an instance's own "
          "handle already stops its calls)");
    }
    if (!outer) {
      return absl::FailedPreconditionError(
          "CallOptions::interrupt is only allowed on an outermost call (a nested call stops "
          "with the running one)");
    }
  }
  if (outer) {
    std::optional<uint64_t> fuel = options.fuel.has_value() ? options.fuel : limits.fuel_per_call;
    c.set_fuel(fuel.has_value() ? *fuel : UINT64_MAX);
  }
  std::optional<absl::Time> deadline = options.deadline;
  if (options.timeout.has_value()) {
    absl::Time t = absl::Now() + *options.timeout;
    deadline = deadline.has_value() ? std::min(*deadline, t) : t;
  }
  std::unique_ptr<Watchdog> watchdog;
  if (deadline.has_value()) watchdog = std::make_unique<Watchdog>(&c, *deadline);
  // A nested call is already sampled by the outermost call's profiler.
  std::optional<ProfilerScope> profiling;
  if (options.profiler != nullptr && c.sample_sink == nullptr) {
    profiling.emplace(&options.profiler->impl(), &c);
  }

  ++active_calls;
  interp::TrapCode trap;
  {
    ScopedRelayAttachment attached(relay, &c);
    trap = interp::Invoke(c, fn, args, results);
  }
  --active_calls;
  const bool fired = watchdog != nullptr && watchdog->Stop();
  // The request is consumed by the call it stopped; a timer that fired
  // after the call finished must not stop the next one, nor a relayed
  // request that came after the call's last check.
  if ((outer && trap == interp::TrapCode::kInterrupted) ||
      ((fired || relay != nullptr) && trap != interp::TrapCode::kInterrupted)) {
    c.ClearInterrupt();
  }
  if (outer) remaining_fuel = c.fuel();
  if (trap != interp::TrapCode::kOk) return MakeTrapStatus(c, trap);
  return absl::OkStatus();
}

absl::StatusOr<std::vector<Value>> CallFunction(
    interp::FunctionInstance* fn, absl::string_view name, absl::Span<const Value> args,
    absl::FunctionRef<absl::Status(interp::FunctionInstance*, const uint64_t*, uint64_t*)>
        invoke) {
  const FuncType& type = *fn->type;
  if (args.size() != type.params.size()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "\"", name, "\" ", FuncTypeToString(type), " takes ", type.params.size(),
        " argument(s), got ", args.size()));
  }
  const size_t slots =
      std::max(interp::SlotCount(type.params), interp::SlotCount(type.results));
  uint64_t small[16];
  std::vector<uint64_t> big;
  uint64_t* buf = small;
  if (slots > 8) {
    big.resize(2 * slots);
    buf = big.data();
  }
  uint64_t* arg_slots = buf;
  uint64_t* result_slots = buf + (slots > 8 ? slots : 8);
  size_t at = 0;
  for (size_t i = 0; i < args.size(); ++i) {
    if (args[i].type() != type.params[i] && !GcArgFits(args[i], type.params[i], fn)) {
      return absl::InvalidArgumentError(absl::StrCat(
          "argument ", i, " of \"", name, "\" ", FuncTypeToString(type), " is ",
          ValTypeName(args[i].type()), ", expected ", ValTypeName(type.params[i])));
    }
    at += WriteSlots(args[i], arg_slots + at);
  }
  absl::Status s = invoke(fn, arg_slots, result_slots);
  if (!s.ok()) return s;
  std::vector<Value> results;
  results.reserve(type.results.size());
  at = 0;
  for (ValType t : type.results) {
    size_t used = 0;
    results.push_back(ReadSlots(t, result_slots + at, &used));
    at += used;
  }
  return results;
}

Value GlobalValue(const interp::GlobalCell& cell) {
  if (cell.type == ValType::kV128) return Value::V128(cell.bits[0], cell.bits[1]);
  return SlotToValue(cell.type, cell.bits[0]);
}

}  // namespace api

namespace {

const runtime::Extern* FindExport(const api::InstanceImpl& impl, absl::string_view name,
                                  ExternKind kind) {
  const runtime::Extern* e = impl.instance->FindExport(name);
  return e != nullptr && e->kind == kind ? e : nullptr;
}

absl::Status NoExport(absl::string_view what, absl::string_view name) {
  return absl::NotFoundError(absl::StrCat("no exported ", what, " \"", name, "\""));
}

}  // namespace

Instance::Instance(std::unique_ptr<api::InstanceImpl> impl) : impl_(std::move(impl)) {}
Instance::~Instance() = default;

const CompiledModule& Instance::module() const { return *impl_->module; }

absl::StatusOr<FuncType> Instance::GetFunctionType(absl::string_view name) const {
  const runtime::Extern* e = FindExport(*impl_, name, ExternKind::kFunc);
  if (e == nullptr) return NoExport("function", name);
  return *e->func->type;
}

absl::StatusOr<std::vector<Value>> Instance::Call(absl::string_view name,
                                                  absl::Span<const Value> args,
                                                  const CallOptions& options) {
  const runtime::Extern* e = FindExport(*impl_, name, ExternKind::kFunc);
  if (e == nullptr) return NoExport("function", name);
  return api::CallFunction(
      e->func, name, args,
      [&](interp::FunctionInstance* fn, const uint64_t* in, uint64_t* out) {
        return impl_->Invoke(fn, in, out, options);
      });
}

absl::StatusOr<std::vector<Value>> Instance::CallChecked(absl::string_view name,
                                                         const FuncType& expected,
                                                         absl::Span<const Value> args,
                                                         const CallOptions& options) {
  absl::StatusOr<FuncType> type = GetFunctionType(name);
  if (!type.ok()) return type.status();
  if (*type != expected) {
    return absl::InvalidArgumentError(absl::StrCat(
        "\"", name, "\" has type ", FuncTypeToString(*type), " but was called as ",
        FuncTypeToString(expected)));
  }
  return Call(name, args, options);
}

absl::StatusOr<Memory> Instance::GetMemory(absl::string_view name) const {
  const runtime::Extern* e = FindExport(*impl_, name, ExternKind::kMemory);
  if (e == nullptr || e->memory == nullptr) return NoExport("memory", name);
  return Memory(e->memory, impl_->store);
}

absl::StatusOr<Value> Instance::GetGlobal(absl::string_view name) const {
  const runtime::Extern* e = FindExport(*impl_, name, ExternKind::kGlobal);
  if (e == nullptr) return NoExport("global", name);
  return api::GlobalValue(*e->global);
}

absl::Status Instance::Throw(absl::string_view tag, absl::Span<const Value> payload) const {
  return api::HostException(impl_->instance->data, tag, payload);
}

absl::Status Instance::SetGlobal(absl::string_view name, const Value& value) {
  const runtime::Extern* e = FindExport(*impl_, name, ExternKind::kGlobal);
  if (e == nullptr) return NoExport("global", name);
  return api::SetGlobalValue(name, value, e->global);
}

namespace api {

absl::Status SetGlobalValue(absl::string_view name, const Value& value,
                            interp::GlobalCell* global) {
  interp::GlobalCell& cell = *global;
  if (!cell.is_mutable) {
    return absl::FailedPreconditionError(absl::StrCat("global \"", name, "\" is immutable"));
  }
  if (value.type() != cell.type) {
    return absl::InvalidArgumentError(absl::StrCat("global \"", name, "\" has type ",
                                                   ValTypeName(cell.type), ", got ",
                                                   ValTypeName(value.type())));
  }
  if (cell.type == ValType::kV128) {
    cell.bits[0] = value.v128_lo();
    cell.bits[1] = value.v128_hi();
  } else {
    cell.bits[0] = ValueToSlot(value);
  }
  return absl::OkStatus();
}

}  // namespace api

InterruptHandle Instance::interrupt_handle() const {
  return InterruptHandle(std::shared_ptr<void>(impl_->ctx), /*standalone=*/false);
}

uint64_t Instance::remaining_fuel() const { return impl_->remaining_fuel; }

void InterruptHandle::Interrupt() const {
  if (context_ == nullptr) return;
  if (standalone_) {
    static_cast<api::InterruptRelay*>(context_.get())->Interrupt();
  } else {
    static_cast<interp::ExecContext*>(context_.get())->RequestInterrupt();
  }
}

// ---------------------------------------------------------------------------
// Memory.

namespace {
interp::LinearMemory* Mem(void* p) { return static_cast<interp::LinearMemory*>(p); }

absl::Status CheckRange(const interp::LinearMemory* m, uint64_t offset, uint64_t len) {
  const uint64_t size = m->size_bytes();
  if (offset > size || len > size - offset) {
    return absl::OutOfRangeError(absl::StrFormat(
        "memory access at offset %d of %d byte(s) is out of bounds (memory size %d)", offset,
        len, size));
  }
  return absl::OkStatus();
}
}  // namespace

uint64_t Memory::size_bytes() const { return Mem(memory_)->size_bytes(); }
uint32_t Memory::pages() const { return Mem(memory_)->pages(); }
uint32_t Memory::max_pages() const { return Mem(memory_)->max_pages(); }

absl::Span<uint8_t> Memory::UnsafeBytes() const {
  const interp::LinearMemory* m = Mem(memory_);
  return absl::MakeSpan(m->base(), m->size_bytes());
}

absl::Status Memory::Read(uint64_t offset, absl::Span<uint8_t> out) const {
  const interp::LinearMemory* m = Mem(memory_);
  if (absl::Status s = CheckRange(m, offset, out.size()); !s.ok()) return s;
  if (!out.empty()) std::memcpy(out.data(), m->base() + offset, out.size());
  return absl::OkStatus();
}

absl::Status Memory::Write(uint64_t offset, absl::Span<const uint8_t> data) {
  interp::LinearMemory* m = Mem(memory_);
  if (absl::Status s = CheckRange(m, offset, data.size()); !s.ok()) return s;
  if (!data.empty()) std::memcpy(m->base() + offset, data.data(), data.size());
  return absl::OkStatus();
}

absl::StatusOr<uint32_t> Memory::Grow(uint32_t delta_pages) {
  // GrowPages: a memory of 1-byte pages may hold more than 2^31 of them.
  const int64_t old = Mem(memory_)->GrowPages(delta_pages);
  if (old < 0) {
    return absl::ResourceExhaustedError(absl::StrCat(
        "cannot grow memory of ", pages(), " pages by ", delta_pages, " (max ", max_pages(), ")"));
  }
  return uint32_t(old);
}

}  // namespace weft

namespace weft {

absl::StatusOr<Function> Instance::GetFunction(absl::string_view name) const {
  const runtime::Extern* e = FindExport(*impl_, name, ExternKind::kFunc);
  if (e == nullptr) return NoExport("function", name);
  return Function(impl_.get(), e->func, std::string(name));
}

const FuncType& Function::type() const {
  return *static_cast<interp::FunctionInstance*>(fn_)->type;
}

absl::Status Function::CheckType(const FuncType& expected) const {
  if (type() == expected) return absl::OkStatus();
  return absl::InvalidArgumentError(absl::StrCat("\"", name_, "\" has type ",
                                                 FuncTypeToString(type()),
                                                 " but was called as ",
                                                 FuncTypeToString(expected)));
}

absl::StatusOr<std::vector<Value>> Function::Call(absl::Span<const Value> args,
                                                  const CallOptions& options) const {
  api::InstanceImpl* impl = instance_;
  return api::CallFunction(
      static_cast<interp::FunctionInstance*>(fn_), name_, args,
      [&](interp::FunctionInstance* fn, const uint64_t* in, uint64_t* out) {
        return impl->Invoke(fn, in, out, options);
      });
}

}  // namespace weft

namespace weft {

absl::Status Function::CallSlots(const uint64_t* args, uint64_t* results,
                                 const CallOptions& options) const {
  return instance_->Invoke(static_cast<interp::FunctionInstance*>(fn_), args, results, options);
}

}  // namespace weft

namespace weft {
namespace {

// Index of the first object of `kind` the instance defines itself (the
// imported ones come first), or an error if a shared one is imported.
absl::StatusOr<size_t> FirstOwn(const Module& m, ExternKind kind) {
  size_t imported = 0;
  for (const Import& imp : m.imports) {
    if (imp.kind != kind) continue;
    if (kind != ExternKind::kGlobal || imp.global.is_mutable) {
      return absl::FailedPreconditionError(absl::StrCat(
          "instance imports ", ExternKindName(kind), " \"", imp.module, "\" \"", imp.name,
          "\": state shared with another instance cannot be reset"));
    }
    ++imported;
  }
  return imported;
}

}  // namespace

absl::Status Instance::SavePristine() {
  api::InstanceImpl& impl = *impl_;
  if (impl.active_calls != 0) return absl::FailedPreconditionError("SavePristine during a call");
  const Module& m = *impl.instance->module;
  interp::InstanceData& d = impl.instance->data;
  absl::StatusOr<size_t> own_globals = FirstOwn(m, ExternKind::kGlobal);
  if (!own_globals.ok()) return own_globals.status();
  for (ExternKind k : {ExternKind::kMemory, ExternKind::kTable}) {
    if (absl::StatusOr<size_t> f = FirstOwn(m, k); !f.ok()) return f.status();
  }
  auto p = std::make_unique<api::InstanceImpl::Pristine>();
  for (size_t i = *own_globals; i < d.globals.size(); ++i) p->globals.push_back(*d.globals[i]);
  for (const interp::Table* t : d.tables) p->tables.push_back(t->elements);
  p->elem_segments = d.elem_segments;
  p->data_segments = d.data_segments;
  for (interp::LinearMemory* mem : d.memories) {  // every memory (multi-memory)
    if (!mem->SaveImage()) {
      return absl::InternalError("SavePristine: could not save the memory image");
    }
  }
  impl.pristine = std::move(p);
  impl.store->store.gc_heap().SaveImage();
  return absl::OkStatus();
}

absl::Status Instance::ResetToPristine() {
  api::InstanceImpl& impl = *impl_;
  if (impl.pristine == nullptr) return absl::FailedPreconditionError("nothing saved to reset to");
  if (impl.active_calls != 0) return absl::FailedPreconditionError("ResetToPristine during a call");
  const api::InstanceImpl::Pristine& p = *impl.pristine;
  interp::InstanceData& d = impl.instance->data;
  const size_t own_globals = d.globals.size() - p.globals.size();
  for (size_t i = 0; i < p.globals.size(); ++i) *d.globals[own_globals + i] = p.globals[i];
  for (size_t i = 0; i < p.tables.size(); ++i) d.tables[i]->elements = p.tables[i];
  d.elem_segments = p.elem_segments;
  d.data_segments = p.data_segments;
  impl.store->store.gc_heap().ResetToImage();
  impl.ctx->ClearInterrupt();
  for (interp::LinearMemory* mem : d.memories) {
    if (!mem->ResetToImage()) {
      impl.pristine.reset();
      return absl::InternalError("ResetToPristine: could not restore the memory image");
    }
  }
  return absl::OkStatus();
}

}  // namespace weft
