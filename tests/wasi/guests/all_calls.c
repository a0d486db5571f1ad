// Every wasi_snapshot_preview1 function called directly, each with a
// success case and at least one error case, asserting exact errnos.
// Run as: all_calls one two  with --env A=1 --env B=xy, a writable
// preopen /w (empty) and stdin holding "stdin-data\n". With --trace-wasi the
// test script also checks that all 46 functions appear in the trace.
// If stdin is a stream socket (the script connects one when it can), the
// sock_* success paths run on it too.
#include <stdlib.h>

#include "guest_util.h"

#define BAD_PTR ((void*)0xfffffff0u)
#define E_OK 0

static __wasi_fd_t open_file(int dir, const char* path, __wasi_oflags_t of,
                             __wasi_rights_t rights, __wasi_fdflags_t ff) {
  __wasi_fd_t fd = (__wasi_fd_t)-1;
  __wasi_errno_t e = __wasi_path_open(dir, 0, path, of, rights, 0, ff, &fd);
  if (e != 0) {
    printf("FAIL: path_open %s: errno %u\n", path, (unsigned)e);
    ++failures;
  }
  return fd;
}

static void args_env(void) {
  __wasi_size_t argc, argv_size, envc, env_size;
  check_errno(__wasi_args_sizes_get(&argc, &argv_size), E_OK, "args_sizes_get");
  check(argc == 3 && argv_size == strlen("all_calls.wasm") + 1 + 4 + 4,
        "argc 3, argv bytes");
  char* buf = malloc(argv_size);
  char* argv[3];
  check_errno(__wasi_args_get((uint8_t**)argv, (uint8_t*)buf), E_OK, "args_get");
  check(strcmp(argv[0], "all_calls.wasm") == 0 && strcmp(argv[1], "one") == 0 &&
            strcmp(argv[2], "two") == 0,
        "argv values");
  check_errno(__wasi_args_get((uint8_t**)argv, BAD_PTR), __WASI_ERRNO_FAULT,
              "args_get into a bad buffer");
  check_errno(__wasi_args_sizes_get(BAD_PTR, &argv_size), __WASI_ERRNO_FAULT,
              "args_sizes_get to a bad pointer");
  free(buf);
  check_errno(__wasi_environ_sizes_get(&envc, &env_size), E_OK,
              "environ_sizes_get");
  check(envc == 2 && env_size == 4 + 5, "2 variables, 9 bytes");
  buf = malloc(env_size);
  char* env[2];
  check_errno(__wasi_environ_get((uint8_t**)env, (uint8_t*)buf), E_OK,
              "environ_get");
  check(strcmp(env[0], "A=1") == 0 && strcmp(env[1], "B=xy") == 0,
        "environ values");
  check_errno(__wasi_environ_get(BAD_PTR, (uint8_t*)buf), __WASI_ERRNO_FAULT,
              "environ_get to a bad pointer");
  check_errno(__wasi_environ_sizes_get(&envc, BAD_PTR), __WASI_ERRNO_FAULT,
              "environ_sizes_get to a bad pointer");
  free(buf);
}

