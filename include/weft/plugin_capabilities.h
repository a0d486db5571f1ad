// weft public API: what one plugin may reach. Everything is denied unless granted here:
// no files, no network, no environment variables; memory, fuel, time and
// instances are bounded. Loaded from a JSON config (strict: unknown keys,
// wrong types, duplicates and out-of-range numbers are errors naming the
// key) or filled in through the API.
//
// Config file (JSON):
//   {
//     "name": "resizer",                  // required; [A-Za-z0-9_.-], 1-64 chars
//     "wasm": "resizer.wasm",             // required; relative to the config file
//     "fs": [ {"host": "/srv/img", "guest": "/img", "read_only": true} ],
//     "net": [ {"host": "api.example.com", "ports": [443]},
//              {"host": "*.internal.example", "ports": ["8000-8099"]},
//              {"host": "127.0.0.1", "ports": [9000], "allow_private": true} ],
//     "env": ["LANG", "TZ"],              // names; values come from the host
//     "max_memory_pages": 256,            // 64 KiB pages (default 256 = 16 MiB)
//     "fuel_per_call": 100000000,         // per call, all exports; 0 = no limit
//     "timeout_ms": 1000,                 // per call, all of it; 0 = none
//     "max_instances": 4
//   }
#ifndef WEFT_INCLUDE_WEFT_PLUGIN_CAPABILITIES_H_
#define WEFT_INCLUDE_WEFT_PLUGIN_CAPABILITIES_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace weft {

struct FsGrant {
  std::string host_path;   // existing host directory
  std::string guest_path;  // absolute guest path it appears at
  bool read_only = true;
};

struct NetGrant {
  // Exact host name or IP literal, or "*.domain" (any name ending in
  // ".domain", not "domain" itself). Compared case-insensitively.
  std::string host;
  // Allowed ports as inclusive ranges; empty = none.
  std::vector<std::pair<uint16_t, uint16_t>> ports;
  // Loopback, private, link-local and other non-public addresses are
  // refused even for an allowed name unless this is set.
  bool allow_private = false;
};

struct PluginCapabilities {
  std::string name;
  std::string wasm_path;  // absolute after LoadCapabilitiesFile
  std::vector<FsGrant> fs;
  std::vector<NetGrant> net;
  std::vector<std::string> env;  // variable names
  uint32_t max_memory_pages = 256;
  // One call's budget (weft/plugin_host.h, "Budgets"): fuel for all of
  // its exports together (0: no limit) and its deadline counted from the
  // start of the call (zero: none). Creating an instance gets the same.
  uint64_t fuel_per_call = 0;
  absl::Duration timeout_per_call = absl::ZeroDuration();
  uint32_t max_instances = 4;
};

// Parses a config; `base_dir` resolves a relative "wasm" path.
absl::StatusOr<PluginCapabilities> ParseCapabilities(absl::string_view json,
                                                     absl::string_view base_dir);
// Reads and parses a config file (at most 1 MiB).
absl::StatusOr<PluginCapabilities> LoadCapabilitiesFile(const std::string& path);

// Whether `port` is in one of `grant`'s ranges; whether `host` matches
// `grant.host` (see NetGrant).
bool PortAllowed(const NetGrant& grant, uint32_t port);
bool HostMatches(const NetGrant& grant, absl::string_view host);

}  // namespace weft

#endif  // WEFT_INCLUDE_WEFT_PLUGIN_CAPABILITIES_H_
