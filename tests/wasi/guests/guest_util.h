// Shared helpers for the WASI test guests: a check() that prints one line
// per assertion, errno names, and raw imports for calls whose wasi-libc
// wrapper cannot express a case (paths with NUL bytes, proc_raise).
#ifndef WEFT_TESTS_WASI_GUESTS_GUEST_UTIL_H_
#define WEFT_TESTS_WASI_GUESTS_GUEST_UTIL_H_

#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <wasi/api.h>

static int failures = 0;

static inline void check(int ok, const char* what) {
  printf("%s: %s\n", ok ? "ok" : "FAIL", what);
  if (!ok) ++failures;
}

// Asserts that a WASI call returned exactly `want`, naming both on failure.
static inline void check_errno(__wasi_errno_t got, __wasi_errno_t want,
                        const char* what) {
  if (got == want) {
    printf("ok: %s (errno %u)\n", what, (unsigned)got);
  } else {
    printf("FAIL: %s: errno %u, expected %u\n", what, (unsigned)got,
           (unsigned)want);
    ++failures;
  }
}

// The fd of the preopened directory named `name`, or -1.
static inline int preopen_fd(const char* name) {
  for (__wasi_fd_t fd = 3; fd < 64; ++fd) {
    __wasi_prestat_t ps;
    if (__wasi_fd_prestat_get(fd, &ps) != 0) continue;
    char buf[256];
    size_t len = ps.u.dir.pr_name_len;
    if (len >= sizeof buf) continue;
    if (__wasi_fd_prestat_dir_name(fd, (uint8_t*)buf, len) != 0) continue;
    buf[len] = 0;
    if (strcmp(buf, name) == 0) return (int)fd;
  }
  return -1;
}

// path_open with an explicit path length, so the path may hold NUL bytes.
int32_t weft_raw_path_open(int32_t fd, int32_t dirflags, int32_t path,
                           int32_t path_len, int32_t oflags, int64_t base,
                           int64_t inheriting, int32_t fdflags, int32_t out)
    __attribute__((__import_module__("wasi_snapshot_preview1"),
                   __import_name__("path_open")));
int32_t weft_raw_proc_raise(int32_t sig)
    __attribute__((__import_module__("wasi_snapshot_preview1"),
                   __import_name__("proc_raise")));

// Opens `path` under `dir` (following symlinks when `follow`); returns the
// errno and closes the fd on success.
static inline __wasi_errno_t try_open(int dir, const char* path, int follow,
                               __wasi_oflags_t oflags, __wasi_rights_t rights,
                               __wasi_fdflags_t fdflags) {
  __wasi_fd_t fd;
  __wasi_errno_t e = __wasi_path_open(
      dir, follow ? __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW : 0, path, oflags,
      rights, rights, fdflags, &fd);
  if (e == 0) (void)__wasi_fd_close(fd);
  return e;
}

#define R_READ (__WASI_RIGHTS_FD_READ | __WASI_RIGHTS_FD_SEEK)
#define R_WRITE (__WASI_RIGHTS_FD_WRITE | __WASI_RIGHTS_FD_SEEK)

static inline int finish(void) {
  printf("failures=%d\n", failures);
  return failures ? 1 : 0;
}

#endif  // WEFT_TESTS_WASI_GUESTS_GUEST_UTIL_H_
