#include "host/net_dial.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "base/utf8.h"

namespace weft {
namespace {

// WASI errnos (wasi/wasi_types.h).
constexpr int kEconnrefused = 14, kEhostunreach = 23, kEintr = 27, kEinval = 28,
              kEtimedout = 73, kEnotcapable = 76;

bool InV4(const uint8_t a[4], uint8_t b0, uint8_t b1, int prefix_bits) {
  const uint32_t x = uint32_t(a[0]) << 24 | uint32_t(a[1]) << 16 | uint32_t(a[2]) << 8 | a[3];
  const uint32_t net = uint32_t(b0) << 24 | uint32_t(b1) << 16;
  const uint32_t mask = prefix_bits == 0 ? 0 : ~uint32_t(0) << (32 - prefix_bits);
  return (x & mask) == (net & mask);
}

bool IsIpLiteral(absl::string_view host) {
  const std::string h(host);
  uint8_t buf[16];
  return inet_pton(AF_INET, h.c_str(), buf) == 1 || inet_pton(AF_INET6, h.c_str(), buf) == 1;
}

// A connect to `addr` bounded by `timeout` and `interrupt_fd`: a connected
// blocking fd or -errno.
int ConnectWithTimeout(const sockaddr* addr, socklen_t len, absl::Duration timeout,
                       int interrupt_fd) {
  const int fd = ::socket(addr->sa_family, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
  if (fd < 0) return -kEhostunreach;
  int rc = ::connect(fd, addr, len);
  if (rc != 0 && errno == EINPROGRESS) {
    // A negative fd in the set is ignored by poll(2).
    pollfd p[2] = {{fd, POLLOUT, 0}, {interrupt_fd, POLLIN, 0}};
    const absl::Time deadline = absl::Now() + timeout;
    do {
      const int64_t ms = std::max<int64_t>(
          absl::ToInt64Milliseconds(absl::Ceil(deadline - absl::Now(), absl::Milliseconds(1))), 0);
      rc = ::poll(p, 2, int(std::min<int64_t>(ms, INT32_MAX)));
    } while (rc < 0 && errno == EINTR);
    if (rc > 0 && p[1].revents != 0) {
      ::close(fd);
      return -kEintr;
    }
    if (rc == 0) {
      ::close(fd);
      return -kEtimedout;
    }
    int err = 0;
    socklen_t err_len = sizeof err;
    if (rc < 0 || ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &err_len) != 0) err = EHOSTUNREACH;
    errno = err;
    rc = err == 0 ? 0 : -1;
  }
  if (rc != 0) {
    const int e = errno;
    ::close(fd);
    return e == ECONNREFUSED ? -kEconnrefused : e == ETIMEDOUT ? -kEtimedout : -kEhostunreach;
  }
  // The guest expects ordinary blocking reads and writes.
  ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) & ~O_NONBLOCK);
  return fd;
}

}  // namespace

bool IsPublicIpv4(const uint8_t a[4]) {
  return !(InV4(a, 0, 0, 8) ||        // "this network"
           InV4(a, 10, 0, 8) ||       // private
           InV4(a, 100, 64, 10) ||    // carrier-grade NAT
           InV4(a, 127, 0, 8) ||      // loopback
           InV4(a, 169, 254, 16) ||   // link-local
           InV4(a, 172, 16, 12) ||    // private
           InV4(a, 192, 0, 24) ||     // IETF protocol assignments (192.0.0/24)
           InV4(a, 192, 168, 16) ||   // private
           InV4(a, 198, 18, 15) ||    // benchmarking
           InV4(a, 224, 0, 4) ||      // multicast
           InV4(a, 240, 0, 4) ||      // reserved, broadcast
           (a[0] == 192 && a[1] == 0 && a[2] == 2) ||     // documentation
           (a[0] == 198 && a[1] == 51 && a[2] == 100) ||  // documentation
           (a[0] == 203 && a[1] == 0 && a[2] == 113));    // documentation
}

