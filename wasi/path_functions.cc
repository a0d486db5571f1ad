// path_* functions. Confinement itself lives in the Os (see os.h); these
// check rights, decode guest arguments and pick the rights a new fd gets.
#include <algorithm>
#include <string>

#include "wasi/function_util.h"
#include "wasi/wasi_functions.h"

namespace weft::wasi {

using internal::GetDir;
using internal::ReadPath;

namespace {

Errno CheckLookupFlags(u32 flags, bool* follow) {
  if (flags & ~kLookupSymlinkFollow) return Errno::kInval;
  *follow = flags & kLookupSymlinkFollow;
  return Errno::kSuccess;
}

}  // namespace

Errno PathCreateDirectory(Ctx& ctx, Mem& mem, u32 fd, u32 path,
                          u32 path_len) {
  FdEntry* d;
  WEFT_WASI_RETURN_IF_ERROR(
      GetDir(ctx, fd, rights::kPathCreateDirectory, &d));
  std::string p;
  WEFT_WASI_RETURN_IF_ERROR(ReadPath(mem, path, path_len, &p));
  return ctx.os().MkdirAt(d->handle, p);
}

Errno PathFilestatGet(Ctx& ctx, Mem& mem, u32 fd, u32 flags, u32 path,
                      u32 path_len, u32 stat_out) {
  FdEntry* d;
  WEFT_WASI_RETURN_IF_ERROR(GetDir(ctx, fd, rights::kPathFilestatGet, &d));
  bool follow;
  WEFT_WASI_RETURN_IF_ERROR(CheckLookupFlags(flags, &follow));
  std::string p;
  WEFT_WASI_RETURN_IF_ERROR(ReadPath(mem, path, path_len, &p));
  if (!mem.InBounds(stat_out, layout::kFilestatSize)) return Errno::kFault;
  FileStat st;
  WEFT_WASI_RETURN_IF_ERROR(ctx.os().StatAt(d->handle, p, follow, &st));
  return internal::StoreFilestat(mem, stat_out, st);
}

Errno PathFilestatSetTimes(Ctx& ctx, Mem& mem, u32 fd, u32 flags, u32 path,
                           u32 path_len, u64 atim, u64 mtim, u32 fst_flags) {
  FdEntry* d;
  WEFT_WASI_RETURN_IF_ERROR(
      GetDir(ctx, fd, rights::kPathFilestatSetTimes, &d));
  bool follow;
  WEFT_WASI_RETURN_IF_ERROR(CheckLookupFlags(flags, &follow));
  if (fst_flags & ~u32{kFstAll}) return Errno::kInval;
  std::string p;
  WEFT_WASI_RETURN_IF_ERROR(ReadPath(mem, path, path_len, &p));
  return ctx.os().SetTimesAt(d->handle, p, follow, atim, mtim,
                             static_cast<uint16_t>(fst_flags));
}

Errno PathLink(Ctx& ctx, Mem& mem, u32 old_fd, u32 old_flags, u32 old_path,
               u32 old_path_len, u32 new_fd, u32 new_path, u32 new_path_len) {
  FdEntry* a;
  FdEntry* b;
  WEFT_WASI_RETURN_IF_ERROR(GetDir(ctx, old_fd, rights::kPathLinkSource, &a));
  WEFT_WASI_RETURN_IF_ERROR(GetDir(ctx, new_fd, rights::kPathLinkTarget, &b));
  bool follow;
  WEFT_WASI_RETURN_IF_ERROR(CheckLookupFlags(old_flags, &follow));
  std::string p1, p2;
  WEFT_WASI_RETURN_IF_ERROR(ReadPath(mem, old_path, old_path_len, &p1));
  WEFT_WASI_RETURN_IF_ERROR(ReadPath(mem, new_path, new_path_len, &p2));
  return ctx.os().LinkAt(a->handle, p1, follow, b->handle, p2);
}

Errno PathOpen(Ctx& ctx, Mem& mem, u32 fd, u32 dirflags, u32 path,
               u32 path_len, u32 oflags, u64 rights_base,
               u64 rights_inheriting, u32 fdflags, u32 fd_out) {
  // Rights needed on the directory follow from what the open may do.
  uint64_t need = rights::kPathOpen;
  if (oflags & kOflagCreat) need |= rights::kPathCreateFile;
  if (oflags & kOflagTrunc) need |= rights::kPathFilestatSetSize;
  FdEntry* d;
  WEFT_WASI_RETURN_IF_ERROR(GetDir(ctx, fd, need, &d));
  bool follow;
  WEFT_WASI_RETURN_IF_ERROR(CheckLookupFlags(dirflags, &follow));
  if (oflags & ~u32{kOflagAll}) return Errno::kInval;
  if (fdflags & ~u32{kFdflagAll}) return Errno::kInval;
  // A new fd may hold at most what the directory lets descendants inherit;
  // synchronous-write flags count as using the sync rights.
  uint64_t wanted = rights_base | rights_inheriting;
  if (fdflags & kFdflagDsync) wanted |= rights::kFdDatasync;
  if (fdflags & (kFdflagRsync | kFdflagSync)) wanted |= rights::kFdSync;
  uint64_t over = wanted & ~d->rights_inheriting;
  if (over) {
    return d->read_only && (over & rights::kWriting) ? Errno::kRofs
                                                     : Errno::kNotcapable;
  }
  std::string p;
  WEFT_WASI_RETURN_IF_ERROR(ReadPath(mem, path, path_len, &p));
  if (!mem.InBounds(fd_out, 4)) return Errno::kFault;

  OpenRequest req;
  req.follow = follow;
  req.oflags = static_cast<uint16_t>(oflags);
  req.fdflags = static_cast<uint16_t>(fdflags);
  req.read = rights_base & (rights::kFdRead | rights::kFdReaddir);
  req.write = rights_base & (rights::kFdWrite | rights::kFdAllocate |
                             rights::kFdFilestatSetSize);
  if (!req.read && !req.write) req.read = true;
  FdEntry entry;
  WEFT_WASI_RETURN_IF_ERROR(ctx.os().OpenAt(d->handle, p, req, ctx.interrupt(),
                                            &entry.handle));
  FileStat st;
  Errno e = ctx.os().Stat(entry.handle, &st);
  if (e != Errno::kSuccess) {
    ctx.os().Close(entry.handle);
    return e;
  }
  entry.type = st.type;
  // A directory is never opened for writing, O_DIRECTORY or not (POSIX's
  // EISDIR; the WASI testsuite checks it).
  if (st.type == Filetype::kDirectory && req.write) {
    ctx.os().Close(entry.handle);
    return Errno::kIsdir;
  }
  // Narrow to what makes sense for the object actually opened.
  uint64_t applicable = st.type == Filetype::kDirectory
                            ? rights::kDirectoryBase
                            : st.type == Filetype::kRegularFile
                                  ? rights::kRegularFileBase
                                  : rights::kStreamBase | rights::kFdSeek |
                                        rights::kFdTell;
  entry.rights_base = rights_base & applicable;
  entry.rights_inheriting = rights_inheriting;
  if (!req.write) entry.rights_base &= ~(rights::kFdWrite);
  entry.read_only = d->read_only;
  u32 new_fd;
  e = ctx.Insert(std::move(entry), &new_fd);
  if (e != Errno::kSuccess) {
    ctx.os().Close(entry.handle);
    return e;
  }
  return mem.StoreU32(fd_out, new_fd);
}

Errno PathReadlink(Ctx& ctx, Mem& mem, u32 fd, u32 path, u32 path_len,
                   u32 buf, u32 buf_len, u32 bufused_out) {
  FdEntry* d;
  WEFT_WASI_RETURN_IF_ERROR(GetDir(ctx, fd, rights::kPathReadlink, &d));
  std::string p;
  WEFT_WASI_RETURN_IF_ERROR(ReadPath(mem, path, path_len, &p));
  if (!mem.InBounds(buf, buf_len) || !mem.InBounds(bufused_out, 4)) {
    return Errno::kFault;
  }
  std::string target;
  WEFT_WASI_RETURN_IF_ERROR(ctx.os().ReadlinkAt(d->handle, p, &target));
  // Like readlink(2): the text is truncated to the buffer, no NUL added.
  u32 n = static_cast<u32>(std::min<size_t>(target.size(), buf_len));
  WEFT_WASI_RETURN_IF_ERROR(mem.Write(buf, target.data(), n));
  return mem.StoreU32(bufused_out, n);
}

Errno PathRemoveDirectory(Ctx& ctx, Mem& mem, u32 fd, u32 path,
                          u32 path_len) {
  FdEntry* d;
  WEFT_WASI_RETURN_IF_ERROR(
      GetDir(ctx, fd, rights::kPathRemoveDirectory, &d));
  std::string p;
  WEFT_WASI_RETURN_IF_ERROR(ReadPath(mem, path, path_len, &p));
  return ctx.os().RmdirAt(d->handle, p);
}

Errno PathRename(Ctx& ctx, Mem& mem, u32 fd, u32 old_path, u32 old_path_len,
                 u32 new_fd, u32 new_path, u32 new_path_len) {
  FdEntry* a;
  FdEntry* b;
  WEFT_WASI_RETURN_IF_ERROR(GetDir(ctx, fd, rights::kPathRenameSource, &a));
  WEFT_WASI_RETURN_IF_ERROR(
      GetDir(ctx, new_fd, rights::kPathRenameTarget, &b));
  std::string p1, p2;
  WEFT_WASI_RETURN_IF_ERROR(ReadPath(mem, old_path, old_path_len, &p1));
  WEFT_WASI_RETURN_IF_ERROR(ReadPath(mem, new_path, new_path_len, &p2));
  return ctx.os().RenameAt(a->handle, p1, b->handle, p2);
}

Errno PathSymlink(Ctx& ctx, Mem& mem, u32 old_path, u32 old_path_len, u32 fd,
                  u32 new_path, u32 new_path_len) {
  FdEntry* d;
  WEFT_WASI_RETURN_IF_ERROR(GetDir(ctx, fd, rights::kPathSymlink, &d));
  std::string target, p;
  WEFT_WASI_RETURN_IF_ERROR(ReadPath(mem, old_path, old_path_len, &target));
  WEFT_WASI_RETURN_IF_ERROR(ReadPath(mem, new_path, new_path_len, &p));
  return ctx.os().SymlinkAt(target, d->handle, p);
}

Errno PathUnlinkFile(Ctx& ctx, Mem& mem, u32 fd, u32 path, u32 path_len) {
  FdEntry* d;
  WEFT_WASI_RETURN_IF_ERROR(GetDir(ctx, fd, rights::kPathUnlinkFile, &d));
  std::string p;
  WEFT_WASI_RETURN_IF_ERROR(ReadPath(mem, path, path_len, &p));
  return ctx.os().UnlinkAt(d->handle, p);
}

}  // namespace weft::wasi
