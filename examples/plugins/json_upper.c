/* Example plugin: a JSON transformer. Upper-cases the ASCII letters of
 * every string in the input document (keys included) and wraps it:
 *   {"a":"hi"}  ->  {"upper":{"A":"HI"}}
 * Escape sequences inside strings are kept as they are. */
#include "weft_plugin.h"

const char plugin_meta[] =
    "{\"name\":\"json_upper\",\"version\":\"1.0.0\","
    "\"description\":\"upper-cases the strings of a JSON document\"}";

weft_bytes plugin_execute(const uint8_t* in, uint32_t len) {
  static const char kHead[] = "{\"upper\":";
  const uint32_t head = sizeof kHead - 1;
  weft_bytes out = {(uint8_t*)malloc(head + len + 1), head + len + 1};
  if (out.ptr == NULL) return (weft_bytes){NULL, 0};
  memcpy(out.ptr, kHead, head);
  int in_string = 0, escaped = 0;
  for (uint32_t i = 0; i < len; ++i) {
    uint8_t c = in[i];
    if (in_string) {
      if (escaped) escaped = 0;
      else if (c == '\\') escaped = 1;
      else if (c == '"') in_string = 0;
      else if (c >= 'a' && c <= 'z') c = (uint8_t)(c - 'a' + 'A');
    } else if (c == '"') {
      in_string = 1;
    }
    out.ptr[head + i] = c;
  }
  out.ptr[head + len] = '}';
  return out;
}
