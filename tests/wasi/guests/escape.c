// Escape attempts against a preopened /box and a read-only /ro, each
// asserted with its exact WASI errno. The host test script builds the
// layout (see wasi_e2e_test.sh, "escape suite"): symlinks that point out of
// the box were planted by the host, as in any untrusted directory.
//   /box: f.txt, a/g.txt, a/up -> ../f.txt, good -> a/g.txt,
//         link_abs -> <host>/secret.txt, link_etc -> /etc/passwd,
//         link_rel -> ../secret.txt, link_dir -> .., link_deep ->
//         a/../../secret.txt, loop1 <-> loop2, self -> self
//   /ro (read-only): r.txt, sub/
// Direct __wasi_* calls are used so the errno is weft's, not wasi-libc's.
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

#include "guest_util.h"

#define FOLLOW 1
#define NOFOLLOW 0

static void dotdot_and_absolute(int box) {
  check_errno(try_open(box, "..", FOLLOW, __WASI_OFLAGS_DIRECTORY, R_READ, 0),
              __WASI_ERRNO_NOTCAPABLE, "open ..");
  check_errno(try_open(box, "../secret.txt", FOLLOW, 0, R_READ, 0),
              __WASI_ERRNO_NOTCAPABLE, "open ../secret.txt");
  check_errno(try_open(box, "a/../../secret.txt", FOLLOW, 0, R_READ, 0),
              __WASI_ERRNO_NOTCAPABLE, "open a/../../secret.txt");
  check_errno(try_open(box, "a/../a/./../../box/f.txt", FOLLOW, 0, R_READ, 0),
              __WASI_ERRNO_NOTCAPABLE, "open a/../a/./../../box/f.txt");
  check_errno(
      try_open(box, "a/../../../../../../../../etc/passwd", FOLLOW, 0, R_READ, 0),
      __WASI_ERRNO_NOTCAPABLE, "open ../ chain to /etc/passwd");
  check_errno(try_open(box, "/etc/passwd", FOLLOW, 0, R_READ, 0),
              __WASI_ERRNO_NOTCAPABLE, "open absolute /etc/passwd");
  check_errno(try_open(box, "/", FOLLOW, __WASI_OFLAGS_DIRECTORY, R_READ, 0),
              __WASI_ERRNO_NOTCAPABLE, "open absolute /");
  // `..` that stays inside is fine.
  check_errno(try_open(box, "a/../f.txt", FOLLOW, 0, R_READ, 0), 0,
              "open a/../f.txt (inside)");
  check_errno(try_open(box, "./a/./g.txt", FOLLOW, 0, R_READ, 0), 0,
              "open ./a/./g.txt (inside)");
  __wasi_filestat_t st;
  check_errno(__wasi_path_filestat_get(box, 0, "../secret.txt", &st),
              __WASI_ERRNO_NOTCAPABLE, "stat ../secret.txt");
  check_errno(__wasi_path_create_directory(box, "../made"),
              __WASI_ERRNO_NOTCAPABLE, "mkdir ../made");
  check_errno(__wasi_path_unlink_file(box, "../secret.txt"),
              __WASI_ERRNO_NOTCAPABLE, "unlink ../secret.txt");
  check_errno(__wasi_path_remove_directory(box, "../ro"),
              __WASI_ERRNO_NOTCAPABLE, "rmdir ../ro");
  check_errno(__wasi_path_symlink("f.txt", box, "../planted"),
              __WASI_ERRNO_NOTCAPABLE, "symlink at ../planted");
  check_errno(try_open(box, "../created.txt", FOLLOW, __WASI_OFLAGS_CREAT,
                       R_WRITE, 0),
              __WASI_ERRNO_NOTCAPABLE, "create ../created.txt");
}

