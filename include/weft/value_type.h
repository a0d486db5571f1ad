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

// A value type. Numeric and vector types, and the nullable abstract
// reference types, are their one-byte binary encodings (funcref = 0x70 =
// (ref null func)), so a decoded byte maps directly and `switch` works on
// them. Every other reference type (WebAssembly 3.0: non-nullable, or with
// a concrete type index) is a 32-bit code built by MakeRefType, where
//   bits 0-7   the abstract heap type as its nullable shorthand byte
//              (0x70 func, 0x6F extern, 0x69 exn, ...), or 0 for a
//              concrete heap type (a type index of the module)
//   bit  8     non-nullable
//   bits 10-31 the type index of a concrete heap type
// so equal types have equal codes. A concrete index is relative to its
// module: comparing types of two modules goes through their type lists.
enum class ValType : uint32_t {
  kI32 = 0x7F,
  kI64 = 0x7E,
  kF32 = 0x7D,
  kF64 = 0x7C,
  kV128 = 0x7B,
  kFuncRef = 0x70,        // (ref null func)
  kExternRef = 0x6F,      // (ref null extern)
  kNullFuncRef = 0x73,    // (ref null nofunc)
  kNullExternRef = 0x72,  // (ref null noextern)
  kExnRef = 0x69,         // (ref null exn): exception handling
};

// Abstract heap types, as the byte of their nullable shorthand.
enum class HeapType : uint8_t {
  kConcrete = 0,  // a type index (see RefTypeIndex)
  kFunc = 0x70,
  kExtern = 0x6F,
  kAny = 0x6E,
  kEq = 0x6D,
  kI31 = 0x6C,
  kStruct = 0x6B,
  kArray = 0x6A,
  kExn = 0x69,
  kNone = 0x71,
  kNoFunc = 0x73,
  kNoExtern = 0x72,
  kNoExn = 0x74,
};

inline constexpr uint32_t kRefNonNullBit = 0x100;
inline constexpr uint32_t kRefConcreteBit = 0x200;
inline constexpr int kRefIndexShift = 10;
// Type indices a reference type can name (an implementation limit of 2^22
// types; the decoder refuses more types with a clear error).
inline constexpr uint32_t kMaxRefTypeIndex = (1u << 22) - 1;

// The abstract heap types' bytes: 0x69 (exn) to 0x74 (noexn).
constexpr bool IsAbstractHeapByte(uint8_t b) { return b >= 0x69 && b <= 0x74; }
constexpr ValType MakeRefType(bool nullable, HeapType heap) {
  return static_cast<ValType>(static_cast<uint32_t>(heap) | (nullable ? 0 : kRefNonNullBit));
}
constexpr ValType MakeConcreteRefType(bool nullable, uint32_t type_index) {
  return static_cast<ValType>(kRefConcreteBit | (type_index << kRefIndexShift) |
                              (nullable ? 0 : kRefNonNullBit));
}
constexpr uint32_t ValTypeCode(ValType t) { return static_cast<uint32_t>(t); }
constexpr bool IsRefType(ValType t) {
  const uint32_t c = ValTypeCode(t);
  return (c & (kRefConcreteBit | kRefNonNullBit)) != 0 || IsAbstractHeapByte(c & 0xFF);
}
constexpr bool RefIsNullable(ValType t) { return (ValTypeCode(t) & kRefNonNullBit) == 0; }
constexpr bool RefIsConcrete(ValType t) { return (ValTypeCode(t) & kRefConcreteBit) != 0; }
constexpr uint32_t RefTypeIndex(ValType t) { return ValTypeCode(t) >> kRefIndexShift; }
constexpr HeapType RefHeapType(ValType t) {
  return RefIsConcrete(t) ? HeapType::kConcrete : static_cast<HeapType>(ValTypeCode(t) & 0xFF);
}
// The same reference type, nullable or not.
constexpr ValType WithNullability(ValType t, bool nullable) {
  return static_cast<ValType>(nullable ? (ValTypeCode(t) & ~kRefNonNullBit)
                                       : (ValTypeCode(t) | kRefNonNullBit));
}
// The one-byte value types of 2.0 (numbers, v128, funcref, externref)
// and exnref.
inline bool IsValTypeByte(uint8_t b) {
  return (b >= 0x7B && b <= 0x7F) || b == 0x70 || b == 0x6F || b == 0x69;
}
inline bool IsNumType(ValType t) {
  return t == ValType::kI32 || t == ValType::kI64 || t == ValType::kF32 ||
         t == ValType::kF64;
}
// Whether a local of this type starts with a value (numbers, v128 and
// nullable references start as zero / null).
inline bool IsDefaultable(ValType t) { return !IsRefType(t) || RefIsNullable(t); }
// "i32", "funcref", "(ref func)", "(ref null 3)", ...
std::string ValTypeName(ValType t);

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

enum class ExternKind : uint8_t { kFunc = 0, kTable = 1, kMemory = 2, kGlobal = 3, kTag = 4 };
const char* ExternKindName(ExternKind k);  // "func", "table", ...

inline constexpr uint32_t kPageSize = 65536;
inline constexpr uint32_t kMaxPages = 65536;  // 4 GiB of 32-bit memory
// Largest valid declared size of a 64-bit memory: 2^48 64 KiB pages (the
// 2^64-byte address space). weft itself allocates at most 4 GiB per memory
// (LinearMemory), so larger minimums fail at instantiation.
inline constexpr uint64_t kMaxPages64 = uint64_t(1) << 48;

}  // namespace weft

#endif  // WEFT_INCLUDE_WEFT_VALUE_TYPE_H_