static void clocks_random_misc(void) {
  __wasi_timestamp_t t, r;
  check_errno(__wasi_clock_res_get(__WASI_CLOCKID_MONOTONIC, &r), E_OK,
              "clock_res_get");
  check_errno(__wasi_clock_res_get(9, &r), __WASI_ERRNO_INVAL,
              "clock_res_get bad id");
  check_errno(__wasi_clock_time_get(__WASI_CLOCKID_REALTIME, 1, &t), E_OK,
              "clock_time_get");
  check(t > 1577836800ull * 1000000000ull, "realtime after 2020");
  check_errno(__wasi_clock_time_get(9, 1, &t), __WASI_ERRNO_INVAL,
              "clock_time_get bad id");
  check_errno(__wasi_clock_time_get(0, 1, BAD_PTR), __WASI_ERRNO_FAULT,
              "clock_time_get bad pointer");
  uint8_t buf[64] = {0};
  check_errno(__wasi_random_get(buf, sizeof buf), E_OK, "random_get");
  int nonzero = 0;
  for (int i = 0; i < 64; ++i) nonzero += buf[i] != 0;
  check(nonzero > 32, "random bytes");
  check_errno(__wasi_random_get(BAD_PTR, 64), __WASI_ERRNO_FAULT,
              "random_get bad buffer");
  check_errno(__wasi_sched_yield(), E_OK, "sched_yield");
  check_errno((__wasi_errno_t)weft_raw_proc_raise(15 /* SIGTERM */),
              __WASI_ERRNO_NOSYS, "proc_raise is ENOSYS");
  __wasi_subscription_t s;
  memset(&s, 0, sizeof s);
  s.userdata = 5;
  s.u.tag = __WASI_EVENTTYPE_CLOCK;
  s.u.u.clock.id = __WASI_CLOCKID_MONOTONIC;
  s.u.u.clock.timeout = 1000000;
  __wasi_event_t ev;
  __wasi_size_t n;
  check_errno(__wasi_poll_oneoff(&s, &ev, 1, &n), E_OK, "poll_oneoff 1ms");
  check(n == 1 && ev.userdata == 5 && ev.type == __WASI_EVENTTYPE_CLOCK,
        "clock event");
  check_errno(__wasi_poll_oneoff(&s, &ev, 0, &n), __WASI_ERRNO_INVAL,
              "poll_oneoff with no subscriptions");
  s.u.tag = __WASI_EVENTTYPE_FD_READ;
  s.u.u.fd_read.file_descriptor = 99;
  check_errno(__wasi_poll_oneoff(&s, &ev, 1, &n), E_OK,
              "poll_oneoff on a bad fd returns an event");
  check(n == 1 && ev.error == __WASI_ERRNO_BADF, "whose error is EBADF");
}

static void prestat(int w) {
  __wasi_prestat_t ps;
  check_errno(__wasi_fd_prestat_get(w, &ps), E_OK, "fd_prestat_get");
  check(ps.tag == __WASI_PREOPENTYPE_DIR && ps.u.dir.pr_name_len == 2,
        "prestat of /w");
  check_errno(__wasi_fd_prestat_get(99, &ps), __WASI_ERRNO_BADF,
              "fd_prestat_get bad fd");
  check_errno(__wasi_fd_prestat_get(1, &ps), __WASI_ERRNO_BADF,
              "fd_prestat_get on stdout");
  char name[8];
  check_errno(__wasi_fd_prestat_dir_name(w, (uint8_t*)name, 2), E_OK,
              "fd_prestat_dir_name");
  check(memcmp(name, "/w", 2) == 0, "name /w");
  check_errno(__wasi_fd_prestat_dir_name(w, (uint8_t*)name, 1),
              __WASI_ERRNO_NAMETOOLONG, "fd_prestat_dir_name short buffer");
  check_errno(__wasi_fd_prestat_dir_name(0, (uint8_t*)name, 8),
              __WASI_ERRNO_BADF, "fd_prestat_dir_name on stdin");
}

