#include "weft/plugin_capabilities.h"

#include <fstream>
#include <iterator>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "base/json.h"

namespace weft {
namespace {

using json::Value;

absl::Status Bad(absl::string_view key, absl::string_view what) {
  return absl::InvalidArgumentError(absl::StrCat("plugin config: \"", key, "\": ", what));
}

// Members of `obj` must all be in `known`.
absl::Status OnlyKnownKeys(const Value& obj, absl::string_view where,
                           std::initializer_list<absl::string_view> known) {
  for (const Value::Member& m : obj.members()) {
    bool ok = false;
    for (absl::string_view k : known) ok = ok || m.first == k;
    if (!ok) return Bad(absl::StrCat(where, m.first), "unknown key");
  }
  return absl::OkStatus();
}

absl::StatusOr<std::string> String(const Value& v, absl::string_view key) {
  if (!v.is_string()) return Bad(key, "must be a string");
  return v.string_value();
}

absl::StatusOr<uint64_t> Integer(const Value& v, absl::string_view key, uint64_t max) {
  absl::StatusOr<uint64_t> n = v.is_number() ? v.AsUint64() : absl::InvalidArgumentError("");
  if (!n.ok()) return Bad(key, "must be a non-negative integer");
  if (*n > max) return Bad(key, absl::StrCat("must be at most ", max));
  return *n;
}

absl::StatusOr<bool> Bool(const Value& v, absl::string_view key) {
  if (!v.is_bool()) return Bad(key, "must be true or false");
  return v.bool_value();
}

bool ValidName(absl::string_view name) {
  if (name.empty() || name.size() > 64) return false;
  for (char c : name) {
    if (!absl::ascii_isalnum(c) && c != '_' && c != '.' && c != '-') return false;
  }
  return true;
}

absl::StatusOr<std::pair<uint16_t, uint16_t>> PortRange(const Value& v, absl::string_view key) {
  if (v.is_number()) {
    absl::StatusOr<uint64_t> p = Integer(v, key, 65535);
    if (!p.ok()) return p.status();
    if (*p == 0) return Bad(key, "port 0 is not a port");
    return std::make_pair(uint16_t(*p), uint16_t(*p));
  }
  if (!v.is_string()) return Bad(key, "ports are numbers or \"LOW-HIGH\" strings");
  std::vector<absl::string_view> parts = absl::StrSplit(v.string_value(), '-');
  uint32_t lo = 0, hi = 0;
  if (parts.size() != 2 || !absl::SimpleAtoi(parts[0], &lo) || !absl::SimpleAtoi(parts[1], &hi) ||
      lo == 0 || lo > hi || hi > 65535) {
    return Bad(key, absl::StrCat("bad port range \"", v.string_value(), "\""));
  }
  return std::make_pair(uint16_t(lo), uint16_t(hi));
}

absl::StatusOr<FsGrant> ParseFs(const Value& v, absl::string_view key) {
  if (!v.is_object()) return Bad(key, "must be an object");
  absl::Status s = OnlyKnownKeys(v, absl::StrCat(key, "."), {"host", "guest", "read_only"});
  if (!s.ok()) return s;
  FsGrant g;
  const Value* host = v.Find("host");
  const Value* guest = v.Find("guest");
  if (host == nullptr || guest == nullptr) return Bad(key, "needs \"host\" and \"guest\"");
  absl::StatusOr<std::string> h = String(*host, absl::StrCat(key, ".host"));
  if (!h.ok()) return h.status();
  absl::StatusOr<std::string> gp = String(*guest, absl::StrCat(key, ".guest"));
  if (!gp.ok()) return gp.status();
  if (h->empty() || (*h)[0] != '/') return Bad(absl::StrCat(key, ".host"), "must be an absolute path");
  if (gp->empty() || (*gp)[0] != '/') return Bad(absl::StrCat(key, ".guest"), "must be an absolute path");
  g.host_path = *h;
  g.guest_path = *gp;
  if (const Value* ro = v.Find("read_only")) {
    absl::StatusOr<bool> b = Bool(*ro, absl::StrCat(key, ".read_only"));
    if (!b.ok()) return b.status();
    g.read_only = *b;
  }
  return g;
}

absl::StatusOr<NetGrant> ParseNet(const Value& v, absl::string_view key) {
  if (!v.is_object()) return Bad(key, "must be an object");
  absl::Status s = OnlyKnownKeys(v, absl::StrCat(key, "."), {"host", "ports", "allow_private"});
  if (!s.ok()) return s;
  NetGrant g;
  const Value* host = v.Find("host");
  const Value* ports = v.Find("ports");
  if (host == nullptr || ports == nullptr) return Bad(key, "needs \"host\" and \"ports\"");
  absl::StatusOr<std::string> h = String(*host, absl::StrCat(key, ".host"));
  if (!h.ok()) return h.status();
  if (h->empty() || h->size() > 253) return Bad(absl::StrCat(key, ".host"), "bad host name");
  g.host = absl::AsciiStrToLower(*h);
  if (!ports->is_array() || ports->items().empty()) {
    return Bad(absl::StrCat(key, ".ports"), "must be a non-empty array");
  }
  for (size_t i = 0; i < ports->items().size(); ++i) {
    auto r = PortRange(ports->items()[i], absl::StrCat(key, ".ports[", i, "]"));
    if (!r.ok()) return r.status();
    g.ports.push_back(*r);
  }
  if (const Value* p = v.Find("allow_private")) {
    absl::StatusOr<bool> b = Bool(*p, absl::StrCat(key, ".allow_private"));
    if (!b.ok()) return b.status();
    g.allow_private = *b;
  }
  return g;
}

}  // namespace

bool PortAllowed(const NetGrant& grant, uint32_t port) {
  for (const auto& [lo, hi] : grant.ports) {
    if (port >= lo && port <= hi) return true;
  }
  return false;
}

bool HostMatches(const NetGrant& grant, absl::string_view host) {
  const std::string h = absl::AsciiStrToLower(host);
  if (absl::StartsWith(grant.host, "*.")) {
    absl::string_view suffix = absl::string_view(grant.host).substr(1);  // ".domain"
    return h.size() > suffix.size() && absl::EndsWith(h, suffix);
  }
  return h == grant.host;
}

absl::StatusOr<PluginCapabilities> ParseCapabilities(absl::string_view text,
                                                     absl::string_view base_dir) {
  absl::StatusOr<Value> doc = json::Parse(text);
  if (!doc.ok()) {
    return absl::InvalidArgumentError(absl::StrCat("plugin config: ", doc.status().message()));
  }
  if (!doc->is_object()) return absl::InvalidArgumentError("plugin config: must be an object");
  absl::Status s = OnlyKnownKeys(*doc, "", {"name", "wasm", "fs", "net", "env", "max_memory_pages",
                                            "fuel_per_call", "timeout_ms", "max_instances"});
  if (!s.ok()) return s;
  PluginCapabilities caps;
  const Value* name = doc->Find("name");
  const Value* wasm = doc->Find("wasm");
  if (name == nullptr) return Bad("name", "missing");
  if (wasm == nullptr) return Bad("wasm", "missing");
  absl::StatusOr<std::string> n = String(*name, "name");
  if (!n.ok()) return n.status();
  if (!ValidName(*n)) return Bad("name", "1-64 characters of A-Z a-z 0-9 _ . -");
  caps.name = *n;
  absl::StatusOr<std::string> w = String(*wasm, "wasm");
  if (!w.ok()) return w.status();
  if (w->empty()) return Bad("wasm", "empty path");
  caps.wasm_path = (*w)[0] == '/' || base_dir.empty() ? *w : absl::StrCat(base_dir, "/", *w);
  if (const Value* fs = doc->Find("fs")) {
    if (!fs->is_array()) return Bad("fs", "must be an array");
    for (size_t i = 0; i < fs->items().size(); ++i) {
      auto g = ParseFs(fs->items()[i], absl::StrCat("fs[", i, "]"));
      if (!g.ok()) return g.status();
      caps.fs.push_back(*std::move(g));
    }
  }
  if (const Value* net = doc->Find("net")) {
    if (!net->is_array()) return Bad("net", "must be an array");
    for (size_t i = 0; i < net->items().size(); ++i) {
      auto g = ParseNet(net->items()[i], absl::StrCat("net[", i, "]"));
      if (!g.ok()) return g.status();
      caps.net.push_back(*std::move(g));
    }
  }
  if (const Value* env = doc->Find("env")) {
    if (!env->is_array()) return Bad("env", "must be an array of names");
    for (size_t i = 0; i < env->items().size(); ++i) {
      const std::string key = absl::StrCat("env[", i, "]");
      absl::StatusOr<std::string> e = String(env->items()[i], key);
      if (!e.ok()) return e.status();
      if (e->empty() || e->find('=') != std::string::npos) return Bad(key, "not a variable name");
      caps.env.push_back(*e);
    }
  }
  // Optional numbers: absent keeps the default.
  auto number = [&](const char* key, uint64_t min, uint64_t max, auto set) -> absl::Status {
    const Value* v = doc->Find(key);
    if (v == nullptr) return absl::OkStatus();
    absl::StatusOr<uint64_t> x = Integer(*v, key, max);
    if (!x.ok()) return x.status();
    if (*x < min) return Bad(key, absl::StrCat("must be at least ", min));
    set(*x);
    return absl::OkStatus();
  };
  for (absl::Status st : {
           number("max_memory_pages", 0, 65536,
                  [&](uint64_t x) { caps.max_memory_pages = uint32_t(x); }),
           number("fuel_per_call", 0, uint64_t(INT64_MAX),
                  [&](uint64_t x) { caps.fuel_per_call = x; }),
           number("timeout_ms", 0, 24ull * 3600 * 1000,
                  [&](uint64_t x) { caps.timeout_per_call = absl::Milliseconds(int64_t(x)); }),
           number("max_instances", 1, 1024,
                  [&](uint64_t x) { caps.max_instances = uint32_t(x); }),
       }) {
    if (!st.ok()) return st;
  }
  return caps;
}

absl::StatusOr<PluginCapabilities> LoadCapabilitiesFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat("plugin config ", path, ": cannot open"));
  constexpr size_t kMaxConfig = 1 << 20;
  std::string text;
  text.resize(kMaxConfig + 1);
  in.read(text.data(), std::streamsize(text.size()));
  text.resize(size_t(in.gcount()));
  if (text.size() > kMaxConfig) {
    return absl::InvalidArgumentError(absl::StrCat("plugin config ", path, ": larger than 1 MiB"));
  }
  const size_t slash = path.find_last_of('/');
  const std::string dir = slash == std::string::npos ? "." : path.substr(0, slash);
  absl::StatusOr<PluginCapabilities> caps = ParseCapabilities(text, dir);
  if (!caps.ok()) {
    return absl::Status(caps.status().code(), absl::StrCat(path, ": ", caps.status().message()));
  }
  return caps;
}

}  // namespace weft
