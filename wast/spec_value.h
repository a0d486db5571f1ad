// Values of the spec-test scripts, and the rules for comparing an engine's
// results with a script's expectations. wast/script_parser.h reads them
// from the text: `(i32.const -1)`, `(f32.const nan:canonical)`,
// `(v128.const f32x4 1 nan:arithmetic 2 3)`, `(ref.null func)`,
// `(ref.extern 7)`, `(ref.func)`, `(either ...)`.
#ifndef WEFT_WAST_SPEC_VALUE_H_
#define WEFT_WAST_SPEC_VALUE_H_

#include <array>
#include <cstdint>
#include <string>

#include <vector>

#include "weft/value_type.h"

namespace weft::wast {

// A WebAssembly value crossing the script/engine boundary.
struct Value {
  ValType type = ValType::kI32;
  // i32/f32: the low 32 bits hold the bit pattern (upper bits zero);
  // i64/f64: the bit pattern; v128: the low 64 bits (lanes 0.. in
  // little-endian order, as in memory); externref: the script's host id;
  // funcref: engine-chosen identity (only "null" occurs in scripts).
  uint64_t bits = 0;
  uint64_t bits_hi = 0;  // v128 only: the high 64 bits
  bool is_null = false;  // references only
  // References of the any hierarchy (type anyref) and externrefs made from
  // them: bits_hi says what the reference is (RefClass); bits is the host
  // id of a host reference, else the engine's identity.
  enum RefClass : uint64_t { kNoClass = 0, kI31 = 1, kStruct = 2, kArray = 3, kHost = 4 };

  static Value I32(uint32_t v) { return {ValType::kI32, v}; }
  static Value I64(uint64_t v) { return {ValType::kI64, v}; }
  static Value F32Bits(uint32_t v) { return {ValType::kF32, v}; }
  static Value F64Bits(uint64_t v) { return {ValType::kF64, v}; }
  static Value V128(uint64_t lo, uint64_t hi) {
    return {ValType::kV128, lo, hi};
  }
  static Value NullRef(ValType ref_type) { return {ref_type, 0, 0, true}; }
  static Value ExternRef(uint64_t host_id) {
    return {ValType::kExternRef, host_id, 0, false};
  }

  bool operator==(const Value& o) const {
    return type == o.type && bits == o.bits && bits_hi == o.bits_hi &&
           is_null == o.is_null;
  }
  // "i32:0x0000002a", "f32:0x3f800000 (1)", "v128:0x<hi><lo>",
  // "externref:null", "externref:7".
  std::string ToString() const;
  // v128 only: ORs `x` into lane `lane` of `lane_bits` (8..64) bits.
  void SetLane(int lane_bits, int lane, uint64_t x);
};

// What a NaN result may look like when the script does not fix the bits.
enum class NanPattern : uint8_t {
  kNone,        // compare bits exactly
  kCanonical,   // sign ignored, quiet bit set, rest of the payload zero
  kArithmetic,  // sign and payload ignored, quiet bit set
};

// The lane shape a v128 literal was written in.
enum class LaneShape : uint8_t { kNone, kI8, kI16, kI32, kI64, kF32, kF64 };

// What a reference result may be. WebAssembly 3.0 scripts name the class
// of a reference rather than a value: `(ref.func)` is any function.
enum class RefPattern : uint8_t {
  kExact,   // `value` decides (numbers, v128, `(ref.extern 7)`)
  kNull,    // (ref.null) or (ref.null ht): a null reference
  kFunc,    // (ref.func): a non-null function reference
  kExtern,  // (ref.extern): any non-null external reference
  // GC, host and exception references: any of the class (Value::RefClass).
  kHost, kStruct, kArray, kI31, kAny, kEq, kExn,
};

// The type scripts give values of the any hierarchy: (ref null any).
inline constexpr ValType kScriptAnyRef = MakeRefType(true, HeapType::kAny);

struct Expected {
  RefPattern ref = RefPattern::kExact;
  // type, and the exact bits wherever no NaN pattern applies.
  Value value;
  LaneShape shape = LaneShape::kNone;  // v128 only
  // Scalar f32/f64: nan[0]. v128 f32 lanes: nan[0..3]; f64 lanes: nan[0..1].
  std::array<NanPattern, 4> nan{};

  bool Matches(const Value& actual) const;
  std::string ToString() const;
};

// One result position: the result must match one of the alternatives
// (one, or several from `(either ...)`).
struct ExpectedResult {
  std::vector<Expected> any_of;

  bool Matches(const Value& actual) const;
  std::string ToString() const;  // "either(a | b)" for several
};

// The NaN rules on single floats (exposed for tests).
bool F32MatchesNan(uint32_t bits, NanPattern p);
bool F64MatchesNan(uint64_t bits, NanPattern p);

}  // namespace weft::wast

#endif  // WEFT_WAST_SPEC_VALUE_H_
