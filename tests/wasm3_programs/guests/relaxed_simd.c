// Built with clang-19 -mrelaxed-simd: the relaxed instructions whose
// results weft fixes (docs/relaxed_simd.md), on inputs where every allowed
// choice agrees with weft's (no NaN, whose sign the host would pick).
#include <stdio.h>
#include <wasm_simd128.h>

int main(void) {
  v128_t a = wasm_f32x4_make(1.5f, -2.0f, 3.25f, 4.0f);
  v128_t b = wasm_f32x4_make(2.0f, 4.0f, -1.0f, 0.5f);
  v128_t c = wasm_f32x4_make(0.25f, 1.0f, 0.5f, 1.0f);
  v128_t madd = wasm_f32x4_relaxed_madd(a, b, c);
  v128_t idx = wasm_i8x16_make(15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 100);
  v128_t bytes = wasm_i8x16_make(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
  v128_t swizzled = wasm_i8x16_relaxed_swizzle(bytes, idx);
  v128_t trunc = wasm_i32x4_relaxed_trunc_f32x4(wasm_f32x4_make(1e10f, -3.7f, -0.5f, 42.9f));
  v128_t lanes = wasm_i32x4_relaxed_laneselect(wasm_i32x4_splat(1), wasm_i32x4_splat(2),
                                               wasm_i32x4_make(-1, 0, -1, 0));
  printf("madd %g %g %g %g\n", wasm_f32x4_extract_lane(madd, 0), wasm_f32x4_extract_lane(madd, 1),
         wasm_f32x4_extract_lane(madd, 2), wasm_f32x4_extract_lane(madd, 3));
  printf("swizzle");
  for (int i = 0; i < 16; ++i) printf(" %d", ((unsigned char*)&swizzled)[i]);
  printf("\ntrunc %d %d %d %d\n", wasm_i32x4_extract_lane(trunc, 0),
         wasm_i32x4_extract_lane(trunc, 1), wasm_i32x4_extract_lane(trunc, 2),
         wasm_i32x4_extract_lane(trunc, 3));
  printf("laneselect %d %d %d %d\n", wasm_i32x4_extract_lane(lanes, 0),
         wasm_i32x4_extract_lane(lanes, 1), wasm_i32x4_extract_lane(lanes, 2),
         wasm_i32x4_extract_lane(lanes, 3));
  return 0;
}
