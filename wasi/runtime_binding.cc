#include "wasi/runtime_binding.h"

#include "absl/strings/str_cat.h"

namespace weft::wasi {

std::unique_ptr<WasiBinding> WasiBinding::Define(runtime::Store& store,
                                                 runtime::Linker& linker,
                                                 WasiContext& ctx) {
  std::unique_ptr<WasiBinding> b(new WasiBinding(ctx));
  auto fns = WasiFunctions();
  b->envs_.reserve(fns.size());  // no reallocation: envs are pointed at
  for (const WasiFunction& f : fns) {
    b->envs_.push_back({b.get(), &f});
    runtime::Extern ext;
    ext.kind = ExternKind::kFunc;
    ext.func = store.AddHostFunction(WasiFunctionType(f), &WasiBinding::Call,
                                     &b->envs_.back());
    linker.Define(
        absl::string_view(kWasiModuleName.data(), kWasiModuleName.size()),
        f.name, ext);
  }
  return b;
}

absl::Status WasiBinding::AttachInstance(const runtime::Instance& instance) {
  const runtime::Extern* mem = instance.FindExport("memory");
  if (mem == nullptr || mem->kind != ExternKind::kMemory) {
    memory_ = nullptr;
    return absl::OkStatus();
  }
  memory_ = mem->memory;
  return absl::OkStatus();
}

interp::TrapCode WasiBinding::Call(void* env, const uint64_t* args,
                                   uint64_t* results,
                                   interp::ExecContext* ectx) {
  const Env& e = *static_cast<const Env*>(env);
  interp::LinearMemory* m = e.binding->memory_;
  // Blocking calls wait on the running guest's own interrupt: the one its
  // deadline and InterruptHandle request, and its back-edges check.
  WasiContext::InterruptScope scope(e.binding->ctx_,
                                    ectx->interrupt_notifier());
  WasiCallOutcome o = InvokeWasi(*e.fn, e.binding->ctx_,
                                 m ? m->base() : nullptr,
                                 m ? m->size_bytes() : 0, args);
  if (o.interrupted) {
    ectx->trap_detail = absl::StrCat("while waiting in ", e.fn->name);
    return interp::TrapCode::kInterrupted;
  }
  if (o.exited) {
    ectx->trap_detail = absl::StrCat("proc_exit(", o.exit_code, ")");
    return interp::TrapCode::kHostTrap;
  }
  if (*e.fn->results != '\0') results[0] = o.result;
  return interp::TrapCode::kOk;
}

}  // namespace weft::wasi
