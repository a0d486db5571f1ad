/* The plugin host from C through weft.h: loads the example json_upper
 * plugin from a config file and from config text, calls it, stops the
 * blocker test plugin at a deadline, reads metrics, unloads, and checks
 * the errors for an unknown plugin, a bad config and a taken name. Exits
 * 0 when every check passes. */
#define _XOPEN_SOURCE 700
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "api/c_tests/check.h"
#include "weft/weft.h"


/* `err` exists and its message contains `text`; deletes it. */
static int fails_with(weft_error_t* err, const char* text) {
  int ok = err != NULL && strstr(weft_error_message(err), text) != NULL;
  if (!ok) fprintf(stderr, "  got: %s\n", err == NULL ? "(no error)" : weft_error_message(err));
  weft_error_delete(err);
  return ok;
}

/* Calls `name` with `input`; returns the output (free with
 * weft_bytes_delete) or NULL, with the error in *err. */
static uint8_t* call(weft_plugin_host_t* host, const char* name, const char* input,
                     uint64_t deadline_ms, size_t* size, weft_error_t** err) {
  uint8_t* out = NULL;
  *err = weft_plugin_host_call(host, name, (const uint8_t*)input, strlen(input), deadline_ms,
                               &out, size);
  return out;
}

int main(int argc, char** argv) {
  const char* upper_wasm = argc > 2 ? argv[1] : "examples/plugins/json_upper.wasm";
  const char* blocker_wasm = argc > 2 ? argv[2] : "host/testdata/blocker_plugin.wasm";
  char upper_abs[PATH_MAX], blocker_abs[PATH_MAX];
  if (realpath(upper_wasm, upper_abs) == NULL || realpath(blocker_wasm, blocker_abs) == NULL) {
    fprintf(stderr, "plugins not found\n");
    return 1;
  }
  const char* tmp = getenv("TEST_TMPDIR");
  char config_path[PATH_MAX];
  snprintf(config_path, sizeof config_path, "%s/upper.json", tmp != NULL ? tmp : "/tmp");
  FILE* f = fopen(config_path, "w");
  if (f == NULL) return 1;
  fprintf(f, "{\"name\": \"upper\", \"wasm\": \"%s\", \"max_instances\": 2}\n", upper_abs);
  fclose(f);

  weft_plugin_host_t* host = weft_plugin_host_new();
  weft_error_t* err = weft_plugin_host_load_config(host, config_path);
  if (err != NULL) {
    fprintf(stderr, "load failed: %s\n", weft_error_message(err));
    return 1;
  }

  /* A call: bytes in, bytes out. */
  size_t size = 0;
  uint8_t* out = call(host, "upper", "{\"a\":\"hi\"}", 0, &size, &err);
  const char* expected = "{\"upper\":{\"A\":\"HI\"}}";
  CHECK(err == NULL && out != NULL && size == strlen(expected) &&
        memcmp(out, expected, size) == 0 && out[size] == 0);
  weft_error_delete(err);
  weft_bytes_delete(out);
  /* With a deadline it cannot miss, and with empty input. */
  out = call(host, "upper", "[\"x\"]", 5000, &size, &err);
  CHECK(err == NULL && out != NULL && strcmp((const char*)out, "{\"upper\":[\"X\"]}") == 0);
  weft_error_delete(err);
  weft_bytes_delete(out);
  out = NULL;
  err = weft_plugin_host_call(host, "upper", NULL, 0, 0, &out, &size);
  CHECK(err == NULL && size == strlen("{\"upper\":}"));
  weft_error_delete(err);
  weft_bytes_delete(out);

  /* Metrics after three good calls. */
  weft_plugin_metrics_t m;
  CHECK(weft_plugin_host_metrics(host, "upper", &m) == NULL);
  CHECK(m.calls == 3 && m.failures == 0 && m.capability_denials == 0);
  CHECK(m.circuit == WEFT_PLUGIN_CIRCUIT_CLOSED);
  CHECK(m.instances_in_use == 0 && m.instances_idle >= 1);
  CHECK(m.latency_max_us >= m.latency_p50_us && m.latency_max_us > 0);

  /* Errors. */
  out = call(host, "nope", "{}", 0, &size, &err);
  CHECK(out == NULL && size == 0);
  CHECK(fails_with(err, "nope"));
  CHECK(fails_with(weft_plugin_host_load_config(host, config_path), "upper"));
  CHECK(fails_with(weft_plugin_host_load_config(host, "/no/such/config.json"),
                   "/no/such/config.json"));
  CHECK(fails_with(weft_plugin_host_load_config_json(host, "{\"name\": \"x\", \"colour\": 1}", "."),
                   "colour"));
  CHECK(fails_with(weft_plugin_host_metrics(host, "nope", &m), "nope"));
  CHECK(m.calls == 0);

  /* From config text, relative to a base directory. */
  CHECK(weft_plugin_host_load_config_json(
            host, "{\"name\": \"upper2\", \"wasm\": \"examples/plugins/json_upper.wasm\"}",
            ".") == NULL);
  out = call(host, "upper2", "\"q\"", 0, &size, &err);
  CHECK(err == NULL && out != NULL && strcmp((const char*)out, "{\"upper\":\"Q\"}") == 0);
  weft_error_delete(err);
  weft_bytes_delete(out);

  /* A deadline stops a plugin that blocks. */
  char blocker_config[PATH_MAX + 128];
  snprintf(blocker_config, sizeof blocker_config,
           "{\"name\": \"blocker\", \"wasm\": \"%s\", \"max_instances\": 1}", blocker_abs);
  CHECK(weft_plugin_host_load_config_json(host, blocker_config, "/") == NULL);
  out = call(host, "blocker", "sleep", 100, &size, &err);
  CHECK(out == NULL);
  CHECK(weft_error_trap_code(err) == WEFT_TRAP_INTERRUPTED);
  CHECK(fails_with(err, "deadline exceeded"));
  out = call(host, "blocker", "anything", 0, &size, &err);
  CHECK(err == NULL && out != NULL && strcmp((const char*)out, "ok") == 0);
  weft_error_delete(err);
  weft_bytes_delete(out);
  CHECK(weft_plugin_host_metrics(host, "blocker", &m) == NULL);
  CHECK(m.calls == 2 && m.failures == 1);

  /* A cancel handle that fired (the request went away) stops the call,
   * which says "cancelled", not "deadline exceeded". */
  weft_interrupt_handle_t* cancel = weft_interrupt_handle_new();
  weft_interrupt_handle_interrupt(cancel);
  out = NULL;
  err = weft_plugin_host_call_cancellable(host, "blocker", (const uint8_t*)"sleep", 5, 10000,
                                          cancel, &out, &size);
  CHECK(out == NULL && weft_error_trap_code(err) == WEFT_TRAP_INTERRUPTED);
  CHECK(fails_with(err, "cancelled"));
  weft_interrupt_handle_delete(cancel);
  /* NULL cancel: as weft_plugin_host_call. */
  err = weft_plugin_host_call_cancellable(host, "blocker", (const uint8_t*)"x", 1, 0, NULL, &out,
                                          &size);
  CHECK(err == NULL && out != NULL && strcmp((const char*)out, "ok") == 0);
  weft_error_delete(err);
  weft_bytes_delete(out);

  /* Unload: gone for calls, metrics and a second unload. */
  CHECK(weft_plugin_host_unload(host, "upper") == NULL);
  out = call(host, "upper", "{}", 0, &size, &err);
  CHECK(out == NULL && fails_with(err, "upper"));
  CHECK(fails_with(weft_plugin_host_unload(host, "upper"), "upper"));
  CHECK(fails_with(weft_plugin_host_metrics(host, "upper", &m), "upper"));

  /* NULLs. */
  CHECK(fails_with(weft_plugin_host_call(NULL, "upper2", NULL, 0, 0, &out, &size),
                   "weft_plugin_host_call: null argument `host`"));
  CHECK(fails_with(weft_plugin_host_call(host, "upper2", NULL, 0, 0, NULL, &size),
                   "weft_plugin_host_call: null argument `output`"));
  CHECK(fails_with(weft_plugin_host_call(host, "upper2", NULL, 3, 0, &out, &size),
                   "weft_plugin_host_call: null argument `input`"));
  CHECK(fails_with(weft_plugin_host_load_config(NULL, config_path),
                   "weft_plugin_host_load_config: null argument `host`"));
  CHECK(fails_with(weft_plugin_host_load_config_json(host, NULL, "."),
                   "weft_plugin_host_load_config_json: null argument `json`"));
  CHECK(fails_with(weft_plugin_host_unload(host, NULL),
                   "weft_plugin_host_unload: null argument `name`"));
  CHECK(fails_with(weft_plugin_host_metrics(NULL, "x", &m),
                   "weft_plugin_host_metrics: null argument `host`"));
  weft_bytes_delete(NULL);
  weft_plugin_host_delete(NULL);

  weft_plugin_host_delete(host);
  unlink(config_path);
  if (failures == 0) printf("plugin_test: all checks passed\n");
  return failures == 0 ? 0 : 1;
}
