#include "cli/flags.h"

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"

namespace weft::cli {
namespace {

// "-1", "-0.5", "-0x1p3", "-inf", "-nan", "-nan:0x200000": values, not flags.
bool LooksNegativeNumber(absl::string_view arg) {
  if (arg.size() < 2 || arg[0] != '-') return false;
  const char c = arg[1];
  return absl::ascii_isdigit(static_cast<unsigned char>(c)) || c == '.' ||
         absl::StartsWith(arg, "-inf") || absl::StartsWith(arg, "-nan");
}

bool IsEndMarker(const FlagSpec& s) { return s.name[0] == '\0'; }

const FlagSpec* FindSpec(absl::Span<const FlagSpec> specs, absl::string_view name) {
  for (const FlagSpec& s : specs) {
    if (!IsEndMarker(s) && name == s.name) return &s;
  }
  return nullptr;
}

}  // namespace

const std::vector<std::string>& ParsedArgs::Values(absl::string_view name) const {
  static const std::vector<std::string>* const kNone = new std::vector<std::string>();
  auto it = flags.find(std::string(name));
  return it == flags.end() ? *kNone : it->second;
}

std::string ParsedArgs::Get(absl::string_view name, std::string fallback) const {
  auto it = flags.find(std::string(name));
  if (it == flags.end() || it->second.empty()) return fallback;
  return it->second.back();
}

absl::StatusOr<ParsedArgs> ParseFlags(absl::Span<const std::string> args,
                                      absl::Span<const FlagSpec> specs) {
  ParsedArgs out;
  bool end_at_positional = false;
  for (const FlagSpec& s : specs) end_at_positional |= IsEndMarker(s);
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg == "--") {
      out.positional.insert(out.positional.end(), args.begin() + i + 1, args.end());
      break;
    }
    if (arg == "-h" || arg == "--help") {
      out.help = true;
      continue;
    }
    if (arg.size() < 2 || arg[0] != '-' || LooksNegativeNumber(arg)) {
      if (end_at_positional) {
        out.positional.insert(out.positional.end(), args.begin() + i, args.end());
        break;
      }
      out.positional.push_back(arg);
      continue;
    }
    if (!absl::StartsWith(arg, "--")) {
      return absl::InvalidArgumentError(absl::StrCat("unknown flag: ", arg));
    }
    absl::string_view body = absl::string_view(arg).substr(2);
    absl::string_view name = body;
    bool has_inline_value = false;
    std::string value;
    if (size_t eq = body.find('='); eq != absl::string_view::npos) {
      name = body.substr(0, eq);
      value = std::string(body.substr(eq + 1));
      has_inline_value = true;
    }
    const FlagSpec* spec = FindSpec(specs, name);
    if (spec == nullptr) {
      return absl::InvalidArgumentError(absl::StrCat("unknown flag: --", name));
    }
    if (spec->value_name == nullptr) {
      if (has_inline_value) {
        return absl::InvalidArgumentError(
            absl::StrCat("flag --", name, " takes no value"));
      }
    } else if (!has_inline_value) {
      if (i + 1 >= args.size()) {
        return absl::InvalidArgumentError(
            absl::StrCat("flag --", name, " needs a value (", spec->value_name, ")"));
      }
      value = args[++i];
    }
    std::vector<std::string>& values = out.flags[std::string(name)];
    if (!values.empty() && !spec->repeatable) {
      return absl::InvalidArgumentError(
          absl::StrCat("flag --", name, " given more than once"));
    }
    values.push_back(std::move(value));
  }
  return out;
}

std::string FlagsHelp(absl::Span<const FlagSpec> specs) {
  std::string out;
  for (const FlagSpec& s : specs) {
    if (IsEndMarker(s)) continue;
    std::string left = absl::StrCat("  --", s.name);
    if (s.value_name != nullptr) absl::StrAppend(&left, " ", s.value_name);
    if (left.size() < 24) left.resize(24, ' ');
    absl::StrAppend(&out, left, " ", s.help, "\n");
  }
  return out;
}

absl::StatusOr<uint64_t> ParseCount(absl::string_view text) {
  uint64_t v;
  if (text.empty() || !absl::ascii_isdigit(static_cast<unsigned char>(text[0])) ||
      !absl::SimpleAtoi(text, &v)) {
    return absl::InvalidArgumentError(
        absl::StrCat("expected a non-negative integer, got \"", text, "\""));
  }
  return v;
}

absl::StatusOr<uint64_t> ParseByteSize(absl::string_view text) {
  struct Suffix {
    const char* text;
    uint64_t scale;
  };
  static constexpr Suffix kSuffixes[] = {
      {"KiB", uint64_t{1} << 10}, {"MiB", uint64_t{1} << 20},
      {"GiB", uint64_t{1} << 30}, {"KB", 1000},
      {"MB", 1000 * 1000},        {"GB", 1000 * 1000 * 1000},
  };
  absl::string_view digits = text;
  uint64_t scale = 1;
  for (const Suffix& s : kSuffixes) {
    if (absl::EndsWith(text, s.text)) {
      digits = text.substr(0, text.size() - absl::string_view(s.text).size());
      scale = s.scale;
      break;
    }
  }
  absl::StatusOr<uint64_t> n = ParseCount(digits);
  if (!n.ok() || (scale > 1 && *n > UINT64_MAX / scale)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "expected a size like 65536, 64KiB, 64MiB or 1GiB, got \"", text, "\""));
  }
  return *n * scale;
}

absl::StatusOr<absl::Duration> ParsePositiveDuration(absl::string_view text) {
  absl::Duration d;
  if (!absl::ParseDuration(std::string(text), &d) || d <= absl::ZeroDuration() ||
      d == absl::InfiniteDuration()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "expected a positive duration like 2s, 500ms or 1m, got \"", text, "\""));
  }
  return d;
}

}  // namespace weft::cli
