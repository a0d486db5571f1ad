/* A plugin whose execute blocks in one host call, for deadline tests. Input:
 *   "sleep"              nanosleep for an hour (a clock poll_oneoff)
 *   "read HOST PORT"     net_dial, then read() (fd_read) on the socket
 *   "recv HOST PORT"     net_dial, then sock_recv on the socket
 *   "poll HOST PORT"     net_dial, then poll_oneoff(fd_read) on the socket
 *   "dial HOST PORT"     net_dial alone (to a listener that never accepts)
 *   "fifo PATH"          open PATH (a FIFO nobody writes) and read() it
 *   anything else        returns "ok"
 * If the blocking call ever returns, execute says what it got. */
#include <fcntl.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>
#include <wasi/api.h>

#include "weft_plugin.h"

const char plugin_meta[] =
    "{\"name\":\"blocker\",\"version\":\"1\",\"description\":\"blocks in host calls\"}";

static weft_bytes returned(const char* what, long r) {
  char out[64];
  int n = snprintf(out, sizeof out, "%s returned %ld", what, r);
  return weft_output(out, (uint32_t)n);
}

weft_bytes plugin_execute(const uint8_t* in, uint32_t len) {
  char req[256], arg[200];
  unsigned port = 0;
  if (len >= sizeof req) len = sizeof req - 1;
  memcpy(req, in, len);
  req[len] = 0;
  char buf[16];
  if (strcmp(req, "sleep") == 0) {
    struct timespec t = {3600, 0};
    return returned("nanosleep", nanosleep(&t, NULL));
  }
  if (sscanf(req, "fifo %199s", arg) == 1) {
    const int fd = open(arg, O_RDONLY);
    return returned("fifo", fd < 0 ? fd : (long)read(fd, buf, sizeof buf));
  }
  char verb[8];
  if (sscanf(req, "%7s %199s %u", verb, arg, &port) == 3) {
    const int fd = weft_net_dial(arg, (uint32_t)strlen(arg), port);
    if (strcmp(verb, "dial") == 0 || fd < 0) return returned("net_dial", fd);
    if (strcmp(verb, "read") == 0) return returned("read", (long)read(fd, buf, sizeof buf));
    if (strcmp(verb, "recv") == 0) {
      __wasi_iovec_t iov = {(uint8_t*)buf, sizeof buf};
      __wasi_size_t got = 0;
      __wasi_roflags_t flags;
      return returned("sock_recv", __wasi_sock_recv(fd, &iov, 1, 0, &got, &flags));
    }
    if (strcmp(verb, "poll") == 0) {
      __wasi_subscription_t sub;
      memset(&sub, 0, sizeof sub);
      sub.u.tag = __WASI_EVENTTYPE_FD_READ;
      sub.u.u.fd_read.file_descriptor = (__wasi_fd_t)fd;
      __wasi_event_t ev;
      __wasi_size_t n = 0;
      return returned("poll_oneoff", __wasi_poll_oneoff(&sub, &ev, 1, &n));
    }
  }
  return weft_output("ok", 2);
}
