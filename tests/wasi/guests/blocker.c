// A guest that blocks in one WASI call, for --timeout / deadline tests:
// `blocker MODE [PATH]` prints "blocking MODE" and then
//   stdin       fd_read on stdin
//   poll        poll_oneoff with one fd_read subscription on stdin, no clock
//   accept      sock_accept on the first preopened socket (--tcplisten)
//   fifo_read   path_open(PATH, read) of a FIFO nobody writes, then fd_read
//   fifo_write  path_open(PATH, write) of a FIFO nobody reads
//   sleep       nanosleep for an hour
// A host that honours its deadline never lets the call return; if it does
// return, the guest says what it got and exits 3.
#include <fcntl.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "guest_util.h"

static int listening_socket(void) {
  for (__wasi_fd_t fd = 3; fd < 16; ++fd) {
    __wasi_fdstat_t st;
    if (__wasi_fd_fdstat_get(fd, &st) == 0 &&
        st.fs_filetype == __WASI_FILETYPE_SOCKET_STREAM) {
      return (int)fd;
    }
  }
  return -1;
}

int main(int argc, char** argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: blocker MODE [PATH]\n");
    return 2;
  }
  const char* mode = argv[1];
  printf("blocking %s\n", mode);
  fflush(stdout);
  char buf[16];
  long r = -1;
  if (strcmp(mode, "stdin") == 0) {
    r = read(0, buf, sizeof buf);
  } else if (strcmp(mode, "poll") == 0) {
    __wasi_subscription_t sub;
    memset(&sub, 0, sizeof sub);
    sub.userdata = 1;
    sub.u.tag = __WASI_EVENTTYPE_FD_READ;
    sub.u.u.fd_read.file_descriptor = 0;
    __wasi_event_t ev;
    __wasi_size_t n = 0;
    r = __wasi_poll_oneoff(&sub, &ev, 1, &n);
  } else if (strcmp(mode, "accept") == 0) {
    const int lfd = listening_socket();
    if (lfd < 0) {
      printf("no preopened socket\n");
      return 2;
    }
    __wasi_fd_t conn;
    r = __wasi_sock_accept(lfd, 0, &conn);
  } else if (strcmp(mode, "fifo_read") == 0 && argc == 3) {
    const int fd = open(argv[2], O_RDONLY);
    r = fd < 0 ? fd : read(fd, buf, sizeof buf);
  } else if (strcmp(mode, "fifo_write") == 0 && argc == 3) {
    r = open(argv[2], O_WRONLY);
  } else if (strcmp(mode, "sleep") == 0) {
    struct timespec req = {3600, 0};
    r = nanosleep(&req, NULL);
  } else {
    fprintf(stderr, "blocker: unknown mode %s\n", mode);
    return 2;
  }
  printf("returned %ld\n", r);
  return 3;
}
