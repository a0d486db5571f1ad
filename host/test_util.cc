#include "host/test_util.h"

#include <arpa/inet.h>
#include <dirent.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <fstream>
#include <vector>

namespace weft::testing {

EchoServer::EchoServer() {
  listen_fd_ = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bind(listen_fd_, reinterpret_cast<sockaddr*>(&a), sizeof a);
  listen(listen_fd_, 4);
  socklen_t len = sizeof a;
  getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&a), &len);
  port_ = ntohs(a.sin_port);
  thread_ = std::thread([this] {
    const int c = accept(listen_fd_, nullptr, nullptr);
    if (c < 0) return;
    char buf[64];
    const ssize_t n = read(c, buf, sizeof buf);
    if (n > 0) (void)!write(c, buf, size_t(n));
    close(c);
  });
}

EchoServer::~EchoServer() {
  shutdown(listen_fd_, SHUT_RDWR);  // wakes accept() if no one connected
  close(listen_fd_);
  thread_.join();
}

namespace {

// A listening loopback socket on an ephemeral port.
int Listen(int backlog, uint16_t* port) {
  const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
  listen(fd, backlog);
  socklen_t len = sizeof a;
  getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
  *port = ntohs(a.sin_port);
  return fd;
}

}  // namespace

SilentServer::SilentServer() {
  listen_fd_ = Listen(8, &port_);
  thread_ = std::thread([this] {
    std::vector<int> conns;
    for (;;) {
      const int c = accept(listen_fd_, nullptr, nullptr);
      if (c < 0) break;  // the destructor shut the listener down
      conns.push_back(c);
    }
    for (int c : conns) close(c);
  });
}

SilentServer::~SilentServer() {
  shutdown(listen_fd_, SHUT_RDWR);
  thread_.join();
  close(listen_fd_);
}

StalledListener::StalledListener() {
  listen_fd_ = Listen(0, &port_);
  // Backlog 0 still queues one connection; with it queued, the kernel
  // drops further SYNs.
  queued_fd_ = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  a.sin_port = htons(port_);
  connect(queued_fd_, reinterpret_cast<sockaddr*>(&a), sizeof a);
}

StalledListener::~StalledListener() {
  close(queued_fd_);
  close(listen_fd_);
}

int CountEntries(const char* dir) {
  int n = 0;
  DIR* d = opendir(dir);
  if (d == nullptr) return -1;
  while (dirent* e = readdir(d)) n += e->d_name[0] != '.';
  closedir(d);
  return n;
}

std::string ThreadNames() {
  std::string out;
  DIR* d = opendir("/proc/self/task");
  if (d == nullptr) return out;
  while (dirent* e = readdir(d)) {
    if (e->d_name[0] == '.') continue;
    std::ifstream in(std::string("/proc/self/task/") + e->d_name + "/comm");
    std::string name;
    std::getline(in, name);
    out += name + " ";
  }
  closedir(d);
  return out;
}

}  // namespace weft::testing
