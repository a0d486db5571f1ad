// Test helpers shared by the host tests: a one-shot TCP echo server on
// 127.0.0.1 and process resource counts (threads, fds).
#ifndef WEFT_HOST_TEST_UTIL_H_
#define WEFT_HOST_TEST_UTIL_H_

#include <cstdint>
#include <string>
#include <thread>

namespace weft::testing {

// Accepts one connection on an ephemeral loopback port, echoes what it
// reads once, closes. The destructor stops and joins it.
class EchoServer {
 public:
  EchoServer();
  ~EchoServer();
  uint16_t port() const { return port_; }

 private:
  int listen_fd_ = -1;
  uint16_t port_ = 0;
  std::thread thread_;
};

// Entries of a /proc directory, "." and ".." excluded (threads:
// "/proc/self/task", fds: "/proc/self/fd").
int CountEntries(const char* dir);
// The names of this process's threads, for failure messages.
std::string ThreadNames();

}  // namespace weft::testing

#endif  // WEFT_HOST_TEST_UTIL_H_