static void symlinks(int box) {
  // Following a link that leaves the box is refused, never followed.
  check_errno(try_open(box, "link_abs", FOLLOW, 0, R_READ, 0),
              __WASI_ERRNO_NOTCAPABLE, "follow absolute link to host file");
  check_errno(try_open(box, "link_etc", FOLLOW, 0, R_READ, 0),
              __WASI_ERRNO_NOTCAPABLE, "follow link to /etc/passwd");
  check_errno(try_open(box, "link_rel", FOLLOW, 0, R_READ, 0),
              __WASI_ERRNO_NOTCAPABLE, "follow relative link ../secret.txt");
  check_errno(try_open(box, "link_deep", FOLLOW, 0, R_READ, 0),
              __WASI_ERRNO_NOTCAPABLE, "follow link a/../../secret.txt");
  check_errno(try_open(box, "link_dir/secret.txt", FOLLOW, 0, R_READ, 0),
              __WASI_ERRNO_NOTCAPABLE, "link to .. as a middle component");
  check_errno(try_open(box, "link_dir/secret.txt", NOFOLLOW, 0, R_READ, 0),
              __WASI_ERRNO_NOTCAPABLE,
              "middle-component link without SYMLINK_FOLLOW");
  check_errno(try_open(box, "link_rel", FOLLOW, __WASI_OFLAGS_TRUNC, R_WRITE, 0),
              __WASI_ERRNO_NOTCAPABLE, "truncate through escaping link");
  __wasi_filestat_t st;
  check_errno(__wasi_path_filestat_get(box, __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW,
                                       "link_etc", &st),
              __WASI_ERRNO_NOTCAPABLE, "stat through link to /etc/passwd");
  // The links themselves may be looked at and removed.
  check_errno(__wasi_path_filestat_get(box, 0, "link_etc", &st), 0,
              "lstat the link itself");
  check(st.filetype == __WASI_FILETYPE_SYMBOLIC_LINK, "it is a symlink");
  char buf[64];
  __wasi_size_t n = 0;
  check_errno(__wasi_path_readlink(box, "link_etc", (uint8_t*)buf, sizeof buf, &n),
              0, "readlink link_etc");
  check(n == 11 && memcmp(buf, "/etc/passwd", 11) == 0, "readlink text");
  // Opening a symlink without SYMLINK_FOLLOW is ELOOP (O_NOFOLLOW).
  check_errno(try_open(box, "link_etc", NOFOLLOW, 0, R_READ, 0),
              __WASI_ERRNO_LOOP, "open link without SYMLINK_FOLLOW");
  // Loops end in ELOOP.
  check_errno(try_open(box, "loop1", FOLLOW, 0, R_READ, 0), __WASI_ERRNO_LOOP,
              "symlink loop");
  check_errno(try_open(box, "self/x", FOLLOW, 0, R_READ, 0), __WASI_ERRNO_LOOP,
              "self-referencing link as a directory");
  // Links that stay inside work.
  check_errno(try_open(box, "good", FOLLOW, 0, R_READ, 0), 0,
              "follow link to a/g.txt (inside)");
  check_errno(try_open(box, "a/up", FOLLOW, 0, R_READ, 0), 0,
              "follow link ../f.txt from a/ (inside)");
  // The guest may not leave a link that leads a host program outside, now
  // or after a rename: absolute targets and ".." components are refused.
  check_errno(__wasi_path_symlink("/etc/passwd", box, "mine_abs"),
              __WASI_ERRNO_NOTCAPABLE, "symlink with absolute target");
  check_errno(__wasi_path_symlink("../secret.txt", box, "mine_up"),
              __WASI_ERRNO_NOTCAPABLE, "symlink to ../secret.txt");
  check_errno(__wasi_path_symlink("../../outside/secret.txt", box, "a/mine_up2"),
              __WASI_ERRNO_NOTCAPABLE, "symlink to ../../outside/secret.txt");
  check_errno(__wasi_path_symlink("../f.txt", box, "a/mine_in"),
              __WASI_ERRNO_NOTCAPABLE,
              "symlink a/mine_in -> ../f.txt (escapes once moved up)");
  check_errno(__wasi_path_symlink("g.txt", box, "a/mine_down"), 0,
              "symlink a/mine_down -> g.txt");
  check_errno(try_open(box, "a/mine_down", FOLLOW, 0, R_READ, 0), 0,
              "follow guest-made downward link");
  check_errno(__wasi_path_unlink_file(box, "a/mine_down"), 0, "remove it");
}

