// wasm.h traps and frames: traps made by the host (wasm_trap_new), and the
// traps of failed calls and instantiations with the frames of weft's
// backtrace.
#include <cstring>
#include <string>

#include "absl/strings/string_view.h"
#include "api/wasm_c_api_internal.h"
#include "weft/trap_code.h"

namespace weft::capi {

wasm_trap_t* TrapFromStatus(wasm_store_t* store, const absl::Status& status,
                            const interp::ExecContext* ctx) {
  auto* trap = new wasm_trap_t;
  const TrapCode code = GetTrapCode(status);
  if (code == TrapCode::kHostTrap && ctx != nullptr && !ctx->trap_detail.empty()) {
    // A host callback's trap: its own message, as the embedder wrote it.
    trap->message = ctx->trap_detail;
  } else {
    // weft's message without the textual backtrace (the frames say it).
    absl::string_view m = status.message();
    trap->message = std::string(m.substr(0, m.find("\nwasm backtrace:")));
  }
  if (ctx == nullptr || code == TrapCode::kOk) return trap;
  for (const interp::BacktraceFrame& f : ctx->backtrace) {
    wasm_frame_t frame;
    frame.func_index = f.func_index;
    frame.module_offset = f.code_offset;
    const Module* m = f.instance != nullptr ? f.instance->module : nullptr;
    if (m != nullptr && f.func_index >= m->num_imported_funcs &&
        f.func_index - m->num_imported_funcs < m->code.size()) {
      const uint32_t body = m->code[f.func_index - m->num_imported_funcs].body_offset;
      if (f.code_offset >= body) frame.func_offset = f.code_offset - body;
    }
    auto it = store->instances.find(f.instance);
    frame.instance = it != store->instances.end() ? it->second : nullptr;
    trap->frames.push_back(frame);
  }
  return trap;
}

}  // namespace weft::capi

extern "C" {

wasm_trap_t* wasm_trap_new(wasm_store_t*, const wasm_message_t* message) {
  auto* trap = new wasm_trap_t;
  if (message != nullptr && message->size > 0) {
    // Messages carry their NUL; keep the text before it.
    size_t n = strnlen(message->data, message->size);
    trap->message.assign(message->data, n);
  }
  return trap;
}

void wasm_trap_delete(wasm_trap_t* t) { delete t; }

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
wasm_instance_t* wasm_frame_instance(const wasm_frame_t* f) { return f->instance; }
uint32_t wasm_frame_func_index(const wasm_frame_t* f) { return f->func_index; }
size_t wasm_frame_func_offset(const wasm_frame_t* f) { return f->func_offset; }
size_t wasm_frame_module_offset(const wasm_frame_t* f) { return f->module_offset; }

}  // extern "C"
