#include "api/source_lines_cache.h"

#include <map>
#include <mutex>

namespace weft::api {
namespace {

struct Entry {
  std::weak_ptr<interp::ModuleCode> code;  // whose tables these are
  std::shared_ptr<const SourceLines> lines;
};

}  // namespace

std::shared_ptr<const SourceLines> SourceLinesOf(const interp::InstanceData& instance) {
  const std::shared_ptr<interp::ModuleCode>& code = instance.module_code;
  if (code == nullptr || instance.module == nullptr) return nullptr;
  static std::mutex mu;
  static auto* entries = new std::map<const interp::ModuleCode*, Entry>;
  {
    std::lock_guard<std::mutex> lock(mu);
    auto it = entries->find(code.get());
    // The same address may now hold another module: the weak pointer says.
    if (it != entries->end() && it->second.code.lock() == code) return it->second.lines;
  }
  // Read outside the lock: a slow parse must not hold up other modules'
  // lookups (two threads may both read the same module once; either
  // result is the same).
  auto lines = std::make_shared<const SourceLines>(SourceLines::Read(*instance.module));
  std::lock_guard<std::mutex> lock(mu);
  // Forget the tables of modules that are gone, so the map stays as large
  // as the set of live modules that trapped.
  for (auto it = entries->begin(); it != entries->end();) {
    it = it->second.code.expired() ? entries->erase(it) : std::next(it);
  }
  (*entries)[code.get()] = Entry{code, lines};
  return lines;
}

}  // namespace weft::api
