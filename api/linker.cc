// Linker: host function registration, instance exports, instantiation.
#include <algorithm>
#include <cstdint>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "api/internal.h"
#include "api/interrupt_relay.h"
#include "api/start_budget.h"
#include "interp/executor.h"
#include "weft/linker.h"
#include "weft/trap_code.h"

namespace weft {
namespace api {
namespace {

// What a host function's failure status becomes inside the executor.
interp::TrapCode HostFailure(const absl::Status& s, const interp::InstanceData* caller,
                             interp::ExecContext* ctx) {
  TrapCode code = GetTrapCode(s);
  if (code == TrapCode::kOk) {
    ctx->trap_detail = std::string(s.message());
    return interp::TrapCode::kHostTrap;
  }
  if (code == TrapCode::kUncaughtException) {
    // A nested call's exception (or one from Caller::Throw), returned by
    // the host: rethrown into the calling wasm code (interp/exceptions.cc),
    // not a trap. One from another store cannot enter this one.
    interp::Exception* e = caller != nullptr && caller->exceptions != nullptr
                               ? ExceptionOf(s, *caller->exceptions)
                               : nullptr;
    if (e != nullptr) {
      ctx->exception = e;
      return interp::TrapCode::kUncaughtException;
    }
    // Without its exception there is nothing to unwind with: a trap.
    ctx->trap_detail = absl::StrCat(
        s.GetPayload(kExceptionPayloadUrl).has_value()
            ? "a host function returned an exception of another store, which cannot be thrown here: "
            : "a host function returned an uncaught-exception status without its exception: ",
        s.message().substr(0, s.message().find('\n')));
    return interp::TrapCode::kHostTrap;
  }
  // A trap of a nested call: keep its code. Its frames are already in
  // ctx->backtrace when the nested call ran on this context; the caller's
  // frames are appended as the trap unwinds.
  ctx->trap_detail.clear();
  if (code == TrapCode::kHostTrap) {
    absl::string_view m = s.message();
    m = m.substr(0, m.find('\n'));
    absl::string_view prefix = "host trap: ";
    if (absl::StartsWith(m, prefix)) m.remove_prefix(prefix.size());
    ctx->trap_detail = std::string(m);
  }
  return static_cast<interp::TrapCode>(code);
}

}  // namespace

interp::TrapCode HostTrampoline(void* env, const uint64_t* args, uint64_t* results,
                                interp::ExecContext* ctx) {
  auto* bound = static_cast<BoundHostEnv*>(env);
  const HostFunctionEnv* e = bound->def;
  if (e->slot_callback) {
    // Typed host function: its types hold by construction.
    CallerImpl caller_impl{bound, ctx};
    Caller caller(&caller_impl);
    absl::Status s = e->slot_callback(caller, args, results);
    return s.ok() ? interp::TrapCode::kOk : HostFailure(s, bound->instance, ctx);
  }
  const std::vector<ValType>& params = e->type.params;
  const std::vector<ValType>& result_types = e->type.results;
  constexpr size_t kSmall = 8;
  Value small[2 * kSmall];
  std::vector<Value> big;
  Value* argv = small;
  Value* resv = small + kSmall;
  if (params.size() > kSmall || result_types.size() > kSmall) {
    big.resize(params.size() + result_types.size());
    argv = big.data();
    resv = big.data() + params.size();
  }
  for (size_t i = 0, at = 0; i < params.size(); ++i) {
    size_t used = 0;
    argv[i] = ReadSlots(params[i], args + at, &used);
    at += used;
  }
  for (size_t i = 0; i < result_types.size(); ++i) resv[i] = Value(result_types[i]);
  CallerImpl caller_impl{bound, ctx};
  Caller caller(&caller_impl);
  absl::Status s = e->callback(caller, absl::MakeConstSpan(argv, params.size()),
                               absl::MakeSpan(resv, result_types.size()));
  if (!s.ok()) return HostFailure(s, bound->instance, ctx);
  for (size_t i = 0, at = 0; i < result_types.size(); ++i) {
    if (resv[i].type() != result_types[i]) {
      ctx->trap_detail = absl::StrCat("host function stored a ", ValTypeName(resv[i].type()),
                                      " as result ", i, " of type ",
                                      ValTypeName(result_types[i]));
      return interp::TrapCode::kHostTrap;
    }
    at += WriteSlots(resv[i], results + at);
  }
  return interp::TrapCode::kOk;
}

}  // namespace api

Linker::Linker(const Engine& engine) : impl_(std::make_unique<api::LinkerImpl>()) {
  impl_->engine = engine;
  impl_->store = std::make_shared<api::StoreImpl>();
}
Linker::~Linker() = default;
Linker::Linker(Linker&&) noexcept = default;
Linker& Linker::operator=(Linker&&) noexcept = default;

absl::Status Linker::DefineFunction(absl::string_view module, absl::string_view name,
                                    FuncType type, HostCallback callback) {
  if (!callback) return DefineFunction(module, name, std::move(type), HostCallbackWithCaller());
  return DefineFunction(
      module, name, std::move(type),
      HostCallbackWithCaller([cb = std::move(callback)](Caller&, absl::Span<const Value> args,
                                                        absl::Span<Value> results) {
        return cb(args, results);
      }));
}

absl::Status Linker::DefineFunction(absl::string_view module, absl::string_view name,
                                    FuncType type, HostCallbackWithCaller callback) {
  return Define(module, name, HostFunctionDef{std::move(type), std::move(callback), {}});
}

absl::Status Linker::Define(absl::string_view module, absl::string_view name,
                            HostFunctionDef def) {
  if (!def.callback) {
    return absl::InvalidArgumentError(
        absl::StrCat("host function \"", module, "\" \"", name, "\" has no callback"));
  }
  api::StoreImpl& s = *impl_->store;
  auto env_def = std::make_unique<api::HostFunctionEnv>();
  env_def->type = def.type;
  env_def->callback = std::move(def.callback);
  env_def->slot_callback = std::move(def.slot_callback);
  auto env = std::make_unique<api::BoundHostEnv>();
  env->def = env_def.get();
  env->store = &s;
  runtime::Extern ext;
  ext.kind = ExternKind::kFunc;
  ext.func = s.store.AddHostFunction(std::move(def.type), api::HostTrampoline, env.get());
  s.host_defs.push_back(std::move(env_def));
  s.host_envs.push_back(std::move(env));
  impl_->linker.Define(module, name, ext);
  return absl::OkStatus();
}

absl::Status Linker::DefineInstance(absl::string_view module, const Instance& instance) {
  if (api::Access::Of(instance).store != impl_->store) {
    return absl::FailedPreconditionError(
        "DefineInstance: the instance was created through another Linker");
  }
  impl_->linker.DefineInstance(module, *api::Access::Of(instance).instance);
  return absl::OkStatus();
}

absl::StatusOr<std::unique_ptr<Instance>> Linker::Instantiate(
    std::shared_ptr<const CompiledModule> module) {
  return Instantiate(std::move(module), InstantiateOptions{});
}

absl::StatusOr<std::unique_ptr<Instance>> Linker::Instantiate(
    std::shared_ptr<const CompiledModule> module, const InstanceLimits& limits) {
  InstantiateOptions options;
  options.limits = limits;
  return Instantiate(std::move(module), options);
}

absl::StatusOr<std::unique_ptr<Instance>> Linker::Instantiate(
    std::shared_ptr<const CompiledModule> module, const InstantiateOptions& options) {
  // A timeout covers the whole instantiation, so it starts here.
  const absl::Time called = absl::Now();
  if (module == nullptr) return absl::InvalidArgumentError("Instantiate: null module");
  const InstanceLimits limits =
      options.limits.value_or(impl_->engine.config().default_limits);
  if ((limits.fuel_per_call.has_value() || options.start.fuel.has_value()) &&
      !module->metering()) {
    return absl::FailedPreconditionError(
        "fuel limits need a module compiled with EngineConfig::metering");
  }
  api::InterruptRelay* relay = nullptr;
  if (options.interrupt.has_value()) {
    relay = static_cast<api::InterruptRelay*>(options.interrupt->relay());
    if (relay == nullptr) {
      return absl::InvalidArgumentError(
          "InstantiateOptions::interrupt must come from InterruptHandle::Create() (an "
          "instance's own handle stops only that instance)");
    }
  }
  const CallOptions start = api::StartBudget(options.start, limits, called);

  auto impl = std::make_unique<api::InstanceImpl>();
  impl->store = impl_->store;
  impl->module = module;
  impl->limits = limits;
  // What remaining_fuel() reads when there is no start function to spend it.
  impl->remaining_fuel = std::min<uint64_t>(start.fuel.value_or(UINT64_MAX), INT64_MAX);
  interp::ExecLimits exec_limits;
  exec_limits.max_call_depth = limits.max_call_depth;
  exec_limits.max_stack_slots = limits.max_stack_slots;
  impl->ctx = std::make_shared<interp::ExecContext>(exec_limits);

  // Bind the imported host functions to this instance (the Caller).
  const api::ModuleImpl& m = api::Access::Of(*module);
  api::StoreImpl& store = *impl_->store;
  runtime::Linker linker = impl_->linker;
  std::vector<api::BoundHostEnv*> bound;
  for (const Import& imp : m.ir()->imports) {
    if (imp.kind != ExternKind::kFunc) continue;
    const runtime::Extern* ext = impl_->linker.Find(imp.module, imp.name);
    if (ext == nullptr || ext->kind != ExternKind::kFunc || ext->func == nullptr ||
        ext->func->host != api::HostTrampoline) {
      continue;
    }
    auto env = std::make_unique<api::BoundHostEnv>();
    env->def = static_cast<api::BoundHostEnv*>(ext->func->host_env)->def;
    env->store = &store;
    runtime::Extern copy = *ext;
    copy.func = store.store.AddHostFunction(env->def->type, api::HostTrampoline, env.get());
    linker.Define(imp.module, imp.name, copy);
    bound.push_back(env.get());
    store.host_envs.push_back(std::move(env));
  }
  auto bind = [&bound](interp::InstanceData* data) {
    for (api::BoundHostEnv* env : bound) env->instance = data;
  };

  runtime::InstantiateOptions runtime_options;
  runtime_options.max_memory_pages = limits.max_memory_pages;
  runtime_options.max_gc_heap_bytes = limits.max_gc_heap_bytes;
  absl::Status start_status;
  api::InstanceImpl* raw = impl.get();
  runtime_options.run_start = [this, &start_status, raw, &bind, relay,
                               &start](interp::FunctionInstance* f) {
    bind(f->instance);
    for (const auto& hook : impl_->before_start) hook(f->instance);
    {
      api::ScopedRelayAttachment attached(relay, raw->ctx.get());
      start_status = raw->Invoke(f, nullptr, nullptr, start);
    }
    // A relayed request that came after the start function's last check
    // belongs to this instantiation: it must not stop the first call.
    if (relay != nullptr && start_status.ok()) raw->ctx->ClearInterrupt();
    if (start_status.ok()) return interp::TrapCode::kOk;
    TrapCode code = GetTrapCode(start_status);
    return code == TrapCode::kOk ? interp::TrapCode::kHostTrap
                                 : static_cast<interp::TrapCode>(code);
  };
  absl::StatusOr<runtime::Instance*> inst =
      store.store.Instantiate(m.ir(), m.code, linker, runtime_options);
  if (!inst.ok()) {
    // The start function's own status carries its backtrace.
    if (!start_status.ok()) return api::StartFailure(*m.ir(), start_status, start.deadline);
    return inst.status();
  }
  impl->instance = *inst;
  bind(&(*inst)->data);
  return std::unique_ptr<Instance>(new Instance(std::move(impl)));
}

}  // namespace weft
