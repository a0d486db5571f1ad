// Conversions between weft.h's C values and errors and the C++ API's.
#include <algorithm>
#include <cstring>
#include <utility>

#include "absl/strings/str_cat.h"
#include "api/c_api_internal.h"

namespace weft::c_api {

weft_error_t* Wrap(absl::Status status) {
  if (status.ok()) return nullptr;
  auto* e = new weft_error;
  e->message = std::string(status.message());
  e->status = std::move(status);
  return e;
}

weft_error_t* Error(absl::string_view message) {
  return Wrap(absl::InvalidArgumentError(message));
}

weft_error_t* NullArgument(absl::string_view function, absl::string_view what) {
  return Error(absl::StrCat(function, ": null argument `", what, "`"));
}

bool KnownKind(weft_valkind_t kind) {
  switch (kind) {
    case WEFT_I32:
    case WEFT_I64:
    case WEFT_F32:
    case WEFT_F64:
    case WEFT_V128:
    case WEFT_FUNCREF:
    case WEFT_EXTERNREF:
    case WEFT_ANYREF:
      return true;
    default:  // any int a C caller passes (weft.h's full-range enums)
      break;
  }
  // A typed reference's code as a result gave it ((ref $t): its
  // ValType code), passed back as it came.
  return kind > 0 && weft::IsRefType(weft::ValType(uint32_t(kind)));
}

weft::Value ToValue(const weft_val_t& v) {
  switch (v.kind) {
    case WEFT_I32:
      return weft::Value::I32(v.of.i32);
    case WEFT_I64:
      return weft::Value::I64(v.of.i64);
    case WEFT_F32:
      return weft::Value::F32(v.of.f32);
    case WEFT_F64:
      return weft::Value::F64(v.of.f64);
    case WEFT_V128: {
      uint64_t half[2];
      std::memcpy(half, v.of.v128, 16);
      return weft::Value::V128(half[0], half[1]);
    }
    case WEFT_FUNCREF:
    case WEFT_EXTERNREF:
    case WEFT_ANYREF:
      return weft::Value::Ref(weft::ValType(v.kind), v.of.ref);
    default:  // callers check KnownKind first: a typed reference
      if (weft::IsRefType(weft::ValType(uint32_t(v.kind)))) {
        return weft::Value::Ref(weft::ValType(uint32_t(v.kind)), v.of.ref);
      }
      break;
  }
  return weft::Value();
}

weft_val_t FromValue(const weft::Value& v) {
  weft_val_t out;
  std::memset(&out, 0, sizeof out);
  out.kind = weft_valkind_t(v.type());
  // GC's abstract types all read as WEFT_ANYREF in C.
  if (weft::IsRefType(v.type())) {
    switch (weft::RefHeapType(v.type())) {
      case weft::HeapType::kAny:
      case weft::HeapType::kEq:
      case weft::HeapType::kI31:
      case weft::HeapType::kStruct:
      case weft::HeapType::kArray:
      case weft::HeapType::kNone:
        out.kind = WEFT_ANYREF;
        break;
      default:
        break;
    }
  }
  switch (v.type()) {
    case weft::ValType::kI32:
      out.of.i32 = v.i32();
      break;
    case weft::ValType::kI64:
      out.of.i64 = v.i64();
      break;
    case weft::ValType::kF32:
      out.of.f32 = v.f32();
      break;
    case weft::ValType::kF64:
      out.of.f64 = v.f64();
      break;
    case weft::ValType::kV128: {
      const uint64_t half[2] = {v.v128_lo(), v.v128_hi()};
      std::memcpy(out.of.v128, half, 16);
      break;
    }
    default:
      out.of.ref = v.ref_handle();
      break;
  }
  return out;
}

absl::Status ReadMemory(const absl::StatusOr<weft::Memory>& memory, uint64_t offset, void* out,
                        size_t size) {
  if (!memory.ok()) return memory.status();
  return memory->Read(offset, absl::MakeSpan(static_cast<uint8_t*>(out), size));
}

absl::Status WriteMemory(absl::StatusOr<weft::Memory> memory, uint64_t offset,
                         const void* data, size_t size) {
  if (!memory.ok()) return memory.status();
  return memory->Write(offset, absl::MakeConstSpan(static_cast<const uint8_t*>(data), size));
}

absl::Status ToValues(absl::string_view function, const weft_val_t* in, size_t n,
                      std::vector<weft::Value>* out) {
  out->clear();
  out->reserve(n);
  for (size_t i = 0; i < n; ++i) {
    if (!KnownKind(in[i].kind)) {
      return absl::InvalidArgumentError(
          absl::StrCat(function, ": value ", i, " has an unknown kind ", int(in[i].kind)));
    }
    out->push_back(ToValue(in[i]));
  }
  return absl::OkStatus();
}

absl::Status ToFuncType(absl::string_view function, const weft_valkind_t* params,
                        size_t nparams, const weft_valkind_t* results, size_t nresults,
                        weft::FuncType* out) {
  for (size_t i = 0; i < nparams; ++i) {
    if (!KnownKind(params[i])) {
      return absl::InvalidArgumentError(absl::StrCat(function, ": bad parameter kind"));
    }
    out->params.push_back(weft::ValType(params[i]));
  }
  for (size_t i = 0; i < nresults; ++i) {
    if (!KnownKind(results[i])) {
      return absl::InvalidArgumentError(absl::StrCat(function, ": bad result kind"));
    }
    out->results.push_back(weft::ValType(results[i]));
  }
  return absl::OkStatus();
}

weft::InstanceLimits ToLimits(const weft_limits_t& l) {
  weft::InstanceLimits limits;
  if (l.max_memory_pages != 0) limits.max_memory_pages = l.max_memory_pages;
  if (l.max_call_depth != 0) limits.max_call_depth = l.max_call_depth;
  if (l.max_stack_slots != 0) limits.max_stack_slots = l.max_stack_slots;
  if (l.fuel_per_call != 0) limits.fuel_per_call = l.fuel_per_call;
  return limits;
}

absl::Duration Milliseconds(uint64_t ms) {
  return absl::Milliseconds(int64_t(std::min<uint64_t>(ms, INT64_MAX / 2)));
}

}  // namespace weft::c_api
