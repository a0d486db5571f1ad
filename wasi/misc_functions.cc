// args/environ, clocks, random, scheduling, process, poll_oneoff, sockets.
#include <algorithm>
#include <cstring>
#include <limits>
#include <thread>
#include <vector>

#include "wasi/function_util.h"
#include "wasi/wasi_functions.h"

namespace weft::wasi {

namespace {

// Writes the pointer array and the NUL-terminated strings (args / environ).
Errno WriteStringList(Mem& mem, const std::vector<std::string>& list,
                      u32 ptrs, u32 buf) {
  uint64_t total = 0;
  for (const std::string& s : list) total += s.size() + 1;
  if (!mem.InBounds(ptrs, uint64_t{4} * list.size()) ||
      !mem.InBounds(buf, total)) {
    return Errno::kFault;
  }
  u32 at = buf;
  for (size_t i = 0; i < list.size(); ++i) {
    mem.StoreU32(ptrs + static_cast<u32>(4 * i), at);
    mem.Write(at, list[i].c_str(), list[i].size() + 1);
    at += static_cast<u32>(list[i].size() + 1);
  }
  return Errno::kSuccess;
}

Errno WriteSizes(Mem& mem, const std::vector<std::string>& list, u32 count_out,
                 u32 size_out) {
  uint64_t total = 0;
  for (const std::string& s : list) total += s.size() + 1;
  if (total > std::numeric_limits<u32>::max()) return Errno::kOverflow;
  if (!mem.InBounds(count_out, 4) || !mem.InBounds(size_out, 4)) {
    return Errno::kFault;
  }
  mem.StoreU32(count_out, static_cast<u32>(list.size()));
  mem.StoreU32(size_out, static_cast<u32>(total));
  return Errno::kSuccess;
}

}  // namespace

Errno ArgsGet(Ctx& ctx, Mem& mem, u32 argv, u32 argv_buf) {
  return WriteStringList(mem, ctx.args(), argv, argv_buf);
}
Errno ArgsSizesGet(Ctx& ctx, Mem& mem, u32 argc_out, u32 argv_buf_size_out) {
  return WriteSizes(mem, ctx.args(), argc_out, argv_buf_size_out);
}
Errno EnvironGet(Ctx& ctx, Mem& mem, u32 environ, u32 environ_buf) {
  return WriteStringList(mem, ctx.env(), environ, environ_buf);
}
Errno EnvironSizesGet(Ctx& ctx, Mem& mem, u32 count_out, u32 buf_size_out) {
  return WriteSizes(mem, ctx.env(), count_out, buf_size_out);
}

Errno ClockResGet(Ctx& ctx, Mem& mem, u32 id, u32 res_out) {
  uint64_t res;
  WEFT_WASI_RETURN_IF_ERROR(ctx.clock().Resolution(id, &res));
  return mem.StoreU64(res_out, res);
}

Errno ClockTimeGet(Ctx& ctx, Mem& mem, u32 id, u64, u32 time_out) {
  uint64_t t;
  WEFT_WASI_RETURN_IF_ERROR(ctx.clock().Now(id, &t));
  return mem.StoreU64(time_out, t);
}

Errno RandomGet(Ctx& ctx, Mem& mem, u32 buf, u32 buf_len) {
  uint8_t* p = mem.Range(buf, buf_len);
  if (p == nullptr) return Errno::kFault;
  return ctx.random().Fill(p, buf_len);
}

Errno SchedYield(Ctx&, Mem&) {
  std::this_thread::yield();
  return Errno::kSuccess;
}

Errno ProcExit(Ctx& ctx, Mem&, u32 code) {
  ctx.RequestExit(code);
  return Errno::kSuccess;
}

Errno ProcRaise(Ctx&, Mem&, u32) { return Errno::kNosys; }

namespace {

struct Sub {
  uint64_t userdata = 0;
  uint8_t tag = 0;
  // Clock subscriptions: nanoseconds from now until the deadline.
  uint64_t wait_ns = 0;
  // Fd subscriptions.
  FdEntry* entry = nullptr;
  int poll_index = -1;
  // Result.
  bool fired = false;
  Errno error = Errno::kSuccess;
  uint64_t nbytes = 0;
  bool hangup = false;
};

Errno DecodeSub(Ctx& ctx, Mem& mem, u32 at, Sub* s) {
  mem.LoadU64(at + layout::kSubUserdata, &s->userdata);
  mem.LoadU8(at + layout::kSubTag, &s->tag);
  if (s->tag == kEventClock) {
    u32 id;
    uint64_t timeout;
    uint16_t flags;
    mem.LoadU32(at + layout::kSubClockId, &id);
    mem.LoadU64(at + layout::kSubClockTimeout, &timeout);
    mem.LoadU16(at + layout::kSubClockFlags, &flags);
    if (flags & ~kSubclockAbstime) {
      s->fired = true;
      s->error = Errno::kInval;
      return Errno::kSuccess;
    }
    if (flags & kSubclockAbstime) {
      uint64_t now;
      Errno e = ctx.clock().Now(id, &now);
      if (e != Errno::kSuccess) {
        s->fired = true;
        s->error = e;
        return Errno::kSuccess;
      }
      s->wait_ns = timeout > now ? timeout - now : 0;
    } else {
      uint64_t res;
      Errno e = ctx.clock().Resolution(id, &res);  // validates the clock id
      if (e != Errno::kSuccess) {
        s->fired = true;
        s->error = e;
        return Errno::kSuccess;
      }
      s->wait_ns = timeout;
    }
    return Errno::kSuccess;
  }
  if (s->tag == kEventFdRead || s->tag == kEventFdWrite) {
    u32 fd;
    mem.LoadU32(at + layout::kSubFd, &fd);
    Errno e = ctx.Get(fd, rights::kPollFdReadwrite, &s->entry);
    if (e != Errno::kSuccess) {
      s->fired = true;
      s->error = e;
    } else if (s->entry->kind == FdEntry::Kind::kStream) {
      // In-memory streams never block.
      s->fired = true;
      if (s->tag == kEventFdRead) {
        const MemoryStream& m = *s->entry->stream;
        s->nbytes = m.data.size() - std::min(m.read_pos, m.data.size());
        s->hangup = s->nbytes == 0;
      }
    }
    return Errno::kSuccess;
  }
  return Errno::kInval;
}

void EncodeEvent(const Sub& s, uint8_t out[layout::kEventSize]) {
  std::memset(out, 0, layout::kEventSize);
  std::memcpy(out + layout::kEventUserdata, &s.userdata, 8);
  uint16_t err = static_cast<uint16_t>(s.error);
  std::memcpy(out + layout::kEventError, &err, 2);
  out[layout::kEventType] = s.tag;
  if (s.tag != kEventClock) {
    std::memcpy(out + layout::kEventNbytes, &s.nbytes, 8);
    uint16_t flags = s.hangup ? kEventFdReadwriteHangup : 0;
    std::memcpy(out + layout::kEventRwFlags, &flags, 2);
  }
}

}  // namespace

Errno PollOneoff(Ctx& ctx, Mem& mem, u32 in, u32 out, u32 nsubscriptions,
                 u32 nevents_out) {
  if (nsubscriptions == 0 || nsubscriptions > kMaxSubscriptions) {
    return Errno::kInval;
  }
  if (!mem.InBounds(in, uint64_t{nsubscriptions} * layout::kSubscriptionSize) ||
      !mem.InBounds(out, uint64_t{nsubscriptions} * layout::kEventSize) ||
      !mem.InBounds(nevents_out, 4)) {
    return Errno::kFault;
  }
  std::vector<Sub> subs(nsubscriptions);
  std::vector<PollRequest> reqs;
  bool any_fired = false;
  bool any_clock = false;
  uint64_t min_wait = std::numeric_limits<uint64_t>::max();
  for (u32 i = 0; i < nsubscriptions; ++i) {
    Sub& s = subs[i];
    WEFT_WASI_RETURN_IF_ERROR(
        DecodeSub(ctx, mem, in + i * layout::kSubscriptionSize, &s));
    if (s.fired) {
      any_fired = true;
    } else if (s.tag == kEventClock) {
      any_clock = true;
      min_wait = std::min(min_wait, s.wait_ns);
    } else {
      s.poll_index = static_cast<int>(reqs.size());
      PollRequest r;
      r.handle = s.entry->handle;
      r.write = s.tag == kEventFdWrite;
      reqs.push_back(r);
    }
  }
  // How long to block: not at all if something is ready already; until the
  // earliest clock otherwise; forever if only fds are watched.
  int64_t timeout = -1;
  if (any_fired) {
    timeout = 0;
  } else if (any_clock) {
    timeout = static_cast<int64_t>(
        std::min<uint64_t>(min_wait, std::numeric_limits<int64_t>::max()));
  }
  bool fd_fired = false;
  if (!reqs.empty()) {
    WEFT_WASI_RETURN_IF_ERROR(ctx.os().Poll(&reqs, timeout, ctx.interrupt()));
    for (Sub& s : subs) {
      if (s.poll_index < 0) continue;
      const PollRequest& r = reqs[s.poll_index];
      if (r.ready || r.error != Errno::kSuccess) {
        s.fired = fd_fired = true;
        s.error = r.error;
        s.nbytes = r.nbytes;
        s.hangup = r.hangup;
      }
    }
  } else if (!any_fired && any_clock) {
    WEFT_WASI_RETURN_IF_ERROR(ctx.clock().Sleep(min_wait, ctx.interrupt()));
  }
  if (!any_fired && !fd_fired && any_clock) {
    // The earliest deadline has passed; report every clock due by then.
    for (Sub& s : subs) {
      if (s.tag == kEventClock && !s.fired && s.wait_ns <= min_wait) {
        s.fired = true;
      }
    }
  }
  u32 n = 0;
  for (const Sub& s : subs) {
    if (!s.fired) continue;
    uint8_t rec[layout::kEventSize];
    EncodeEvent(s, rec);
    mem.Write(out + n * layout::kEventSize, rec, sizeof(rec));
    ++n;
  }
  return mem.StoreU32(nevents_out, n);
}

Errno SockAccept(Ctx& ctx, Mem& mem, u32 fd, u32 flags, u32 fd_out) {
  FdEntry* e;
  WEFT_WASI_RETURN_IF_ERROR(ctx.Get(fd, rights::kSockAccept, &e));
  if (flags & ~u32{kFdflagNonblock}) return Errno::kInval;
  if (!mem.InBounds(fd_out, 4)) return Errno::kFault;
  if (e->kind != FdEntry::Kind::kOs) return Errno::kNotsock;
  FdEntry conn;
  WEFT_WASI_RETURN_IF_ERROR(ctx.os().SockAccept(
      e->handle, static_cast<uint16_t>(flags), ctx.interrupt(), &conn.handle));
  conn.type = Filetype::kSocketStream;
  conn.rights_base = rights::kSocketBase & ~rights::kSockAccept;
  OsHandle h = conn.handle;
  u32 new_fd;
  Errno err = ctx.Insert(std::move(conn), &new_fd);
  if (err != Errno::kSuccess) {
    ctx.os().Close(h);
    return err;
  }
  return mem.StoreU32(fd_out, new_fd);
}

Errno SockRecv(Ctx& ctx, Mem& mem, u32 fd, u32 ri_data, u32 ri_data_len,
               u32 ri_flags, u32 ro_datalen_out, u32 ro_flags_out) {
  FdEntry* e;
  WEFT_WASI_RETURN_IF_ERROR(ctx.Get(fd, rights::kFdRead, &e));
  if (ri_flags & ~u32{kRiflagRecvPeek | kRiflagRecvWaitall}) {
    return Errno::kInval;
  }
  std::vector<IoSpan> iov;
  WEFT_WASI_RETURN_IF_ERROR(
      internal::GatherIovs(mem, ri_data, ri_data_len, &iov));
  if (!mem.InBounds(ro_datalen_out, 4) || !mem.InBounds(ro_flags_out, 2)) {
    return Errno::kFault;
  }
  if (e->kind != FdEntry::Kind::kOs) return Errno::kNotsock;
  size_t n = 0;
  bool truncated = false;
  WEFT_WASI_RETURN_IF_ERROR(ctx.os().SockRecv(
      e->handle, iov.data(), iov.size(), static_cast<uint16_t>(ri_flags),
      ctx.interrupt(), &n, &truncated));
  mem.StoreU32(ro_datalen_out, static_cast<u32>(n));
  return mem.StoreU16(ro_flags_out, truncated ? kRoflagRecvDataTruncated : 0);
}

Errno SockSend(Ctx& ctx, Mem& mem, u32 fd, u32 si_data, u32 si_data_len,
               u32 si_flags, u32 so_datalen_out) {
  FdEntry* e;
  WEFT_WASI_RETURN_IF_ERROR(ctx.Get(fd, rights::kFdWrite, &e));
  if (si_flags != 0) return Errno::kInval;  // siflags defines no bits
  std::vector<IoSpan> iov;
  WEFT_WASI_RETURN_IF_ERROR(
      internal::GatherIovs(mem, si_data, si_data_len, &iov));
  if (!mem.InBounds(so_datalen_out, 4)) return Errno::kFault;
  if (e->kind != FdEntry::Kind::kOs) return Errno::kNotsock;
  size_t n = 0;
  WEFT_WASI_RETURN_IF_ERROR(
      ctx.os().SockSend(e->handle, iov.data(), iov.size(), ctx.interrupt(),
                        &n));
  return mem.StoreU32(so_datalen_out, static_cast<u32>(n));
}

Errno SockShutdown(Ctx& ctx, Mem&, u32 fd, u32 how) {
  FdEntry* e;
  WEFT_WASI_RETURN_IF_ERROR(ctx.Get(fd, 0, &e));
  // Anything but a socket is ENOTSOCK whatever its rights (a file has no
  // kSockShutdown right, but "not a socket" is the answer the WASI
  // testsuite and POSIX give).
  if (e->kind != FdEntry::Kind::kOs ||
      (e->type != Filetype::kSocketStream && e->type != Filetype::kSocketDgram)) {
    return Errno::kNotsock;
  }
  WEFT_WASI_RETURN_IF_ERROR(ctx.Get(fd, rights::kSockShutdown, &e));
  if (how == 0 || (how & ~u32{kSdflagRd | kSdflagWr})) return Errno::kInval;
  return ctx.os().SockShutdown(e->handle, static_cast<uint8_t>(how));
}

}  // namespace weft::wasi
