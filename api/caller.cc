// Caller: a host function's view of the instance that imported it.
#include "absl/strings/str_cat.h"
#include "api/internal.h"
#include "api/native_stack.h"
#include "interp/executor.h"
#include "weft/caller.h"

namespace weft {
namespace {

absl::Status NoCaller() {
  return absl::FailedPreconditionError(
      "this host function was not called through an instance's import");
}

// The caller's export `name` of `kind`, or null.
const Export* FindExport(const interp::InstanceData& data, absl::string_view name,
                         ExternKind kind) {
  const Export* e = data.module->FindExport(name);
  return e != nullptr && e->kind == kind ? e : nullptr;
}

absl::Status NoExport(absl::string_view what, absl::string_view name) {
  return absl::NotFoundError(absl::StrCat("the caller has no exported ", what, " \"", name, "\""));
}

}  // namespace

absl::StatusOr<Memory> Caller::GetMemory(absl::string_view name) const {
  const interp::InstanceData* data = impl_->env->instance;
  if (data == nullptr) return NoCaller();
  // Any of the caller's memories (multi-memory), by its export name.
  const Export* e = FindExport(*data, name, ExternKind::kMemory);
  if (e == nullptr || e->index >= data->memories.size()) return NoExport("memory", name);
  return Memory(data->memories[e->index], impl_->env->store->shared_from_this());
}

absl::StatusOr<Value> Caller::GetGlobal(absl::string_view name) const {
  const interp::InstanceData* data = impl_->env->instance;
  if (data == nullptr) return NoCaller();
  const Export* e = FindExport(*data, name, ExternKind::kGlobal);
  if (e == nullptr) return NoExport("global", name);
  return api::GlobalValue(*data->globals[e->index]);
}

absl::Status Caller::SetGlobal(absl::string_view name, const Value& value) {
  const interp::InstanceData* data = impl_->env->instance;
  if (data == nullptr) return NoCaller();
  const Export* e = FindExport(*data, name, ExternKind::kGlobal);
  if (e == nullptr) return NoExport("global", name);
  return api::SetGlobalValue(name, value, data->globals[e->index]);
}

absl::StatusOr<FuncType> Caller::GetFunctionType(absl::string_view name) const {
  const interp::InstanceData* data = impl_->env->instance;
  if (data == nullptr) return NoCaller();
  const Export* e = FindExport(*data, name, ExternKind::kFunc);
  if (e == nullptr) return NoExport("function", name);
  return *data->functions[e->index]->type;
}

absl::StatusOr<std::vector<Value>> Caller::Call(absl::string_view name,
                                                absl::Span<const Value> args) {
  const interp::InstanceData* data = impl_->env->instance;
  if (data == nullptr) return NoCaller();
  const Export* e = FindExport(*data, name, ExternKind::kFunc);
  if (e == nullptr) return NoExport("function", name);
  interp::ExecContext* ctx = impl_->ctx;
  // Nested on the running call's context: same stack, depth and fuel.
  return api::CallFunction(
      data->functions[e->index], name, args,
      [ctx](interp::FunctionInstance* fn, const uint64_t* in, uint64_t* out) {
        if (api::NativeStackScope::Exceeded()) return api::NativeStackExhausted();
        interp::TrapCode t = interp::Invoke(*ctx, fn, in, out);
        return t == interp::TrapCode::kOk ? absl::OkStatus() : api::MakeTrapStatus(*ctx, t);
      });
}

absl::StatusOr<std::vector<Value>> Caller::CallChecked(absl::string_view name,
                                                       const FuncType& expected,
                                                       absl::Span<const Value> args) {
  const interp::InstanceData* data = impl_->env->instance;
  if (data == nullptr) return NoCaller();
  const Export* e = FindExport(*data, name, ExternKind::kFunc);
  if (e == nullptr) return NoExport("function", name);
  const FuncType& type = *data->functions[e->index]->type;
  if (type != expected) {
    return absl::InvalidArgumentError(absl::StrCat("\"", name, "\" has type ",
                                                   FuncTypeToString(type),
                                                   " but was called as ",
                                                   FuncTypeToString(expected)));
  }
  return Call(name, args);
}

// The executor hands the call's fuel to host functions in the context
// (interp::CallHost syncs it both ways), so reading and changing it here is
// what the guest sees when this host function returns.
uint64_t Caller::remaining_fuel() const { return impl_->ctx->fuel(); }

absl::Status Caller::ConsumeFuel(uint64_t amount) {
  const uint64_t left = impl_->ctx->fuel();
  if (amount > left) return runtime::TrapStatus(interp::TrapCode::kFuelExhausted);
  impl_->ctx->set_fuel(left - amount);
  return absl::OkStatus();
}

void Caller::SetFuel(uint64_t fuel) { impl_->ctx->set_fuel(fuel); }

int Caller::interrupt_fd() const { return impl_->ctx->interrupt_notifier().wait_fd(); }

bool Caller::interrupted() const { return impl_->ctx->interrupt_requested(); }

absl::Status Caller::InterruptedError() {
  // HostFailure keeps a trap status's code: the guest stops with
  // kInterrupted, not kHostTrap.
  return runtime::TrapStatus(interp::TrapCode::kInterrupted);
}

}  // namespace weft

namespace weft {

absl::Status Caller::Throw(absl::string_view tag, absl::Span<const Value> payload) const {
  const interp::InstanceData* data = impl_->env->instance;
  if (data == nullptr) return NoCaller();
  return api::HostException(*data, tag, payload);
}

}  // namespace weft
