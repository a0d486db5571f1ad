#include "weft/value.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace weft {

std::string Value::ToString() const {
  const char* name = ValTypeName(type_);
  switch (type_) {
    case ValType::kI32:
      return absl::StrCat(name, ":", i32());
    case ValType::kI64:
      return absl::StrCat(name, ":", i64());
    case ValType::kF32:
      return absl::StrFormat("%s:%a", name, f32());
    case ValType::kF64:
      return absl::StrFormat("%s:%a", name, f64());
    case ValType::kV128:
      return absl::StrFormat("%s:0x%016x%016x", name, hi_, lo_);
    case ValType::kFuncRef:
    case ValType::kExternRef:
    case ValType::kExnRef:
      if (lo_ == 0) return absl::StrCat(name, ":null");
      return absl::StrFormat("%s:0x%x", name, lo_);
  }
  return name;
}

}  // namespace weft
