// The DWARF line tables of each compiled module, read once and shared by
// every trap of its instances: a plugin built with -g that hits deadlines
// would otherwise parse its DWARF on every trap, one at a time (libdwarf
// takes a process-wide lock). Entries live while their module's compiled
// code does; a lookup finds only the module it was made for.
#ifndef WEFT_API_SOURCE_LINES_CACHE_H_
#define WEFT_API_SOURCE_LINES_CACHE_H_

#include <memory>

#include "debuginfo/source_lines.h"
#include "interp/instance_data.h"

namespace weft::api {

// The line tables of `instance`'s module (empty when it has none); null
// when the instance has no compiled module. Thread-safe.
std::shared_ptr<const SourceLines> SourceLinesOf(const interp::InstanceData& instance);

}  // namespace weft::api

#endif  // WEFT_API_SOURCE_LINES_CACHE_H_
