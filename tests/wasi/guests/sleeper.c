// Clocks and poll_oneoff sleeps: `sleeper TICKS TICK_MS LOG`.
//  1. A ticker: TICKS ticks TICK_MS apart against absolute monotonic
//     deadlines (poll_oneoff with an ABSTIME clock subscription), so the
//     total never drifts below TICKS * TICK_MS.
//  2. Three clock subscriptions in one poll_oneoff (relative 60 ms,
//     relative 15 ms, absolute now + 35 ms): they fire in deadline order.
//  3. An fd_read subscription on stdin (a regular file here) beats a 5 s
//     timeout, reporting the bytes available.
//  4. nanosleep, clock resolutions, realtime, and CPU time that grows.
// Writes the tick and event log to LOG and prints a summary; exit 1 if a
// check fails.
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "guest_util.h"

static __wasi_timestamp_t now(__wasi_clockid_t id) {
  __wasi_timestamp_t t = 0;
  if (__wasi_clock_time_get(id, 1, &t) != 0) ++failures;
  return t;
}

static __wasi_subscription_t clock_sub(__wasi_userdata_t ud,
                                       __wasi_timestamp_t t, int absolute) {
  __wasi_subscription_t s;
  memset(&s, 0, sizeof s);
  s.userdata = ud;
  s.u.tag = __WASI_EVENTTYPE_CLOCK;
  s.u.u.clock.id = __WASI_CLOCKID_MONOTONIC;
  s.u.u.clock.timeout = t;
  s.u.u.clock.flags = absolute ? __WASI_SUBCLOCKFLAGS_SUBSCRIPTION_CLOCK_ABSTIME : 0;
  return s;
}

