/* A test plugin for the Go bindings: input "loop" spins forever (no host
 * call: only interruption on a loop back-edge stops it), "trap" traps,
 * anything else comes back reversed, prefixed with the version this was
 * built as ("v1:" or "v2:", -DSPIN_VERSION), so a caller can check every
 * response and tell versions apart across a reload. */
#include "weft_plugin.h"

#ifndef SPIN_VERSION
#define SPIN_VERSION "1"
#endif

const char plugin_meta[] =
    "{\"name\":\"spin\",\"version\":\"" SPIN_VERSION "\","
    "\"description\":\"reverses its input; loop spins, trap traps\"}";

weft_bytes plugin_execute(const uint8_t* in, uint32_t len) {
  if (len == 4 && in[0] == 'l' && in[1] == 'o' && in[2] == 'o' && in[3] == 'p') {
    volatile uint32_t n = 0;
    for (;;) ++n;
  }
  if (len == 4 && in[0] == 't' && in[1] == 'r' && in[2] == 'a' && in[3] == 'p') __builtin_trap();
  weft_bytes out = {(uint8_t*)malloc(len + 3), len + 3};
  if (out.ptr == NULL) return (weft_bytes){NULL, 0};
  out.ptr[0] = 'v';
  out.ptr[1] = SPIN_VERSION[0];
  out.ptr[2] = ':';
  for (uint32_t i = 0; i < len; ++i) out.ptr[3 + i] = in[len - 1 - i];
  return out;
}
