// Args, environment, stdout/stderr and exit status through WASI.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern char** environ;

int main(int argc, char** argv) {
  printf("argc=%d\n", argc);
  for (int i = 0; i < argc; ++i) printf("argv[%d]=%s\n", i, argv[i]);
  int n = 0;
  for (char** e = environ; *e; ++e) ++n;
  printf("env count=%d\n", n);
  const char* v = getenv("WEFT_TEST");
  printf("WEFT_TEST=%s\n", v ? v : "(unset)");
  fprintf(stderr, "to stderr\n");
  fflush(stdout);
  return argc > 1 ? atoi(argv[1]) : 0;
}