int main(int argc, char** argv) {
  if (argc != 4) {
    fprintf(stderr, "usage: sleeper TICKS TICK_MS LOG\n");
    return 2;
  }
  const int ticks = atoi(argv[1]);
  const __wasi_timestamp_t tick_ns = (__wasi_timestamp_t)atoi(argv[2]) * 1000000;
  FILE* log = fopen(argv[3], "w");
  check(log != NULL, "open log");
  if (!log) return finish();

  // 1. Ticker.
  const __wasi_timestamp_t t0 = now(__WASI_CLOCKID_MONOTONIC);
  __wasi_event_t ev;
  __wasi_size_t n;
  for (int i = 1; i <= ticks; ++i) {
    __wasi_subscription_t s = clock_sub(100 + i, t0 + i * tick_ns, 1);
    __wasi_errno_t e = __wasi_poll_oneoff(&s, &ev, 1, &n);
    __wasi_timestamp_t t = now(__WASI_CLOCKID_MONOTONIC);
    if (e != 0 || n != 1 || ev.userdata != (__wasi_userdata_t)(100 + i) ||
        ev.error != 0 || t < t0 + i * tick_ns) {
      ++failures;
    }
    fprintf(log, "tick %d at>=%dms\n", i, (int)((t - t0) / 1000000));
  }
  const __wasi_timestamp_t ticked = now(__WASI_CLOCKID_MONOTONIC) - t0;
  check(ticked >= ticks * tick_ns, "ticker took at least TICKS * TICK_MS");
  printf("ticks=%d\n", ticks);

  // 2. Several deadlines in one call, fired in deadline order.
  const __wasi_timestamp_t t1 = now(__WASI_CLOCKID_MONOTONIC);
  __wasi_subscription_t subs[3] = {
      clock_sub(1, 60000000, 0),
      clock_sub(2, 15000000, 0),
      clock_sub(3, t1 + 35000000, 1),
  };
  int order[3], fired = 0;
  while (fired < 3) {
    __wasi_event_t evs[3];
    if (__wasi_poll_oneoff(subs, evs, 3 - fired, &n) != 0 || n == 0) {
      ++failures;
      break;
    }
    for (__wasi_size_t i = 0; i < n && fired < 3; ++i) {
      order[fired++] = (int)evs[i].userdata;
      // Drop the fired subscription; relative timeouts restart from now,
      // so turn the rest into absolute deadlines from t1 first.
      for (int j = 0; j < 3 - fired + 1; ++j) {
        if (subs[j].userdata == evs[i].userdata) {
          subs[j] = subs[3 - fired];
          break;
        }
      }
    }
    for (int j = 0; j < 3 - fired; ++j) {
      if (!(subs[j].u.u.clock.flags & __WASI_SUBCLOCKFLAGS_SUBSCRIPTION_CLOCK_ABSTIME)) {
        subs[j].u.u.clock.timeout += t1;
        subs[j].u.u.clock.flags = __WASI_SUBCLOCKFLAGS_SUBSCRIPTION_CLOCK_ABSTIME;
      }
    }
  }
  const __wasi_timestamp_t waited = now(__WASI_CLOCKID_MONOTONIC) - t1;
  fprintf(log, "order %d %d %d\n", order[0], order[1], order[2]);
  printf("order=%d,%d,%d\n", order[0], order[1], order[2]);
  check(fired == 3 && order[0] == 2 && order[1] == 3 && order[2] == 1,
        "deadlines fire in order 15ms, 35ms, 60ms");
  check(waited >= 60000000, "all three took at least 60ms");

  // 3. stdin readiness beats a long timeout.
  __wasi_subscription_t rs[2];
  memset(rs, 0, sizeof rs);
  rs[0] = clock_sub(9, 5000000000ull, 0);
  rs[1].userdata = 7;
  rs[1].u.tag = __WASI_EVENTTYPE_FD_READ;
  rs[1].u.u.fd_read.file_descriptor = 0;
  const __wasi_timestamp_t t2 = now(__WASI_CLOCKID_MONOTONIC);
  __wasi_event_t evs[2];
  __wasi_errno_t e = __wasi_poll_oneoff(rs, evs, 2, &n);
  check(e == 0 && n >= 1 && evs[0].userdata == 7 &&
            evs[0].type == __WASI_EVENTTYPE_FD_READ && evs[0].error == 0,
        "stdin readable before the 5s timeout");
  check(now(__WASI_CLOCKID_MONOTONIC) - t2 < 4000000000ull, "and quickly");
  printf("stdin bytes=%llu\n", (unsigned long long)evs[0].fd_readwrite.nbytes);
  fprintf(log, "stdin %llu\n", (unsigned long long)evs[0].fd_readwrite.nbytes);
  // No subscriptions at all is EINVAL.
  check_errno(__wasi_poll_oneoff(rs, evs, 0, &n), __WASI_ERRNO_INVAL,
              "poll_oneoff with nothing to wait for");

  // 4. nanosleep, resolutions, realtime, CPU time.
  const __wasi_timestamp_t t3 = now(__WASI_CLOCKID_MONOTONIC);
  struct timespec req = {0, 20000000};
  check(nanosleep(&req, NULL) == 0, "nanosleep 20ms");
  check(now(__WASI_CLOCKID_MONOTONIC) - t3 >= 20000000, "slept 20ms");
  __wasi_timestamp_t res;
  for (__wasi_clockid_t id = 0; id < 4; ++id) {
    check(__wasi_clock_res_get(id, &res) == 0 && res > 0 && res <= 1000000000,
          "clock_res_get");
  }
  check_errno(__wasi_clock_res_get(4, &res), __WASI_ERRNO_INVAL,
              "unknown clock id");
  const __wasi_timestamp_t cpu0 = now(__WASI_CLOCKID_PROCESS_CPUTIME_ID);
  const __wasi_timestamp_t th0 = now(__WASI_CLOCKID_THREAD_CPUTIME_ID);
  volatile unsigned x = 1;
  for (int i = 0; i < 2000000; ++i) x = x * 1664525u + 1013904223u;
  check(now(__WASI_CLOCKID_PROCESS_CPUTIME_ID) > cpu0, "process CPU time grows");
  check(now(__WASI_CLOCKID_THREAD_CPUTIME_ID) > th0, "thread CPU time grows");
  printf("realtime=%llu\n",
         (unsigned long long)(now(__WASI_CLOCKID_REALTIME) / 1000000000ull));
  fclose(log);
  return finish();
}
