#include "cli/invoke_values.h"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <optional>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "weft/gc.h"

namespace weft::cli {
namespace {

// [+-]DIGITS or [+-]0xHEXDIGITS as a magnitude and a sign; nullopt for any
// other text or a magnitude above 2^64-1. Written out rather than using
// SimpleAtoi, which also accepts surrounding whitespace.
struct SignedMagnitude {
  bool negative = false;
  uint64_t magnitude = 0;
};

std::optional<SignedMagnitude> ParseInteger(absl::string_view text) {
  SignedMagnitude out;
  if (!text.empty() && (text[0] == '+' || text[0] == '-')) {
    out.negative = text[0] == '-';
    text.remove_prefix(1);
  }
  unsigned base = 10;
  if (text.size() >= 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) {
    base = 16;
    text.remove_prefix(2);
  }
  if (text.empty()) return std::nullopt;
  for (char c : text) {
    unsigned digit;
    if (absl::ascii_isdigit(c)) {
      digit = c - '0';
    } else if (base == 16 && absl::ascii_isxdigit(c)) {
      digit = absl::ascii_tolower(c) - 'a' + 10;
    } else {
      return std::nullopt;
    }
    if (out.magnitude > (UINT64_MAX - digit) / base) return std::nullopt;
    out.magnitude = out.magnitude * base + digit;
  }
  return out;
}

// The integer as `bits` wide two's complement, if it fits read as signed or
// as unsigned.
std::optional<uint64_t> FitInteger(absl::string_view text, int bits) {
  std::optional<SignedMagnitude> v = ParseInteger(text);
  if (!v) return std::nullopt;
  const uint64_t unsigned_max = bits == 64 ? UINT64_MAX : (uint64_t{1} << bits) - 1;
  const uint64_t negative_max = uint64_t{1} << (bits - 1);  // |INT_MIN|
  if (v->negative) {
    if (v->magnitude > negative_max) return std::nullopt;
    return (0 - v->magnitude) & unsigned_max;
  }
  if (v->magnitude > unsigned_max) return std::nullopt;
  return v->magnitude;
}

// The whole text as a double/float via strtod/strtof; nullopt if anything
// is left over, the text is empty or starts with whitespace, or a finite
// literal overflows to infinity.
template <typename F>
std::optional<F> ParseFloat(absl::string_view text) {
  if (text.empty() || absl::ascii_isspace(text[0])) return std::nullopt;
  std::string copy(text);  // strto* need a terminator
  char* end = nullptr;
  errno = 0;
  F value;
  if constexpr (sizeof(F) == 4) {
    value = std::strtof(copy.c_str(), &end);
  } else {
    value = std::strtod(copy.c_str(), &end);
  }
  if (end != copy.c_str() + copy.size()) return std::nullopt;
  if (std::isinf(value) && errno == ERANGE) return std::nullopt;
  return value;
}

}  // namespace

absl::StatusOr<Value> ParseArgValue(ValType t, absl::string_view text) {
  auto bad = [&](absl::string_view why) {
    return absl::InvalidArgumentError(absl::StrCat(
        "argument \"", absl::CHexEscape(text), "\" is not a valid ",
        ValTypeName(t), " (", why, ")"));
  };
  switch (t) {
    case ValType::kI32:
      if (auto v = FitInteger(text, 32)) return Value::I32(int32_t(uint32_t(*v)));
      return bad("expected decimal or 0x hex, -2147483648 to 4294967295");
    case ValType::kI64:
      if (auto v = FitInteger(text, 64)) return Value::I64(int64_t(*v));
      return bad("expected decimal or 0x hex, -2^63 to 2^64-1");
    case ValType::kF32: {
      std::optional<float> f = ParseFloat<float>(text);
      if (!f) return bad("expected a number, inf or nan that fits f32");
      return Value::F32(*f);
    }
    case ValType::kF64: {
      std::optional<double> d = ParseFloat<double>(text);
      if (!d) return bad("expected a number, inf or nan that fits f64");
      return Value::F64(*d);
    }
    default:
      return absl::InvalidArgumentError(absl::StrCat(
          "parameters of type ", ValTypeName(t),
          " cannot be given on the command line"));
  }
}

namespace {

// Every reference type (funcref, externref, exnref, the GC types): null,
// an i31 (its signed value, as the text format writes it), or a handle.
// An extern's handle is the host's number (any bits), never read as i31.
std::string FormatReference(const Value& v) {
  const std::string type = ValTypeName(v.type());
  if (v.is_null_ref()) return absl::StrCat(type, ":null");
  const HeapType heap = RefHeapType(v.type());
  if (heap != HeapType::kExtern && heap != HeapType::kNoExtern) {
    if (absl::StatusOr<int32_t> i31 = I31GetS(v); i31.ok()) {
      return absl::StrCat(type, ":(ref.i31 ", *i31, ")");
    }
  }
  return absl::StrFormat("%s:0x%x", type, uint64_t(v.ref_handle()));
}

}  // namespace

std::string FormatResult(const Value& v) {
  switch (v.type()) {
    case ValType::kI32:
      return absl::StrCat("i32:", v.i32());
    case ValType::kI64:
      return absl::StrCat("i64:", v.i64());
    case ValType::kF32:
      return absl::StrFormat("f32:%.9g", v.f32());
    case ValType::kF64:
      return absl::StrFormat("f64:%.17g", v.f64());
    case ValType::kV128:
      return absl::StrFormat("v128:0x%016x%016x", v.v128_hi(), v.v128_lo());
    default:
      return FormatReference(v);
  }
}


}  // namespace weft::cli