static void rename_and_link_out(int box, int ro) {
  check_errno(__wasi_path_rename(box, "f.txt", box, "../moved.txt"),
              __WASI_ERRNO_NOTCAPABLE, "rename f.txt to ../moved.txt");
  check_errno(__wasi_path_rename(box, "f.txt", box, "link_dir/moved.txt"),
              __WASI_ERRNO_NOTCAPABLE, "rename into link_dir/");
  check_errno(__wasi_path_rename(box, "../secret.txt", box, "stolen.txt"),
              __WASI_ERRNO_NOTCAPABLE, "rename ../secret.txt in");
  check_errno(__wasi_path_link(box, 0, "f.txt", box, "../hard.txt"),
              __WASI_ERRNO_NOTCAPABLE, "hard link to ../hard.txt");
  check_errno(__wasi_path_link(box, 0, "../secret.txt", box, "hard.txt"),
              __WASI_ERRNO_NOTCAPABLE, "hard link ../secret.txt in");
  check_errno(__wasi_path_link(box, __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW,
                               "link_rel", box, "hard2.txt"),
              __WASI_ERRNO_NOTCAPABLE, "hard link through escaping link");
  // Between preopens: writing into the read-only one is EROFS.
  check_errno(__wasi_path_rename(box, "f.txt", ro, "f.txt"),
              __WASI_ERRNO_ROFS, "rename into /ro");
  check_errno(__wasi_path_rename(ro, "r.txt", box, "r.txt"),
              __WASI_ERRNO_ROFS, "rename out of /ro");
  // A hard link from /ro into /box would make /ro's bytes writable through
  // the new name: refused, following symlinks or not.
  check_errno(__wasi_path_link(ro, 0, "r.txt", box, "r_link.txt"),
              __WASI_ERRNO_ROFS, "hard link from /ro into /box");
  check_errno(__wasi_path_link(ro, __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW, "r.txt",
                               box, "r_link.txt"),
              __WASI_ERRNO_ROFS, "hard link from /ro into /box (follow)");
  check_errno(try_open(box, "r_link.txt", FOLLOW, 0, R_WRITE, 0),
              __WASI_ERRNO_NOENT, "no link to write /ro through");
}

static void odd_paths(int box) {
  // NUL inside the path: the guest's length says 12 bytes, "f.txt\0../etc".
  static const char with_nul[] = "f.txt\0../etc";
  __wasi_fd_t fd;
  int32_t e = weft_raw_path_open(box, 1, (int32_t)with_nul, 12, 0,
                                 (int64_t)R_READ, (int64_t)R_READ, 0,
                                 (int32_t)&fd);
  check_errno((__wasi_errno_t)e, __WASI_ERRNO_INVAL, "path with a NUL byte");
  // Path pointer past the end of memory.
  e = weft_raw_path_open(box, 1, (int32_t)0xfffffff0, 64, 0, (int64_t)R_READ,
                         (int64_t)R_READ, 0, (int32_t)&fd);
  check_errno((__wasi_errno_t)e, __WASI_ERRNO_FAULT, "path out of bounds");
  // Very long paths: one 5000-byte component, and 3000 "a/.." pairs.
  char* p = malloc(20000);
  memset(p, 'x', 5000);
  p[5000] = 0;
  check_errno(try_open(box, p, FOLLOW, 0, R_READ, 0), __WASI_ERRNO_NAMETOOLONG,
              "5000-byte component");
  for (int i = 0; i < 3000; ++i) memcpy(p + 5 * i, "a/../", 5);
  strcpy(p + 5 * 3000, "f.txt");
  __wasi_errno_t got = try_open(box, p, FOLLOW, 0, R_READ, 0);
  check(got == 0 || got == __WASI_ERRNO_NAMETOOLONG,
        "15005-byte path of a/.. pairs opens or is ENAMETOOLONG");
  for (int i = 0; i < 3000; ++i) memcpy(p + 3 * i, "../", 3);
  strcpy(p + 3 * 3000, "etc/passwd");
  got = try_open(box, p, FOLLOW, 0, R_READ, 0);
  check(got == __WASI_ERRNO_NOTCAPABLE || got == __WASI_ERRNO_NAMETOOLONG,
        "3000 x ../ is refused");
  free(p);
  check_errno(try_open(box, "", FOLLOW, 0, R_READ, 0), __WASI_ERRNO_NOENT,
              "empty path");
  check_errno(try_open(box, "f.txt/x", FOLLOW, 0, R_READ, 0),
              __WASI_ERRNO_NOTDIR, "file as a directory");
  check_errno(try_open(box, "f.txt", FOLLOW, __WASI_OFLAGS_DIRECTORY, R_READ, 0),
              __WASI_ERRNO_NOTDIR, "O_DIRECTORY on a file");
  check_errno(try_open(77, "f.txt", FOLLOW, 0, R_READ, 0), __WASI_ERRNO_BADF,
              "unknown dir fd");
  // A regular file's fd is not a directory to resolve under.
  __wasi_fd_t file;
  check_errno(__wasi_path_open(box, 0, "f.txt", 0,
                               R_READ | __WASI_RIGHTS_PATH_OPEN, 0, 0, &file),
              0, "open f.txt with PATH_OPEN in its rights");
  // A file's rights never include PATH_OPEN (they are masked to what a
  // file can use), and rights are checked first: ENOTCAPABLE.
  check_errno(try_open(file, "x", FOLLOW, 0, R_READ, 0),
              __WASI_ERRNO_NOTCAPABLE, "path_open under a file fd");
  (void)__wasi_fd_close(file);
  // Rights: a directory opened without PATH_OPEN cannot open below it.
  __wasi_fd_t weak;
  check_errno(__wasi_path_open(box, 0, "a", __WASI_OFLAGS_DIRECTORY,
                               __WASI_RIGHTS_FD_READDIR, 0, 0, &weak),
              0, "open a/ with only FD_READDIR");
  check_errno(try_open(weak, "g.txt", FOLLOW, 0, R_READ, 0),
              __WASI_ERRNO_NOTCAPABLE, "path_open without PATH_OPEN right");
  (void)__wasi_fd_close(weak);
}

