#include "base/demangle.h"

#include <cxxabi.h>

#include <cstdlib>
#include <memory>
#include <optional>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
// Rust v0: LLVM's demangler (Debian's llvm-14-dev, libLLVMDemangle.a).
// libstdc++'s __cxa_demangle knows Itanium only, and LLVM's is the one
// maintained C++ implementation of v0 that Debian ships.
#include "llvm/Demangle/Demangle.h"

namespace weft {
namespace {

struct FreeDeleter {
  void operator()(char* p) const { std::free(p); }
};

std::string Bounded(std::string s) {
  if (s.size() <= kMaxDemangledBytes) return s;
  s.resize(kMaxDemangledBytes);
  // Never leave half a UTF-8 sequence behind (v0 names may hold Unicode).
  while (!s.empty() && (static_cast<unsigned char>(s.back()) & 0xC0) == 0x80) s.pop_back();
  if (!s.empty() && static_cast<unsigned char>(s.back()) >= 0xC0) s.pop_back();
  return s + "...";
}

// Rust legacy names end in a path component "h" + 16 hex digits: the hash
// that tells crate versions apart, noise in a backtrace.
bool StripRustHash(std::string* name) {
  constexpr size_t kHashLength = 16;
  const size_t suffix = 3 + kHashLength;  // "::h" + digits
  if (name->size() <= suffix) return false;
  const absl::string_view tail = absl::string_view(*name).substr(name->size() - suffix);
  if (!absl::StartsWith(tail, "::h")) return false;
  for (char c : tail.substr(3)) {
    if (!absl::ascii_isxdigit(c)) return false;
  }
  name->resize(name->size() - suffix);
  return true;
}

// Appends the text of one `$...$` escape of a Rust legacy identifier;
// false when `code` is not one.
bool DecodeRustEscape(absl::string_view code, std::string* out) {
  static constexpr struct {
    const char* code;
    const char* text;
  } kEscapes[] = {{"SP", "@"}, {"BP", "*"}, {"RF", "&"}, {"LT", "<"},
                  {"GT", ">"}, {"LP", "("}, {"RP", ")"}, {"C", ","}};
  for (const auto& e : kEscapes) {
    if (code == e.code) {
      *out += e.text;
      return true;
    }
  }
  // $uXX$: a character by its hex code; only printable ASCII is trusted.
  if (code.size() >= 2 && code.size() <= 3 && code[0] == 'u') {
    unsigned value = 0;
    for (char c : code.substr(1)) {
      if (!absl::ascii_isxdigit(c)) return false;
      value = value * 16 + (absl::ascii_isdigit(c) ? c - '0' : absl::ascii_tolower(c) - 'a' + 10);
    }
    if (value < 0x20 || value > 0x7e) return false;
    *out += char(value);
    return true;
  }
  return false;
}

// Rust legacy identifiers spell what Itanium names cannot hold as `$LT$`,
// `$u7b$`, `..` (for "::") and a leading `_$`; an escape we do not know
// stays as written.
std::string DecodeRustComponent(absl::string_view in) {
  if (absl::StartsWith(in, "_$")) in.remove_prefix(1);
  std::string out;
  while (!in.empty()) {
    if (in[0] == '$') {
      const size_t end = in.find('$', 1);
      if (end != absl::string_view::npos && DecodeRustEscape(in.substr(1, end - 1), &out)) {
        in.remove_prefix(end + 1);
        continue;
      }
    } else if (absl::StartsWith(in, "..")) {
      out += "::";
      in.remove_prefix(2);
      continue;
    }
    out += in[0];
    in.remove_prefix(1);
  }
  return out;
}

std::optional<std::string> DemangleItanium(absl::string_view symbol) {
  const std::string copy(symbol);  // __cxa_demangle wants a C string
  int status = 0;
  std::unique_ptr<char, FreeDeleter> text(
      abi::__cxa_demangle(copy.c_str(), nullptr, nullptr, &status));
  if (status != 0 || text == nullptr) return std::nullopt;
  std::string name(text.get());
  if (!StripRustHash(&name)) return name;
  std::vector<std::string> parts = absl::StrSplit(name, "::");
  for (std::string& part : parts) part = DecodeRustComponent(part);
  return absl::StrJoin(parts, "::");
}

std::optional<std::string> DemangleRustV0(absl::string_view symbol) {
  const std::string copy(symbol);
  int status = 0;
  std::unique_ptr<char, FreeDeleter> text(
      llvm::rustDemangle(copy.c_str(), nullptr, nullptr, &status));
  if (status != 0 || text == nullptr) return std::nullopt;
  return std::string(text.get());
}

}  // namespace

std::string DemangleSymbol(absl::string_view symbol) {
  if (symbol.size() > kMaxMangledBytes || symbol.find('\0') != absl::string_view::npos) {
    return std::string(symbol);
  }
  std::optional<std::string> text;
  if (absl::StartsWith(symbol, "_Z")) text = DemangleItanium(symbol);
  if (absl::StartsWith(symbol, "_R")) text = DemangleRustV0(symbol);
  return text.has_value() ? Bounded(*std::move(text)) : std::string(symbol);
}

}  // namespace weft
