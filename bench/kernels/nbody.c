// N-body simulation of five bodies: f64 arithmetic and sqrt.
#include "kernel_support.h"

typedef struct { double x, y, z, vx, vy, vz, m; } Body;
enum { kBodies = 5, kSteps = 200000 };

static Body bodies[kBodies];

static double Energy(void) {
  double e = 0.0;
  for (i32 i = 0; i < kBodies; ++i) {
    Body* b = &bodies[i];
    e += 0.5 * b->m * (b->vx * b->vx + b->vy * b->vy + b->vz * b->vz);
    for (i32 j = i + 1; j < kBodies; ++j) {
      Body* c = &bodies[j];
      double dx = b->x - c->x, dy = b->y - c->y, dz = b->z - c->z;
      e -= b->m * c->m / __builtin_sqrt(dx * dx + dy * dy + dz * dz);
    }
  }
  return e;
}

KERNEL_EXPORT u32 run(void) {
  u32 seed = 3;
  for (i32 i = 0; i < kBodies; ++i) {
    Body* b = &bodies[i];
    b->x = (double)(KernelRandom(&seed) % 2000) / 100.0 - 10.0;
    b->y = (double)(KernelRandom(&seed) % 2000) / 100.0 - 10.0;
    b->z = (double)(KernelRandom(&seed) % 2000) / 100.0 - 10.0;
    b->vx = (double)(KernelRandom(&seed) % 200) / 1000.0 - 0.1;
    b->vy = (double)(KernelRandom(&seed) % 200) / 1000.0 - 0.1;
    b->vz = (double)(KernelRandom(&seed) % 200) / 1000.0 - 0.1;
    b->m = i == 0 ? 40.0 : 0.01 + (double)(KernelRandom(&seed) % 100) / 1000.0;
  }
  const double dt = 0.001;
  for (i32 s = 0; s < kSteps; ++s) {
    for (i32 i = 0; i < kBodies; ++i) {
      Body* b = &bodies[i];
      for (i32 j = i + 1; j < kBodies; ++j) {
        Body* c = &bodies[j];
        double dx = b->x - c->x, dy = b->y - c->y, dz = b->z - c->z;
        double d2 = dx * dx + dy * dy + dz * dz;
        double mag = dt / (d2 * __builtin_sqrt(d2));
        b->vx -= dx * c->m * mag; b->vy -= dy * c->m * mag; b->vz -= dz * c->m * mag;
        c->vx += dx * b->m * mag; c->vy += dy * b->m * mag; c->vz += dz * b->m * mag;
      }
    }
    for (i32 i = 0; i < kBodies; ++i) {
      Body* b = &bodies[i];
      b->x += dt * b->vx; b->y += dt * b->vy; b->z += dt * b->vz;
    }
  }
  return (u32)(i64)(Energy() * 1e6);
}