static void fd_calls(int w) {
  const __wasi_rights_t rw = R_READ | R_WRITE | __WASI_RIGHTS_FD_TELL |
                             __WASI_RIGHTS_FD_ADVISE | __WASI_RIGHTS_FD_ALLOCATE |
                             __WASI_RIGHTS_FD_DATASYNC | __WASI_RIGHTS_FD_SYNC |
                             __WASI_RIGHTS_FD_FILESTAT_GET |
                             __WASI_RIGHTS_FD_FILESTAT_SET_SIZE |
                             __WASI_RIGHTS_FD_FILESTAT_SET_TIMES |
                             __WASI_RIGHTS_FD_FDSTAT_SET_FLAGS;
  __wasi_fd_t fd = open_file(w, "f.txt", __WASI_OFLAGS_CREAT, rw, 0);
  __wasi_ciovec_t out = {(const uint8_t*)"hello world", 11};
  __wasi_size_t n;
  check_errno(__wasi_fd_write(fd, &out, 1, &n), E_OK, "fd_write");
  check(n == 11, "wrote 11");
  check_errno(__wasi_fd_write(99, &out, 1, &n), __WASI_ERRNO_BADF,
              "fd_write bad fd");
  __wasi_filesize_t pos;
  check_errno(__wasi_fd_tell(fd, &pos), E_OK, "fd_tell");
  check(pos == 11, "position 11");
  check_errno(__wasi_fd_tell(99, &pos), __WASI_ERRNO_BADF, "fd_tell bad fd");
  check_errno(__wasi_fd_seek(fd, 6, __WASI_WHENCE_SET, &pos), E_OK, "fd_seek");
  check(pos == 6, "seeked to 6");
  check_errno(__wasi_fd_seek(fd, -100, __WASI_WHENCE_CUR, &pos),
              __WASI_ERRNO_INVAL, "fd_seek before the start");
  check_errno(__wasi_fd_seek(fd, 0, 7, &pos), __WASI_ERRNO_INVAL,
              "fd_seek bad whence");
  char buf[32] = {0};
  __wasi_iovec_t in = {(uint8_t*)buf, 5};
  check_errno(__wasi_fd_read(fd, &in, 1, &n), E_OK, "fd_read");
  check(n == 5 && memcmp(buf, "world", 5) == 0, "read world");
  check_errno(__wasi_fd_read(99, &in, 1, &n), __WASI_ERRNO_BADF,
              "fd_read bad fd");
  __wasi_ciovec_t pw = {(const uint8_t*)"HELLO", 5};
  check_errno(__wasi_fd_pwrite(fd, &pw, 1, 0, &n), E_OK, "fd_pwrite");
  check(__wasi_fd_tell(fd, &pos) == 0 && pos == 11,
        "fd_pwrite leaves the position");
  check_errno(__wasi_fd_pwrite(99, &pw, 1, 0, &n), __WASI_ERRNO_BADF,
              "fd_pwrite bad fd");
  check_errno(__wasi_fd_pread(fd, &in, 1, 0, &n), E_OK, "fd_pread");
  check(n == 5 && memcmp(buf, "HELLO", 5) == 0, "pread HELLO");
  check_errno(__wasi_fd_pread(fd, &in, 1, 0, &n), E_OK, "fd_pread again");
  __wasi_iovec_t bad = {(uint8_t*)BAD_PTR, 64};
  check_errno(__wasi_fd_pread(fd, &bad, 1, 0, &n), __WASI_ERRNO_FAULT,
              "fd_pread into a bad buffer");
  check_errno(__wasi_fd_advise(fd, 0, 0, __WASI_ADVICE_SEQUENTIAL), E_OK,
              "fd_advise");
  check_errno(__wasi_fd_advise(fd, 0, 0, 99), __WASI_ERRNO_INVAL,
              "fd_advise bad advice");
  check_errno(__wasi_fd_allocate(fd, 0, 100), E_OK, "fd_allocate");
  check_errno(__wasi_fd_allocate(w, 0, 100), __WASI_ERRNO_NOTCAPABLE,
              "fd_allocate on a directory");
  __wasi_filestat_t st;
  check_errno(__wasi_fd_filestat_get(fd, &st), E_OK, "fd_filestat_get");
  check(st.size == 100 && st.filetype == __WASI_FILETYPE_REGULAR_FILE,
        "size 100 after allocate");
  check_errno(__wasi_fd_filestat_get(99, &st), __WASI_ERRNO_BADF,
              "fd_filestat_get bad fd");
  check_errno(__wasi_fd_filestat_set_size(fd, 5), E_OK, "fd_filestat_set_size");
  check(__wasi_fd_filestat_get(fd, &st) == 0 && st.size == 5, "size 5");
  check_errno(__wasi_fd_filestat_set_times(fd, 7000000000ull, 8000000000ull,
                                           __WASI_FSTFLAGS_ATIM |
                                               __WASI_FSTFLAGS_MTIM),
              E_OK, "fd_filestat_set_times");
  check(__wasi_fd_filestat_get(fd, &st) == 0 && st.mtim == 8000000000ull &&
            st.atim == 7000000000ull,
        "times set");
  check_errno(__wasi_fd_filestat_set_times(fd, 1, 1,
                                           __WASI_FSTFLAGS_ATIM |
                                               __WASI_FSTFLAGS_ATIM_NOW),
              __WASI_ERRNO_INVAL, "fd_filestat_set_times ATIM and ATIM_NOW");
  check_errno(__wasi_fd_sync(fd), E_OK, "fd_sync");
  check_errno(__wasi_fd_sync(99), __WASI_ERRNO_BADF, "fd_sync bad fd");
  check_errno(__wasi_fd_datasync(fd), E_OK, "fd_datasync");
  check_errno(__wasi_fd_datasync(99), __WASI_ERRNO_BADF, "fd_datasync bad fd");

  __wasi_fdstat_t fs;
  check_errno(__wasi_fd_fdstat_get(fd, &fs), E_OK, "fd_fdstat_get");
  check(fs.fs_filetype == __WASI_FILETYPE_REGULAR_FILE &&
            fs.fs_rights_base == rw && fs.fs_flags == 0,
        "fdstat: regular file, the rights asked for");
  check_errno(__wasi_fd_fdstat_get(99, &fs), __WASI_ERRNO_BADF,
              "fd_fdstat_get bad fd");
  check_errno(__wasi_fd_fdstat_set_flags(fd, __WASI_FDFLAGS_APPEND), E_OK,
              "fd_fdstat_set_flags APPEND");
  check(__wasi_fd_fdstat_get(fd, &fs) == 0 && fs.fs_flags == __WASI_FDFLAGS_APPEND,
        "APPEND set");
  check_errno(__wasi_fd_fdstat_set_flags(99, 0), __WASI_ERRNO_BADF,
              "fd_fdstat_set_flags bad fd");
  check_errno(__wasi_fd_fdstat_set_rights(fd, rw & ~__WASI_RIGHTS_FD_WRITE, 0),
              E_OK, "fd_fdstat_set_rights drops FD_WRITE");
  check_errno(__wasi_fd_write(fd, &out, 1, &n), __WASI_ERRNO_NOTCAPABLE,
              "fd_write without FD_WRITE");
  check_errno(__wasi_fd_fdstat_set_rights(fd, rw, 0), __WASI_ERRNO_NOTCAPABLE,
              "fd_fdstat_set_rights cannot add");

  __wasi_fd_t other = open_file(w, "g.txt", __WASI_OFLAGS_CREAT, R_READ, 0);
  check_errno(__wasi_fd_renumber(fd, other), E_OK, "fd_renumber");
  check(__wasi_fd_filestat_get(other, &st) == 0 && st.size == 5,
        "renumbered fd is f.txt");
  check_errno(__wasi_fd_renumber(fd, other), __WASI_ERRNO_BADF,
              "fd_renumber from a closed fd");
  check_errno(__wasi_fd_close(other), E_OK, "fd_close");
  check_errno(__wasi_fd_close(other), __WASI_ERRNO_BADF, "fd_close twice");
}

