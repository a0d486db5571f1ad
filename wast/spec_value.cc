#include "wast/spec_value.h"

#include <cstring>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace weft::wast {
namespace {

// Unsigned decimal digits only, value <= max.
absl::StatusOr<uint64_t> ParseBits(const std::string& s, uint64_t max) {
  if (s.empty() || s.size() > 20) {
    return absl::InvalidArgumentError(absl::StrCat("bad number \"", s, "\""));
  }
  uint64_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') {
      return absl::InvalidArgumentError(absl::StrCat("bad number \"", s, "\""));
    }
    const uint64_t d = c - '0';
    if (v > (UINT64_MAX - d) / 10) {
      return absl::InvalidArgumentError(
          absl::StrCat("number out of range: ", s));
    }
    v = v * 10 + d;
  }
  if (v > max) {
    return absl::InvalidArgumentError(absl::StrCat("number out of range: ", s));
  }
  return v;
}

NanPattern ParseNanPattern(const std::string& s) {
  if (s == "nan:canonical") return NanPattern::kCanonical;
  if (s == "nan:arithmetic") return NanPattern::kArithmetic;
  return NanPattern::kNone;
}

absl::StatusOr<ValType> ParseType(const std::string& s) {
  if (s == "i32") return ValType::kI32;
  if (s == "i64") return ValType::kI64;
  if (s == "f32") return ValType::kF32;
  if (s == "f64") return ValType::kF64;
  if (s == "v128") return ValType::kV128;
  if (s == "funcref") return ValType::kFuncRef;
  if (s == "externref") return ValType::kExternRef;
  return absl::InvalidArgumentError(absl::StrCat("unknown value type \"", s, "\""));
}

struct ShapeInfo {
  LaneShape shape;
  int lanes;
  int bits;
  bool is_float;
};

absl::StatusOr<ShapeInfo> ParseShape(const std::string& s) {
  if (s == "i8") return ShapeInfo{LaneShape::kI8, 16, 8, false};
  if (s == "i16") return ShapeInfo{LaneShape::kI16, 8, 16, false};
  if (s == "i32") return ShapeInfo{LaneShape::kI32, 4, 32, false};
  if (s == "i64") return ShapeInfo{LaneShape::kI64, 2, 64, false};
  if (s == "f32") return ShapeInfo{LaneShape::kF32, 4, 32, true};
  if (s == "f64") return ShapeInfo{LaneShape::kF64, 2, 64, true};
  return absl::InvalidArgumentError(absl::StrCat("unknown lane type \"", s, "\""));
}

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

void SetLane(Value* v, int bits, int lane, uint64_t x) {
  const int bit = lane * bits;
  uint64_t& half = bit < 64 ? v->bits : v->bits_hi;
  half |= x << (bit % 64);
}

const char* NanName(NanPattern p) {
  return p == NanPattern::kCanonical ? "nan:canonical" : "nan:arithmetic";
}

