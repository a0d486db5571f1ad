// Values of the spec-test scripts as wast2json writes them, and the rules
// for comparing an engine's results with a script's expectations.
//
// wast2json encodes every number as the unsigned decimal of its bit pattern
// ("4294967295" for i32 -1, "2143289344" for an f32 NaN); v128 values are a
// lane shape ("lane_type") plus one such string per lane; references are
// "null" or, for externref, a host-chosen integer id.
#ifndef WEFT_WAST_SPEC_VALUE_H_
#define WEFT_WAST_SPEC_VALUE_H_

#include <array>
#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "weft/value_type.h"
#include "base/json.h"

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
  bool is_null = false;  // funcref / externref only

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
};

// What a NaN result may look like when the script does not fix the bits.
enum class NanPattern : uint8_t {
  kNone,        // compare bits exactly
  kCanonical,   // sign ignored, quiet bit set, rest of the payload zero
  kArithmetic,  // sign and payload ignored, quiet bit set
};

// The lane shape a v128 literal was written in.
enum class LaneShape : uint8_t { kNone, kI8, kI16, kI32, kI64, kF32, kF64 };

struct Expected {
  // type, and the exact bits wherever no NaN pattern applies.
  Value value;
  LaneShape shape = LaneShape::kNone;  // v128 only
  // Scalar f32/f64: nan[0]. v128 f32 lanes: nan[0..3]; f64 lanes: nan[0..1].
  std::array<NanPattern, 4> nan{};

  bool Matches(const Value& actual) const;
  std::string ToString() const;
};

// {"type": "i32", "value": "42"} etc. Rejects unknown types, malformed or
// out-of-range numbers, NaN patterns (arguments must be concrete).
absl::StatusOr<Value> ParseValue(const json::Value& v);
// Like ParseValue, plus "nan:canonical" / "nan:arithmetic" for float
// scalars and float lanes.
absl::StatusOr<Expected> ParseExpected(const json::Value& v);

// The NaN rules on single floats (exposed for tests).
bool F32MatchesNan(uint32_t bits, NanPattern p);
bool F64MatchesNan(uint64_t bits, NanPattern p);

}  // namespace weft::wast

#endif  // WEFT_WAST_SPEC_VALUE_H_
