/* What weft.h's C tests share: CHECK counts a failed condition and goes on
 * (so one run reports every failure), OK returns 1 from main on an
 * unexpected error, printing it. Each test ends with
 *   return failures == 0 ? 0 : 1;  */
#ifndef WEFT_API_C_TESTS_CHECK_H_
#define WEFT_API_C_TESTS_CHECK_H_

#include <stdio.h>

#include "weft/weft.h"

static int failures = 0;

#define CHECK(cond)                                                            \
  do {                                                                         \
    if (!(cond)) {                                                             \
      fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond); \
      ++failures;                                                              \
    }                                                                          \
  } while (0)

#define OK(expr)                                                           \
  do {                                                                     \
    weft_error_t* err_ = (expr);                                           \
    if (err_ != NULL) {                                                    \
      fprintf(stderr, "%s:%d: %s failed: %s\n", __FILE__, __LINE__, #expr, \
              weft_error_message(err_));                                   \
      weft_error_delete(err_);                                             \
      return 1;                                                            \
    }                                                                      \
  } while (0)

#endif /* WEFT_API_C_TESTS_CHECK_H_ */