bool IsPublicIpv6(const uint8_t a[16]) {
  static const uint8_t kMapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
  static const uint8_t kNat64[12] = {0, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0};
  // IPv4 inside IPv6: judged as the IPv4 address it reaches.
  if (std::memcmp(a, kMapped, 12) == 0 || std::memcmp(a, kNat64, 12) == 0) {
    return IsPublicIpv4(a + 12);
  }
  bool first_96_zero = true;
  for (int i = 0; i < 12; ++i) first_96_zero = first_96_zero && a[i] == 0;
  if (first_96_zero) return false;  // ::, ::1 and IPv4-compatible forms
  if ((a[0] & 0xfe) == 0xfc) return false;                 // fc00::/7 unique local
  if (a[0] == 0xfe && (a[1] & 0xc0) == 0x80) return false;  // fe80::/10 link-local
  if (a[0] == 0xfe && (a[1] & 0xc0) == 0xc0) return false;  // fec0::/10 site-local
  if (a[0] == 0xff) return false;                           // multicast
  if (a[0] == 0x20 && a[1] == 0x01 && a[2] == 0x0d && a[3] == 0xb8) return false;  // docs
  return true;
}

int NetDial(const PluginCapabilities& caps, absl::string_view host, uint32_t port,
            absl::Duration timeout, DenialLog* log, int interrupt_fd) {
  if (host.empty() || host.size() > 253 || host.find('\0') != absl::string_view::npos ||
      !IsValidUtf8(host) || port == 0 || port > 65535) {
    return -kEinval;
  }
  auto deny = [&](absl::string_view why) {
    if (log != nullptr) log->Deny(caps.name, why);
    return -kEnotcapable;
  };
  bool allowed = false, private_ok = false;
  for (const NetGrant& g : caps.net) {
    if (!HostMatches(g, host) || !PortAllowed(g, port)) continue;
    allowed = true;
    private_ok = private_ok || g.allow_private || IsIpLiteral(g.host);
  }
  if (!allowed) return deny(absl::StrCat("net_dial ", absl::CHexEscape(host), ":", port, ": not granted"));

  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_NUMERICSERV;
  addrinfo* res = nullptr;
  const std::string name(host), service = std::to_string(port);
  if (::getaddrinfo(name.c_str(), service.c_str(), &hints, &res) != 0 || res == nullptr) {
    return -kEhostunreach;
  }
  std::vector<std::pair<sockaddr_storage, socklen_t>> addrs;
  std::string forbidden;
  for (addrinfo* ai = res; ai != nullptr; ai = ai->ai_next) {
    bool is_public = true;
    char text[INET6_ADDRSTRLEN] = "?";
    if (ai->ai_family == AF_INET) {
      auto* sin = reinterpret_cast<sockaddr_in*>(ai->ai_addr);
      is_public = IsPublicIpv4(reinterpret_cast<const uint8_t*>(&sin->sin_addr));
      inet_ntop(AF_INET, &sin->sin_addr, text, sizeof text);
    } else if (ai->ai_family == AF_INET6) {
      auto* sin6 = reinterpret_cast<sockaddr_in6*>(ai->ai_addr);
      is_public = IsPublicIpv6(sin6->sin6_addr.s6_addr);
      inet_ntop(AF_INET6, &sin6->sin6_addr, text, sizeof text);
    } else {
      continue;
    }
    if (!is_public && forbidden.empty()) forbidden = text;
    sockaddr_storage ss{};
    std::memcpy(&ss, ai->ai_addr, ai->ai_addrlen);
    addrs.emplace_back(ss, socklen_t(ai->ai_addrlen));
  }
  ::freeaddrinfo(res);
  if (!forbidden.empty() && !private_ok) {
    return deny(absl::StrCat("net_dial ", absl::CHexEscape(host), ":", port,
                             ": resolves to non-public address ",
                             forbidden));
  }
  if (addrs.empty()) return -kEhostunreach;
  const absl::Time deadline = absl::Now() + timeout;
  int last = -kEhostunreach;
  for (const auto& [ss, len] : addrs) {
    const absl::Duration left = deadline - absl::Now();
    if (left <= absl::ZeroDuration()) return -kEtimedout;
    last = ConnectWithTimeout(reinterpret_cast<const sockaddr*>(&ss), len, left, interrupt_fd);
    if (last >= 0 || last == -kEintr) return last;
  }
  return last;
}

}  // namespace weft