static void open_semantics(int w) {
  __wasi_fd_t fd;
  check_errno(__wasi_path_open(w, 0, "f.txt",
                               __WASI_OFLAGS_CREAT | __WASI_OFLAGS_EXCL, R_READ, 0,
                               0, &fd),
              __WASI_ERRNO_EXIST, "path_open CREAT|EXCL on an existing file");
  check_errno(__wasi_path_open(w, 0, "nope", 0, R_READ, 0, 0, &fd),
              __WASI_ERRNO_NOENT, "path_open missing file");
  check_errno(__wasi_path_open(w, 0, "f.txt", __WASI_OFLAGS_DIRECTORY, R_READ, 0,
                               0, &fd),
              __WASI_ERRNO_NOTDIR, "path_open DIRECTORY on a file");
  check_errno(__wasi_path_open(w, 0, ".", 0, R_WRITE, 0, 0, &fd),
              __WASI_ERRNO_ISDIR, "path_open a directory for writing");
  check_errno(__wasi_path_open(w, 0, "f.txt", 0xff, R_READ, 0, 0, &fd),
              __WASI_ERRNO_INVAL, "path_open bad oflags");
  // O_TRUNC empties; O_APPEND writes at the end whatever the position.
  fd = open_file(w, "f.txt", __WASI_OFLAGS_TRUNC, R_READ | R_WRITE, 0);
  __wasi_filestat_t st;
  check(__wasi_path_filestat_get(w, 0, "f.txt", &st) == 0 && st.size == 0,
        "O_TRUNC empties the file");
  __wasi_ciovec_t a = {(const uint8_t*)"abc", 3};
  __wasi_size_t n;
  (void)__wasi_fd_write(fd, &a, 1, &n);
  (void)__wasi_fd_close(fd);
  fd = open_file(w, "f.txt", 0, R_READ | R_WRITE, __WASI_FDFLAGS_APPEND);
  __wasi_filesize_t pos;
  (void)__wasi_fd_seek(fd, 0, __WASI_WHENCE_SET, &pos);
  __wasi_ciovec_t b = {(const uint8_t*)"XY", 2};
  check(__wasi_fd_write(fd, &b, 1, &n) == 0 && n == 2, "append write");
  char buf[8] = {0};
  __wasi_iovec_t in = {(uint8_t*)buf, 8};
  check(__wasi_fd_pread(fd, &in, 1, 0, &n) == 0 && n == 5 &&
            memcmp(buf, "abcXY", 5) == 0,
        "O_APPEND wrote at the end");
  (void)__wasi_fd_close(fd);
}

