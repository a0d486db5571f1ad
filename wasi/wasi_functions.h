// The 46 wasi_snapshot_preview1 functions as plain C++ over
// (WasiContext&, GuestMemory&, typed wasm arguments). Each returns the WASI
// errno the guest sees; results go to guest memory through the *_out
// pointers, which are written only on success. Guest pointers are all
// bounds-checked (EFAULT), guest-controlled counts are capped before any
// allocation, and an fd's rights are checked before anything else is done
// with it. The list with wasm signatures is wasi_functions.def.
#ifndef WEFT_WASI_WASI_FUNCTIONS_H_
#define WEFT_WASI_WASI_FUNCTIONS_H_

#include <cstdint>

#include "wasi/guest_memory.h"
#include "wasi/wasi_context.h"
#include "wasi/wasi_types.h"

namespace weft::wasi {

// Caps on guest-controlled sizes.
inline constexpr uint32_t kMaxIovs = 1024;            // iovs_len: EINVAL
inline constexpr uint32_t kMaxSubscriptions = 4096;   // nsubscriptions: EINVAL
inline constexpr uint32_t kMaxPathLen = 4096;         // path_len: ENAMETOOLONG

using Ctx = WasiContext;
using Mem = GuestMemory;
using u32 = uint32_t;
using u64 = uint64_t;
using i64 = int64_t;

// Arguments and environment.
Errno ArgsGet(Ctx&, Mem&, u32 argv, u32 argv_buf);
Errno ArgsSizesGet(Ctx&, Mem&, u32 argc_out, u32 argv_buf_size_out);
Errno EnvironGet(Ctx&, Mem&, u32 environ, u32 environ_buf);
Errno EnvironSizesGet(Ctx&, Mem&, u32 count_out, u32 buf_size_out);

// Clocks, randomness, scheduling, process.
Errno ClockResGet(Ctx&, Mem&, u32 id, u32 res_out);
Errno ClockTimeGet(Ctx&, Mem&, u32 id, u64 precision, u32 time_out);
Errno RandomGet(Ctx&, Mem&, u32 buf, u32 buf_len);
Errno SchedYield(Ctx&, Mem&);
Errno ProcExit(Ctx&, Mem&, u32 code);  // records the exit; see WasiContext
Errno ProcRaise(Ctx&, Mem&, u32 sig);  // ENOSYS
Errno PollOneoff(Ctx&, Mem&, u32 in, u32 out, u32 nsubscriptions,
                 u32 nevents_out);

// File descriptors.
Errno FdAdvise(Ctx&, Mem&, u32 fd, u64 offset, u64 len, u32 advice);
Errno FdAllocate(Ctx&, Mem&, u32 fd, u64 offset, u64 len);
Errno FdClose(Ctx&, Mem&, u32 fd);
Errno FdDatasync(Ctx&, Mem&, u32 fd);
Errno FdFdstatGet(Ctx&, Mem&, u32 fd, u32 stat_out);
Errno FdFdstatSetFlags(Ctx&, Mem&, u32 fd, u32 flags);
Errno FdFdstatSetRights(Ctx&, Mem&, u32 fd, u64 rights_base,
                        u64 rights_inheriting);
Errno FdFilestatGet(Ctx&, Mem&, u32 fd, u32 stat_out);
Errno FdFilestatSetSize(Ctx&, Mem&, u32 fd, u64 size);
Errno FdFilestatSetTimes(Ctx&, Mem&, u32 fd, u64 atim, u64 mtim,
                         u32 fst_flags);
Errno FdPread(Ctx&, Mem&, u32 fd, u32 iovs, u32 iovs_len, u64 offset,
              u32 nread_out);
Errno FdPrestatGet(Ctx&, Mem&, u32 fd, u32 prestat_out);
Errno FdPrestatDirName(Ctx&, Mem&, u32 fd, u32 buf, u32 buf_len);
Errno FdPwrite(Ctx&, Mem&, u32 fd, u32 iovs, u32 iovs_len, u64 offset,
               u32 nwritten_out);
Errno FdRead(Ctx&, Mem&, u32 fd, u32 iovs, u32 iovs_len, u32 nread_out);
Errno FdReaddir(Ctx&, Mem&, u32 fd, u32 buf, u32 buf_len, u64 cookie,
                u32 bufused_out);
Errno FdRenumber(Ctx&, Mem&, u32 fd, u32 to);
Errno FdSeek(Ctx&, Mem&, u32 fd, i64 offset, u32 whence, u32 newoffset_out);
Errno FdSync(Ctx&, Mem&, u32 fd);
Errno FdTell(Ctx&, Mem&, u32 fd, u32 offset_out);
Errno FdWrite(Ctx&, Mem&, u32 fd, u32 iovs, u32 iovs_len, u32 nwritten_out);

// Paths (all relative to a directory fd, confined beneath it).
Errno PathCreateDirectory(Ctx&, Mem&, u32 fd, u32 path, u32 path_len);
Errno PathFilestatGet(Ctx&, Mem&, u32 fd, u32 flags, u32 path, u32 path_len,
                      u32 stat_out);
Errno PathFilestatSetTimes(Ctx&, Mem&, u32 fd, u32 flags, u32 path,
                           u32 path_len, u64 atim, u64 mtim, u32 fst_flags);
Errno PathLink(Ctx&, Mem&, u32 old_fd, u32 old_flags, u32 old_path,
               u32 old_path_len, u32 new_fd, u32 new_path, u32 new_path_len);
Errno PathOpen(Ctx&, Mem&, u32 fd, u32 dirflags, u32 path, u32 path_len,
               u32 oflags, u64 rights_base, u64 rights_inheriting,
               u32 fdflags, u32 fd_out);
Errno PathReadlink(Ctx&, Mem&, u32 fd, u32 path, u32 path_len, u32 buf,
                   u32 buf_len, u32 bufused_out);
Errno PathRemoveDirectory(Ctx&, Mem&, u32 fd, u32 path, u32 path_len);
Errno PathRename(Ctx&, Mem&, u32 fd, u32 old_path, u32 old_path_len,
                 u32 new_fd, u32 new_path, u32 new_path_len);
Errno PathSymlink(Ctx&, Mem&, u32 old_path, u32 old_path_len, u32 fd,
                  u32 new_path, u32 new_path_len);
Errno PathUnlinkFile(Ctx&, Mem&, u32 fd, u32 path, u32 path_len);

// Sockets (preopened or accepted).
Errno SockAccept(Ctx&, Mem&, u32 fd, u32 flags, u32 fd_out);
Errno SockRecv(Ctx&, Mem&, u32 fd, u32 ri_data, u32 ri_data_len,
               u32 ri_flags, u32 ro_datalen_out, u32 ro_flags_out);
Errno SockSend(Ctx&, Mem&, u32 fd, u32 si_data, u32 si_data_len,
               u32 si_flags, u32 so_datalen_out);
Errno SockShutdown(Ctx&, Mem&, u32 fd, u32 how);

}  // namespace weft::wasi

#endif  // WEFT_WASI_WASI_FUNCTIONS_H_
