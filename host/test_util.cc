#include "host/test_util.h"

#include <arpa/inet.h>
#include <dirent.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <fstream>

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
