// The linked library's version (weft/version.h), for C++ and C.
#include "weft/version.h"

#include "weft/weft.h"

namespace weft {

const char* Version() { return WEFT_VERSION; }

}  // namespace weft

extern "C" const char* weft_version(void) { return WEFT_VERSION; }