static void path_calls(int w) {
  check_errno(__wasi_path_create_directory(w, "d"), E_OK, "path_create_directory");
  check_errno(__wasi_path_create_directory(w, "d"), __WASI_ERRNO_EXIST,
              "path_create_directory existing");
  __wasi_filestat_t st;
  check_errno(__wasi_path_filestat_get(w, 0, "d", &st), E_OK,
              "path_filestat_get");
  check(st.filetype == __WASI_FILETYPE_DIRECTORY, "d is a directory");
  check_errno(__wasi_path_filestat_get(w, 0, "missing", &st),
              __WASI_ERRNO_NOENT, "path_filestat_get missing");
  check_errno(__wasi_path_filestat_set_times(w, 0, "f.txt", 0, 9000000000ull,
                                             __WASI_FSTFLAGS_MTIM),
              E_OK, "path_filestat_set_times");
  check(__wasi_path_filestat_get(w, 0, "f.txt", &st) == 0 &&
            st.mtim == 9000000000ull,
        "mtime set by path");
  check_errno(__wasi_path_filestat_set_times(w, 0, "missing", 0, 0,
                                             __WASI_FSTFLAGS_MTIM_NOW),
              __WASI_ERRNO_NOENT, "path_filestat_set_times missing");
  check_errno(__wasi_path_link(w, 0, "f.txt", w, "d/hard"), E_OK, "path_link");
  check(__wasi_path_filestat_get(w, 0, "f.txt", &st) == 0 && st.nlink == 2,
        "nlink 2");
  check_errno(__wasi_path_link(w, 0, "f.txt", w, "d/hard"), __WASI_ERRNO_EXIST,
              "path_link onto an existing name");
  check_errno(__wasi_path_symlink("../f.txt", w, "d/up"),
              __WASI_ERRNO_NOTCAPABLE, "path_symlink with a .. target");
  check_errno(__wasi_path_symlink("hard", w, "d/sym"), E_OK, "path_symlink");
  check_errno(__wasi_path_symlink("x", w, "d/sym"), __WASI_ERRNO_EXIST,
              "path_symlink existing");
  char buf[32];
  __wasi_size_t n;
  check_errno(__wasi_path_readlink(w, "d/sym", (uint8_t*)buf, sizeof buf, &n),
              E_OK, "path_readlink");
  check(n == 4 && memcmp(buf, "hard", 4) == 0, "link text");
  check_errno(__wasi_path_readlink(w, "f.txt", (uint8_t*)buf, sizeof buf, &n),
              __WASI_ERRNO_INVAL, "path_readlink on a file");
  check_errno(__wasi_path_rename(w, "d/hard", w, "d/renamed"), E_OK,
              "path_rename");
  check_errno(__wasi_path_rename(w, "d/hard", w, "d/again"), __WASI_ERRNO_NOENT,
              "path_rename missing");
  check_errno(__wasi_path_rename(w, "f.txt", w, "d"), __WASI_ERRNO_ISDIR,
              "path_rename a file over a directory");
  check_errno(__wasi_path_remove_directory(w, "d"), __WASI_ERRNO_NOTEMPTY,
              "path_remove_directory non-empty");
  check_errno(__wasi_path_remove_directory(w, "f.txt"), __WASI_ERRNO_NOTDIR,
              "path_remove_directory on a file");
  check_errno(__wasi_path_unlink_file(w, "d"), __WASI_ERRNO_ISDIR,
              "path_unlink_file on a directory");
  check_errno(__wasi_path_unlink_file(w, "d/renamed"), E_OK, "path_unlink_file");
  check_errno(__wasi_path_unlink_file(w, "d/renamed"), __WASI_ERRNO_NOENT,
              "path_unlink_file missing");
  check_errno(__wasi_path_unlink_file(w, "d/sym"), E_OK, "unlink symlink");
  check_errno(__wasi_path_remove_directory(w, "d"), E_OK,
              "path_remove_directory");
}

