// weft.h's errors: messages, trap codes and their names, WASI exits,
// exception payloads and structured backtrace frames.
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "api/c_api_internal.h"
#include "weft/caller.h"
#include "weft/trap_code.h"

// weft.h's trap codes and weft::TrapCode come from one list
// (weft/trap_codes.inc); check every value anyway.
#define WEFT_TRAP_CODE(name, c_name, message) \
  static_assert(int(WEFT_TRAP_##c_name) == int(weft::TrapCode::k##name));
#include "weft/trap_codes.inc"
#undef WEFT_TRAP_CODE

// weft_error_code_t is absl::StatusCode.
static_assert(int(WEFT_ERROR_DEADLINE_EXCEEDED) == int(absl::StatusCode::kDeadlineExceeded));
static_assert(int(WEFT_ERROR_UNAVAILABLE) == int(absl::StatusCode::kUnavailable));
static_assert(int(WEFT_ERROR_UNAUTHENTICATED) == int(absl::StatusCode::kUnauthenticated));

// The same for extern kinds.
static_assert(int(WEFT_EXTERN_FUNC) == int(weft::ExternKind::kFunc));
static_assert(int(WEFT_EXTERN_TABLE) == int(weft::ExternKind::kTable));
static_assert(int(WEFT_EXTERN_MEMORY) == int(weft::ExternKind::kMemory));
static_assert(int(WEFT_EXTERN_GLOBAL) == int(weft::ExternKind::kGlobal));
static_assert(int(WEFT_EXTERN_TAG) == int(weft::ExternKind::kTag));

namespace {

// Decoded on first use and kept with the error, so the frame names handed
// out live as long as the error.
const weft::Backtrace& BacktraceOf(const weft_error_t* error) {
  if (!error->backtrace.has_value()) error->backtrace = weft::GetBacktrace(error->status);
  return *error->backtrace;
}

}  // namespace

extern "C" {

weft_error_t* weft_error_new(const char* message) {
  return weft::c_api::Wrap(absl::UnknownError(message == nullptr ? "" : message));
}
weft_error_t* weft_error_new_interrupted(void) {
  return weft::c_api::Wrap(weft::Caller::InterruptedError());
}
void weft_error_delete(weft_error_t* error) { delete error; }
const char* weft_error_message(const weft_error_t* error) {
  return error == nullptr ? "" : error->message.c_str();
}
weft_trap_code_t weft_error_trap_code(const weft_error_t* error) {
  return error == nullptr ? WEFT_TRAP_NONE
                          : weft_trap_code_t(weft::GetTrapCode(error->status));
}

weft_error_code_t weft_error_code(const weft_error_t* error) {
  return error == nullptr ? WEFT_ERROR_OK : weft_error_code_t(error->status.code());
}

int weft_error_exit_code(const weft_error_t* error, uint32_t* code) {
  if (error == nullptr || !error->exit_code.has_value()) return 0;
  if (code != nullptr) *code = *error->exit_code;
  return 1;
}

int weft_error_exception_payload(const weft_error_t* error, weft_val_t* out, size_t cap,
                                 size_t* count) {
  if (error == nullptr) return -1;
  std::optional<std::vector<weft::Value>> values = weft::GetExceptionPayload(error->status);
  if (!values.has_value()) return -1;
  if (count != nullptr) *count = values->size();
  for (size_t i = 0; i < values->size() && i < cap && out != nullptr; ++i) {
    out[i] = weft::c_api::FromValue((*values)[i]);
  }
  return 0;
}

size_t weft_error_frame_count(const weft_error_t* error) {
  return error == nullptr ? 0 : BacktraceOf(error).frames.size();
}

uint64_t weft_error_frame_total(const weft_error_t* error) {
  return error == nullptr ? 0 : BacktraceOf(error).total_frames;
}

int weft_error_frame(const weft_error_t* error, size_t index, uint32_t* func_index,
                     const char** name, uint32_t* module_offset) {
  if (error == nullptr) return -1;
  const weft::Backtrace& bt = BacktraceOf(error);
  if (index >= bt.frames.size()) return -1;
  const weft::BacktraceFrame& f = bt.frames[index];
  if (func_index != nullptr) *func_index = f.func_index;
  if (name != nullptr) *name = f.name.c_str();
  if (module_offset != nullptr) *module_offset = f.module_offset;
  return 0;
}

const char* weft_error_frame_demangled_name(const weft_error_t* error, size_t index) {
  if (error == nullptr) return nullptr;
  const weft::Backtrace& bt = BacktraceOf(error);
  return index < bt.frames.size() ? bt.frames[index].demangled_name.c_str() : nullptr;
}

int weft_error_frame_source(const weft_error_t* error, size_t index, const char** file,
                            uint32_t* line, uint32_t* column) {
  if (error == nullptr) return -1;
  const weft::Backtrace& bt = BacktraceOf(error);
  if (index >= bt.frames.size() || bt.frames[index].source_line == 0) return -1;
  const weft::BacktraceFrame& f = bt.frames[index];
  if (file != nullptr) *file = f.source_file.c_str();
  if (line != nullptr) *line = f.source_line;
  if (column != nullptr) *column = f.source_column;
  return 0;
}

size_t weft_error_frame_inlined_count(const weft_error_t* error, size_t index) {
  if (error == nullptr) return 0;
  const weft::Backtrace& bt = BacktraceOf(error);
  return index < bt.frames.size() ? bt.frames[index].inlined.size() : 0;
}

int weft_error_frame_inlined(const weft_error_t* error, size_t index, size_t inlined,
                             const char** name, const char** demangled_name, const char** file,
                             uint32_t* line, uint32_t* column) {
  if (error == nullptr) return -1;
  const weft::Backtrace& bt = BacktraceOf(error);
  if (index >= bt.frames.size() || inlined >= bt.frames[index].inlined.size()) return -1;
  const weft::InlinedBacktraceFrame& f = bt.frames[index].inlined[inlined];
  if (name != nullptr) *name = f.name.c_str();
  if (demangled_name != nullptr) *demangled_name = f.demangled_name.c_str();
  if (file != nullptr) *file = f.source_file.c_str();
  if (line != nullptr) *line = f.source_line;
  if (column != nullptr) *column = f.source_column;
  return 0;
}

uint64_t weft_error_frame_depth(const weft_error_t* error, size_t index) {
  if (error == nullptr) return UINT64_MAX;
  const weft::Backtrace& bt = BacktraceOf(error);
  return index < bt.frames.size() ? bt.frames[index].depth : UINT64_MAX;
}

const char* weft_trap_code_name(weft_trap_code_t code) {
  switch (code) {
#define WEFT_TRAP_CODE(name, c_name, message) \
  case WEFT_TRAP_##c_name:                    \
    return #c_name;
#include "weft/trap_codes.inc"
#undef WEFT_TRAP_CODE
    default:  // any int a C caller passes (weft.h's full-range enums)
      break;
  }
  return nullptr;
}

const char* weft_trap_code_message(weft_trap_code_t code) {
  return weft_trap_code_name(code) == nullptr
             ? nullptr
             : weft::TrapCodeMessage(static_cast<weft::TrapCode>(code));
}

const char* weft_extern_kind_name(int kind) {
  switch (kind) {
    case WEFT_EXTERN_FUNC:
    case WEFT_EXTERN_TABLE:
    case WEFT_EXTERN_MEMORY:
    case WEFT_EXTERN_GLOBAL:
    case WEFT_EXTERN_TAG:
      return weft::ExternKindName(static_cast<weft::ExternKind>(kind));
  }
  return nullptr;
}

}  // extern "C"
