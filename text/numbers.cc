#include "text/numbers.h"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <string>

#include "absl/numeric/bits.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace weft::text {
namespace {

constexpr size_t kNotDigits = absl::string_view::npos;

int DigitValue(char c, bool hex) {
  if (c >= '0' && c <= '9') return c - '0';
  if (!hex) return -1;
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// num / hexnum at text[pos]: digits with single `_` between two of them.
// Returns the end of the run, or kNotDigits when there is no digit at pos
// or an `_` is not followed by a digit.
size_t ScanDigits(absl::string_view text, size_t pos, bool hex) {
  if (pos >= text.size() || DigitValue(text[pos], hex) < 0) return kNotDigits;
  while (pos < text.size()) {
    if (DigitValue(text[pos], hex) >= 0) {
      ++pos;
    } else if (text[pos] == '_') {
      if (pos + 1 >= text.size() || DigitValue(text[pos + 1], hex) < 0) {
        return kNotDigits;
      }
      ++pos;
    } else {
      break;
    }
  }
  return pos;
}

// A literal cut into its syntactic parts (views into the text).
struct Parts {
  enum Form { kInf, kNan, kNanPayload, kDecimal, kHex } form = kDecimal;
  bool has_sign = false;
  bool negative = false;
  bool has_dot = false;
  bool has_exponent = false;
  bool exponent_negative = false;
  absl::string_view integer;   // digits before the dot, or the NaN payload
  absl::string_view fraction;  // digits after the dot (may be empty)
  absl::string_view exponent;  // decimal digits of the exponent

  bool IsInteger() const {
    return (form == kDecimal || form == kHex) && !has_dot && !has_exponent;
  }
};

bool Split(absl::string_view text, Parts* parts) {
  size_t pos = 0;
  if (!text.empty() && (text[0] == '+' || text[0] == '-')) {
    parts->has_sign = true;
    parts->negative = text[0] == '-';
    pos = 1;
  }
  const absl::string_view rest = text.substr(pos);
  if (rest == "inf") return parts->form = Parts::kInf, true;
  if (rest == "nan") return parts->form = Parts::kNan, true;
  if (absl::StartsWith(rest, "nan:0x")) {
    parts->form = Parts::kNanPayload;
    parts->integer = rest.substr(6);
    return ScanDigits(rest, 6, /*hex=*/true) == rest.size();
  }
  const bool hex = absl::StartsWith(rest, "0x");
  parts->form = hex ? Parts::kHex : Parts::kDecimal;
  size_t start = hex ? 2 : 0;
  size_t end = ScanDigits(rest, start, hex);
  if (end == kNotDigits) return false;
  parts->integer = rest.substr(start, end - start);
  if (end < rest.size() && rest[end] == '.') {
    parts->has_dot = true;
    ++end;
    if (end < rest.size() && DigitValue(rest[end], hex) >= 0) {
      start = end;
      end = ScanDigits(rest, start, hex);
      if (end == kNotDigits) return false;
      parts->fraction = rest.substr(start, end - start);
    }
  }
  if (end < rest.size() &&
      (hex ? (rest[end] == 'p' || rest[end] == 'P')
           : (rest[end] == 'e' || rest[end] == 'E'))) {
    parts->has_exponent = true;
    ++end;
    if (end < rest.size() && (rest[end] == '+' || rest[end] == '-')) {
      parts->exponent_negative = rest[end] == '-';
      ++end;
    }
    start = end;
    end = ScanDigits(rest, start, /*hex=*/false);
    if (end == kNotDigits) return false;
    parts->exponent = rest.substr(start, end - start);
  }
  return end == rest.size();
}

// The literal as it appears in messages: escaped, and cut so that a
// hostile 10 MB literal does not become a 10 MB message.
std::string Quote(absl::string_view text) {
  constexpr size_t kMax = 48;
  if (text.size() <= kMax) return absl::CHexEscape(text);
  return absl::StrCat(absl::CHexEscape(text.substr(0, kMax)), "...");
}

absl::Status Malformed(absl::string_view what, absl::string_view text) {
  return absl::InvalidArgumentError(
      absl::StrCat("malformed ", what, ": ", Quote(text)));
}

absl::Status OutOfRange(absl::string_view text) {
  return absl::InvalidArgumentError(
      absl::StrCat("constant out of range: ", Quote(text)));
}

// The value of a digit run; *overflow is set when it needs more than 64
// bits (the scan still runs to the end, in linear time).
uint64_t Magnitude(absl::string_view digits, bool hex, bool* overflow) {
  const uint64_t base = hex ? 16 : 10;
  uint64_t value = 0;
  *overflow = false;
  for (char c : digits) {
    if (c == '_') continue;
    const uint64_t d = static_cast<uint64_t>(DigitValue(c, hex));
    if (value > (UINT64_MAX - d) / base) {
      *overflow = true;
      value = UINT64_MAX;
    } else if (!*overflow) {
      value = value * base + d;
    }
  }
  return value;
}

absl::StatusOr<uint64_t> ParseInteger(absl::string_view text, int bits,
                                      bool allow_sign) {
  Parts parts;
  if (!Split(text, &parts) || !parts.IsInteger() ||
      (parts.has_sign && !allow_sign)) {
    return Malformed("integer", text);
  }
  bool overflow;
  const uint64_t n =
      Magnitude(parts.integer, parts.form == Parts::kHex, &overflow);
  if (overflow) return OutOfRange(text);
  const uint64_t mask = bits == 64 ? UINT64_MAX : (uint64_t{1} << bits) - 1;
  if (!parts.has_sign) {
    if (n > mask) return OutOfRange(text);
    return n;
  }
  // sN: -2^(bits-1) <= value < 2^(bits-1).
  const uint64_t half = uint64_t{1} << (bits - 1);
  if (parts.negative ? n > half : n >= half) return OutOfRange(text);
  return (parts.negative ? uint64_t{0} - n : n) & mask;
}

// The shape of an IEEE 754 binary format.
struct Format {
  int precision;  // significand bits, the implicit one included
  int emin;       // exponent of the smallest normal
  int emax;       // exponent of the largest finite
  int width;      // 32 or 64
};
constexpr Format kF32{24, -126, 127, 32};
constexpr Format kF64{53, -1022, 1023, 64};

// A decimal exponent, saturated far beyond any finite or non-zero result so
// that `0x1p99999999999999999999` cannot overflow the arithmetic.
int64_t Exponent(const Parts& parts) {
  constexpr int64_t kCap = int64_t{1} << 40;
  int64_t e = 0;
  for (char c : parts.exponent) {
    if (c == '_') continue;
    e = e >= kCap ? kCap : e * 10 + (c - '0');
  }
  return parts.exponent_negative ? -e : e;
}

// Hex floats are converted here, exactly: the first 15 significant hex
// digits (57..60 bits, more than precision + 2) are kept, every later
// digit only says whether anything non-zero was cut off ("sticky"), which
// is all round-to-nearest-even needs. Returns false when the value rounds
// to infinity.
bool HexFloatBits(const Parts& parts, const Format& f, uint64_t* bits) {
  uint64_t acc = 0;
  int significant = 0;
  bool sticky = false;
  int64_t binary_exponent = 0;
  const auto take = [&](char c, bool fractional) {
    if (c == '_') return;
    const int d = DigitValue(c, /*hex=*/true);
    if (significant < 15) {
      acc = acc * 16 + static_cast<uint64_t>(d);
      if (acc != 0) ++significant;
      if (fractional) binary_exponent -= 4;
    } else {
      sticky |= d != 0;
      if (!fractional) binary_exponent += 4;
    }
  };
  for (char c : parts.integer) take(c, false);
  for (char c : parts.fraction) take(c, true);
  binary_exponent += Exponent(parts);
  if (acc == 0) {
    *bits = 0;
    return true;
  }
  const int msb = 63 - absl::countl_zero(acc);
  // The value is acc * 2^binary_exponent; its leading bit has exponent e.
  int64_t e = msb + binary_exponent;
  if (e > f.emax) return false;
  // Significand bits that fit: all of them for normals, fewer below emin.
  const int64_t keep = e >= f.emin ? f.precision : f.precision - (f.emin - e);
  const int64_t drop = msb + 1 - keep;
  uint64_t mantissa;
  if (drop <= 0) {
    mantissa = acc << -drop;  // exact; sticky is clear (acc is short)
  } else if (drop > 64) {
    mantissa = 0;  // below half the smallest subnormal
  } else {
    mantissa = drop == 64 ? 0 : acc >> drop;
    const uint64_t rest = drop == 64 ? acc : acc & ((uint64_t{1} << drop) - 1);
    const uint64_t half = uint64_t{1} << (drop - 1);
    if (rest > half || (rest == half && (sticky || (mantissa & 1) != 0))) {
      ++mantissa;
    }
  }
  const int fraction_bits = f.precision - 1;
  if (e < f.emin) {
    // Subnormal: the exponent field is 0; a carry out of the fraction
    // makes the pattern the smallest normal, as it should.
    *bits = mantissa;
    return true;
  }
  if (mantissa == uint64_t{1} << f.precision) {
    mantissa >>= 1;
    ++e;
    if (e > f.emax) return false;
  }
  *bits = (static_cast<uint64_t>(e + f.emax) << fraction_bits) |
          (mantissa & ((uint64_t{1} << fraction_bits) - 1));
  return true;
}

// Decimal floats go to the C library on a copy without `_` and sign:
// glibc's strtof/strtod round correctly to their own width (strtof does
// not go through double), in linear time. The process must use the "C"
// LC_NUMERIC locale (weft never calls setlocale), or `.` would not parse.
bool DecimalFloatBits(absl::string_view text, const Parts& parts,
                      const Format& f, uint64_t* bits) {
  std::string clean;
  clean.reserve(text.size());
  for (char c : text.substr(parts.has_sign ? 1 : 0)) {
    if (c != '_') clean.push_back(c);
  }
  char* end = nullptr;
  if (f.width == 32) {
    const float value = std::strtof(clean.c_str(), &end);
    if (std::isinf(value)) return false;
    uint32_t b;
    std::memcpy(&b, &value, sizeof b);
    *bits = b;
  } else {
    const double value = std::strtod(clean.c_str(), &end);
    if (std::isinf(value)) return false;
    std::memcpy(bits, &value, sizeof *bits);
  }
  return true;
}

absl::StatusOr<uint64_t> ParseFloat(absl::string_view text, const Format& f) {
  Parts parts;
  if (!Split(text, &parts)) return Malformed("float", text);
  const int fraction_bits = f.precision - 1;
  const uint64_t sign = parts.negative ? uint64_t{1} << (f.width - 1) : 0;
  const uint64_t exponent_all_ones =
      ((uint64_t{1} << (f.width - f.precision)) - 1) << fraction_bits;
  uint64_t bits = 0;
  switch (parts.form) {
    case Parts::kInf:
      return sign | exponent_all_ones;
    case Parts::kNan:
      return sign | exponent_all_ones | (uint64_t{1} << (fraction_bits - 1));
    case Parts::kNanPayload: {
      bool overflow;
      const uint64_t payload = Magnitude(parts.integer, true, &overflow);
      if (!overflow && payload == 0) return Malformed("float", text);
      if (overflow || payload >= uint64_t{1} << fraction_bits) {
        return OutOfRange(text);
      }
      return sign | exponent_all_ones | payload;
    }
    case Parts::kHex:
      if (!HexFloatBits(parts, f, &bits)) return OutOfRange(text);
      return sign | bits;
    case Parts::kDecimal:
      if (!DecimalFloatBits(text, parts, f, &bits)) return OutOfRange(text);
      return sign | bits;
  }
  return Malformed("float", text);
}

}  // namespace

NumberSyntax ClassifyNumber(absl::string_view text) {
  Parts parts;
  if (!Split(text, &parts)) return NumberSyntax::kNone;
  if (!parts.IsInteger()) return NumberSyntax::kFloat;
  return parts.has_sign ? NumberSyntax::kInt : NumberSyntax::kNat;
}

absl::StatusOr<uint64_t> ParseUnsigned(absl::string_view text, int bits) {
  return ParseInteger(text, bits, /*allow_sign=*/false);
}

absl::StatusOr<uint64_t> ParseUninterpreted(absl::string_view text,
                                            int bits) {
  return ParseInteger(text, bits, /*allow_sign=*/true);
}

absl::StatusOr<uint32_t> ParseU32(absl::string_view text) {
  absl::StatusOr<uint64_t> value = ParseUnsigned(text, 32);
  if (!value.ok()) return value.status();
  return static_cast<uint32_t>(*value);
}

absl::StatusOr<uint32_t> ParseI32(absl::string_view text) {
  absl::StatusOr<uint64_t> value = ParseUninterpreted(text, 32);
  if (!value.ok()) return value.status();
  return static_cast<uint32_t>(*value);
}

absl::StatusOr<uint32_t> ParseF32(absl::string_view text) {
  absl::StatusOr<uint64_t> bits = ParseFloat(text, kF32);
  if (!bits.ok()) return bits.status();
  return static_cast<uint32_t>(*bits);
}

absl::StatusOr<uint64_t> ParseF64(absl::string_view text) {
  return ParseFloat(text, kF64);
}

}  // namespace weft::text