// Reads `dir` with a small buffer, resuming from each last full entry's
// cookie; returns the number of entries and checks "." and "..".
static int list_dir(__wasi_fd_t dir, size_t bufsize) {
  uint8_t* buf = malloc(bufsize);
  __wasi_dircookie_t cookie = 0;
  int count = 0, dots = 0;
  for (;;) {
    __wasi_size_t used;
    if (__wasi_fd_readdir(dir, buf, bufsize, cookie, &used) != 0) {
      ++failures;
      break;
    }
    size_t off = 0;
    int progressed = 0;
    while (off + sizeof(__wasi_dirent_t) <= used) {
      __wasi_dirent_t de;
      memcpy(&de, buf + off, sizeof de);
      if (off + sizeof de + de.d_namlen > used) break;  // cut short: re-read
      const char* name = (const char*)buf + off + sizeof de;
      if ((de.d_namlen == 1 && name[0] == '.') ||
          (de.d_namlen == 2 && name[0] == '.' && name[1] == '.')) {
        ++dots;
      }
      ++count;
      cookie = de.d_next;
      progressed = 1;
      off += sizeof de + de.d_namlen;
    }
    if (used < bufsize) break;  // end of directory
    if (!progressed) {          // one entry larger than the buffer
      ++failures;
      break;
    }
  }
  free(buf);
  check(dots == 2, "readdir lists . and ..");
  return count;
}

static void readdir_calls(int w) {
  check_errno(__wasi_path_create_directory(w, "big"), E_OK, "mkdir big");
  __wasi_fd_t big;
  check_errno(__wasi_path_open(w, 0, "big", __WASI_OFLAGS_DIRECTORY,
                               __WASI_RIGHTS_FD_READDIR | __WASI_RIGHTS_PATH_OPEN |
                                   __WASI_RIGHTS_PATH_CREATE_FILE,
                               R_WRITE, 0, &big),
              E_OK, "open big/");
  char name[64];
  for (int i = 0; i < 500; ++i) {
    snprintf(name, sizeof name, "entry-%04d-with-a-longish-name", i);
    __wasi_fd_t f;
    if (__wasi_path_open(big, 0, name, __WASI_OFLAGS_CREAT, R_WRITE, 0, 0, &f) ==
        0) {
      (void)__wasi_fd_close(f);
    }
  }
  uint8_t buf[128];
  __wasi_size_t used;
  check_errno(__wasi_fd_readdir(big, buf, sizeof buf, 0, &used), E_OK,
              "fd_readdir");
  check(used == sizeof buf, "a full buffer (last entry cut short)");
  const int n1 = list_dir(big, 100);
  const int n2 = list_dir(big, 4096);
  printf("readdir entries=%d,%d\n", n1, n2);
  check(n1 == 502 && n2 == 502, "500 files plus . and .., any buffer size");
  check_errno(__wasi_fd_readdir(99, buf, sizeof buf, 0, &used),
              __WASI_ERRNO_BADF, "fd_readdir bad fd");
  __wasi_fd_t f = open_file(w, "f.txt", 0, R_READ, 0);
  check_errno(__wasi_fd_readdir(f, buf, sizeof buf, 0, &used),
              __WASI_ERRNO_NOTCAPABLE, "fd_readdir on a file");
  (void)__wasi_fd_close(f);
  (void)__wasi_fd_close(big);
}

