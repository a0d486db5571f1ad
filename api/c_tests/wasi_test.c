/* WASI from C through weft.h: runs a wasm32-wasi program (guests/
 * wasi_guest.c) with arguments, one granted environment variable, a
 * read-only and a writable preopened directory, captured stdin/stdout/
 * stderr, and checks what it printed, the files it could and could not
 * write, and its exit code, reported as an exit (weft_error_exit_code),
 * not as a failure. Exits 0 when every check passes. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "api/c_tests/check.h"
#include "weft/weft.h"



static unsigned char* read_file(const char* path, size_t* size) {
  FILE* f = fopen(path, "rb");
  if (f == NULL) return NULL;
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  unsigned char* buf = (unsigned char*)malloc(n > 0 ? (size_t)n + 1 : 1);
  *size = fread(buf, 1, (size_t)n, f);
  buf[*size] = 0;
  fclose(f);
  return buf;
}

static int write_file(const char* path, const char* text) {
  FILE* f = fopen(path, "w");
  if (f == NULL) return 0;
  fputs(text, f);
  return fclose(f) == 0;
}

int main(int argc, char** argv) {
  const char* wasm_path = argc > 1 ? argv[1] : "api/c_tests/guests/wasi_guest.wasm";
  size_t wasm_size = 0;
  unsigned char* wasm = read_file(wasm_path, &wasm_size);
  if (wasm == NULL) {
    fprintf(stderr, "cannot read %s\n", wasm_path);
    return 1;
  }
  /* Host directories: data (read-only, with the input) and scratch. */
  const char* tmp = getenv("TEST_TMPDIR");
  char root[256], data_dir[300], scratch_dir[300], path[400];
  snprintf(root, sizeof root, "%s/wasi_testXXXXXX", tmp != NULL ? tmp : "/tmp");
  if (mkdtemp(root) == NULL) return 1;
  snprintf(data_dir, sizeof data_dir, "%s/data", root);
  snprintf(scratch_dir, sizeof scratch_dir, "%s/scratch", root);
  if (mkdir(data_dir, 0755) != 0 || mkdir(scratch_dir, 0755) != 0) return 1;
  snprintf(path, sizeof path, "%s/input.txt", data_dir);
  if (!write_file(path, "seven lines of wisdom\n")) return 1;

  weft_engine_t* engine = weft_engine_new(NULL);
  weft_module_t* module = NULL;
  OK(weft_module_new(engine, wasm, wasm_size, &module));
  free(wasm);

  weft_wasi_config_t* config = weft_wasi_config_new();
  const char* args[] = {"guest", "--flag", "two words"};
  OK(weft_wasi_config_set_args(config, args, 3));
  OK(weft_wasi_config_add_env(config, "GREETING", "hello from C"));
  OK(weft_wasi_config_preopen_dir(config, data_dir, "/data", 1));
  OK(weft_wasi_config_preopen_dir(config, scratch_dir, "/scratch", 0));
  const char input[] = "typed line\n";
  OK(weft_wasi_config_set_stdin(config, WEFT_WASI_STDIO_CAPTURE, input, sizeof input - 1));
  OK(weft_wasi_config_set_stdout(config, WEFT_WASI_STDIO_CAPTURE));
  OK(weft_wasi_config_set_stderr(config, WEFT_WASI_STDIO_CAPTURE));

  /* Bad configs are refused, naming the problem. */
  weft_error_t* err = weft_wasi_config_add_env(config, "A=B", "x");
  CHECK(err != NULL && strstr(weft_error_message(err), "holds '='") != NULL);
  weft_error_delete(err);
  err = weft_wasi_config_set_stdout(config, (weft_wasi_stdio_t)9);
  CHECK(err != NULL && strstr(weft_error_message(err), "unknown stdio mode 9") != NULL);
  weft_error_delete(err);
  weft_wasi_config_t* missing_dir = weft_wasi_config_new();
  OK(weft_wasi_config_preopen_dir(missing_dir, "/no/such/dir", "/x", 0));
  weft_linker_t* linker = weft_linker_new(engine);
  weft_wasi_t* wasi = NULL;
  err = weft_linker_define_wasi(linker, missing_dir, &wasi);
  CHECK(err != NULL && strstr(weft_error_message(err), "/no/such/dir") != NULL && wasi == NULL);
  weft_error_delete(err);
  weft_wasi_config_delete(missing_dir);

  OK(weft_linker_define_wasi(linker, config, &wasi));
  weft_wasi_config_delete(config); /* the linker keeps what it needs */
  weft_instance_t* inst = NULL;
  OK(weft_instance_new(linker, module, NULL, &inst));
  OK(weft_wasi_attach(wasi, inst));
  uint32_t code = 99;
  CHECK(weft_wasi_exit_code(wasi, &code) == 0);

  err = weft_instance_call(inst, "_start", NULL, 0, NULL, 0);
  /* proc_exit(3): an exit, told apart from failures. */
  CHECK(err != NULL);
  CHECK(weft_error_exit_code(err, &code) == 1 && code == 3);
  CHECK(weft_error_trap_code(err) == WEFT_TRAP_HOST);
  CHECK(strstr(weft_error_message(err), "proc_exit(3)") != NULL);
  weft_error_delete(err);
  code = 0;
  CHECK(weft_wasi_exit_code(wasi, &code) == 1 && code == 3);

  size_t size = 0;
  const char* out = weft_wasi_stdout(wasi, &size);
  const char* expected =
      "argc=3\n"
      "argv[0]=guest\n"
      "argv[1]=--flag\n"
      "argv[2]=two words\n"
      "GREETING=hello from C\n"
      "HOME=(unset)\n"
      "input=seven lines of wisdom\n"
      "read-only write refused: yes\n"
      "scratch write ok\n"
      "stdin=typed line\n";
  CHECK(out != NULL && size == strlen(expected) && strcmp(out, expected) == 0);
  if (out != NULL && strcmp(out, expected) != 0) fprintf(stderr, "stdout was:\n%s", out);
  /* Reading again gives the same bytes (kept, not consumed). */
  CHECK(weft_wasi_stdout(wasi, &size) != NULL && size == strlen(expected));
  const char* errout = weft_wasi_stderr(wasi, &size);
  CHECK(errout != NULL && strcmp(errout, "exiting with 3\n") == 0);

  /* On the host: the read-only directory is untouched, scratch written. */
  snprintf(path, sizeof path, "%s/out.txt", data_dir);
  CHECK(access(path, F_OK) != 0);
  snprintf(path, sizeof path, "%s/out.txt", scratch_dir);
  size_t written_size = 0;
  unsigned char* written = read_file(path, &written_size);
  CHECK(written != NULL && strcmp((const char*)written, "written by the guest\n") == 0);
  free(written);
  unlink(path);
  snprintf(path, sizeof path, "%s/input.txt", data_dir);
  unlink(path);
  rmdir(data_dir);
  rmdir(scratch_dir);
  rmdir(root);

  /* A trap that is no exit is not reported as one. */
  err = weft_error_new("plain");
  CHECK(weft_error_exit_code(err, &code) == 0);
  weft_error_delete(err);

  /* NULLs. */
  CHECK(weft_wasi_exit_code(NULL, &code) == 0);
  CHECK(weft_wasi_stdout(NULL, &size) == NULL && size == 0);
  CHECK(weft_wasi_stderr(NULL, NULL) == NULL);
  err = weft_wasi_attach(NULL, inst);
  CHECK(err != NULL && strcmp(weft_error_message(err), "weft_wasi_attach: null argument `wasi`") == 0);
  weft_error_delete(err);
  weft_wasi_t* not_made = NULL; /* not `wasi`: a failed call sets its out to NULL */
  err = weft_linker_define_wasi(linker, NULL, &not_made);
  CHECK(err != NULL && strstr(weft_error_message(err), "weft_linker_define_wasi: null argument `config`") != NULL);
  CHECK(not_made == NULL);
  weft_error_delete(err);
  err = weft_wasi_config_set_args(NULL, args, 1);
  CHECK(err != NULL && strstr(weft_error_message(err), "weft_wasi_config_set_args: null argument `config`") != NULL);
  weft_error_delete(err);
  weft_wasi_config_delete(NULL);
  weft_wasi_delete(NULL);

  weft_wasi_delete(wasi); /* the instance keeps the WASI state */
  weft_instance_delete(inst);
  weft_linker_delete(linker);
  weft_module_delete(module);
  weft_engine_delete(engine);
  if (failures == 0) printf("wasi_test: all checks passed\n");
  return failures == 0 ? 0 : 1;
}
