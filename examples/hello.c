// A small WASI program for trying `weft run` (README's first command):
// greets its arguments, shows one granted environment variable and, when a
// directory is granted as /data, lists it.
//
// examples/hello.wasm is prebuilt from this file so that running it needs
// no wasm toolchain; rebuild it with
//   clang --target=wasm32-wasi --sysroot=/usr -O2 -Wl,--strip-all \
//     -o examples/hello.wasm examples/hello.c
// (//examples:hello_check builds it afresh and runs both through weft).
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char** argv) {
  if (argc < 2) {
    printf("hello from WebAssembly! (try: weft run hello.wasm NAME...)\n");
  }
  for (int i = 1; i < argc; ++i) printf("hello, %s!\n", argv[i]);
  const char* lang = getenv("LANG");
  printf("LANG is %s\n", lang ? lang : "not granted (weft run --env LANG=...)");
  DIR* d = opendir("/data");
  if (d == NULL) {
    printf("/data is not granted (weft run --dir HOST::/data)\n");
    return 0;
  }
  struct dirent* e;
  while ((e = readdir(d)) != NULL) {
    if (e->d_name[0] != '.') printf("/data/%s\n", e->d_name);
  }
  closedir(d);
  return 0;
}
