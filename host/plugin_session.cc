#include "host/plugin_session.h"

#include <cstdlib>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "host/env_module.h"
#include "weft/trap_code.h"

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

// `s` with `prefix` before its message; payloads (the trap code that
// GetTrapCode reads) are kept.
absl::Status Annotate(const absl::Status& s, absl::string_view prefix) {
  absl::Status out(s.code(), absl::StrCat(prefix, s.message()));
  s.ForEachPayload([&](absl::string_view url, const absl::Cord& payload) {
    out.SetPayload(url, payload);
  });
  return out;
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
    const Engine& engine, std::shared_ptr<const CompiledModule> module,
    std::shared_ptr<const PluginCapabilities> caps, DenialLog* denials, LogFn log,
    absl::string_view init_bytes) {
  std::unique_ptr<PluginSession> s(new PluginSession());
  s->caps_ = caps;
  s->log_ = std::move(log);
  s->linker_ = std::make_unique<Linker>(engine);
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
  absl::Status env = DefineEnvModule(*s->linker_, caps, denials, s->wasi_);
  if (!env.ok()) return env;
  InstanceLimits limits;
  limits.max_memory_pages = caps->max_memory_pages;
  if (caps->fuel_per_call != 0) limits.fuel_per_call = caps->fuel_per_call;
  absl::StatusOr<std::unique_ptr<Instance>> inst = s->linker_->Instantiate(module, limits);
  if (!inst.ok()) {
    return Annotate(inst.status(), absl::StrCat("plugin \"", caps->name, "\": "));
  }
  s->instance_ = *std::move(inst);
  if (absl::Status a = s->wasi_->Attach(*s->instance_); !a.ok()) return a;
  s->has_destroy_ = FindExport(*module, "destroy") != nullptr;
  if (FindExport(*module, "_initialize") != nullptr) {
    if (auto r = s->CallExport("_initialize", {}); !r.ok()) return r.status();
  }
  if (FindExport(*module, "init") != nullptr) {
    absl::StatusOr<uint32_t> ptr = s->WriteInput(init_bytes);
    if (!ptr.ok()) return ptr.status();
    auto r = s->CallExport("init", {Value::I32(int32_t(*ptr)), Value::I32(int32_t(init_bytes.size()))});
    if (!r.ok()) return r.status();
    (void)s->CallExport("weft_free", {Value::I32(int32_t(*ptr)), Value::I32(int32_t(init_bytes.size()))});
    if ((*r)[0].i32() != 0) {
      return absl::FailedPreconditionError(
          absl::StrCat("plugin \"", caps->name, "\": init returned status ", (*r)[0].i32()));
    }
  }
  // The state every call starts from (Reset).
  if (absl::Status p = s->instance_->SavePristine(); !p.ok()) return p;
  s->wasi_->SavePristine();
  return s;
}

absl::Status PluginSession::Reset() {
  if (absl::Status m = instance_->ResetToPristine(); !m.ok()) return m;
  if (absl::Status w = wasi_->ResetToPristine(); !w.ok()) return w;
  poisoned_ = false;
  return absl::OkStatus();
}

PluginSession::~PluginSession() {
  if (instance_ != nullptr && has_destroy_ && !poisoned_) (void)CallExport("destroy", {});
}

