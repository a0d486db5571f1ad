// Mandelbrot set escape counts: f64 multiply/add with data-dependent loops.
#include "kernel_support.h"

enum { kWidth = 320, kHeight = 240, kMaxIter = 256 };

KERNEL_EXPORT u32 run(void) {
  u32 h = 0;
  for (i32 py = 0; py < kHeight; ++py) {
    double ci = -1.2 + 2.4 * py / kHeight;
    u32 row = 0;
    for (i32 px = 0; px < kWidth; ++px) {
      double cr = -2.1 + 3.0 * px / kWidth;
      double zr = 0.0, zi = 0.0;
      i32 n = 0;
      while (n < kMaxIter && zr * zr + zi * zi <= 4.0) {
        double t = zr * zr - zi * zi + cr;
        zi = 2.0 * zr * zi + ci;
        zr = t;
        ++n;
      }
      row += (u32)n;
    }
    h = KernelMix(h, row);
  }
  return h;
}
