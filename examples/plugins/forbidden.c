/* Example plugin: tries what its capabilities should refuse and reports
 * what happened, as JSON:
 *   read_file      fopen of /etc/passwd (outside every preopen)
 *   escape         fopen of /data/../../etc/passwd (relative escape)
 *   dial           env.net_dial to example.com:80 (not granted)
 *   dial_loopback  env.net_dial to localhost:80 (not granted)
 *   fs_check       env.fs_check("/data/../etc")
 *   env            getenv("WEFT_SECRET")
 *   big_alloc      malloc of 256 MiB (beyond the memory limit)
 *   ro_link        link("/data/data.txt", "/scratch/x"), then writing "x":
 *                  a way around a read-only /data when /scratch is writable
 * Each value is what the guest observed (0/1 success, errno, pointer test). */
#include <errno.h>
#include <stdio.h>
#include <unistd.h>

#include "weft_plugin.h"

const char plugin_meta[] =
    "{\"name\":\"forbidden\",\"version\":\"1.0.0\","
    "\"description\":\"attempts forbidden operations and reports the results\"}";

static int try_open(const char* path) {
  errno = 0;
  FILE* f = fopen(path, "r");
  if (f == NULL) return -errno;
  fclose(f);
  return 1;
}

/* 1 if the read-only file could be linked into /scratch and written. */
static int try_link_and_write(void) {
  errno = 0;
  if (link("/data/data.txt", "/scratch/x") != 0) return -errno;
  FILE* f = fopen("/scratch/x", "w");
  if (f == NULL) return -errno;
  fputs("overwritten", f);
  fclose(f);
  return 1;
}

weft_bytes plugin_execute(const uint8_t* in, uint32_t len) {
  (void)in;
  (void)len;
  char out[512];
  const char* secret = getenv("WEFT_SECRET");
  /* volatile: a malloc whose block is never used may be optimised away. */
  char* volatile big = malloc(256u << 20);
  if (big != NULL) big[0] = 1;
  int n = snprintf(out, sizeof out,
                   "{\"read_file\":%d,\"escape\":%d,\"dial\":%d,\"dial_loopback\":%d,"
                   "\"fs_check\":%d,\"env\":%s,\"big_alloc\":%s,\"ro_link\":%d}",
                   try_open("/etc/passwd"), try_open("/data/../../etc/passwd"),
                   weft_net_dial("example.com", 11, 80), weft_net_dial("localhost", 9, 80),
                   weft_fs_check("/data/../etc", 12), secret ? "\"visible\"" : "null",
                   big ? "\"granted\"" : "null", try_link_and_write());
  free(big);
  return weft_output(out, (uint32_t)n);
}
