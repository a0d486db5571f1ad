// Trap codes, trap statuses with backtraces, and slot/Value conversion.
#include <algorithm>
#include <map>
#include <optional>
#include <cstring>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "interp/gc_heap.h"
#include "api/internal.h"
#include "api/source_lines_cache.h"
#include "base/demangle.h"
#include "debuginfo/source_lines.h"
#include "weft/trap_code.h"

namespace weft {

TrapCode GetTrapCode(const absl::Status& status) {
  if (status.ok()) return TrapCode::kOk;
  return static_cast<TrapCode>(runtime::TrapCodeOf(status));
}

const char* TrapCodeMessage(TrapCode code) {
  return interp::TrapMessage(static_cast<interp::TrapCode>(code));
}

namespace api {

namespace {

bool IsExternHierarchy(ValType t) {
  const HeapType h = RefHeapType(t);
  return h == HeapType::kExtern || h == HeapType::kNoExtern;
}

}  // namespace

uint64_t ValueToSlot(const Value& v) {
  // Every reference type (typed references too, whose codes are not
  // enumerators) is its handle; a host's extern handle is tagged so that
  // GC code can tell it from an object (interp/gc_heap.h).
  if (IsRefType(v.type())) {
    if (IsExternHierarchy(v.type()) && v.ref_handle() != 0) {
      return interp::MakeHostRef(v.ref_handle());
    }
    return uint64_t(v.ref_handle());
  }
  switch (v.type()) {
    case ValType::kI32:
      return uint32_t(v.i32());
    case ValType::kF32:
      return v.f32_bits();
    case ValType::kI64:
      return uint64_t(v.i64());
    case ValType::kF64:
      return v.f64_bits();
    case ValType::kFuncRef:
    case ValType::kExternRef:
    case ValType::kExnRef:
    case ValType::kNullFuncRef:
    case ValType::kNullExternRef:
      return uint64_t(v.ref_handle());  // unreachable: IsRefType above
    case ValType::kV128:
      return v.v128_lo();  // the high half: see WriteSlots
  }
  return 0;
}

size_t WriteSlots(const Value& v, uint64_t* out) {
  out[0] = ValueToSlot(v);
  if (v.type() != ValType::kV128) return 1;
  out[1] = v.v128_hi();
  return 2;
}

Value ReadSlots(ValType type, const uint64_t* in, size_t* consumed) {
  if (type == ValType::kV128) {
    *consumed = 2;
    return Value::V128(in[0], in[1]);
  }
  *consumed = 1;
  return SlotToValue(type, in[0]);
}

Value SlotToValue(ValType type, uint64_t slot) {
  if (IsRefType(type)) {
    // A host handle comes back as it went in; a GC value converted with
    // extern.convert_any keeps its bits (opaque to the host).
    if (IsExternHierarchy(type) && interp::IsHostRef(slot)) {
      return Value::Ref(type, uintptr_t(interp::HostRefHandle(slot)));
    }
    return Value::Ref(type, uintptr_t(slot));
  }
  switch (type) {
    case ValType::kI32:
      return Value::I32(int32_t(uint32_t(slot)));
    case ValType::kF32:
      return Value::F32Bits(uint32_t(slot));
    case ValType::kI64:
      return Value::I64(int64_t(slot));
    case ValType::kF64:
      return Value::F64Bits(slot);
    case ValType::kFuncRef:
    case ValType::kExternRef:
    case ValType::kExnRef:
    case ValType::kNullFuncRef:
    case ValType::kNullExternRef:
      return Value::Ref(type, uintptr_t(slot));
    case ValType::kV128:
      break;  // two slots: see ReadSlots
  }
  return Value(type);
}

std::string FunctionLabel(const Module* module, uint32_t func_index) {
  // Compilers store mangled names (C++'s _Z..., Rust's _R...): print them
  // readable; GetBacktrace keeps both.
  std::string name = module != nullptr ? DemangleSymbol(module->function_name(func_index)) : "";
  return name.empty() ? absl::StrCat("func[", func_index, "]")
                      : absl::StrCat("func[", func_index, "] <", name, ">");
}

namespace {

// "tag 1 \"e\" (i32:5 i64:7)": the uncaught exception's tag, as the
// throwing instance numbers (and exports) it, and its payload.
std::string DescribeException(const interp::ExecContext& ctx) {
  const interp::Exception* e = ctx.exception;
  if (e == nullptr || e->tag == nullptr) return "";
  std::string text = "tag";
  const interp::InstanceData* inst =
      ctx.backtrace.empty() ? nullptr : ctx.backtrace.front().instance;
  if (inst != nullptr) {
    for (size_t i = 0; i < inst->tags.size(); ++i) {
      if (inst->tags[i] != e->tag) continue;
      absl::StrAppend(&text, " ", i);
      if (inst->module != nullptr) {
        for (const Export& x : inst->module->exports) {
          if (x.kind == ExternKind::kTag && x.index == i) {
            absl::StrAppend(&text, " \"", x.name, "\"");
            break;
          }
        }
      }
      break;
    }
  }
  absl::StrAppend(&text, " (");
  size_t at = 0;
  const std::vector<ValType>& params = e->tag->type->params;
  for (size_t i = 0; i < params.size() && at < e->payload.size(); ++i) {
    size_t used = 0;
    if (params[i] == ValType::kV128 && at + 1 >= e->payload.size()) break;
    const Value v = ReadSlots(params[i], e->payload.data() + at, &used);
    absl::StrAppend(&text, i ? " " : "", v.ToString());
    at += used;
  }
  return absl::StrCat(text, ")");
}

// Status payload under which a trap carries its backtrace frames
// (GetBacktrace): the total depth (u64), the number of frames kept (u32),
// then per kept frame its depth (u64), function index and module offset
// (u32 each), its name, its source position, the number of inlined frames
// (u32) and per inlined frame its name and source position. A name or
// file is its length (u32) and bytes; a source position is line, column
// (u32 each) and file (line 0: no position). Host byte order: the payload
// never leaves the process.
constexpr absl::string_view kBacktracePayloadUrl = "weft.dev/backtrace";

// Deep recursion leaves thousands of frames: the message and the payload
// keep the innermost and outermost kBacktraceEnds.
constexpr size_t kBacktraceEnds = 20;

bool KeepFrame(size_t i, size_t n) {
  return n <= 2 * kBacktraceEnds || i < kBacktraceEnds || i >= n - kBacktraceEnds;
}

template <typename T>
void AppendRaw(std::string* out, T v) {
  out->append(reinterpret_cast<const char*>(&v), sizeof v);
}

template <typename T>
bool TakeRaw(absl::string_view* in, T* v) {
  if (in->size() < sizeof *v) return false;
  std::memcpy(v, in->data(), sizeof *v);
  in->remove_prefix(sizeof *v);
  return true;
}

void AppendText(std::string* out, absl::string_view text) {
  AppendRaw<uint32_t>(out, uint32_t(text.size()));
  out->append(text.data(), text.size());
}

bool TakeText(absl::string_view* in, std::string* text) {
  uint32_t size = 0;
  if (!TakeRaw(in, &size) || in->size() < size) return false;
  *text = std::string(in->substr(0, size));
  in->remove_prefix(size);
  return true;
}

void AppendSource(std::string* out, const std::optional<SourceLocation>& where) {
  AppendRaw<uint32_t>(out, where ? where->line : 0);
  AppendRaw<uint32_t>(out, where ? where->column : 0);
  AppendText(out, where ? absl::string_view(where->file) : "");
}

template <typename Frame>
bool TakeSource(absl::string_view* in, Frame* f) {
  return TakeRaw(in, &f->source_line) && TakeRaw(in, &f->source_column) &&
         TakeText(in, &f->source_file);
}

// The source positions of a trap's frames, from each module's DWARF line
// tables (read once per compiled module: source_lines_cache.h).
class FrameSources {
 public:
  CodePosition Locate(const interp::BacktraceFrame& f) {
    if (f.instance == nullptr) return {};
    auto it = tables_.find(f.instance);
    if (it == tables_.end()) it = tables_.emplace(f.instance, SourceLinesOf(*f.instance)).first;
    if (it->second == nullptr) return {};
    return it->second->Locate(f.code_offset);
  }