static void stdio_and_sockets(int w) {
  char buf[64] = {0};
  __wasi_iovec_t in = {(uint8_t*)buf, sizeof buf - 1};
  __wasi_fdstat_t fs;
  check_errno(__wasi_fd_fdstat_get(0, &fs), E_OK, "fd_fdstat_get stdin");
  __wasi_size_t n;
  if (fs.fs_filetype == __WASI_FILETYPE_SOCKET_STREAM) {
    // The script made stdin and stderr one connected socket. stdio fds get
    // only their direction's rights: receive on 0, send on 2, and neither
    // may shut the socket down (sock_accept/sock_shutdown successes need a
    // preopened socket: sock_server.c, run with --tcplisten).
    __wasi_riflags_t roflags;
    check_errno(__wasi_sock_recv(0, &in, 1, 0, &n, &roflags), E_OK, "sock_recv");
    check(n == 11 && memcmp(buf, "stdin-data\n", 11) == 0, "received");
    __wasi_ciovec_t out = {(const uint8_t*)"reply\n", 6};
    check_errno(__wasi_sock_send(2, &out, 1, 0, &n), E_OK, "sock_send");
    check(n == 6, "sent 6");
    check_errno(__wasi_sock_send(0, &out, 1, 0, &n), __WASI_ERRNO_NOTCAPABLE,
                "sock_send on stdin");
    check_errno(__wasi_sock_shutdown(2, __WASI_SDFLAGS_WR),
                __WASI_ERRNO_NOTCAPABLE, "sock_shutdown on stdio");
    printf("socket stdin: yes\n");
  } else {
    check_errno(__wasi_fd_read(0, &in, 1, &n), E_OK, "fd_read stdin");
    check(n == 11 && memcmp(buf, "stdin-data\n", 11) == 0, "stdin contents");
    printf("socket stdin: no\n");
  }
  // Error paths of the socket calls on a regular file and a bad fd.
  __wasi_fd_t f = open_file(w, "f.txt", 0, R_READ | R_WRITE, 0);
  __wasi_riflags_t roflags;
  check_errno(__wasi_sock_recv(f, &in, 1, 0, &n, &roflags), __WASI_ERRNO_NOTSOCK,
              "sock_recv on a file");
  __wasi_ciovec_t out = {(const uint8_t*)"x", 1};
  check_errno(__wasi_sock_send(f, &out, 1, 0, &n), __WASI_ERRNO_NOTSOCK,
              "sock_send on a file");
  check_errno(__wasi_sock_shutdown(f, __WASI_SDFLAGS_RD), __WASI_ERRNO_NOTSOCK,
              "sock_shutdown on a file");
  __wasi_fd_t c;
  check_errno(__wasi_sock_accept(f, 0, &c), __WASI_ERRNO_NOTCAPABLE,
              "sock_accept on a file");
  check_errno(__wasi_sock_accept(99, 0, &c), __WASI_ERRNO_BADF,
              "sock_accept bad fd");
  check_errno(__wasi_sock_recv(99, &in, 1, 0, &n, &roflags), __WASI_ERRNO_BADF,
              "sock_recv bad fd");
  check_errno(__wasi_sock_send(99, &out, 1, 0, &n), __WASI_ERRNO_BADF,
              "sock_send bad fd");
  check_errno(__wasi_sock_shutdown(99, __WASI_SDFLAGS_RD), __WASI_ERRNO_BADF,
              "sock_shutdown bad fd");
  (void)__wasi_fd_close(f);
}

int main(void) {
  int w = preopen_fd("/w");
  check(w >= 3, "preopen /w");
  if (w < 0) return finish();
  args_env();
  clocks_random_misc();
  prestat(w);
  fd_calls(w);
  open_semantics(w);
  path_calls(w);
  readdir_calls(w);
  stdio_and_sockets(w);
  printf("failures=%d\n", failures);
  fflush(stdout);
  __wasi_proc_exit(failures ? 1 : 0);
}
