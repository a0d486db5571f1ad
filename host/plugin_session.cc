#include "host/plugin_session.h"

#include <cstdlib>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "host/env_module.h"
#include "host/plugin_error.h"

namespace weft {
namespace {

using V = ValType;

struct AbiExport {
  const char* name;
  FuncType type;
  bool required;
};

const std::vector<AbiExport>& AbiExports() {
  static const std::vector<AbiExport> kExports = {
      {"weft_alloc", {{V::kI32}, {V::kI32}}, true},
      {"weft_free", {{V::kI32, V::kI32}, {}}, true},
      {"meta", {{}, {V::kI64}}, true},
      {"execute", {{V::kI32, V::kI32}, {V::kI64}}, true},
      {"init", {{V::kI32, V::kI32}, {V::kI32}}, false},
      {"destroy", {{}, {}}, false},
      {"_initialize", {{}, {}}, false},
  };
  return kExports;
}

const ExportInfo* FindExport(const CompiledModule& m, absl::string_view name) {
  for (const ExportInfo& e : m.exports()) {
    if (e.name == name) return &e;
  }
  return nullptr;
}

}  // namespace

absl::Status CheckPluginAbi(const CompiledModule& module) {
  const ExportInfo* mem = FindExport(module, "memory");
  if (mem == nullptr || mem->type.kind != ExternKind::kMemory) {
    return absl::FailedPreconditionError("plugin ABI: missing export \"memory\" (a memory)");
  }
  for (const AbiExport& want : AbiExports()) {
    const ExportInfo* e = FindExport(module, want.name);
    if (e == nullptr) {
      if (!want.required) continue;
      return absl::FailedPreconditionError(
          absl::StrCat("plugin ABI: missing export \"", want.name, "\" ", FuncTypeToString(want.type)));
    }
    if (e->type.kind != ExternKind::kFunc || !(e->type.func == want.type)) {
      return absl::FailedPreconditionError(absl::StrCat(
          "plugin ABI: export \"", want.name, "\" is ", e->type.ToString(), ", expected ",
          FuncTypeToString(want.type)));
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<std::unique_ptr<PluginSession>> PluginSession::Create(
    const PluginSessionConfig& config, std::shared_ptr<const CompiledModule> module,
    absl::Time deadline) {
  const std::shared_ptr<const PluginCapabilities>& caps = config.caps;
  const std::string& init_bytes = config.init_bytes;
  std::unique_ptr<PluginSession> s(new PluginSession());
  s->caps_ = caps;
  s->metered_ = module->metering();
  s->log_ = config.log;
  // Counted from here: the host's own set-up is part of creating the
  // instance, as waiting for an instance is part of a call.
  CallBudget budget = s->Budget(deadline);
  s->linker_ = std::make_unique<Linker>(*config.engine);
  WasiOptions w;
  w.args = {caps->name};
  for (const std::string& name : caps->env) {
    if (const char* value = std::getenv(name.c_str())) w.env.push_back(name + "=" + value);
  }
  for (const FsGrant& g : caps->fs) w.dirs.push_back({g.host_path, g.guest_path, g.read_only});
  w.stdout_mode = w.stderr_mode = WasiOptions::Stdio::kCapture;
  w.max_capture = 1 << 20;
  absl::StatusOr<std::shared_ptr<Wasi>> wasi = Wasi::Define(*s->linker_, std::move(w));
  if (!wasi.ok()) return wasi.status();
  s->wasi_ = *wasi;
  absl::Status env = DefineEnvModule(*s->linker_, caps, config.denials, s->wasi_);
  if (!env.ok()) return env;
  InstantiateOptions options;
  options.limits = InstanceLimits{};
  options.limits->max_memory_pages = caps->max_memory_pages;
  // fuel_per_call stays unset: every call's fuel comes from its budget.
  options.start = budget.Next();
  absl::StatusOr<std::unique_ptr<Instance>> inst = s->linker_->Instantiate(module, options);
  if (!inst.ok()) {
    return PluginError(caps->name, inst.status());
  }
  s->instance_ = *std::move(inst);
  budget.Charge(*s->instance_);
  if (absl::Status a = s->wasi_->Attach(*s->instance_); !a.ok()) return a;
  s->has_destroy_ = FindExport(*module, "destroy") != nullptr;
  if (FindExport(*module, "_initialize") != nullptr) {
    if (auto r = s->CallExport(budget, "_initialize", {}); !r.ok()) return r.status();
  }
  if (FindExport(*module, "init") != nullptr) {
    absl::StatusOr<uint32_t> ptr = s->WriteInput(budget, init_bytes);
    if (!ptr.ok()) return ptr.status();
    auto r = s->CallExport(budget, "init",
                           {Value::I32(int32_t(*ptr)), Value::I32(int32_t(init_bytes.size()))});
    if (!r.ok()) return r.status();
    (void)s->CallExport(budget, "weft_free",
                        {Value::I32(int32_t(*ptr)), Value::I32(int32_t(init_bytes.size()))});
    if ((*r)[0].i32() != 0) {
      return PluginStatus(absl::StatusCode::kFailedPrecondition, caps->name,
                          absl::StrCat("init returned status ", (*r)[0].i32()));
    }
  }
  // The state every call starts from (Reset).
  if (absl::Status p = s->instance_->SavePristine(); !p.ok()) return p;
  s->wasi_->SavePristine();
  return s;
}

CallBudget PluginSession::Budget(absl::Time deadline) const {
  return CallBudget::ForPlugin(*caps_, metered_, deadline);
}

absl::Status PluginSession::Reset() {
  if (absl::Status m = instance_->ResetToPristine(); !m.ok()) return m;
  if (absl::Status w = wasi_->ResetToPristine(); !w.ok()) return w;
  poisoned_ = false;
  return absl::OkStatus();
}

PluginSession::~PluginSession() {
  if (instance_ != nullptr && has_destroy_ && !poisoned_) {
    CallBudget budget = Budget(absl::InfiniteFuture());
    (void)CallExport(budget, "destroy", {});
  }
}

absl::StatusOr<std::vector<Value>> PluginSession::CallExport(CallBudget& budget,
                                                             absl::string_view name,
                                                             std::vector<Value> args) {
  absl::StatusOr<std::vector<Value>> r = instance_->Call(name, args, budget.Next());
  budget.Charge(*instance_);
  ForwardOutput();
  if (!r.ok()) {
    poisoned_ = true;
    return PluginError(caps_->name, r.status(), name,
                       budget.StoppedByCancel() ? InterruptCause::kCancel
                                                : InterruptCause::kDeadline);
  }
  return r;
}

void PluginSession::ForwardOutput() {
  if (!log_) return;
  for (const auto& [stream, text] :
       {std::pair<const char*, std::string>{"stdout", wasi_->TakeStdout()},
        std::pair<const char*, std::string>{"stderr", wasi_->TakeStderr()}}) {
    for (absl::string_view line : absl::StrSplit(text, '\n', absl::SkipEmpty())) {
      log_(absl::StrCat(stream, ": ", line));
    }
  }
}

absl::StatusOr<uint32_t> PluginSession::WriteInput(CallBudget& budget, absl::string_view bytes) {
  if (bytes.size() > kMaxPluginOutput) {
    return absl::InvalidArgumentError(absl::StrCat("plugin input of ", bytes.size(),
                                                   " bytes exceeds ", kMaxPluginOutput));
  }
  auto r = CallExport(budget, "weft_alloc", {Value::I32(int32_t(bytes.size()))});
  if (!r.ok()) return r.status();
  const uint32_t ptr = uint32_t((*r)[0].i32());
  if (ptr == 0 && !bytes.empty()) {
    poisoned_ = true;
    return PluginStatus(absl::StatusCode::kResourceExhausted, caps_->name,
                        absl::StrCat("weft_alloc(", bytes.size(), ") failed (returned 0)"));
  }
  absl::StatusOr<Memory> mem = instance_->GetMemory();
  if (!mem.ok()) return mem.status();
  if (uint64_t(ptr) + bytes.size() > mem->size_bytes()) {
    poisoned_ = true;
    return PluginStatus(absl::StatusCode::kFailedPrecondition, caps_->name,
                        absl::StrCat("weft_alloc(", bytes.size(), ") returned ", ptr,
                                     ", outside its memory of ", mem->size_bytes(), " bytes"));
  }
  absl::Status w = mem->Write(ptr, absl::MakeConstSpan(
                                       reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size()));
  if (!w.ok()) return w;
  return ptr;
}

absl::StatusOr<std::string> PluginSession::TakeOutput(CallBudget& budget, uint64_t packed,
                                                      absl::string_view what) {
  const uint32_t ptr = uint32_t(packed), len = uint32_t(packed >> 32);
  absl::StatusOr<Memory> mem = instance_->GetMemory();
  if (!mem.ok()) return mem.status();
  if (len > kMaxPluginOutput || uint64_t(ptr) + len > mem->size_bytes()) {
    poisoned_ = true;
    return PluginStatus(absl::StatusCode::kDataLoss, caps_->name,
                        absl::StrCat(what, " returned ptr=", ptr, " len=", len,
                                     ", outside its memory of ", mem->size_bytes(),
                                     " bytes (limit ", kMaxPluginOutput, ")"));
  }
  std::string out(len, '\0');
  absl::Status r = mem->Read(ptr, absl::MakeSpan(reinterpret_cast<uint8_t*>(out.data()), len));
  if (!r.ok()) return r;
  if (len != 0) {
    auto f = CallExport(budget, "weft_free", {Value::I32(int32_t(ptr)), Value::I32(int32_t(len))});
    if (!f.ok()) return f.status();
  }
  return out;
}

absl::StatusOr<std::string> PluginSession::Meta() {
  CallBudget budget = Budget(absl::InfiniteFuture());
  auto r = CallExport(budget, "meta", {});
  if (!r.ok()) return r.status();
  // meta's block is the plugin's own (often static): it is not freed.
  const uint64_t packed = uint64_t((*r)[0].i64());
  const uint32_t ptr = uint32_t(packed), len = uint32_t(packed >> 32);
  absl::StatusOr<Memory> mem = instance_->GetMemory();
  if (!mem.ok()) return mem.status();
  if (len > (1u << 16) || uint64_t(ptr) + len > mem->size_bytes()) {
    return PluginStatus(absl::StatusCode::kDataLoss, caps_->name,
                        absl::StrCat("meta returned ptr=", ptr, " len=", len, ", outside its memory"));
  }
  std::string out(len, '\0');
  absl::Status s = mem->Read(ptr, absl::MakeSpan(reinterpret_cast<uint8_t*>(out.data()), len));
  if (!s.ok()) return s;
  return out;
}

absl::StatusOr<std::string> PluginSession::Execute(absl::string_view input, absl::Time deadline,
                                                   const InterruptHandle* cancel) {
  // One budget for every export this call runs (issue 12): no export
  // starts with a fresh timeout or a refilled tank.
  CallBudget budget = Budget(deadline);
  budget.set_cancel(cancel);
  struct RecordFuel {
    const CallBudget& budget;
    uint64_t* out;
    ~RecordFuel() { *out = budget.used(); }
  } record{budget, &last_fuel_used_};
  absl::StatusOr<uint32_t> ptr = WriteInput(budget, input);
  if (!ptr.ok()) return ptr.status();
  auto r = CallExport(budget, "execute",
                      {Value::I32(int32_t(*ptr)), Value::I32(int32_t(input.size()))});
  if (!r.ok()) return r.status();
  absl::StatusOr<std::string> out = TakeOutput(budget, uint64_t((*r)[0].i64()), "execute");
  if (!out.ok()) return out;
  if (!input.empty()) {
    auto f = CallExport(budget, "weft_free",
                        {Value::I32(int32_t(*ptr)), Value::I32(int32_t(input.size()))});
    if (!f.ok()) return f.status();
  }
  return out;
}

}  // namespace weft
