#include "wasi/wasi_host.h"

#include <algorithm>
#include <array>
#include <cstdio>
#include <optional>
#include <type_traits>
#include <utility>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "wasi/wasi_functions.h"

namespace weft::wasi {

namespace {

// The value-type letter a C++ parameter type stands for.
template <typename T>
constexpr char LetterFor() {
  static_assert(std::is_same_v<T, uint32_t> || std::is_same_v<T, uint64_t> ||
                std::is_same_v<T, int64_t>);
  return sizeof(T) == 4 ? 'i' : 'l';
}

template <typename... A>
constexpr std::array<char, sizeof...(A) + 1> Letters(
    Errno (*)(WasiContext&, GuestMemory&, A...)) {
  return {LetterFor<A>()..., '\0'};
}

constexpr bool SameString(const char* a, const char* b) {
  while (*a && *a == *b) ++a, ++b;
  return *a == *b;
}

template <auto F, typename... A, size_t... I>
Errno Unpack(Errno (*)(WasiContext&, GuestMemory&, A...), WasiContext& ctx,
             GuestMemory& mem, const uint64_t* args,
             std::index_sequence<I...>) {
  return F(ctx, mem, static_cast<A>(args[I])...);
}

template <typename... A>
constexpr size_t Arity(Errno (*)(WasiContext&, GuestMemory&, A...)) {
  return sizeof...(A);
}

template <auto F>
Errno Thunk(WasiContext& ctx, GuestMemory& mem, const uint64_t* args) {
  return Unpack<F>(F, ctx, mem, args, std::make_index_sequence<Arity(F)>());
}

// The C++ signature of every function must match its wasm signature.
#define WEFT_WASI_FN(name, Impl, params, results, names)          \
  static_assert(SameString(Letters(&Impl).data(), params),        \
                #name ": C++ parameters do not match \"" params "\"");
#include "wasi/wasi_functions.def"
#undef WEFT_WASI_FN

constexpr WasiFunction kFunctions[] = {
#define WEFT_WASI_FN(name, Impl, params, results, names) \
  {#name, params, results, names, &Thunk<&Impl>},
#include "wasi/wasi_functions.def"
#undef WEFT_WASI_FN
};

ValType FromLetter(char c) { return c == 'l' ? ValType::kI64 : ValType::kI32; }

}  // namespace

std::span<const WasiFunction> WasiFunctions() { return kFunctions; }

const WasiFunction* FindWasiFunction(std::string_view name) {
  for (const WasiFunction& f : kFunctions) {
    if (name == f.name) return &f;
  }
  return nullptr;
}

FuncType WasiFunctionType(const WasiFunction& f) {
  FuncType t;
  for (const char* p = f.params; *p; ++p) t.params.push_back(FromLetter(*p));
  for (const char* p = f.results; *p; ++p) t.results.push_back(FromLetter(*p));
  return t;
}

namespace {

// Parameters that are iovec arrays (pointer, count): printed as arrays.
bool IsIovecArray(absl::string_view name) {
  return name == "iovs" || name == "ri_data" || name == "si_data";
}

// `iovs` as "[{buf=0x10a8,len=12},...]" (the first kMaxIovs entries) and,
// for `transferred` bytes (what a write sent or a read received), their
// contents escaped, at most kMaxTraceBytes of them.
std::string FormatIovecs(const GuestMemory& mem, uint32_t iovs, uint32_t count,
                         std::optional<uint64_t> transferred) {
  constexpr uint32_t kMaxIovs = 8;
  constexpr uint64_t kMaxTraceBytes = 64;
  std::string list = "[";
  std::string data;
  uint64_t left = transferred.value_or(0);
  for (uint32_t i = 0; i < count; ++i) {
    uint32_t buf, len;
    if (mem.LoadU32(iovs + 8 * i, &buf) != Errno::kSuccess ||
        mem.LoadU32(iovs + 8 * i + 4, &len) != Errno::kSuccess) {
      absl::StrAppend(&list, i ? "," : "", "<bad iovec at ", iovs + 8 * i, ">");
      break;
    }
    if (i < kMaxIovs) {
      absl::StrAppend(&list, i ? "," : "", "{buf=0x", absl::Hex(buf), ",len=", len, "}");
    } else if (i == kMaxIovs) {
      absl::StrAppend(&list, ",...", count - kMaxIovs, " more");
    }
    const uint64_t take = std::min<uint64_t>({left, len, kMaxTraceBytes - data.size()});
    std::string_view bytes;
    if (take > 0 && mem.ReadString(buf, static_cast<uint32_t>(take), &bytes) == Errno::kSuccess) {
      data.append(bytes.data(), bytes.size());
    }
    left -= std::min<uint64_t>(left, len);
  }
  list += "]";
  if (!transferred) return list;
  const bool cut = *transferred > data.size();
  return absl::StrCat(list, " data=\"", absl::CHexEscape(data), cut ? "\"..." : "\"");
}

}  // namespace

std::string FormatWasiCall(const WasiFunction& f, const GuestMemory& mem,
                           const uint64_t* args, Errno result,
                           const WasiContext& ctx) {
  std::vector<std::string> names;
  if (*f.param_names) names = absl::StrSplit(f.param_names, ',');
  std::string out = absl::StrCat(f.name, "(");
  for (size_t i = 0; i < names.size(); ++i) {
    if (i) out += ", ";
    const std::string& n = names[i];
    bool wide = f.params[i] == 'l';
    uint64_t v = wide ? args[i] : static_cast<uint32_t>(args[i]);
    if (IsIovecArray(n) && i + 1 < names.size()) {
      // The bytes moved: a write's or send's count, or what a read or
      // receive returned, from its *_out parameter once it succeeded.
      std::optional<uint64_t> moved;
      for (size_t k = i + 2; k < names.size(); ++k) {
        uint32_t count;
        if ((names[k] == "nwritten_out" || names[k] == "nread_out" ||
             names[k] == "so_datalen_out" || names[k] == "ro_datalen_out") &&
            result == Errno::kSuccess &&
            mem.LoadU32(static_cast<uint32_t>(args[k]), &count) == Errno::kSuccess) {
          moved = count;
        }
      }
      absl::StrAppend(&out, n, "=",
                      FormatIovecs(mem, static_cast<uint32_t>(v),
                                   static_cast<uint32_t>(args[i + 1]), moved));
      ++i;
      continue;
    }
    // "...path" followed by "...path_len": show the guest string.
    if (i + 1 < names.size() && names[i + 1] == n + "_len") {
      std::string_view s;
      uint32_t len = static_cast<uint32_t>(args[i + 1]);
      if (len <= kMaxPathLen &&
          mem.ReadString(static_cast<uint32_t>(v), len, &s) ==
              Errno::kSuccess) {
        absl::StrAppend(&out, n, "=\"", absl::CHexEscape(absl::string_view(s.data(), s.size())), "\"");
      } else {
        absl::StrAppend(&out, n, "=<bad ", v, "+", len, ">");
      }
      ++i;
      continue;
    }
    bool hex = n.find("flags") != std::string::npos ||
               n.find("rights") != std::string::npos;
    if (hex) {
      absl::StrAppend(&out, n, "=0x", absl::Hex(v));
    } else if (n == "offset" && wide) {
      absl::StrAppend(&out, n, "=", static_cast<int64_t>(v));
    } else {
      absl::StrAppend(&out, n, "=", v);
    }
  }
  out += ")";
  if (*f.results == '\0') {
    if (ctx.exit_code()) absl::StrAppend(&out, " -> exit(", *ctx.exit_code(), ")");
  } else {
    absl::StrAppend(&out, " -> ", ErrnoName(result));
  }
  return out;
}

Errno CallWasiFunction(const WasiFunction& f, WasiContext& ctx,
                       GuestMemory& mem, const uint64_t* args) {
  Errno e = f.thunk(ctx, mem, args);
  if (ctx.trace()) ctx.trace()(FormatWasiCall(f, mem, args, e, ctx));
  return e;
}

WasiCallOutcome InvokeWasi(const WasiFunction& f, WasiContext& ctx,
                           uint8_t* memory_base, uint64_t memory_size,
                           const uint64_t* args) {
  GuestMemory mem(memory_base, memory_base ? memory_size : 0);
  WasiCallOutcome out;
  const Errno e = CallWasiFunction(f, ctx, mem, args);
  out.result = static_cast<uint32_t>(e);
  // EINTR with no request pending is an ordinary errno for the guest.
  out.interrupted = e == Errno::kIntr && ctx.interrupt().requested();
  if (ctx.exit_code()) {
    out.exited = true;
    out.exit_code = *ctx.exit_code();
  }
  return out;
}

}  // namespace weft::wasi
