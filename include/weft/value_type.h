// weft public API: WebAssembly value types and the small type structures
// (function, table, memory and global types, extern kinds) that the public
// API speaks in. Every layer inside weft (decoder, validator, runtime) uses
// these same definitions, so there is one of each; this header depends on
// nothing but the standard library.
#ifndef WEFT_INCLUDE_WEFT_VALUE_TYPE_H_
#define WEFT_INCLUDE_WEFT_VALUE_TYPE_H_

#include <cstdint>
#include <string>
#include <vector>

namespace weft {

// Values are the binary encodings, so a decoded byte maps directly.
enum class ValType : uint8_t {
  kI32 = 0x7F,
  kI64 = 0x7E,
  kF32 = 0x7D,
  kF64 = 0x7C,
  kV128 = 0x7B,
  kFuncRef = 0x70,
  kExternRef = 0x6F,
};

inline bool IsValTypeByte(uint8_t b) {
  return (b >= 0x7B && b <= 0x7F) || b == 0x70 || b == 0x6F;
}
inline bool IsRefType(ValType t) {
  return t == ValType::kFuncRef || t == ValType::kExternRef;
}
inline bool IsNumType(ValType t) {
  return t == ValType::kI32 || t == ValType::kI64 || t == ValType::kF32 ||
         t == ValType::kF64;
}
const char* ValTypeName(ValType t);  // "i32", "funcref", ...

struct FuncType {
  std::vector<ValType> params;
  std::vector<ValType> results;
  bool operator==(const FuncType& o) const {
    return params == o.params && results == o.results;
  }
  bool operator!=(const FuncType& o) const { return !(*this == o); }
};
std::string FuncTypeToString(const FuncType& t);  // "(i32, i64) -> (f32)"

struct Limits {
  uint64_t min = 0;
  bool has_max = false;
  uint64_t max = 0;
};

struct TableType {
  ValType elem_type = ValType::kFuncRef;
  Limits limits;
  bool is64 = false;  // memory64: indexed by i64 (limits flag bit 2)
};

struct MemoryType {
  Limits limits;  // in pages of 2^page_size_log2 bytes
  bool is64 = false;  // memory64: addressed by i64 (limits flag bit 2)
  // Custom page sizes: 16 (64 KiB, the default) or 0 (one byte).
  uint32_t page_size_log2 = 16;
  uint64_t page_size() const { return uint64_t(1) << page_size_log2; }
};

struct GlobalType {
  ValType type = ValType::kI32;
  bool is_mutable = false;
};

enum class ExternKind : uint8_t { kFunc = 0, kTable = 1, kMemory = 2, kGlobal = 3 };
const char* ExternKindName(ExternKind k);  // "func", "table", ...

inline constexpr uint32_t kPageSize = 65536;
inline constexpr uint32_t kMaxPages = 65536;  // 4 GiB of 32-bit memory
// Largest valid declared size of a 64-bit memory: 2^48 64 KiB pages (the
// 2^64-byte address space). weft itself allocates at most 4 GiB per memory
// (LinearMemory), so larger minimums fail at instantiation.
inline constexpr uint64_t kMaxPages64 = uint64_t(1) << 48;

}  // namespace weft

#endif  // WEFT_INCLUDE_WEFT_VALUE_TYPE_H_
