// A small wc + grep: `wc_grep [-i] PATTERN REPORT PATH...`. For every file
// (directories are walked in name order) prints "LINES WORDS BYTES PATH",
// then every line containing PATTERN as "PATH:LINENO:LINE", then a total,
// and writes the same report to REPORT. Exit status like grep's: 0 if
// something matched, 1 if nothing did, 2 on an error.
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static int ignore_case = 0;
static long total_lines, total_words, total_bytes, total_matches;
static int had_error = 0;
static FILE* report;

static void emit(const char* fmt, const char* a, long x, long y, long z) {
  // Same text to stdout and the report file.
  for (int i = 0; i < 2; ++i) fprintf(i ? report : stdout, fmt, x, y, z, a);
}

static int contains(const char* line, size_t len, const char* pat) {
  size_t m = strlen(pat);
  if (m == 0) return 1;
  for (size_t i = 0; i + m <= len; ++i) {
    size_t j = 0;
    while (j < m && (ignore_case ? tolower((unsigned char)line[i + j]) ==
                                       tolower((unsigned char)pat[j])
                                 : line[i + j] == pat[j])) {
      ++j;
    }
    if (j == m) return 1;
  }
  return 0;
}

static void scan_file(const char* path, const char* pat) {
  FILE* f = fopen(path, "r");
  if (!f) {
    fprintf(stderr, "wc_grep: %s: %s\n", path, strerror(errno));
    had_error = 1;
    return;
  }
  long lines = 0, words = 0, bytes = 0;
  int in_word = 0;
  size_t cap = 256, len = 0;
  char* line = malloc(cap);
  char** matches = NULL;
  long nmatches = 0;
  int c;
  for (;;) {
    c = getc(f);
    if (c != EOF) {
      ++bytes;
      if (isspace(c)) {
        in_word = 0;
      } else if (!in_word) {
        in_word = 1;
        ++words;
      }
    }
    if (c == EOF || c == '\n') {
      if (c == '\n') ++lines;
      if (c == EOF && len == 0) break;
      line[len] = 0;
      if (contains(line, len, pat)) {
        matches = realloc(matches, sizeof(char*) * (nmatches + 1));
        char* m = malloc(len + 32);
        snprintf(m, len + 32, "%ld:%s", lines + (c == EOF), line);
        matches[nmatches++] = m;
      }
      len = 0;
      if (c == EOF) break;
      continue;
    }
    if (len + 1 >= cap) line = realloc(line, cap *= 2);
    line[len++] = (char)c;
  }
  if (ferror(f)) {
    fprintf(stderr, "wc_grep: %s: read error\n", path);
    had_error = 1;
  }
  fclose(f);
  emit("%ld %ld %ld %s\n", path, lines, words, bytes);
  for (long i = 0; i < nmatches; ++i) {
    printf("%s:%s\n", path, matches[i]);
    fprintf(report, "%s:%s\n", path, matches[i]);
    free(matches[i]);
  }
  free(matches);
  free(line);
  total_lines += lines;
  total_words += words;
  total_bytes += bytes;
  total_matches += nmatches;
}

static int by_name(const void* a, const void* b) {
  return strcmp(*(char* const*)a, *(char* const*)b);
}

static void scan(const char* path, const char* pat) {
  struct stat st;
  if (stat(path, &st) != 0) {
    fprintf(stderr, "wc_grep: %s: %s\n", path, strerror(errno));
    had_error = 1;
    return;
  }
  if (!S_ISDIR(st.st_mode)) {
    scan_file(path, pat);
    return;
  }
  DIR* d = opendir(path);
  if (!d) {
    fprintf(stderr, "wc_grep: %s: %s\n", path, strerror(errno));
    had_error = 1;
    return;
  }
  char** names = NULL;
  size_t n = 0;
  struct dirent* de;
  while ((de = readdir(d)) != NULL) {
    if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0) continue;
    names = realloc(names, sizeof(char*) * (n + 1));
    names[n++] = strdup(de->d_name);
  }
  closedir(d);
  qsort(names, n, sizeof(char*), by_name);
  for (size_t i = 0; i < n; ++i) {
    char* child = malloc(strlen(path) + strlen(names[i]) + 2);
    sprintf(child, "%s/%s", path, names[i]);
    scan(child, pat);
    free(child);
    free(names[i]);
  }
  free(names);
}

int main(int argc, char** argv) {
  int i = 1;
  if (i < argc && strcmp(argv[i], "-i") == 0) {
    ignore_case = 1;
    ++i;
  }
  if (argc - i < 3) {
    fprintf(stderr, "usage: wc_grep [-i] PATTERN REPORT PATH...\n");
    return 2;
  }
  const char* pat = argv[i++];
  const char* report_path = argv[i++];
  report = fopen(report_path, "w");
  if (!report) {
    fprintf(stderr, "wc_grep: %s: %s\n", report_path, strerror(errno));
    return 2;
  }
  for (; i < argc; ++i) scan(argv[i], pat);
  emit("%ld %ld %ld %s\n", "total", total_lines, total_words, total_bytes);
  printf("matches=%ld\n", total_matches);
  fprintf(report, "matches=%ld\n", total_matches);
  if (fclose(report) != 0) had_error = 1;
  if (had_error) return 2;
  return total_matches > 0 ? 0 : 1;
}
