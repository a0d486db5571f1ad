// fd_* functions.
#include <algorithm>
#include <cstring>
#include <vector>

#include "wasi/function_util.h"
#include "wasi/wasi_functions.h"

namespace weft::wasi {

using internal::GatherIovs;

namespace {

bool IsStream(const FdEntry& e) { return e.kind == FdEntry::Kind::kStream; }

}  // namespace

Errno FdAdvise(Ctx& ctx, Mem&, u32 fd, u64 offset, u64 len, u32 advice) {
  FdEntry* e;
  WEFT_WASI_RETURN_IF_ERROR(ctx.Get(fd, rights::kFdAdvise, &e));
  if (advice > static_cast<u32>(Advice::kNoreuse)) return Errno::kInval;
  if (IsStream(*e)) return Errno::kSpipe;
  if (e->type == Filetype::kDirectory) return Errno::kBadf;
  return ctx.os().Advise(e->handle, offset, len, static_cast<Advice>(advice));
}

Errno FdAllocate(Ctx& ctx, Mem&, u32 fd, u64 offset, u64 len) {
  FdEntry* e;
  WEFT_WASI_RETURN_IF_ERROR(ctx.Get(fd, rights::kFdAllocate, &e));
  if (IsStream(*e)) return Errno::kSpipe;
  return ctx.os().Allocate(e->handle, offset, len);
}

Errno FdClose(Ctx& ctx, Mem&, u32 fd) { return ctx.Close(fd); }

Errno FdDatasync(Ctx& ctx, Mem&, u32 fd) {
  FdEntry* e;
  WEFT_WASI_RETURN_IF_ERROR(ctx.Get(fd, rights::kFdDatasync, &e));
  if (IsStream(*e)) return Errno::kInval;
  return ctx.os().Sync(e->handle, true);
}

Errno FdSync(Ctx& ctx, Mem&, u32 fd) {
  FdEntry* e;
  WEFT_WASI_RETURN_IF_ERROR(ctx.Get(fd, rights::kFdSync, &e));
  if (IsStream(*e)) return Errno::kInval;
  return ctx.os().Sync(e->handle, false);
}

Errno FdFdstatGet(Ctx& ctx, Mem& mem, u32 fd, u32 stat_out) {
  FdEntry* e;
  WEFT_WASI_RETURN_IF_ERROR(ctx.Get(fd, 0, &e));
  if (!mem.InBounds(stat_out, layout::kFdstatSize)) return Errno::kFault;
  uint16_t flags = 0;
  if (!IsStream(*e)) {
    WEFT_WASI_RETURN_IF_ERROR(ctx.os().GetFdflags(e->handle, &flags));
  }
  uint8_t rec[layout::kFdstatSize] = {};
  rec[layout::kFdstatFiletype] = static_cast<uint8_t>(e->type);
  std::memcpy(rec + layout::kFdstatFlags, &flags, 2);
  std::memcpy(rec + layout::kFdstatRightsBase, &e->rights_base, 8);
  std::memcpy(rec + layout::kFdstatRightsInheriting, &e->rights_inheriting, 8);
  return mem.Write(stat_out, rec, sizeof(rec));
}

Errno FdFdstatSetFlags(Ctx& ctx, Mem&, u32 fd, u32 flags) {
  FdEntry* e;
  WEFT_WASI_RETURN_IF_ERROR(ctx.Get(fd, rights::kFdFdstatSetFlags, &e));
  if (flags & ~u32{kFdflagAll}) return Errno::kInval;
  if (IsStream(*e)) return flags == 0 ? Errno::kSuccess : Errno::kNotsup;
  return ctx.os().SetFdflags(e->handle, static_cast<uint16_t>(flags));
}

Errno FdFdstatSetRights(Ctx& ctx, Mem&, u32 fd, u64 rights_base,
                        u64 rights_inheriting) {
  FdEntry* e;
  WEFT_WASI_RETURN_IF_ERROR(ctx.Get(fd, 0, &e));
  // Rights can only be dropped, never gained.
  if ((rights_base & ~e->rights_base) ||
      (rights_inheriting & ~e->rights_inheriting)) {
    return Errno::kNotcapable;
  }
  e->rights_base = rights_base;
  e->rights_inheriting = rights_inheriting;
  return Errno::kSuccess;
}

Errno FdFilestatGet(Ctx& ctx, Mem& mem, u32 fd, u32 stat_out) {
  FdEntry* e;
  WEFT_WASI_RETURN_IF_ERROR(ctx.Get(fd, rights::kFdFilestatGet, &e));
  if (!mem.InBounds(stat_out, layout::kFilestatSize)) return Errno::kFault;
  FileStat st;
  if (IsStream(*e)) {
    st.type = e->type;
  } else {
    WEFT_WASI_RETURN_IF_ERROR(ctx.os().Stat(e->handle, &st));
  }
  return internal::StoreFilestat(mem, stat_out, st);
}

Errno FdFilestatSetSize(Ctx& ctx, Mem&, u32 fd, u64 size) {
  FdEntry* e;
  WEFT_WASI_RETURN_IF_ERROR(ctx.Get(fd, rights::kFdFilestatSetSize, &e));
  if (IsStream(*e)) return Errno::kInval;
  return ctx.os().SetSize(e->handle, size);
}

Errno FdFilestatSetTimes(Ctx& ctx, Mem&, u32 fd, u64 atim, u64 mtim,
                         u32 fst_flags) {
  FdEntry* e;
  WEFT_WASI_RETURN_IF_ERROR(ctx.Get(fd, rights::kFdFilestatSetTimes, &e));
  if (fst_flags & ~u32{kFstAll}) return Errno::kInval;
  if (IsStream(*e)) return Errno::kInval;
  return ctx.os().SetTimes(e->handle, atim, mtim,
                           static_cast<uint16_t>(fst_flags));
}

Errno FdRead(Ctx& ctx, Mem& mem, u32 fd, u32 iovs, u32 iovs_len,
             u32 nread_out) {
  FdEntry* e;
  WEFT_WASI_RETURN_IF_ERROR(ctx.Get(fd, rights::kFdRead, &e));
  std::vector<IoSpan> iov;
  WEFT_WASI_RETURN_IF_ERROR(GatherIovs(mem, iovs, iovs_len, &iov));
  if (!mem.InBounds(nread_out, 4)) return Errno::kFault;
  size_t n = 0;
  if (IsStream(*e)) {
    WEFT_WASI_RETURN_IF_ERROR(internal::StreamRead(*e, iov, &n));
  } else {
    WEFT_WASI_RETURN_IF_ERROR(ctx.os().Read(e->handle, iov.data(), iov.size(),
                                              ctx.interrupt(), &n));
  }
  return mem.StoreU32(nread_out, static_cast<u32>(n));
}

Errno FdWrite(Ctx& ctx, Mem& mem, u32 fd, u32 iovs, u32 iovs_len,
              u32 nwritten_out) {
  FdEntry* e;
  WEFT_WASI_RETURN_IF_ERROR(ctx.Get(fd, rights::kFdWrite, &e));
  std::vector<IoSpan> iov;
  WEFT_WASI_RETURN_IF_ERROR(GatherIovs(mem, iovs, iovs_len, &iov));
  if (!mem.InBounds(nwritten_out, 4)) return Errno::kFault;
  size_t n = 0;
  if (IsStream(*e)) {
    WEFT_WASI_RETURN_IF_ERROR(internal::StreamWrite(*e, iov, &n));
  } else {
    WEFT_WASI_RETURN_IF_ERROR(
        ctx.os().Write(e->handle, iov.data(), iov.size(),
                       ctx.interrupt(), &n));
  }
  return mem.StoreU32(nwritten_out, static_cast<u32>(n));
}

Errno FdPread(Ctx& ctx, Mem& mem, u32 fd, u32 iovs, u32 iovs_len, u64 offset,
              u32 nread_out) {
  FdEntry* e;
  WEFT_WASI_RETURN_IF_ERROR(
      ctx.Get(fd, rights::kFdRead | rights::kFdSeek, &e));
  std::vector<IoSpan> iov;
  WEFT_WASI_RETURN_IF_ERROR(GatherIovs(mem, iovs, iovs_len, &iov));
  if (!mem.InBounds(nread_out, 4)) return Errno::kFault;
  if (IsStream(*e)) return Errno::kSpipe;
  size_t n = 0;
  WEFT_WASI_RETURN_IF_ERROR(
      ctx.os().Pread(e->handle, iov.data(), iov.size(), offset, &n));
  return mem.StoreU32(nread_out, static_cast<u32>(n));
}

Errno FdPwrite(Ctx& ctx, Mem& mem, u32 fd, u32 iovs, u32 iovs_len,
               u64 offset, u32 nwritten_out) {
  FdEntry* e;
  WEFT_WASI_RETURN_IF_ERROR(
      ctx.Get(fd, rights::kFdWrite | rights::kFdSeek, &e));
  std::vector<IoSpan> iov;
  WEFT_WASI_RETURN_IF_ERROR(GatherIovs(mem, iovs, iovs_len, &iov));
  if (!mem.InBounds(nwritten_out, 4)) return Errno::kFault;
  if (IsStream(*e)) return Errno::kSpipe;
  size_t n = 0;
  WEFT_WASI_RETURN_IF_ERROR(
      ctx.os().Pwrite(e->handle, iov.data(), iov.size(), offset, &n));
  return mem.StoreU32(nwritten_out, static_cast<u32>(n));
}

Errno FdPrestatGet(Ctx& ctx, Mem& mem, u32 fd, u32 prestat_out) {
  FdEntry* e;
  WEFT_WASI_RETURN_IF_ERROR(ctx.Get(fd, 0, &e));
  if (!e->preopen_name) return Errno::kBadf;
  if (!mem.InBounds(prestat_out, layout::kPrestatSize)) return Errno::kFault;
  uint8_t rec[layout::kPrestatSize] = {};
  rec[0] = kPreopentypeDir;
  u32 len = static_cast<u32>(e->preopen_name->size());
  std::memcpy(rec + layout::kPrestatNameLen, &len, 4);
  return mem.Write(prestat_out, rec, sizeof(rec));
}

Errno FdPrestatDirName(Ctx& ctx, Mem& mem, u32 fd, u32 buf, u32 buf_len) {
  FdEntry* e;
  WEFT_WASI_RETURN_IF_ERROR(ctx.Get(fd, 0, &e));
  if (!e->preopen_name) return Errno::kBadf;
  const std::string& name = *e->preopen_name;
  if (buf_len < name.size()) return Errno::kNametoolong;
  return mem.Write(buf, name.data(), name.size());
}

namespace {

// Encodes entries from `cookie` on into buf; the last one may be cut short
// (the guest sees bufused == buf_len and asks again with a larger buffer).
Errno EncodeDirents(const std::vector<DirEntry>& list, const Mem& mem,
                    u32 buf, u32 buf_len, u64 cookie, u32* used) {
  if (!mem.InBounds(buf, buf_len)) return Errno::kFault;
  uint64_t pos = 0;
  for (u64 i = cookie; i < list.size() && pos < buf_len; ++i) {
    const DirEntry& d = list[i];
    uint8_t hdr[layout::kDirentSize] = {};
    u64 next = i + 1;
    u32 namlen = static_cast<u32>(d.name.size());
    std::memcpy(hdr + layout::kDirentNext, &next, 8);
    std::memcpy(hdr + layout::kDirentIno, &d.ino, 8);
    std::memcpy(hdr + layout::kDirentNamlen, &namlen, 4);
    hdr[layout::kDirentType] = static_cast<uint8_t>(d.type);
    uint64_t take = std::min<uint64_t>(sizeof(hdr), buf_len - pos);
    mem.Write(buf + static_cast<u32>(pos), hdr, take);
    pos += take;
    take = std::min<uint64_t>(namlen, buf_len - pos);
    mem.Write(buf + static_cast<u32>(pos), d.name.data(), take);
    pos += take;
  }
  *used = static_cast<u32>(pos);
  return Errno::kSuccess;
}

}  // namespace

Errno FdReaddir(Ctx& ctx, Mem& mem, u32 fd, u32 buf, u32 buf_len, u64 cookie,
                u32 bufused_out) {
  FdEntry* e;
  WEFT_WASI_RETURN_IF_ERROR(internal::GetDir(ctx, fd, rights::kFdReaddir, &e));
  if (!mem.InBounds(buf, buf_len)) return Errno::kFault;
  if (!mem.InBounds(bufused_out, 4)) return Errno::kFault;
  // A listing starting at cookie 0 takes a fresh snapshot; later cookies
  // index the same snapshot so entries are neither skipped nor repeated.
  if (cookie == 0 || !e->dir_listing_valid) {
    WEFT_WASI_RETURN_IF_ERROR(ctx.os().ReadDir(e->handle, &e->dir_listing));
    e->dir_listing_valid = true;
  }
  u32 used = 0;
  WEFT_WASI_RETURN_IF_ERROR(
      EncodeDirents(e->dir_listing, mem, buf, buf_len, cookie, &used));
  return mem.StoreU32(bufused_out, used);
}

Errno FdRenumber(Ctx& ctx, Mem&, u32 fd, u32 to) {
  return ctx.Renumber(fd, to);
}

Errno FdSeek(Ctx& ctx, Mem& mem, u32 fd, i64 offset, u32 whence,
             u32 newoffset_out) {
  // A pure position query needs only FD_TELL, as wasi-libc's ftell assumes.
  uint64_t need = (offset == 0 && whence == static_cast<u32>(Whence::kCur))
                      ? rights::kFdTell
                      : rights::kFdSeek;
  FdEntry* e;
  WEFT_WASI_RETURN_IF_ERROR(ctx.Get(fd, need, &e));
  if (whence > static_cast<u32>(Whence::kEnd)) return Errno::kInval;
  if (!mem.InBounds(newoffset_out, 8)) return Errno::kFault;
  if (IsStream(*e)) return Errno::kSpipe;
  uint64_t pos = 0;
  WEFT_WASI_RETURN_IF_ERROR(ctx.os().Seek(e->handle, offset,
                                          static_cast<Whence>(whence), &pos));
  return mem.StoreU64(newoffset_out, pos);
}

Errno FdTell(Ctx& ctx, Mem& mem, u32 fd, u32 offset_out) {
  FdEntry* e;
  WEFT_WASI_RETURN_IF_ERROR(ctx.Get(fd, rights::kFdTell, &e));
  if (!mem.InBounds(offset_out, 8)) return Errno::kFault;
  if (IsStream(*e)) return Errno::kSpipe;
  uint64_t pos = 0;
  WEFT_WASI_RETURN_IF_ERROR(ctx.os().Seek(e->handle, 0, Whence::kCur, &pos));
  return mem.StoreU64(offset_out, pos);
}

}  // namespace weft::wasi
