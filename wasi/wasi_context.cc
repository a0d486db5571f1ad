#include "wasi/wasi_context.h"

#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "wasi/posix_os.h"

namespace weft::wasi {

WasiContext::WasiContext(WasiConfig config) : config_(std::move(config)) {
  os_ = config_.os ? config_.os : std::make_shared<PosixOs>();
  clock_ = config_.clock ? config_.clock : std::make_shared<SystemClock>();
  random_ = config_.random ? config_.random : std::make_shared<SystemRandom>();
}

WasiContext::~WasiContext() {
  for (auto& e : fds_) {
    if (e) Release(*e);
  }
  ClosePinnedHandles(pristine_);
}

absl::StatusOr<std::unique_ptr<WasiContext>> WasiContext::Create(
    WasiConfig config) {
  std::unique_ptr<WasiContext> ctx(new WasiContext(std::move(config)));
  absl::Status s = ctx->Init();
  if (!s.ok()) return s;
  return ctx;
}

absl::Status WasiContext::AddStdio(const StdioConfig& c, int host_fd,
                                   bool readable) {
  auto entry = std::make_unique<FdEntry>();
  uint64_t io = readable ? rights::kFdRead : rights::kFdWrite;
  switch (c.kind) {
    case StdioConfig::Kind::kClosed:
      fds_.push_back(nullptr);
      return absl::OkStatus();
    case StdioConfig::Kind::kBuffer:
      if (!c.buffer) return absl::InvalidArgumentError("stdio buffer is null");
      entry->kind = FdEntry::Kind::kStream;
      entry->stream = c.buffer;
      entry->type = Filetype::kUnknown;
      entry->rights_base = io | rights::kFdFilestatGet |
                           rights::kPollFdReadwrite |
                           rights::kFdFdstatSetFlags;
      break;
    case StdioConfig::Kind::kInherit:
    case StdioConfig::Kind::kHostFd: {
      entry->handle =
          c.kind == StdioConfig::Kind::kInherit ? host_fd : c.host_fd;
      entry->owned = false;
      FileStat st;
      Errno e = os_->Stat(entry->handle, &st);
      if (e != Errno::kSuccess) {
        // An inherited stream the host process does not have is simply
        // closed for the guest; an explicitly given fd must exist.
        if (c.kind == StdioConfig::Kind::kInherit) {
          fds_.push_back(nullptr);
          return absl::OkStatus();
        }
        return absl::InvalidArgumentError(absl::StrCat(
            "stdio host fd ", entry->handle, ": ", ErrnoName(e)));
      }
      entry->type = st.type;
      // Redirected regular files may seek; anything else is a stream. Either
      // way stdin only reads and stdout/stderr only write.
      uint64_t base = st.type == Filetype::kRegularFile
                          ? rights::kRegularFileBase
                          : rights::kStreamBase;
      entry->rights_base = (base & ~rights::kFdRead & ~rights::kFdWrite) | io;
      break;
    }
  }
  fds_.push_back(std::move(entry));
  return absl::OkStatus();
}

absl::Status WasiContext::Init() {
  absl::Status s = AddStdio(config_.stdin_config, 0, true);
  if (s.ok()) s = AddStdio(config_.stdout_config, 1, false);
  if (s.ok()) s = AddStdio(config_.stderr_config, 2, false);
  if (!s.ok()) return s;
  for (const PreopenDir& d : config_.preopen_dirs) {
    auto entry = std::make_unique<FdEntry>();
    Errno e = os_->OpenHostDir(d.host_path, &entry->handle);
    if (e != Errno::kSuccess) {
      return absl::NotFoundError(absl::StrCat("cannot preopen '", d.host_path,
                                              "': ", ErrnoName(e)));
    }
    entry->type = Filetype::kDirectory;
    entry->rights_base = rights::kDirectoryBase;
    entry->rights_inheriting = rights::kDirectoryInheriting;
    if (d.read_only) {
      entry->rights_base &= ~rights::kWriting;
      entry->rights_inheriting &= ~rights::kWriting;
      entry->read_only = true;
    }
    entry->preopen_name = d.guest_path;
    fds_.push_back(std::move(entry));
  }
  for (int sock : config_.preopen_sockets) {
    auto entry = std::make_unique<FdEntry>();
    entry->handle = sock;
    entry->type = Filetype::kSocketStream;
    entry->rights_base = rights::kSocketBase;
    fds_.push_back(std::move(entry));
  }
  if (fds_.size() > config_.max_fds) {
    return absl::InvalidArgumentError("more preopens than max_fds");
  }
  return absl::OkStatus();
}

Errno WasiContext::Get(uint32_t fd, uint64_t base, FdEntry** out) {
  if (fd >= fds_.size() || !fds_[fd]) return Errno::kBadf;
  FdEntry* e = fds_[fd].get();
  uint64_t missing = base & ~e->rights_base;
  if (missing != 0) {
    return e->read_only && (missing & rights::kWriting) ? Errno::kRofs
                                                        : Errno::kNotcapable;
  }
  *out = e;
  return Errno::kSuccess;
}

Errno WasiContext::Insert(FdEntry entry, uint32_t* fd) {
  // Slots 0-2 stay stdio's even when closed, so a guest never finds a file
  // where it expects stdin/stdout/stderr.
  size_t slot = 3;
  while (fds_.size() < slot) fds_.push_back(nullptr);
  while (slot < fds_.size() && fds_[slot]) ++slot;
  if (slot >= config_.max_fds) return Errno::kMfile;
  if (slot == fds_.size()) fds_.push_back(nullptr);
  fds_[slot] = std::make_unique<FdEntry>(std::move(entry));
  *fd = static_cast<uint32_t>(slot);
  return Errno::kSuccess;
}

void WasiContext::Release(FdEntry& e) {
  if (e.kind == FdEntry::Kind::kOs && e.owned && e.handle >= 0 &&
      !IsPinned(e.handle)) {
    os_->Close(e.handle);
  }
  e.handle = -1;
}

bool WasiContext::IsPinned(OsHandle h) const {
  for (const PristineFd& p : pristine_) {
    if (p.entry.kind == FdEntry::Kind::kOs && p.entry.handle == h) return true;
  }
  return false;
}

void WasiContext::ClosePinnedHandles(const std::vector<PristineFd>& record) {
  for (const PristineFd& p : record) {
    if (p.entry.kind == FdEntry::Kind::kOs && p.entry.owned &&
        p.entry.handle >= 0) {
      os_->Close(p.entry.handle);
    }
  }
}

void WasiContext::SavePristine() {
  std::vector<PristineFd> old = std::move(pristine_);
  pristine_.clear();
  for (size_t i = 0; i < fds_.size(); ++i) {
    if (!fds_[i]) continue;
    PristineFd p;
    p.fd = static_cast<uint32_t>(i);
    p.entry = *fds_[i];
    p.entry.dir_listing.clear();
    p.entry.dir_listing_valid = false;
    if (p.entry.kind == FdEntry::Kind::kOs) {
      uint16_t flags;
      if (os_->GetFdflags(p.entry.handle, &flags) == Errno::kSuccess) {
        p.fdflags = flags;
      }
      uint64_t offset;
      if (p.entry.type == Filetype::kRegularFile &&
          os_->Seek(p.entry.handle, 0, Whence::kCur, &offset) ==
              Errno::kSuccess) {
        p.offset = offset;
      }
    } else if (p.entry.stream) {
      p.stream_read_pos = p.entry.stream->read_pos;
    }
    pristine_.push_back(std::move(p));
  }
  // Handles the previous record pinned that the new one does not (no fd
  // holds them now): nobody else will close them.
  std::vector<PristineFd> orphans;
  for (PristineFd& p : old) {
    if (p.entry.kind == FdEntry::Kind::kOs && !IsPinned(p.entry.handle)) {
      orphans.push_back(std::move(p));
    }
  }
  ClosePinnedHandles(orphans);
}

absl::Status WasiContext::ResetToPristine() {
  for (auto& e : fds_) {
    if (e) Release(*e);
  }
  fds_.clear();
  fds_.resize(3);  // stdio slots exist even when closed
  exit_code_.reset();
  for (const PristineFd& p : pristine_) {
    if (fds_.size() <= p.fd) fds_.resize(p.fd + 1);
    fds_[p.fd] = std::make_unique<FdEntry>(p.entry);
    Errno e = Errno::kSuccess;
    if (p.fdflags) e = os_->SetFdflags(p.entry.handle, *p.fdflags);
    uint64_t ignored;
    if (e == Errno::kSuccess && p.offset) {
      e = os_->Seek(p.entry.handle, static_cast<int64_t>(*p.offset),
                    Whence::kSet, &ignored);
    }
    if (e != Errno::kSuccess) {
      return absl::FailedPreconditionError(
          absl::StrCat("WASI reset: fd ", p.fd,
                       ": cannot restore its flags and offset: ",
                       ErrnoName(e)));
    }
    if (p.entry.kind == FdEntry::Kind::kStream && p.entry.stream) {
      p.entry.stream->read_pos = p.stream_read_pos;
    }
  }
  return absl::OkStatus();
}


Errno WasiContext::Close(uint32_t fd) {
  if (fd >= fds_.size() || !fds_[fd]) return Errno::kBadf;
  Release(*fds_[fd]);
  fds_[fd].reset();
  while (!fds_.empty() && !fds_.back() && fds_.size() > 3) fds_.pop_back();
  return Errno::kSuccess;
}

Errno WasiContext::Renumber(uint32_t from, uint32_t to) {
  if (from >= fds_.size() || !fds_[from]) return Errno::kBadf;
  if (to >= fds_.size() || !fds_[to]) return Errno::kBadf;
  if (from == to) return Errno::kSuccess;
  Release(*fds_[to]);
  fds_[to] = std::move(fds_[from]);
  while (fds_.size() > 3 && !fds_.back()) fds_.pop_back();
  return Errno::kSuccess;
}

}  // namespace weft::wasi
