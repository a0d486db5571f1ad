#include "wast/spec_value.h"

#include <cstring>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"

namespace weft::wast {
namespace {

int LaneBits(LaneShape s) {
  switch (s) {
    case LaneShape::kI8: return 8;
    case LaneShape::kI16: return 16;
    case LaneShape::kI32: case LaneShape::kF32: return 32;
    default: return 64;
  }
}

uint64_t LaneOf(const Value& v, int bits, int lane) {
  const int bit = lane * bits;
  const uint64_t half = bit < 64 ? v.bits : v.bits_hi;
  const uint64_t shifted = half >> (bit % 64);
  return bits == 64 ? shifted : shifted & ((uint64_t{1} << bits) - 1);
}

const char* NanName(NanPattern p) {
  return p == NanPattern::kCanonical ? "nan:canonical" : "nan:arithmetic";
}

}  // namespace

bool F32MatchesNan(uint32_t bits, NanPattern p) {
  switch (p) {
    case NanPattern::kNone: return false;
    case NanPattern::kCanonical: return (bits & 0x7FFFFFFFu) == 0x7FC00000u;
    case NanPattern::kArithmetic: return (bits & 0x7FC00000u) == 0x7FC00000u;
  }
  return false;
}

bool F64MatchesNan(uint64_t bits, NanPattern p) {
  constexpr uint64_t kQuiet = 0x7FF8000000000000ull;
  switch (p) {
    case NanPattern::kNone: return false;
    case NanPattern::kCanonical: return (bits & 0x7FFFFFFFFFFFFFFFull) == kQuiet;
    case NanPattern::kArithmetic: return (bits & kQuiet) == kQuiet;
  }
  return false;
}

void Value::SetLane(int lane_bits, int lane, uint64_t x) {
  const int bit = lane * lane_bits;
  uint64_t& half = bit < 64 ? bits : bits_hi;
  half |= x << (bit % 64);
}

std::string Value::ToString() const {
  switch (type) {
    case ValType::kI32:
      return absl::StrFormat("i32:0x%08x (%d)", bits, static_cast<int32_t>(bits));
    case ValType::kI64:
      return absl::StrFormat("i64:0x%016x (%d)", bits, static_cast<int64_t>(bits));
    case ValType::kF32: {
      float f;
      const uint32_t b = static_cast<uint32_t>(bits);
      std::memcpy(&f, &b, 4);
      return absl::StrFormat("f32:0x%08x (%g)", b, f);
    }
    case ValType::kF64: {
      double d;
      std::memcpy(&d, &bits, 8);
      return absl::StrFormat("f64:0x%016x (%g)", bits, d);
    }
    case ValType::kV128:
      return absl::StrFormat("v128:0x%016x%016x", bits_hi, bits);
    default:  // every reference type
      if (is_null) return absl::StrCat(ValTypeName(type), ":null");
      return absl::StrCat(ValTypeName(type), ":", bits);
  }
}

bool Expected::Matches(const Value& actual) const {
  const bool is_ref = IsRefType(actual.type);
  switch (ref) {
    case RefPattern::kExact: break;
    case RefPattern::kNull: return is_ref && actual.is_null;
    case RefPattern::kFunc: return actual.type == ValType::kFuncRef && !actual.is_null;
    case RefPattern::kExtern:
      return actual.type == ValType::kExternRef && !actual.is_null;
    case RefPattern::kHost: return is_ref && !actual.is_null && actual.bits_hi == Value::kHost;
    case RefPattern::kStruct: return is_ref && !actual.is_null && actual.bits_hi == Value::kStruct;
    case RefPattern::kArray: return is_ref && !actual.is_null && actual.bits_hi == Value::kArray;
    case RefPattern::kI31: return is_ref && !actual.is_null && actual.bits_hi == Value::kI31;
    case RefPattern::kEq:
      return is_ref && !actual.is_null && actual.bits_hi >= Value::kI31 &&
             actual.bits_hi <= Value::kArray;
    case RefPattern::kAny: return actual.type == kScriptAnyRef && !actual.is_null;
    case RefPattern::kExn: return actual.type == ValType::kExnRef && !actual.is_null;
  }
  if (actual.type != value.type) return false;
  switch (value.type) {
    case ValType::kI32:
    case ValType::kI64:
      return actual.bits == value.bits;
    case ValType::kF32:
      if (nan[0] != NanPattern::kNone) {
        return F32MatchesNan(static_cast<uint32_t>(actual.bits), nan[0]);
      }
      return actual.bits == value.bits;
    case ValType::kF64:
      if (nan[0] != NanPattern::kNone) return F64MatchesNan(actual.bits, nan[0]);
      return actual.bits == value.bits;
    case ValType::kV128: {
      const int bits = LaneBits(shape);
      const int lanes = 128 / bits;
      for (int i = 0; i < lanes; ++i) {
        const uint64_t got = LaneOf(actual, bits, i);
        const NanPattern p = i < 4 ? nan[i] : NanPattern::kNone;
        if (p != NanPattern::kNone) {
          const bool ok = bits == 32 ? F32MatchesNan(static_cast<uint32_t>(got), p)
                                     : F64MatchesNan(got, p);
          if (!ok) return false;
        } else if (got != LaneOf(value, bits, i)) {
          return false;
        }
      }
      return true;
    }
    case ValType::kFuncRef:
      // Scripts can only name null funcrefs; a non-null expectation cannot
      // be written, so any non-null result fails a null expectation.
      return actual.is_null == value.is_null;
    case ValType::kExternRef:
      if (value.is_null || actual.is_null) return actual.is_null == value.is_null;
      return actual.bits == value.bits && actual.bits_hi == value.bits_hi;
    default:
      return IsRefType(value.type) && actual.is_null == value.is_null &&
             (value.is_null || actual.bits == value.bits);
  }
  return false;
}

std::string Expected::ToString() const {
  switch (ref) {
    case RefPattern::kExact: break;
    case RefPattern::kNull: return "ref.null";
    case RefPattern::kFunc: return "ref.func";
    case RefPattern::kExtern: return "ref.extern";
    case RefPattern::kHost: return "ref.host";
    case RefPattern::kStruct: return "ref.struct";
    case RefPattern::kArray: return "ref.array";
    case RefPattern::kI31: return "ref.i31";
    case RefPattern::kAny: return "ref.any";
    case RefPattern::kEq: return "ref.eq";
    case RefPattern::kExn: return "ref.exn";
  }
  const bool has_pattern = nan[0] != NanPattern::kNone ||
                           nan[1] != NanPattern::kNone ||
                           nan[2] != NanPattern::kNone ||
                           nan[3] != NanPattern::kNone;
  if (!has_pattern) return value.ToString();
  if (value.type != ValType::kV128) {
    return absl::StrCat(ValTypeName(value.type), ":", NanName(nan[0]));
  }
  const int bits = LaneBits(shape);
  std::string out = bits == 32 ? "v128:f32x4[" : "v128:f64x2[";
  for (int i = 0; i < 128 / bits; ++i) {
    if (i > 0) out += " ";
    if (nan[i] != NanPattern::kNone) {
      out += NanName(nan[i]);
    } else {
      absl::StrAppendFormat(&out, "0x%x", LaneOf(value, bits, i));
    }
  }
  return out + "]";
}

bool ExpectedResult::Matches(const Value& actual) const {
  for (const Expected& e : any_of) {
    if (e.Matches(actual)) return true;
  }
  return false;
}

std::string ExpectedResult::ToString() const {
  if (any_of.size() == 1) return any_of[0].ToString();
  return absl::StrCat(
      "either(", absl::StrJoin(any_of, " | ", [](std::string* out, const Expected& e) {
        out->append(e.ToString());
      }), ")");
}

}  // namespace weft::wast
