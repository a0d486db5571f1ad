// `copytree SRC DST`: copies a directory tree — directories, regular files
// (in 64 KiB chunks), symbolic links (as links) — and keeps modification
// times. DST must not exist. Prints "dirs=D files=F links=L bytes=B".
// Exit 1 on the first error, with the path and strerror on stderr.
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static long dirs, files, links, bytes;

static int fail(const char* what, const char* path) {
  fprintf(stderr, "copytree: %s %s: %s\n", what, path, strerror(errno));
  return -1;
}

static char* join(const char* a, const char* b) {
  char* p = malloc(strlen(a) + strlen(b) + 2);
  sprintf(p, "%s/%s", a, b);
  return p;
}

static int keep_times(const char* dst, const struct stat* st) {
  struct timespec ts[2] = {st->st_atim, st->st_mtim};
  if (utimensat(AT_FDCWD, dst, ts, AT_SYMLINK_NOFOLLOW) != 0) {
    return fail("utimensat", dst);
  }
  return 0;
}

static int copy_file(const char* src, const char* dst, const struct stat* st) {
  int in = open(src, O_RDONLY);
  if (in < 0) return fail("open", src);
  int out = open(dst, O_WRONLY | O_CREAT | O_EXCL, 0644);
  if (out < 0) {
    close(in);
    return fail("create", dst);
  }
  static char buf[65536];
  int rc = 0;
  for (;;) {
    ssize_t n = read(in, buf, sizeof buf);
    if (n < 0) {
      rc = fail("read", src);
      break;
    }
    if (n == 0) break;
    for (ssize_t off = 0; off < n;) {
      ssize_t w = write(out, buf + off, n - off);
      if (w <= 0) {
        rc = fail("write", dst);
        break;
      }
      off += w;
      bytes += w;
    }
    if (rc) break;
  }
  close(in);
  if (close(out) != 0 && rc == 0) rc = fail("close", dst);
  if (rc == 0) rc = keep_times(dst, st);
  ++files;
  return rc;
}

static int copy(const char* src, const char* dst) {
  struct stat st;
  if (lstat(src, &st) != 0) return fail("lstat", src);
  if (S_ISLNK(st.st_mode)) {
    char target[4096];
    ssize_t n = readlink(src, target, sizeof target - 1);
    if (n < 0) return fail("readlink", src);
    target[n] = 0;
    if (symlink(target, dst) != 0) return fail("symlink", dst);
    ++links;
    return 0;
  }
  if (S_ISREG(st.st_mode)) return copy_file(src, dst, &st);
  if (!S_ISDIR(st.st_mode)) {
    fprintf(stderr, "copytree: skipping special file %s\n", src);
    return 0;
  }
  if (mkdir(dst, 0755) != 0) return fail("mkdir", dst);
  ++dirs;
  DIR* d = opendir(src);
  if (!d) return fail("opendir", src);
  struct dirent* de;
  int rc = 0;
  while (rc == 0 && (de = readdir(d)) != NULL) {
    if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0) continue;
    char* s = join(src, de->d_name);
    char* t = join(dst, de->d_name);
    rc = copy(s, t);
    free(s);
    free(t);
  }
  closedir(d);
  // Directory times last: creating entries changed them.
  return rc == 0 ? keep_times(dst, &st) : rc;
}

int main(int argc, char** argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: copytree SRC DST\n");
    return 2;
  }
  if (copy(argv[1], argv[2]) != 0) return 1;
  printf("dirs=%ld files=%ld links=%ld bytes=%ld\n", dirs, files, links, bytes);
  return 0;
}
