// Helpers shared by the WASI function implementations (internal).
#ifndef WEFT_WASI_FUNCTION_UTIL_H_
#define WEFT_WASI_FUNCTION_UTIL_H_

#include <string>
#include <vector>

#include "wasi/guest_memory.h"
#include "wasi/os.h"
#include "wasi/wasi_context.h"
#include "wasi/wasi_types.h"

#define WEFT_WASI_RETURN_IF_ERROR(expr)                         \
  do {                                                          \
    ::weft::wasi::Errno weft_wasi_errno_ = (expr);              \
    if (weft_wasi_errno_ != ::weft::wasi::Errno::kSuccess) {    \
      return weft_wasi_errno_;                                  \
    }                                                           \
  } while (0)

namespace weft::wasi::internal {

// Reads `iovs_len` iovec/ciovec records at `iovs` and checks every buffer
// (EFAULT); more than kMaxIovs records is EINVAL.
Errno GatherIovs(const GuestMemory& mem, uint32_t iovs, uint32_t iovs_len,
                 std::vector<IoSpan>* out);

// Copies a guest path (EFAULT; ENAMETOOLONG past kMaxPathLen; EILSEQ is not
// checked: paths are bytes). Embedded NULs are EINVAL.
Errno ReadPath(const GuestMemory& mem, uint32_t ptr, uint32_t len,
               std::string* out);

// Looks up a directory fd with `rights` (EBADF / ENOTCAPABLE / ENOTDIR).
Errno GetDir(WasiContext& ctx, uint32_t fd, uint64_t rights, FdEntry** out);

Errno StoreFilestat(const GuestMemory& mem, uint32_t ptr, const FileStat& st);

// Stream (in-memory stdio) reads and writes.
Errno StreamRead(FdEntry& e, const std::vector<IoSpan>& iov, size_t* n);
Errno StreamWrite(FdEntry& e, const std::vector<IoSpan>& iov, size_t* n);

}  // namespace weft::wasi::internal

#endif  // WEFT_WASI_FUNCTION_UTIL_H_
