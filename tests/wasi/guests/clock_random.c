// Clocks, sleeping (poll_oneoff), entropy and sched_yield.
#include <sched.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

int main(void) {
  int failures = 0;
  struct timespec a, b, res;
  if (clock_gettime(CLOCK_MONOTONIC, &a) != 0) ++failures;
  struct timespec req = {0, 2000000};  // 2 ms
  if (nanosleep(&req, NULL) != 0) ++failures;
  if (clock_gettime(CLOCK_MONOTONIC, &b) != 0) ++failures;
  long long ns = (b.tv_sec - a.tv_sec) * 1000000000LL + (b.tv_nsec - a.tv_nsec);
  printf("slept>=2ms: %s\n", ns >= 2000000 ? "yes" : "no");
  if (ns < 2000000) ++failures;
  if (clock_getres(CLOCK_REALTIME, &res) != 0) ++failures;
  struct timespec rt;
  clock_gettime(CLOCK_REALTIME, &rt);
  printf("realtime after 2020: %s\n", rt.tv_sec > 1577836800 ? "yes" : "no");
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &rt);
  unsigned char buf[32] = {0};
  if (getentropy(buf, sizeof buf) != 0) ++failures;
  int nonzero = 0;
  for (int i = 0; i < 32; ++i) nonzero += buf[i] != 0;
  printf("entropy: %s\n", nonzero > 16 ? "yes" : "no");
  if (sched_yield() != 0) ++failures;
  printf("failures=%d\n", failures);
  return failures;
}
