// README's C++ trap: a shelf's items spread over no boxes divide by zero.
// Built with -g (examples/debug/BUILD), so weft's backtrace names each
// frame's C++ function and source line.
#include <cstdio>
#include <string>
#include <vector>

namespace inventory {

struct Shelf {
  std::string label;
  std::vector<int> boxes;

  int PerBox(int items) const { return items / static_cast<int>(boxes.size()); }
};

template <typename Store>
int Spread(const Store& store, int items) {
  return store.PerBox(items);
}

}  // namespace inventory

// One box per argument: run without arguments, there are none.
int main(int argc, char** argv) {
  (void)argv;
  inventory::Shelf shelf{"top", std::vector<int>(argc - 1)};
  std::printf("%s: %d per box\n", shelf.label.c_str(), inventory::Spread(shelf, 12));
  return 0;
}
