/* The plugin host's options, reload, description, JSON metrics and error
 * codes from C through weft.h: a host with a log callback and no circuit
 * breaker loads json_upper, reloads it (same bytes: still version 1),
 * describes it, reads its metrics as JSON, and checks the error codes of
 * a deadline, a missing plugin and a bad config. Exits 0 when every check
 * passes. */
#define _XOPEN_SOURCE 700
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/c_tests/check.h"
#include "weft/weft.h"


static int log_lines = 0;
static void count_log(void* env, const char* plugin, const char* message) {
  (void)plugin, (void)message;
  ++*(int*)env;
}

int main(int argc, char** argv) {
  if (argc != 3) return fprintf(stderr, "usage: %s json_upper.wasm blocker.wasm\n", argv[0]), 2;
  char upper[PATH_MAX], blocker[PATH_MAX];
  if (realpath(argv[1], upper) == NULL || realpath(argv[2], blocker) == NULL) return 1;

  weft_plugin_host_options_t options;
  memset(&options, 0, sizeof options);
  options.circuit_disabled = 1;
  options.log = count_log;
  options.log_env = &log_lines;
  weft_plugin_host_t* host = weft_plugin_host_new_with_options(&options);
  char config[PATH_MAX + 128];
  snprintf(config, sizeof config, "{\"name\": \"upper\", \"wasm\": \"%s\"}", upper);
  CHECK(weft_plugin_host_check_config_json(config, "/") == NULL);
  CHECK(weft_plugin_host_load_config_json(host, config, "/") == NULL);

  /* A bad config: refused by the check with its key named. */
  weft_error_t* err = weft_plugin_host_check_config_json("{\"name\": \"x\", \"colour\": 1}", "/");
  CHECK(err != NULL && strstr(weft_error_message(err), "colour") != NULL);
  CHECK(weft_error_code(err) == WEFT_ERROR_INVALID_ARGUMENT);
  weft_error_delete(err);

  /* Reload with unchanged bytes keeps version 1. */
  CHECK(weft_plugin_host_reload(host, "upper") == NULL);
  char* json = NULL;
  CHECK(weft_plugin_host_describe_json(host, "upper", &json) == NULL);
  CHECK(json != NULL && strstr(json, "\"version\":1") != NULL);
  CHECK(json != NULL && strstr(json, "\"meta\":{\"name\":\"json_upper\"") != NULL);
  CHECK(json != NULL && strstr(json, "\"sha256\":\"") != NULL);
  weft_string_delete(json);

  /* A deadline: DEADLINE_EXCEEDED with the interrupted trap; then JSON
   * metrics count it by kind. Without a breaker, five more failures do
   * not refuse calls. */
  snprintf(config, sizeof config, "{\"name\": \"blocker\", \"wasm\": \"%s\"}", blocker);
  CHECK(weft_plugin_host_load_config_json(host, config, "/") == NULL);
  for (int i = 0; i < 6; ++i) {
    uint8_t* out = NULL;
    size_t size = 0;
    err = weft_plugin_host_call(host, "blocker", (const uint8_t*)"sleep", 5, 20, &out, &size);
    CHECK(weft_error_code(err) == WEFT_ERROR_DEADLINE_EXCEEDED);
    CHECK(weft_error_trap_code(err) == WEFT_TRAP_INTERRUPTED);
    weft_error_delete(err);
  }
  CHECK(weft_plugin_host_metrics_json(host, "blocker", &json) == NULL);
  CHECK(json != NULL && strstr(json, "\"calls\":6") != NULL);
  CHECK(json != NULL && strstr(json, "\"deadline exceeded\":6") != NULL);
  CHECK(json != NULL && strstr(json, "\"circuit\":\"closed\"") != NULL);
  weft_string_delete(json);

  /* Errors: not found, and NULLs. */
  err = weft_plugin_host_describe_json(host, "nope", &json);
  CHECK(weft_error_code(err) == WEFT_ERROR_NOT_FOUND && json == NULL);
  weft_error_delete(err);
  err = weft_plugin_host_reload(host, "nope");
  CHECK(weft_error_code(err) == WEFT_ERROR_NOT_FOUND);
  weft_error_delete(err);
  err = weft_plugin_host_metrics_json(NULL, "x", &json);
  CHECK(err != NULL && strstr(weft_error_message(err), "null argument `host`") != NULL);
  weft_error_delete(err);
  CHECK(weft_error_code(NULL) == WEFT_ERROR_OK);
  weft_string_delete(NULL);
  weft_plugin_host_delete(weft_plugin_host_new_with_options(NULL));

  weft_plugin_host_delete(host);
  if (failures == 0) printf("plugin_host_options_test: all checks passed\n");
  return failures == 0 ? 0 : 1;
}
