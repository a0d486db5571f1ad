// A one-shot TCP echo-ish server over a socket preopened with
// `weft run --tcplisten HOST:PORT`: finds the listening fd, checks that an
// accept on it made non-blocking with nobody waiting is EAGAIN, waits for a client with
// poll_oneoff (the client connects after the "ready" line), accepts, receives "ping", sends "pong", shuts down its
// writing side and closes. The test's client checks the other end.
#include "guest_util.h"

int main(void) {
  int lfd = -1;
  for (__wasi_fd_t fd = 3; fd < 16 && lfd < 0; ++fd) {
    __wasi_fdstat_t st;
    if (__wasi_fd_fdstat_get(fd, &st) == 0 &&
        st.fs_filetype == __WASI_FILETYPE_SOCKET_STREAM) {
      lfd = (int)fd;
    }
  }
  check(lfd >= 3, "found the preopened listening socket");
  if (lfd < 0) return finish();
  __wasi_fd_t conn;
  // sock_accept's flags are the new connection's; a non-blocking accept
  // needs a non-blocking listener.
  check_errno(__wasi_fd_fdstat_set_flags(lfd, __WASI_FDFLAGS_NONBLOCK), 0,
              "make the listener non-blocking");
  check_errno(__wasi_sock_accept(lfd, 0, &conn), __WASI_ERRNO_AGAIN,
              "non-blocking accept with no client");
  check_errno(__wasi_fd_fdstat_set_flags(lfd, 0), 0, "and blocking again");
  check_errno(__wasi_sock_accept(lfd, 0x80, &conn), __WASI_ERRNO_INVAL,
              "sock_accept bad flags");
  // The client connects only once it reads this line.
  printf("ready\n");
  fflush(stdout);
  // The listening socket becomes readable when a client connects.
  __wasi_subscription_t subs[2];
  memset(subs, 0, sizeof subs);
  subs[0].userdata = 1;
  subs[0].u.tag = __WASI_EVENTTYPE_FD_READ;
  subs[0].u.u.fd_read.file_descriptor = lfd;
  subs[1].userdata = 2;
  subs[1].u.tag = __WASI_EVENTTYPE_CLOCK;
  subs[1].u.u.clock.id = __WASI_CLOCKID_MONOTONIC;
  subs[1].u.u.clock.timeout = 20000000000ull;  // 20 s
  __wasi_event_t ev[2];
  __wasi_size_t n;
  check_errno(__wasi_poll_oneoff(subs, ev, 2, &n), 0, "poll for a client");
  check(n >= 1 && ev[0].userdata == 1, "a client came before the timeout");
  check_errno(__wasi_sock_accept(lfd, __WASI_FDFLAGS_NONBLOCK, &conn), 0,
              "sock_accept (connection non-blocking)");
  __wasi_fdstat_t cst;
  check(__wasi_fd_fdstat_get(conn, &cst) == 0 &&
            cst.fs_flags == __WASI_FDFLAGS_NONBLOCK,
        "the connection is non-blocking");
  check_errno(__wasi_fd_fdstat_set_flags(conn, 0), 0, "make it blocking");
  char buf[16] = {0};
  __wasi_iovec_t in = {(uint8_t*)buf, sizeof buf};
  __wasi_size_t got = 0, total = 0;
  __wasi_roflags_t roflags;
  while (total < 4) {
    in.buf = (uint8_t*)buf + total;
    in.buf_len = sizeof buf - total;
    if (__wasi_sock_recv(conn, &in, 1, 0, &got, &roflags) != 0 || got == 0) break;
    total += got;
  }
  check(total == 4 && memcmp(buf, "ping", 4) == 0, "sock_recv ping");
  __wasi_ciovec_t out = {(const uint8_t*)"pong", 4};
  check_errno(__wasi_sock_send(conn, &out, 1, 0, &n), 0, "sock_send pong");
  check(n == 4, "sent 4");
  check_errno(__wasi_sock_shutdown(conn, __WASI_SDFLAGS_WR), 0,
              "sock_shutdown WR");
  check_errno(__wasi_sock_accept(conn, 0, &conn), __WASI_ERRNO_NOTCAPABLE,
              "a connection cannot accept");
  check_errno(__wasi_fd_close(conn), 0, "close the connection");
  return finish();
}