 private:
  std::map<const interp::InstanceData*, std::shared_ptr<const SourceLines>> tables_;
};

void AttachBacktrace(const std::vector<interp::BacktraceFrame>& frames, FrameSources& sources,
                     absl::Status* status) {
  const size_t n = frames.size();
  std::string bytes;
  AppendRaw<uint64_t>(&bytes, n);
  AppendRaw<uint32_t>(&bytes, uint32_t(std::min(n, 2 * kBacktraceEnds)));
  for (size_t i = 0; i < n; ++i) {
    if (!KeepFrame(i, n)) continue;
    const interp::BacktraceFrame& f = frames[i];
    const Module* m = f.instance != nullptr ? f.instance->module : nullptr;
    const std::string name = m != nullptr ? m->function_name(f.func_index) : "";
    AppendRaw<uint64_t>(&bytes, i);
    AppendRaw<uint32_t>(&bytes, f.func_index);
    AppendRaw<uint32_t>(&bytes, f.code_offset);
    AppendText(&bytes, name);
    const CodePosition position = sources.Locate(f);
    AppendSource(&bytes, position.where);
    AppendRaw<uint32_t>(&bytes, uint32_t(position.inlined.size()));
    for (const InlinedFrame& inlined : position.inlined) {
      AppendText(&bytes, inlined.name);
      AppendSource(&bytes, inlined.where);
    }
  }
  status->SetPayload(kBacktracePayloadUrl, absl::Cord(std::move(bytes)));
}

// " at FILE:LINE:COLUMN" (the column when known), or "".
std::string SourceSuffix(const std::optional<SourceLocation>& where) {
  if (!where) return "";
  return where->column != 0 ? absl::StrCat(" at ", where->file, ":", where->line, ":", where->column)
                            : absl::StrCat(" at ", where->file, ":", where->line);
}

// One wasm frame's lines: the functions inlined at its instruction first,
// innermost first, then the frame's own function, under one frame number.
std::string FrameLines(size_t number, const interp::BacktraceFrame& f,
                       const CodePosition& position) {
  const std::string prefix = absl::StrCat("  #", number, " ");
  const std::string indent(prefix.size(), ' ');
  std::string text;
  for (const InlinedFrame& inlined : position.inlined) {
    const std::string name = DemangleSymbol(inlined.name);
    absl::StrAppend(&text, "\n", text.empty() ? prefix : indent, "inlined ",
                    name.empty() ? "function" : absl::StrCat("<", name, ">"),
                    SourceSuffix(inlined.where));
  }
  const Module* m = f.instance != nullptr ? f.instance->module : nullptr;
  absl::StrAppendFormat(&text, "\n%s%s @ 0x%x%s", text.empty() ? prefix : indent,
                        FunctionLabel(m, f.func_index), f.code_offset,
                        SourceSuffix(position.where));
  return text;
}

}  // namespace

absl::Status MakeTrapStatus(const interp::ExecContext& ctx, interp::TrapCode code) {
  std::string text = interp::DescribeTrap(
      code, code == interp::TrapCode::kUncaughtException ? DescribeException(ctx)
                                                         : ctx.trap_detail);
  FrameSources sources;
  if (!ctx.backtrace.empty()) {
    absl::StrAppend(&text, "\nwasm backtrace:");
    // Say how many frames were left out between the ends kept.
    const size_t n = ctx.backtrace.size();
    for (size_t i = 0; i < n; ++i) {
      if (n > 2 * kBacktraceEnds && i == kBacktraceEnds) {
        absl::StrAppend(&text, "\n  ... ", n - 2 * kBacktraceEnds, " frames ...");
        i = n - kBacktraceEnds;
      }
      const interp::BacktraceFrame& f = ctx.backtrace[i];
      text += FrameLines(i, f, sources.Locate(f));
    }
  }
  // Same payload as the runtime's trap statuses, so GetTrapCode reads both.
  absl::Status tagged = runtime::TrapStatus(code);
  absl::Status out = absl::AbortedError(text);
  tagged.ForEachPayload([&](absl::string_view url, const absl::Cord& payload) {
    out.SetPayload(url, payload);
  });
  if (!ctx.backtrace.empty()) AttachBacktrace(ctx.backtrace, sources, &out);
  if (code == interp::TrapCode::kUncaughtException && ctx.exception != nullptr) {
    AttachException(*ctx.exception, &out);
  }
  return out;
}

absl::Status NativeStackExhausted() {
  absl::Status tagged = runtime::TrapStatus(interp::TrapCode::kCallStackExhausted);
  absl::Status out = absl::AbortedError(
      "call stack exhausted: too much native stack used by nested host->wasm calls");
  tagged.ForEachPayload([&](absl::string_view url, const absl::Cord& payload) {
    out.SetPayload(url, payload);
  });
  return out;
}

}  // namespace api

Backtrace GetBacktrace(const absl::Status& status) {
  Backtrace out;
  absl::optional<absl::Cord> payload = status.GetPayload(api::kBacktracePayloadUrl);
  if (!payload.has_value()) return out;
  const std::string bytes(*payload);
  absl::string_view in = bytes;
  uint64_t total = 0;
  uint32_t kept = 0;
  if (!api::TakeRaw(&in, &total) || !api::TakeRaw(&in, &kept)) return out;
  for (uint32_t i = 0; i < kept; ++i) {
    BacktraceFrame f;
    uint32_t inlined_count = 0;
    if (!api::TakeRaw(&in, &f.depth) || !api::TakeRaw(&in, &f.func_index) ||
        !api::TakeRaw(&in, &f.module_offset) || !api::TakeText(&in, &f.name) ||
        !api::TakeSource(&in, &f) || !api::TakeRaw(&in, &inlined_count)) {
      return Backtrace();
    }
    f.demangled_name = DemangleSymbol(f.name);
    for (uint32_t j = 0; j < inlined_count; ++j) {
      InlinedBacktraceFrame inlined;
      if (!api::TakeText(&in, &inlined.name) || !api::TakeSource(&in, &inlined)) {
        return Backtrace();
      }
      inlined.demangled_name = DemangleSymbol(inlined.name);
      f.inlined.push_back(std::move(inlined));
    }
    out.frames.push_back(std::move(f));
  }
  out.total_frames = total;
  return out;
}

}  // namespace weft
