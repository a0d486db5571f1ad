// Filesystem operations through wasi-libc against a preopened /sandbox,
// including escape attempts that must fail. Prints one line per check and
// exits 1 if any check failed.
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int failures = 0;

static void check(int ok, const char* what) {
  printf("%s: %s\n", ok ? "ok" : "FAIL", what);
  if (!ok) ++failures;
}

static int write_file(const char* path, const char* data, const char* mode) {
  FILE* f = fopen(path, mode);
  if (!f) return -1;
  size_t n = fwrite(data, 1, strlen(data), f);
  return fclose(f) == 0 && n == strlen(data) ? 0 : -1;
}

static int read_file(const char* path, char* buf, size_t cap) {
  FILE* f = fopen(path, "r");
  if (!f) return -1;
  size_t n = fread(buf, 1, cap - 1, f);
  buf[n] = 0;
  fclose(f);
  return (int)n;
}

static int cmp(const void* a, const void* b) {
  return strcmp(*(char* const*)a, *(char* const*)b);
}

int main(void) {
  char buf[256];
  check(write_file("/sandbox/a.txt", "hello", "w") == 0, "create a.txt");
  check(write_file("/sandbox/a.txt", " world", "a") == 0, "append a.txt");
  check(read_file("/sandbox/a.txt", buf, sizeof buf) == 11 &&
            strcmp(buf, "hello world") == 0,
        "read a.txt back");

  int fd = open("/sandbox/a.txt", O_RDWR);
  check(fd >= 0, "open O_RDWR");
  check(lseek(fd, 6, SEEK_SET) == 6, "lseek");
  check(write(fd, "WORLD", 5) == 5, "write at offset");
  check(pread(fd, buf, 5, 0) == 5 && memcmp(buf, "hello", 5) == 0, "pread");
  check(ftruncate(fd, 5) == 0, "ftruncate");
  struct stat st;
  check(fstat(fd, &st) == 0 && st.st_size == 5 && S_ISREG(st.st_mode),
        "fstat size 5");
  close(fd);

  check(open("/sandbox/a.txt", O_CREAT | O_EXCL | O_WRONLY, 0644) < 0 &&
            errno == EEXIST,
        "O_EXCL on existing file is EEXIST");
  check(open("/sandbox/missing", O_RDONLY) < 0 && errno == ENOENT,
        "missing file is ENOENT");

  check(mkdir("/sandbox/d", 0755) == 0, "mkdir d");
  check(mkdir("/sandbox/d", 0755) < 0 && errno == EEXIST, "mkdir again EEXIST");
  check(write_file("/sandbox/d/x", "x", "w") == 0, "create d/x");
  check(rmdir("/sandbox/d") < 0 && errno == ENOTEMPTY, "rmdir non-empty");
  check(rename("/sandbox/d/x", "/sandbox/d/y") == 0, "rename d/x -> d/y");
  check(access("/sandbox/d/x", F_OK) < 0 && errno == ENOENT, "old name gone");
  check(link("/sandbox/d/y", "/sandbox/d/z") == 0, "hard link");
  check(stat("/sandbox/d/z", &st) == 0 && st.st_nlink == 2, "nlink 2");
  check(symlink("y", "/sandbox/d/s") == 0, "symlink");
  ssize_t n = readlink("/sandbox/d/s", buf, sizeof buf);
  check(n == 1 && buf[0] == 'y', "readlink");
  check(lstat("/sandbox/d/s", &st) == 0 && S_ISLNK(st.st_mode), "lstat link");

  DIR* dir = opendir("/sandbox/d");
  check(dir != NULL, "opendir");
  char* names[16];
  int count = 0;
  struct dirent* de;
  while (dir && (de = readdir(dir)) && count < 16) names[count++] = strdup(de->d_name);
  if (dir) closedir(dir);
  qsort(names, count, sizeof(char*), cmp);
  printf("listing:");
  for (int i = 0; i < count; ++i) printf(" %s", names[i]);
  printf("\n");

  check(unlink("/sandbox/d/y") == 0 && unlink("/sandbox/d/z") == 0 &&
            unlink("/sandbox/d/s") == 0,
        "unlink files");
  check(rmdir("/sandbox/d") == 0, "rmdir empty");

  // Escapes.
  check(open("/sandbox/../outside.txt", O_RDONLY) < 0, "dotdot escape refused");
  check(open("/etc/passwd", O_RDONLY) < 0, "absolute host path refused");
  check(symlink("../outside.txt", "/sandbox/esc") < 0 && errno == ENOTCAPABLE,
        "making an escaping link is ENOTCAPABLE");

  // Read-only preopen.
  check(read_file("/ro/r.txt", buf, sizeof buf) > 0, "read under /ro");
  check(write_file("/ro/new.txt", "x", "w") < 0, "create under /ro refused");
  printf("failures=%d\n", failures);
  return failures ? 1 : 0;
}
