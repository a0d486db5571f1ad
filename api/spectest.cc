// weft::DefineSpectest: the runtime's spectest module, defined through the
// public Linker.
#include "weft/spectest.h"

#include <cstdio>

#include "api/internal.h"
#include "runtime/spectest.h"

namespace weft {

absl::Status DefineSpectest(Linker& linker) {
  api::LinkerImpl& l = api::Access::Of(linker);
  return runtime::DefineSpectest(l.store->store, l.linker, stdout);
}

}  // namespace weft
