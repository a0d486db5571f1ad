/* Example plugin: dials a host it was granted. Input "HOST PORT MESSAGE":
 * connects with env.net_dial, sends MESSAGE, reads the reply and returns
 *   {"dial":FD_OR_ERRNO,"reply":"..."}   (the reply's bytes, JSON-escaped) */
#include <stdio.h>
#include <unistd.h>

#include "weft_plugin.h"

const char plugin_meta[] =
    "{\"name\":\"dialer\",\"version\":\"1.0.0\","
    "\"description\":\"sends a message to an allowed host and returns the reply\"}";

weft_bytes plugin_execute(const uint8_t* in, uint32_t len) {
  char req[512], host[256], msg[256];
  unsigned port = 0;
  if (len >= sizeof req) len = sizeof req - 1;
  memcpy(req, in, len);
  req[len] = 0;
  msg[0] = 0;
  if (sscanf(req, "%255s %u %255[^\n]", host, &port, msg) < 2) {
    return weft_output("{\"error\":\"expected HOST PORT MESSAGE\"}", 37);
  }
  int fd = weft_net_dial(host, (uint32_t)strlen(host), port);
  char reply[256] = {0};
  if (fd >= 0) {
    (void)!write(fd, msg, strlen(msg));
    ssize_t n = read(fd, reply, sizeof reply - 1);
    if (n < 0) n = 0;
    reply[n] = 0;
    close(fd);
  }
  char out[640];
  int n = snprintf(out, sizeof out, "{\"dial\":%d,\"reply\":\"", fd);
  for (const char* p = reply; *p && n < (int)sizeof out - 8; ++p) {
    unsigned char c = (unsigned char)*p;
    if (c == '"' || c == '\\') n += snprintf(out + n, sizeof out - n, "\\%c", c);
    else if (c < 0x20) n += snprintf(out + n, sizeof out - n, "\\u%04x", c);
    else out[n++] = (char)c;
  }
  n += snprintf(out + n, sizeof out - n, "\"}");
  return weft_output(out, (uint32_t)n);
}