static void read_only(int ro) {
  check_errno(try_open(ro, "r.txt", FOLLOW, 0, R_READ, 0), 0, "read r.txt");
  check_errno(try_open(ro, "new.txt", FOLLOW, __WASI_OFLAGS_CREAT, R_WRITE, 0),
              __WASI_ERRNO_ROFS, "create in /ro");
  check_errno(try_open(ro, "r.txt", FOLLOW, 0, R_WRITE, 0), __WASI_ERRNO_ROFS,
              "open r.txt for writing");
  check_errno(try_open(ro, "r.txt", FOLLOW, __WASI_OFLAGS_TRUNC, R_READ, 0),
              __WASI_ERRNO_ROFS, "O_TRUNC r.txt");
  check_errno(__wasi_path_create_directory(ro, "d"), __WASI_ERRNO_ROFS,
              "mkdir in /ro");
  check_errno(__wasi_path_remove_directory(ro, "sub"), __WASI_ERRNO_ROFS,
              "rmdir /ro/sub");
  check_errno(__wasi_path_unlink_file(ro, "r.txt"), __WASI_ERRNO_ROFS,
              "unlink /ro/r.txt");
  check_errno(__wasi_path_rename(ro, "r.txt", ro, "s.txt"), __WASI_ERRNO_ROFS,
              "rename within /ro");
  check_errno(__wasi_path_symlink("r.txt", ro, "l"), __WASI_ERRNO_ROFS,
              "symlink in /ro");
  check_errno(__wasi_path_link(ro, 0, "r.txt", ro, "h"), __WASI_ERRNO_ROFS,
              "hard link in /ro");
  check_errno(__wasi_path_filestat_set_times(ro, 0, "r.txt", 1, 1,
                                             __WASI_FSTFLAGS_MTIM),
              __WASI_ERRNO_ROFS, "set times in /ro");
  // An fd opened for reading cannot be turned into a writer.
  __wasi_fd_t fd;
  check_errno(__wasi_path_open(ro, 0, "r.txt", 0, R_READ, 0, 0, &fd), 0,
              "open r.txt read-only");
  __wasi_ciovec_t iov = {(const uint8_t*)"x", 1};
  __wasi_size_t nw;
  check_errno(__wasi_fd_write(fd, &iov, 1, &nw), __WASI_ERRNO_ROFS,
              "fd_write on /ro file");
  check_errno(__wasi_fd_filestat_set_size(fd, 0), __WASI_ERRNO_ROFS,
              "ftruncate /ro file");
  check_errno(__wasi_fd_fdstat_set_rights(fd, R_READ | __WASI_RIGHTS_FD_WRITE, 0),
              __WASI_ERRNO_NOTCAPABLE, "fdstat_set_rights cannot add FD_WRITE");
  (void)__wasi_fd_close(fd);
  // O_APPEND without write rights opens (it is only a flag) but still
  // cannot write.
  check_errno(__wasi_path_open(ro, 0, "r.txt", 0, R_READ, 0,
                               __WASI_FDFLAGS_APPEND, &fd),
              0, "open r.txt O_APPEND, read rights");
  check_errno(__wasi_fd_write(fd, &iov, 1, &nw), __WASI_ERRNO_ROFS,
              "fd_write on it");
  (void)__wasi_fd_close(fd);
  // Through wasi-libc, as programs see it.
  check(open("/ro/new.txt", O_CREAT | O_WRONLY, 0644) < 0 && errno == EROFS,
        "libc open(O_CREAT) under /ro is EROFS");
  check(unlink("/ro/r.txt") < 0 && errno == EROFS, "libc unlink is EROFS");
}

int main(void) {
  int box = preopen_fd("/box");
  int ro = preopen_fd("/ro");
  check(box >= 3 && ro >= 3, "preopens /box and /ro");
  if (box < 0 || ro < 0) return finish();
  dotdot_and_absolute(box);
  symlinks(box);
  rename_and_link_out(box, ro);
  odd_paths(box);
  read_only(ro);
  return finish();
}
