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

// Accepts connections on an ephemeral loopback port and never sends a
// byte: a peer that reads block forever on. Connections stay open until
// the destructor, which stops and joins it.
class SilentServer {
 public:
  SilentServer();
  ~SilentServer();
  uint16_t port() const { return port_; }

 private:
  int listen_fd_ = -1;
  uint16_t port_ = 0;
  std::thread thread_;
};

// A loopback listener that never accepts, with its (length 0) backlog
// already full: a connect to port() gets no answer until the client gives
// up (the kernel drops its SYNs).
class StalledListener {
 public:
  StalledListener();
  ~StalledListener();
  uint16_t port() const { return port_; }

 private:
  int listen_fd_ = -1;
  int queued_fd_ = -1;  // the connection that fills the backlog
  uint16_t port_ = 0;
};

// Entries of a /proc directory, "." and ".." excluded (threads:
// "/proc/self/task", fds: "/proc/self/fd").
int CountEntries(const char* dir);
// The names of this process's threads, for failure messages.
std::string ThreadNames();

}  // namespace weft::testing

#endif  // WEFT_HOST_TEST_UTIL_H_
