// A C++ guest built with -g (api/BUILD: divide_debug_wasm) that traps two
// calls deep: run(w, 0) divides by zero in shape::Divide.
namespace shape {

__attribute__((noinline)) int Divide(int a, int b) {
  return a / b;
}

__attribute__((noinline)) int Area(int w, int h) {
  return Divide(w * h, h);
}

}  // namespace shape

extern "C" int run(int w, int h) { return shape::Area(w, h) + 1; }
