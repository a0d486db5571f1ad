#include "wasi/function_util.h"

#include <algorithm>
#include <cstring>

#include "wasi/wasi_functions.h"

namespace weft::wasi::internal {

Errno GatherIovs(const GuestMemory& mem, uint32_t iovs, uint32_t iovs_len,
                 std::vector<IoSpan>* out) {
  if (iovs_len > kMaxIovs) return Errno::kInval;
  if (!mem.InBounds(iovs, uint64_t{iovs_len} * layout::kIovecSize)) {
    return Errno::kFault;
  }
  out->clear();
  out->reserve(iovs_len);
  for (uint32_t i = 0; i < iovs_len; ++i) {
    uint32_t base, len;
    uint32_t rec = iovs + i * layout::kIovecSize;
    WEFT_WASI_RETURN_IF_ERROR(mem.LoadU32(rec, &base));
    WEFT_WASI_RETURN_IF_ERROR(mem.LoadU32(rec + 4, &len));
    uint8_t* p = mem.Range(base, len);
    if (p == nullptr) return Errno::kFault;
    out->push_back({p, len});
  }
  return Errno::kSuccess;
}

Errno ReadPath(const GuestMemory& mem, uint32_t ptr, uint32_t len,
               std::string* out) {
  if (len > kMaxPathLen) return Errno::kNametoolong;
  std::string_view v;
  WEFT_WASI_RETURN_IF_ERROR(mem.ReadString(ptr, len, &v));
  if (v.find('\0') != std::string_view::npos) return Errno::kInval;
  out->assign(v);
  return Errno::kSuccess;
}

Errno GetDir(WasiContext& ctx, uint32_t fd, uint64_t rights, FdEntry** out) {
  FdEntry* e;
  WEFT_WASI_RETURN_IF_ERROR(ctx.Get(fd, rights, &e));
  if (e->type != Filetype::kDirectory || e->kind != FdEntry::Kind::kOs) {
    return Errno::kNotdir;
  }
  *out = e;
  return Errno::kSuccess;
}

Errno StoreFilestat(const GuestMemory& mem, uint32_t ptr, const FileStat& st) {
  if (!mem.InBounds(ptr, layout::kFilestatSize)) return Errno::kFault;
  uint8_t rec[layout::kFilestatSize] = {};
  auto put64 = [&](uint32_t off, uint64_t v) { std::memcpy(rec + off, &v, 8); };
  put64(layout::kFilestatDev, st.dev);
  put64(layout::kFilestatIno, st.ino);
  rec[layout::kFilestatFiletype] = static_cast<uint8_t>(st.type);
  put64(layout::kFilestatNlink, st.nlink);
  put64(layout::kFilestatSize_, st.size);
  put64(layout::kFilestatAtim, st.atim);
  put64(layout::kFilestatMtim, st.mtim);
  put64(layout::kFilestatCtim, st.ctim);
  return mem.Write(ptr, rec, sizeof(rec));
}

Errno StreamRead(FdEntry& e, const std::vector<IoSpan>& iov, size_t* n) {
  MemoryStream& s = *e.stream;
  size_t total = 0;
  for (const IoSpan& span : iov) {
    size_t avail = s.data.size() - std::min(s.read_pos, s.data.size());
    size_t take = std::min(avail, span.len);
    if (take) std::memcpy(span.data, s.data.data() + s.read_pos, take);
    s.read_pos += take;
    total += take;
    if (take < span.len) break;
  }
  *n = total;
  return Errno::kSuccess;
}

Errno StreamWrite(FdEntry& e, const std::vector<IoSpan>& iov, size_t* n) {
  MemoryStream& s = *e.stream;
  size_t total = 0;
  for (const IoSpan& span : iov) {
    size_t room = s.max_size - std::min(s.max_size, s.data.size());
    size_t take = std::min(room, span.len);
    s.data.append(reinterpret_cast<const char*>(span.data), take);
    total += take;
    if (take < span.len) {
      if (total == 0) return Errno::kNospc;
      break;
    }
  }
  *n = total;
  return Errno::kSuccess;
}

}  // namespace weft::wasi::internal
