// A guest whose time goes to a few named C++ functions: README's flame
// graph (docs/images/profile.svg) is
//   bazel build //examples/profile:render_wasm
//   weft run --profile=profile.svg --invoke run bazel-bin/examples/profile/render.wasm
// Compiled and linked in two steps: the clang driver runs wasm-opt when
// it finds one, and wasm-opt drops the name section.
// No libc: the one routine the compiler calls on its own (for `image = tmp`).
extern "C" void* memcpy(void* dst, const void* src, unsigned long n) {
  auto* d = static_cast<unsigned char*>(dst);
  auto* s = static_cast<const unsigned char*>(src);
  while (n--) *d++ = *s++;
  return dst;
}

namespace render {

struct Image {
  static constexpr int kSize = 96;
  unsigned char pixels[kSize * kSize];
};

// Escape-time iterations of one point: the hot loop.
__attribute__((noinline)) int Escape(double cr, double ci) {
  double zr = 0, zi = 0;
  int n = 0;
  while (n < 500 && zr * zr + zi * zi < 4.0) {
    const double t = zr * zr - zi * zi + cr;
    zi = 2 * zr * zi + ci;
    zr = t;
    ++n;
  }
  return n;
}

__attribute__((noinline)) void Mandelbrot(Image& image) {
  for (int y = 0; y < Image::kSize; ++y) {
    for (int x = 0; x < Image::kSize; ++x) {
      image.pixels[y * Image::kSize + x] =
          (unsigned char)Escape(-2.0 + 2.5 * x / Image::kSize, -1.25 + 2.5 * y / Image::kSize);
    }
  }
}

// A 3x3 box blur, run a few times.
__attribute__((noinline)) void Blur(Image& image, int passes) {
  static Image tmp;
  for (int p = 0; p < passes; ++p) {
    for (int y = 1; y < Image::kSize - 1; ++y) {
      for (int x = 1; x < Image::kSize - 1; ++x) {
        int sum = 0;
        for (int dy = -1; dy <= 1; ++dy)
          for (int dx = -1; dx <= 1; ++dx) sum += image.pixels[(y + dy) * Image::kSize + x + dx];
        tmp.pixels[y * Image::kSize + x] = (unsigned char)(sum / 9);
      }
    }
    image = tmp;
  }
}

__attribute__((noinline)) unsigned Checksum(const Image& image) {
  unsigned h = 2166136261u;
  for (unsigned char c : image.pixels) h = (h ^ c) * 16777619u;
  return h;
}

}  // namespace render

extern "C" unsigned run() {
  static render::Image image;
  unsigned h = 0;
  for (int frame = 0; frame < 5; ++frame) {
    render::Mandelbrot(image);
    render::Blur(image, 8);
    h ^= render::Checksum(image);
  }
  return h;
}
