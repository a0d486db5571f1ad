#include "wast/weft_script_engine.h"

#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "decoder/decoder.h"
#include "interp/executor.h"
#include "interp/module_code.h"
#include "interp/gc_heap.h"
#include "runtime/spectest.h"
#include "validator/type_canon.h"

namespace weft::wast {
namespace {

using interp::TrapCode;

// Script externref and host ids become host references (interp/gc_heap.h:
// the id shifted, with the host tag), so that GC code can tell them from
// objects and i31s; 0 is null.
uint64_t ToSlot(const Value& v) {
  if (IsRefType(v.type)) {
    if (v.is_null) return interp::kNullRef;
    if (v.type == ValType::kExternRef || v.type == kScriptAnyRef) return interp::MakeHostRef(v.bits);
    return v.bits;
  }
  return v.bits;
}

// Scripts speak of references as funcref, externref, anyref (GC's any
// hierarchy) or exnref values; a typed reference ((ref $t), (ref null
// extern)) is shown as the one of its family.
ValType ScriptRefType(ValType t) {
  switch (TypeCanonicalizer::Global().TopOf(t)) {
    case HeapType::kExtern: return ValType::kExternRef;
    case HeapType::kAny: return kScriptAnyRef;
    case HeapType::kExn: return ValType::kExnRef;
    default: return ValType::kFuncRef;
  }
}

// Whether a script argument may be passed for a parameter of type `param`.
bool ArgFits(const Value& arg, ValType param) {
  if (!IsRefType(param)) return arg.type == param;
  if (arg.type != ScriptRefType(param)) return false;
  return !arg.is_null || RefIsNullable(param);
}

// What a reference of the any hierarchy is, for result patterns.
uint64_t ClassOf(uint64_t slot) {
  if (interp::IsI31Ref(slot)) return Value::kI31;
  if (interp::IsHostRef(slot)) return Value::kHost;
  if (!interp::IsObjectRef(slot)) return Value::kNoClass;
  return interp::GcObject::FromRef(slot)->type->kind == CompositeKind::kStruct ? Value::kStruct
                                                                               : Value::kArray;
}

Value FromSlot(ValType type, uint64_t slot, uint64_t hi = 0) {
  if (IsRefType(type)) {
    type = ScriptRefType(type);
    if (slot == interp::kNullRef) return Value::NullRef(type);
    if (type == ValType::kExternRef || type == kScriptAnyRef) {
      const uint64_t cls = ClassOf(slot);
      if (cls == Value::kHost) {
        return Value{type, interp::HostRefHandle(slot), type == kScriptAnyRef ? cls : 0, false};
      }
      return Value{type, slot, cls, false};
    }
    return Value{type, slot, 0, false};
  }
  switch (type) {
    case ValType::kI32:
      return Value::I32(uint32_t(slot));
    case ValType::kF32:
      return Value::F32Bits(uint32_t(slot));
    case ValType::kI64:
      return Value::I64(slot);
    case ValType::kF64:
      return Value::F64Bits(slot);
    case ValType::kV128:
      return Value::V128(slot, hi);
    default:
      return Value();
  }
}

ActionOutcome TrapOutcome(const interp::ExecContext& ctx, TrapCode code) {
  // An exception that left the call is its own outcome (assert_exception).
  if (code == TrapCode::kUncaughtException) {
    return ActionOutcome::Fail(ActionOutcome::Kind::kException, interp::TrapMessage(code));
  }
  if (code == TrapCode::kCallStackExhausted) {
    return ActionOutcome::Fail(ActionOutcome::Kind::kExhaustion,
                               interp::TrapMessage(code));
  }
  return ActionOutcome::Fail(ActionOutcome::Kind::kTrap,
                             interp::DescribeTrap(code, ctx.trap_detail));
}

}  // namespace

WeftScriptEngine::WeftScriptEngine(WasmFeatures features, bool metering)
    : features_(features), metering_(metering) {
  // Printing is not part of what the scripts check; keep the runner quiet.
  runtime::DefineSpectest(store_, linker_, nullptr).IgnoreError();
}

WeftScriptEngine::~WeftScriptEngine() = default;

runtime::Instance* WeftScriptEngine::Find(
    absl::string_view instance_name) const {
  if (instance_name.empty()) return current_;
  auto it = named_.find(instance_name);
  return it == named_.end() ? nullptr : it->second;
}

InstantiateOutcome WeftScriptEngine::Instantiate(
    absl::Span<const uint8_t> wasm, absl::string_view instance_name) {
  using Kind = InstantiateOutcome::Kind;
  current_ = nullptr;
  interp::CompileOptions load_options;
  load_options.features = features_;
  load_options.metering = metering_;
  auto code = interp::ModuleCode::Load(wasm, load_options);
  if (!code.ok()) {
    return InstantiateOutcome::Fail(
        Kind::kError, absl::StrCat("module rejected: ", code.status().message()));
  }
  const std::shared_ptr<const Module>& module = (*code)->shared_module();
  runtime::InstantiateOptions options;
  options.run_start = [this](interp::FunctionInstance* f) {
    context_.ClearInterrupt();
    return interp::Invoke(context_, f, nullptr, nullptr);
  };
  auto inst = store_.Instantiate(module, *code, linker_, options);
  if (!inst.ok()) {
    const absl::Status& s = inst.status();
    Kind kind = runtime::IsLinkError(s)                      ? Kind::kLinkError
                : runtime::TrapCodeOf(s) != TrapCode::kOk ? Kind::kTrap
                                                             : Kind::kError;
    return InstantiateOutcome::Fail(kind, std::string(s.message()));
  }
  current_ = *inst;
  if (!instance_name.empty()) named_[std::string(instance_name)] = *inst;
  return InstantiateOutcome::Ok();
}

bool WeftScriptEngine::Register(absl::string_view instance_name,
                                absl::string_view as, std::string* error) {
  runtime::Instance* inst = Find(instance_name);
  if (inst == nullptr) {
    *error = absl::StrCat("unknown module \"", instance_name, "\"");
    return false;
  }
  linker_.DefineInstance(as, *inst);
  return true;
}

ActionOutcome WeftScriptEngine::Invoke(absl::string_view instance_name,
                                       absl::string_view field,
                                       absl::Span<const Value> args) {
  using Kind = ActionOutcome::Kind;
  runtime::Instance* inst = Find(instance_name);
  if (inst == nullptr) {
    return ActionOutcome::Fail(Kind::kError,
                               absl::StrCat("unknown module ", instance_name));
  }
  const runtime::Extern* ext = inst->FindExport(field);
  if (ext == nullptr || ext->kind != ExternKind::kFunc) {
    return ActionOutcome::Fail(Kind::kError,
                               absl::StrCat("no exported function ", field));
  }
  // The signature in canonical form (a module's own type indices mapped
  // to the process-wide ids the runtime keeps its types in).
  FuncType type = *ext->func->type;
  if (ext->func->instance != nullptr) {
    for (ValType& t : type.params) t = interp::CanonicalValType(t, ext->func->instance->type_ids);
    for (ValType& t : type.results) t = interp::CanonicalValType(t, ext->func->instance->type_ids);
  }
  if (args.size() != type.params.size()) {
    return ActionOutcome::Fail(Kind::kError, "wrong number of arguments");
  }
  std::vector<uint64_t> slots;
  for (size_t i = 0; i < args.size(); ++i) {
    if (!ArgFits(args[i], type.params[i])) {
      return ActionOutcome::Fail(Kind::kError, "argument type mismatch");
    }
    slots.push_back(ToSlot(args[i]));
    if (args[i].type == ValType::kV128) slots.push_back(args[i].bits_hi);
  }
  size_t result_slots = 0;
  for (ValType t : type.results) result_slots += t == ValType::kV128 ? 2 : 1;
  std::vector<uint64_t> results(result_slots + 1);
  context_.ClearInterrupt();
  TrapCode trap =
      interp::Invoke(context_, ext->func, slots.data(), results.data());
  if (trap != TrapCode::kOk) return TrapOutcome(context_, trap);
  std::vector<Value> values;
  size_t at = 0;
  for (ValType t : type.results) {
    if (t == ValType::kV128) {
      values.push_back(FromSlot(t, results[at], results[at + 1]));
      at += 2;
    } else {
      values.push_back(FromSlot(t, results[at++]));
    }
  }
  return ActionOutcome::Values(std::move(values));
}

ActionOutcome WeftScriptEngine::Get(absl::string_view instance_name,
                                    absl::string_view field) {
  using Kind = ActionOutcome::Kind;
  runtime::Instance* inst = Find(instance_name);
  if (inst == nullptr) {
    return ActionOutcome::Fail(Kind::kError,
                               absl::StrCat("unknown module ", instance_name));
  }
  const runtime::Extern* ext = inst->FindExport(field);
  if (ext == nullptr || ext->kind != ExternKind::kGlobal) {
    return ActionOutcome::Fail(Kind::kError,
                               absl::StrCat("no exported global ", field));
  }
  const interp::GlobalCell& g = *ext->global;
  return ActionOutcome::Values({FromSlot(g.type, g.bits[0], g.bits[1])});
}

std::unique_ptr<ScriptEngine> WeftEngineForScript(const std::string& file,
                                                  const WasmFeatures& features,
                                                  std::string* why_not, bool metering) {
  // Every script runs (SIMD included); the hook stays for engines that
  // cannot run some scripts.
  (void)file;
  (void)why_not;
  return std::make_unique<WeftScriptEngine>(features, metering);
}

}  // namespace weft::wast
