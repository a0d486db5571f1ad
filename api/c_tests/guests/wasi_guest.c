/* A wasm32-wasi program for api/c_tests:wasi_test: prints its arguments
 * and one granted environment variable, reads /data/input.txt, tries to
 * write into the read-only /data and into the writable /scratch, reads one
 * line of stdin, and exits with code 3. Every line it prints is checked by
 * the test. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char** argv) {
  printf("argc=%d\n", argc);
  for (int i = 0; i < argc; ++i) printf("argv[%d]=%s\n", i, argv[i]);
  const char* greeting = getenv("GREETING");
  printf("GREETING=%s\n", greeting != NULL ? greeting : "(unset)");
  const char* home = getenv("HOME");
  printf("HOME=%s\n", home != NULL ? home : "(unset)");

  FILE* in = fopen("/data/input.txt", "r");
  char line[128] = "";
  if (in != NULL && fgets(line, sizeof line, in) != NULL) {
    line[strcspn(line, "\n")] = '\0';
    printf("input=%s\n", line);
  } else {
    printf("input: open failed, errno %d\n", errno);
  }
  if (in != NULL) fclose(in);

  FILE* denied = fopen("/data/out.txt", "w");
  if (denied == NULL) {
    printf("read-only write refused: %s\n", errno != 0 ? "yes" : "no errno");
  } else {
    printf("read-only write ALLOWED\n");
    fclose(denied);
  }

  FILE* out = fopen("/scratch/out.txt", "w");
  if (out != NULL && fputs("written by the guest\n", out) >= 0 && fclose(out) == 0) {
    printf("scratch write ok\n");
  } else {
    printf("scratch write failed, errno %d\n", errno);
  }

  if (fgets(line, sizeof line, stdin) != NULL) {
    line[strcspn(line, "\n")] = '\0';
    printf("stdin=%s\n", line);
  }
  fprintf(stderr, "exiting with 3\n");
  fflush(stdout);
  exit(3);
}
