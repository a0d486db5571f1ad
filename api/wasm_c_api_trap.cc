// wasm.h traps and frames: traps made by the host (wasm_trap_new), and the
// traps of failed calls and instantiations with the frames of weft's
// backtrace.
#include <cstring>
#include <string>

#include "absl/strings/string_view.h"
#include "api/wasm_c_api_internal.h"
#include "weft/trap_code.h"

namespace weft::capi {

namespace {

// Where function `func_index`'s body begins: the first byte after its size
// field (the local declarations), which is what wasm_frame_func_offset
// counts from. 0 when the module has no body for it (an import).
size_t BodyStart(const Module& m, uint32_t func_index) {
  if (func_index < m.num_imported_funcs) return 0;
  const uint32_t defined = func_index - m.num_imported_funcs;
  if (defined >= m.code.size()) return 0;
  // The size field is a LEB128 whose length the decoder did not keep: step
  // over its continuation bytes.
  size_t at = m.code[defined].body_offset;
  while (at < m.bytes.size() && (m.bytes[at] & 0x80) != 0) ++at;
  return at + 1;
}

}  // namespace

wasm_trap_t* NewTrap(std::string message) {
  auto* trap = new wasm_trap_t;
  trap->message = std::move(message);
  return trap;
}

wasm_trap_t* TrapFromStatus(wasm_store_t* store, const absl::Status& status,
                            const interp::ExecContext* ctx) {
  const TrapCode code = GetTrapCode(status);
  std::string message;
  if (code == TrapCode::kHostTrap && ctx != nullptr && !ctx->trap_detail.empty()) {
    // A host callback's trap: its own message, as the embedder wrote it.
    message = ctx->trap_detail;
  } else {
    // weft's message without the textual backtrace (the frames say it).
    absl::string_view m = status.message();
    message = std::string(m.substr(0, m.find("\nwasm backtrace:")));
  }
  wasm_trap_t* trap = NewTrap(std::move(message));
  if (ctx == nullptr || code == TrapCode::kOk) return trap;
  for (const interp::BacktraceFrame& f : ctx->backtrace) {
    wasm_frame_t& frame = trap->frames.emplace_back();
    frame.func_index = f.func_index;
    frame.module_offset = f.code_offset;
    const Module* m = f.instance != nullptr ? f.instance->module : nullptr;
    const size_t body = m != nullptr ? BodyStart(*m, f.func_index) : 0;
    if (body != 0 && f.code_offset >= body) frame.func_offset = f.code_offset - body;
    frame.instance.reset(InstanceForFrame(store, f.instance));
  }
  return trap;
}

}  // namespace weft::capi

extern "C" {

wasm_trap_t* wasm_trap_new(wasm_store_t*, const wasm_message_t* message) {
  std::string text;
  if (message != nullptr && message->size > 0) {
    // Messages carry their NUL; keep the text before it (all of it when an
    // embedder left the NUL out).
    text.assign(message->data, strnlen(message->data, message->size));
  }
  return weft::capi::NewTrap(std::move(text));
}

void wasm_trap_message(const wasm_trap_t* t, wasm_message_t* out) {
  // NUL-terminated, as the standard defines messages.
  wasm_byte_vec_new_uninitialized(out, t->message.size() + 1);
  std::memcpy(out->data, t->message.c_str(), t->message.size() + 1);
}

wasm_frame_t* wasm_trap_origin(const wasm_trap_t* t) {
  return t->frames.empty() ? nullptr : new wasm_frame_t(t->frames.front());
}

void wasm_trap_trace(const wasm_trap_t* t, wasm_frame_vec_t* out) {
  wasm_frame_vec_new_uninitialized(out, t->frames.size());
  for (size_t i = 0; i < t->frames.size(); ++i) out->data[i] = new wasm_frame_t(t->frames[i]);
}

void wasm_frame_delete(wasm_frame_t* f) { delete f; }
wasm_frame_t* wasm_frame_copy(const wasm_frame_t* f) { return new wasm_frame_t(*f); }
wasm_instance_t* wasm_frame_instance(const wasm_frame_t* f) { return f->instance.get(); }
uint32_t wasm_frame_func_index(const wasm_frame_t* f) { return f->func_index; }
size_t wasm_frame_func_offset(const wasm_frame_t* f) { return f->func_offset; }
size_t wasm_frame_module_offset(const wasm_frame_t* f) { return f->module_offset; }

}  // extern "C"