absl::StatusOr<std::vector<Value>> PluginSession::CallExport(absl::string_view name,
                                                             std::vector<Value> args) {
  CallOptions options;
  if (caps_->timeout_per_call > absl::ZeroDuration()) options.timeout = caps_->timeout_per_call;
  if (deadline_ != absl::InfiniteFuture()) options.deadline = deadline_;
  absl::StatusOr<std::vector<Value>> r = instance_->Call(name, args, options);
  ForwardOutput();
  if (!r.ok()) {
    poisoned_ = true;
    return Annotate(r.status(), absl::StrCat("plugin \"", caps_->name, "\": ", name, ": "));
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

absl::StatusOr<uint32_t> PluginSession::WriteInput(absl::string_view bytes) {
  if (bytes.size() > kMaxPluginOutput) {
    return absl::InvalidArgumentError(absl::StrCat("plugin input of ", bytes.size(),
                                                   " bytes exceeds ", kMaxPluginOutput));
  }
  auto r = CallExport("weft_alloc", {Value::I32(int32_t(bytes.size()))});
  if (!r.ok()) return r.status();
  const uint32_t ptr = uint32_t((*r)[0].i32());
  if (ptr == 0 && !bytes.empty()) {
    poisoned_ = true;
    return absl::ResourceExhaustedError(absl::StrCat(
        "plugin \"", caps_->name, "\": weft_alloc(", bytes.size(), ") failed (returned 0)"));
  }
  absl::StatusOr<Memory> mem = instance_->GetMemory();
  if (!mem.ok()) return mem.status();
  if (uint64_t(ptr) + bytes.size() > mem->size_bytes()) {
    poisoned_ = true;
    return absl::FailedPreconditionError(absl::StrCat(
        "plugin \"", caps_->name, "\": weft_alloc(", bytes.size(), ") returned ", ptr,
        ", outside its memory of ", mem->size_bytes(), " bytes"));
  }
  absl::Status w = mem->Write(ptr, absl::MakeConstSpan(
                                       reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size()));
  if (!w.ok()) return w;
  return ptr;
}

absl::StatusOr<std::string> PluginSession::TakeOutput(uint64_t packed, absl::string_view what) {
  const uint32_t ptr = uint32_t(packed), len = uint32_t(packed >> 32);
  absl::StatusOr<Memory> mem = instance_->GetMemory();
  if (!mem.ok()) return mem.status();
  if (len > kMaxPluginOutput || uint64_t(ptr) + len > mem->size_bytes()) {
    poisoned_ = true;
    return absl::DataLossError(absl::StrCat(
        "plugin \"", caps_->name, "\": ", what, " returned ptr=", ptr, " len=", len,
        ", outside its memory of ", mem->size_bytes(), " bytes (limit ", kMaxPluginOutput, ")"));
  }
  std::string out(len, '\0');
  absl::Status r = mem->Read(ptr, absl::MakeSpan(reinterpret_cast<uint8_t*>(out.data()), len));
  if (!r.ok()) return r;
  if (len != 0) {
    auto f = CallExport("weft_free", {Value::I32(int32_t(ptr)), Value::I32(int32_t(len))});
    if (!f.ok()) return f.status();
  }
  return out;
}

absl::StatusOr<std::string> PluginSession::Meta() {
  auto r = CallExport("meta", {});
  if (!r.ok()) return r.status();
  // meta's block is the plugin's own (often static): it is not freed.
  const uint64_t packed = uint64_t((*r)[0].i64());
  const uint32_t ptr = uint32_t(packed), len = uint32_t(packed >> 32);
  absl::StatusOr<Memory> mem = instance_->GetMemory();
  if (!mem.ok()) return mem.status();
  if (len > (1u << 16) || uint64_t(ptr) + len > mem->size_bytes()) {
    return absl::DataLossError(absl::StrCat("plugin \"", caps_->name, "\": meta returned ptr=",
                                            ptr, " len=", len, ", outside its memory"));
  }
  std::string out(len, '\0');
  absl::Status s = mem->Read(ptr, absl::MakeSpan(reinterpret_cast<uint8_t*>(out.data()), len));
  if (!s.ok()) return s;
  return out;
}

absl::StatusOr<std::string> PluginSession::Execute(absl::string_view input) {
  return Execute(input, absl::InfiniteFuture());
}

absl::StatusOr<std::string> PluginSession::Execute(absl::string_view input, absl::Time deadline) {
  deadline_ = deadline;
  struct ClearDeadline {
    absl::Time* d;
    ~ClearDeadline() { *d = absl::InfiniteFuture(); }
  } clear{&deadline_};
  absl::StatusOr<uint32_t> ptr = WriteInput(input);
  if (!ptr.ok()) return ptr.status();
  auto r = CallExport("execute", {Value::I32(int32_t(*ptr)), Value::I32(int32_t(input.size()))});
  last_fuel_used_ = caps_->fuel_per_call == 0 ? 0 : caps_->fuel_per_call - instance_->remaining_fuel();
  if (!r.ok()) return r.status();
  absl::StatusOr<std::string> out = TakeOutput(uint64_t((*r)[0].i64()), "execute");
  if (!out.ok()) return out;
  if (!input.empty()) {
    auto f = CallExport("weft_free", {Value::I32(int32_t(*ptr)), Value::I32(int32_t(input.size()))});
    if (!f.ok()) return f.status();
  }
  return out;
}

}  // namespace weft
