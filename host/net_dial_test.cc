#include "host/net_dial.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>


#include "gtest/gtest.h"
#include "host/test_util.h"

namespace weft {
namespace {

int OpenFdCount() { return testing::CountEntries("/proc/self/fd"); }
using testing::EchoServer;

PluginCapabilities Caps(std::vector<NetGrant> net) {
  PluginCapabilities c;
  c.name = "dialer";
  c.net = std::move(net);
  return c;
}

TEST(NetDialTest, AllowedLoopbackWhenExplicitlyGranted) {
  const int fds_before = OpenFdCount();
  {
    EchoServer server;
    DenialLog log;
    const int fd = NetDial(Caps({{"127.0.0.1", {{server.port(), server.port()}}, false}}),
                           "127.0.0.1", server.port(), absl::Seconds(5), &log);
    ASSERT_GE(fd, 0) << fd;
    ASSERT_EQ(write(fd, "hello", 5), 5);
    char buf[8] = {};
    ASSERT_EQ(read(fd, buf, sizeof buf), 5);
    EXPECT_EQ(std::string(buf, 5), "hello");
    close(fd);
    EXPECT_EQ(log.count.load(), 0u);
  }
  EXPECT_EQ(OpenFdCount(), fds_before);
}

TEST(NetDialTest, RefusalsAreCountedAndLogged) {
  DenialLog log;
  std::vector<std::string> lines;
  log.sink = [&](absl::string_view plugin, absl::string_view why) {
    lines.push_back(std::string(plugin) + ": " + std::string(why));
  };
  const int fds_before = OpenFdCount();
  // Host not granted.
  EXPECT_EQ(NetDial(Caps({{"api.example.com", {{443, 443}}, false}}), "evil.example.org", 443,
                    absl::Seconds(1), &log),
            -76);
  // Port not granted.
  EXPECT_EQ(NetDial(Caps({{"127.0.0.1", {{80, 80}}, true}}), "127.0.0.1", 81, absl::Seconds(1),
                    &log),
            -76);
  // An allowed NAME resolving to loopback is refused without allow_private.
  EXPECT_EQ(NetDial(Caps({{"localhost", {{80, 80}}, false}}), "localhost", 80, absl::Seconds(1),
                    &log),
            -76);
  // Wildcards do not admit the bare domain.
  EXPECT_EQ(NetDial(Caps({{"*.localhost", {{80, 80}}, true}}), "localhost", 80, absl::Seconds(1),
                    &log),
            -76);
  EXPECT_EQ(log.count.load(), 4u);
  ASSERT_EQ(lines.size(), 4u);
  EXPECT_NE(lines[2].find("dialer: net_dial localhost:80: resolves to non-public address"),
            std::string::npos)
      << lines[2];
  EXPECT_EQ(OpenFdCount(), fds_before);
}

TEST(NetDialTest, BadInputAndConnectFailures) {
  DenialLog log;
  auto caps = Caps({{"127.0.0.1", {{1, 65535}}, true}});
  EXPECT_EQ(NetDial(caps, "", 80, absl::Seconds(1), &log), -28);
  EXPECT_EQ(NetDial(caps, "127.0.0.1", 0, absl::Seconds(1), &log), -28);
  EXPECT_EQ(NetDial(caps, "127.0.0.1", 70000, absl::Seconds(1), &log), -28);
  EXPECT_EQ(NetDial(caps, "\xff\xfe", 80, absl::Seconds(1), &log), -28);
  EXPECT_EQ(NetDial(caps, std::string("127.0.0.1\0x", 11), 80, absl::Seconds(1), &log), -28);
  // Nothing listens on a port we just closed.
  EchoServer* server = new EchoServer;
  const uint16_t port = server->port();
  delete server;
  EXPECT_EQ(NetDial(caps, "127.0.0.1", port, absl::Seconds(1), &log), -14);
  EXPECT_EQ(log.count.load(), 0u);
}

TEST(NetDialTest, AddressClassification) {
  auto v4 = [](const char* s) {
    uint8_t a[4];
    inet_pton(AF_INET, s, a);
    return IsPublicIpv4(a);
  };
  auto v6 = [](const char* s) {
    uint8_t a[16];
    inet_pton(AF_INET6, s, a);
    return IsPublicIpv6(a);
  };
  EXPECT_TRUE(v4("93.184.216.34"));
  EXPECT_TRUE(v4("8.8.8.8"));
  for (const char* s : {"127.0.0.1", "10.1.2.3", "172.16.0.1", "172.31.255.255", "192.168.1.1",
                        "169.254.169.254", "0.0.0.0", "100.64.0.1", "224.0.0.1", "255.255.255.255"}) {
    EXPECT_FALSE(v4(s)) << s;
  }
  EXPECT_TRUE(v4("172.32.0.1"));
  EXPECT_TRUE(v6("2606:4700::1111"));
  for (const char* s : {"::1", "::", "fe80::1", "fd00::1", "ff02::1", "::ffff:127.0.0.1",
                        "::ffff:10.0.0.1", "64:ff9b::a00:1", "2001:db8::1"}) {
    EXPECT_FALSE(v6(s)) << s;
  }
  EXPECT_TRUE(v6("::ffff:8.8.8.8"));
}

}  // namespace
}  // namespace weft