// Shared by ParseValue and ParseExpected: patterns allowed only in the latter.
absl::StatusOr<Expected> ParseImpl(const json::Value& v, bool allow_patterns) {
  if (!v.is_object()) return absl::InvalidArgumentError("value is not an object");
  const json::Value* type = v.Find("type");
  const json::Value* value = v.Find("value");
  if (type == nullptr || !type->is_string()) {
    return absl::InvalidArgumentError("value without a \"type\"");
  }
  Expected e;
  absl::StatusOr<ValType> t = ParseType(type->string_value());
  if (!t.ok()) return t.status();
  e.value.type = *t;
  if (value == nullptr) return absl::InvalidArgumentError("value without a \"value\"");

  auto scalar = [&](uint64_t max, int nan_bits) -> absl::Status {
    if (!value->is_string()) return absl::InvalidArgumentError("value is not a string");
    const std::string& s = value->string_value();
    if (nan_bits != 0 && s.rfind("nan:", 0) == 0) {
      const NanPattern p = ParseNanPattern(s);
      if (p == NanPattern::kNone || !allow_patterns) {
        return absl::InvalidArgumentError(absl::StrCat("unexpected \"", s, "\""));
      }
      e.nan[0] = p;
      return absl::OkStatus();
    }
    absl::StatusOr<uint64_t> bits = ParseBits(s, max);
    if (!bits.ok()) return bits.status();
    e.value.bits = *bits;
    return absl::OkStatus();
  };

  switch (e.value.type) {
    case ValType::kI32: {
      absl::Status s = scalar(UINT32_MAX, 0);
      if (!s.ok()) return s;
      break;
    }
    case ValType::kI64: {
      absl::Status s = scalar(UINT64_MAX, 0);
      if (!s.ok()) return s;
      break;
    }
    case ValType::kF32: {
      absl::Status s = scalar(UINT32_MAX, 32);
      if (!s.ok()) return s;
      break;
    }
    case ValType::kF64: {
      absl::Status s = scalar(UINT64_MAX, 64);
      if (!s.ok()) return s;
      break;
    }
    case ValType::kFuncRef:
    case ValType::kExternRef: {
      if (!value->is_string()) return absl::InvalidArgumentError("value is not a string");
      if (value->string_value() == "null") {
        e.value.is_null = true;
        break;
      }
      if (e.value.type == ValType::kFuncRef) {
        return absl::InvalidArgumentError(
            "funcref values other than null cannot be written in scripts");
      }
      absl::StatusOr<uint64_t> id = ParseBits(value->string_value(), UINT64_MAX);
      if (!id.ok()) return id.status();
      e.value.bits = *id;
      break;
    }
    case ValType::kV128: {
      const json::Value* lane_type = v.Find("lane_type");
      if (lane_type == nullptr || !lane_type->is_string()) {
        return absl::InvalidArgumentError("v128 value without a \"lane_type\"");
      }
      absl::StatusOr<ShapeInfo> shape = ParseShape(lane_type->string_value());
      if (!shape.ok()) return shape.status();
      e.shape = shape->shape;
      if (!value->is_array() ||
          value->items().size() != static_cast<size_t>(shape->lanes)) {
        return absl::InvalidArgumentError(
            absl::StrCat("v128 value needs ", shape->lanes, " lanes"));
      }
      const uint64_t max =
          shape->bits == 64 ? UINT64_MAX : (uint64_t{1} << shape->bits) - 1;
      for (int i = 0; i < shape->lanes; ++i) {
        const json::Value& lane = value->items()[i];
        if (!lane.is_string()) return absl::InvalidArgumentError("lane is not a string");
        const std::string& s = lane.string_value();
        if (shape->is_float && s.rfind("nan:", 0) == 0) {
          const NanPattern p = ParseNanPattern(s);
          if (p == NanPattern::kNone || !allow_patterns) {
            return absl::InvalidArgumentError(absl::StrCat("unexpected \"", s, "\""));
          }
          e.nan[i] = p;
          continue;
        }
        absl::StatusOr<uint64_t> bits = ParseBits(s, max);
        if (!bits.ok()) return bits.status();
        SetLane(&e.value, shape->bits, i, *bits);
      }
      break;
    }
  }
  return e;
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
    case ValType::kFuncRef:
    case ValType::kExternRef:
      if (is_null) return absl::StrCat(ValTypeName(type), ":null");
      return absl::StrCat(ValTypeName(type), ":", bits);
  }
  return "?";
}

bool Expected::Matches(const Value& actual) const {
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
      return actual.bits == value.bits;
  }
  return false;
}

std::string Expected::ToString() const {
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

absl::StatusOr<Value> ParseValue(const json::Value& v) {
  absl::StatusOr<Expected> e = ParseImpl(v, /*allow_patterns=*/false);
  if (!e.ok()) return e.status();
  return e->value;
}

absl::StatusOr<Expected> ParseExpected(const json::Value& v) {
  return ParseImpl(v, /*allow_patterns=*/true);
}

}  // namespace weft::wast
