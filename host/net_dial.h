// env.net_dial's host side: connect a plugin to host:port if, and only if,
// its capabilities allow it.
//
// Order of checks: the host name (UTF-8, 1-253 bytes, no NUL) and port
// (1-65535) are well-formed (else -EINVAL); some NetGrant matches both the
// name and the port (else -ENOTCAPABLE); the name resolves (else
// -EHOSTUNREACH); EVERY resolved address is public — not loopback,
// private (RFC 1918, fc00::/7, 100.64/10), link-local, unspecified,
// multicast, reserved or documentation space, also inside IPv4-mapped /
// NAT64 IPv6 forms — unless a matching grant has allow_private or names
// the address as an IP literal (else -ENOTCAPABLE, so a DNS name cannot be
// pointed at an internal service); then each address is tried with a
// non-blocking connect bounded by `timeout` (-ETIMEDOUT, -ECONNREFUSED,
// -EHOSTUNREACH). Name resolution itself is the system resolver's and is
// not bounded by `timeout`. The connect also ends, with -EINTR, as soon as
// `interrupt_fd` (Caller::interrupt_fd of the running call; -1: none)
// becomes readable: a call's deadline stops a dial as it stops the guest.
//
// Errors are negative WASI errnos. Every refusal by policy (ENOTCAPABLE)
// is counted and reported to the sink with the plugin's name and why.
#ifndef WEFT_HOST_NET_DIAL_H_
#define WEFT_HOST_NET_DIAL_H_

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "weft/plugin_capabilities.h"

namespace weft {

// Where capability refusals go (shared by a plugin's instances).
struct DenialLog {
  std::atomic<uint64_t> count{0};
  // Called with (plugin name, reason); may be empty. Must be thread-safe.
  std::function<void(absl::string_view, absl::string_view)> sink;
  void Deny(absl::string_view plugin, absl::string_view reason) {
    count.fetch_add(1, std::memory_order_relaxed);
    if (sink) sink(plugin, reason);
  }
};

// A connected, blocking TCP socket (the caller owns it) or -errno.
int NetDial(const PluginCapabilities& caps, absl::string_view host, uint32_t port,
            absl::Duration timeout, DenialLog* log, int interrupt_fd = -1);

// Whether an address (in_addr / in6_addr bytes, network order) is one a
// plugin may reach without an explicit grant.
bool IsPublicIpv4(const uint8_t addr[4]);
bool IsPublicIpv6(const uint8_t addr[16]);

}  // namespace weft

#endif  // WEFT_HOST_NET_DIAL_H_
