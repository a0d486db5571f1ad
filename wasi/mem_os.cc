#include "wasi/mem_os.h"

#include <algorithm>
#include <cstring>
#include <deque>

#include "wasi/symlink_target.h"

namespace weft::wasi {

struct MemOs::Node {
  Filetype type = Filetype::kUnknown;
  uint64_t ino = 0;
  uint64_t nlink = 1;
  uint64_t atim = 0, mtim = 0, ctim = 0;
  std::string data;    // regular file contents / symlink target
  std::map<std::string, std::shared_ptr<Node>> children;  // directory
  std::weak_ptr<Node> parent;                             // directory
};

struct MemOs::OpenFile {
  std::shared_ptr<Node> node;
  uint64_t pos = 0;
  bool read = false, write = false;
  uint16_t fdflags = 0;
  // Directories below the handle's root cannot be reached by "..", so the
  // walk needs no more than the node itself.
};

struct MemOs::Resolved {
  std::shared_ptr<Node> parent;
  std::string name;  // "." for the parent itself
  bool must_be_dir = false;
  std::shared_ptr<Node> Target() const {
    if (name == ".") return parent;
    auto it = parent->children.find(name);
    return it == parent->children.end() ? nullptr : it->second;
  }
};

namespace {

std::vector<std::string> Split(std::string_view path) {
  std::vector<std::string> parts;
  size_t i = 0;
  while (i < path.size()) {
    size_t j = path.find('/', i);
    if (j == std::string_view::npos) j = path.size();
    if (j > i) parts.emplace_back(path.substr(i, j - i));
    i = j + 1;
  }
  return parts;
}

}  // namespace

MemOs::MemOs() { root_ = NewNode(Filetype::kDirectory); }
MemOs::~MemOs() = default;

std::shared_ptr<MemOs::Node> MemOs::NewNode(Filetype type) {
  auto n = std::make_shared<Node>();
  n->type = type;
  n->ino = next_ino_++;
  n->atim = n->mtim = n->ctim = Tick();
  return n;
}

Errno MemOs::Handle(OsHandle h, OpenFile** out) {
  auto it = handles_.find(h);
  if (it == handles_.end()) return Errno::kBadf;
  *out = it->second.get();
  return Errno::kSuccess;
}

// Same algorithm as the POSIX walker: a stack of directories below the
// handle's directory, ".." pops (never past the bottom), symlinks are
// expanded in place and absolute ones refused.
Errno MemOs::Resolve(OsHandle dir, std::string_view path, bool follow,
                     Resolved* out) {
  OpenFile* f;
  if (Errno e = Handle(dir, &f); e != Errno::kSuccess) return e;
  if (f->node->type != Filetype::kDirectory) return Errno::kNotdir;
  if (path.empty()) return Errno::kNoent;
  if (path[0] == '/') return Errno::kNotcapable;
  bool trailing = path.back() == '/';
  if (trailing) follow = true;
  std::vector<std::string> split = Split(path);
  std::deque<std::string> comps(split.begin(), split.end());
  std::vector<std::shared_ptr<Node>> stack = {f->node};
  int expansions = 0;
  auto finish = [&](std::string name) {
    out->parent = stack.back();
    out->name = std::move(name);
    out->must_be_dir = trailing;
    return Errno::kSuccess;
  };
  while (!comps.empty()) {
    std::string c = std::move(comps.front());
    comps.pop_front();
    bool last = comps.empty();
    if (c == ".") continue;
    if (c == "..") {
      if (stack.size() == 1) return Errno::kNotcapable;
      stack.pop_back();
      continue;
    }
    if (last && !follow) return finish(std::move(c));
    auto it = stack.back()->children.find(c);
    if (it == stack.back()->children.end()) {
      return last ? finish(std::move(c)) : Errno::kNoent;
    }
    const std::shared_ptr<Node>& n = it->second;
    if (n->type == Filetype::kSymbolicLink) {
      if (++expansions > 32) return Errno::kLoop;
      if (n->data.empty()) return Errno::kNoent;
      if (n->data[0] == '/') return Errno::kNotcapable;
      std::vector<std::string> t = Split(n->data);
      comps.insert(comps.begin(), t.begin(), t.end());
      continue;
    }
    if (last) return finish(std::move(c));
    if (n->type != Filetype::kDirectory) return Errno::kNotdir;
    stack.push_back(n);
  }
  return finish(".");
}

Errno MemOs::HostLookup(const std::string& path, std::shared_ptr<Node>* out,
                        std::shared_ptr<Node>* parent, std::string* name) {
  std::shared_ptr<Node> cur = root_;
  std::vector<std::string> comps = Split(path);
  for (size_t i = 0; i < comps.size(); ++i) {
    if (cur->type != Filetype::kDirectory) return Errno::kNotdir;
    if (parent) *parent = cur;
    if (name) *name = comps[i];
    auto it = cur->children.find(comps[i]);
    if (it == cur->children.end()) {
      if (i + 1 == comps.size()) {
        *out = nullptr;
        return Errno::kNoent;
      }
      return Errno::kNoent;
    }
    cur = it->second;
  }
  *out = cur;
  return Errno::kSuccess;
}

namespace {
Errno AddNode(MemOs&, const std::shared_ptr<MemOs::Node>& parent,
              const std::string& name, std::shared_ptr<MemOs::Node> node) {
  if (!parent || parent->type != Filetype::kDirectory) return Errno::kNoent;
  if (parent->children.count(name)) return Errno::kExist;
  if (node->type == Filetype::kDirectory) node->parent = parent;
  parent->children[name] = std::move(node);
  return Errno::kSuccess;
}
}  // namespace

Errno MemOs::MakeDir(const std::string& path) {
  std::shared_ptr<Node> n, parent;
  std::string name;
  if (HostLookup(path, &n, &parent, &name) == Errno::kSuccess) {
    return Errno::kExist;
  }
  return AddNode(*this, parent, name, NewNode(Filetype::kDirectory));
}

Errno MemOs::MakeFile(const std::string& path, const std::string& contents) {
  std::shared_ptr<Node> n, parent;
  std::string name;
  if (HostLookup(path, &n, &parent, &name) == Errno::kSuccess) {
    return Errno::kExist;
  }
  auto f = NewNode(Filetype::kRegularFile);
  f->data = contents;
  return AddNode(*this, parent, name, f);
}

Errno MemOs::MakeSymlink(const std::string& path, const std::string& target) {
  std::shared_ptr<Node> n, parent;
  std::string name;
  if (HostLookup(path, &n, &parent, &name) == Errno::kSuccess) {
    return Errno::kExist;
  }
  auto l = NewNode(Filetype::kSymbolicLink);
  l->data = target;
  return AddNode(*this, parent, name, l);
}

Errno MemOs::GetFile(const std::string& path, std::string* contents) {
  std::shared_ptr<Node> n;
  if (Errno e = HostLookup(path, &n, nullptr, nullptr); e != Errno::kSuccess) {
    return e;
  }
  if (n->type != Filetype::kRegularFile) return Errno::kInval;
  *contents = n->data;
  return Errno::kSuccess;
}

Errno MemOs::OpenHostDir(const std::string& host_path, OsHandle* out) {
  std::shared_ptr<Node> n;
  if (Errno e = HostLookup(host_path, &n, nullptr, nullptr);
      e != Errno::kSuccess) {
    return e;
  }
  if (n->type != Filetype::kDirectory) return Errno::kNotdir;
  auto f = std::make_unique<OpenFile>();
  f->node = n;
  f->read = true;
  *out = next_handle_++;
  handles_[*out] = std::move(f);
  return Errno::kSuccess;
}

Errno MemOs::OpenAt(OsHandle dir, std::string_view path,
                    const OpenRequest& req, const InterruptNotifier&,
                    OsHandle* out) {
  Resolved r;
  if (Errno e = Resolve(dir, path, req.follow, &r); e != Errno::kSuccess) {
    return e;
  }
  std::shared_ptr<Node> n = r.Target();
  if (!n) {
    if (!(req.oflags & kOflagCreat)) return Errno::kNoent;
    if (r.must_be_dir || (req.oflags & kOflagDirectory)) return Errno::kIsdir;
    n = NewNode(Filetype::kRegularFile);
    r.parent->children[r.name] = n;
    r.parent->mtim = Tick();
  } else if ((req.oflags & kOflagCreat) && (req.oflags & kOflagExcl)) {
    return Errno::kExist;
  }
  if (n->type == Filetype::kSymbolicLink) return Errno::kLoop;
  bool want_dir = (req.oflags & kOflagDirectory) || r.must_be_dir;
  if (want_dir && n->type != Filetype::kDirectory) return Errno::kNotdir;
  bool write = req.write && !(req.oflags & kOflagDirectory);
  if (n->type == Filetype::kDirectory && write) return Errno::kIsdir;
  if ((req.oflags & kOflagTrunc) && n->type == Filetype::kRegularFile) {
    n->data.clear();
    n->mtim = Tick();
  }
  auto f = std::make_unique<OpenFile>();
  f->node = n;
  f->read = req.read || !write;
  f->write = write;
  f->fdflags = req.fdflags;
  *out = next_handle_++;
  handles_[*out] = std::move(f);
  return Errno::kSuccess;
}

Errno MemOs::Close(OsHandle h) {
  return handles_.erase(h) ? Errno::kSuccess : Errno::kBadf;
}

Errno MemOs::Pread(OsHandle h, const IoSpan* iov, size_t iovcnt,
                   uint64_t offset, size_t* n) {
  OpenFile* f;
  if (Errno e = Handle(h, &f); e != Errno::kSuccess) return e;
  if (!f->read) return Errno::kBadf;
  if (f->node->type == Filetype::kDirectory) return Errno::kIsdir;
  const std::string& d = f->node->data;
  size_t total = 0;
  for (size_t i = 0; i < iovcnt; ++i) {
    if (offset >= d.size()) break;
    size_t take = std::min<uint64_t>(iov[i].len, d.size() - offset);
    std::memcpy(iov[i].data, d.data() + offset, take);
    offset += take;
    total += take;
  }
  *n = total;
  return Errno::kSuccess;
}

Errno MemOs::Pwrite(OsHandle h, const IoSpan* iov, size_t iovcnt,
                    uint64_t offset, size_t* n) {
  OpenFile* f;
  if (Errno e = Handle(h, &f); e != Errno::kSuccess) return e;
  if (!f->write) return Errno::kBadf;
  std::string& d = f->node->data;
  size_t total = 0;
  for (size_t i = 0; i < iovcnt; ++i) {
    if (offset + iov[i].len > kMaxFileSize) {
      if (total == 0) return Errno::kFbig;
      break;
    }
    if (d.size() < offset + iov[i].len) d.resize(offset + iov[i].len);
    std::memcpy(d.data() + offset, iov[i].data, iov[i].len);
    offset += iov[i].len;
    total += iov[i].len;
  }
  f->node->mtim = Tick();
  *n = total;
  return Errno::kSuccess;
}

Errno MemOs::Read(OsHandle h, const IoSpan* iov, size_t iovcnt,
                  const InterruptNotifier&, size_t* n) {
  OpenFile* f;
  if (Errno e = Handle(h, &f); e != Errno::kSuccess) return e;
  if (Errno e = Pread(h, iov, iovcnt, f->pos, n); e != Errno::kSuccess) {
    return e;
  }
  f->pos += *n;
  return Errno::kSuccess;
}

Errno MemOs::Write(OsHandle h, const IoSpan* iov, size_t iovcnt,
                   const InterruptNotifier&, size_t* n) {
  OpenFile* f;
  if (Errno e = Handle(h, &f); e != Errno::kSuccess) return e;
  if (f->fdflags & kFdflagAppend) f->pos = f->node->data.size();
  if (Errno e = Pwrite(h, iov, iovcnt, f->pos, n); e != Errno::kSuccess) {
    return e;
  }
  f->pos += *n;
  return Errno::kSuccess;
}

Errno MemOs::Seek(OsHandle h, int64_t offset, Whence whence,
                  uint64_t* new_offset) {
  OpenFile* f;
  if (Errno e = Handle(h, &f); e != Errno::kSuccess) return e;
  int64_t base = whence == Whence::kSet ? 0
                 : whence == Whence::kCur
                     ? static_cast<int64_t>(f->pos)
                     : static_cast<int64_t>(f->node->data.size());
  if ((offset < 0 && base + offset < 0) ||
      (offset > 0 && base > INT64_MAX - offset)) {
    return Errno::kInval;
  }
  f->pos = static_cast<uint64_t>(base + offset);
  *new_offset = f->pos;
  return Errno::kSuccess;
}

namespace {
void FillStat(const MemOs::Node& n, FileStat* out);
}

Errno MemOs::Stat(OsHandle h, FileStat* out) {
  OpenFile* f;
  if (Errno e = Handle(h, &f); e != Errno::kSuccess) return e;
  FillStat(*f->node, out);
  return Errno::kSuccess;
}

Errno MemOs::StatAt(OsHandle dir, std::string_view path, bool follow,
                    FileStat* out) {
  Resolved r;
  if (Errno e = Resolve(dir, path, follow, &r); e != Errno::kSuccess) return e;
  std::shared_ptr<Node> n = r.Target();
  if (!n) return Errno::kNoent;
  if (r.must_be_dir && n->type != Filetype::kDirectory) return Errno::kNotdir;
  FillStat(*n, out);
  return Errno::kSuccess;
}

Errno MemOs::SetSize(OsHandle h, uint64_t size) {
  OpenFile* f;
  if (Errno e = Handle(h, &f); e != Errno::kSuccess) return e;
  if (f->node->type != Filetype::kRegularFile || !f->write) {
    return Errno::kInval;
  }
  if (size > kMaxFileSize) return Errno::kFbig;
  f->node->data.resize(size);
  f->node->mtim = Tick();
  return Errno::kSuccess;
}

namespace {
Errno ApplyTimes(MemOs::Node& n, uint64_t atim, uint64_t mtim, uint16_t fst,
                 uint64_t now) {
  if (fst & ~kFstAll) return Errno::kInval;
  if ((fst & kFstAtim) && (fst & kFstAtimNow)) return Errno::kInval;
  if ((fst & kFstMtim) && (fst & kFstMtimNow)) return Errno::kInval;
  if (fst & kFstAtim) n.atim = atim;
  if (fst & kFstAtimNow) n.atim = now;
  if (fst & kFstMtim) n.mtim = mtim;
  if (fst & kFstMtimNow) n.mtim = now;
  return Errno::kSuccess;
}
}  // namespace

Errno MemOs::SetTimes(OsHandle h, uint64_t atim, uint64_t mtim,
                      uint16_t fst_flags) {
  OpenFile* f;
  if (Errno e = Handle(h, &f); e != Errno::kSuccess) return e;
  return ApplyTimes(*f->node, atim, mtim, fst_flags, Tick());
}

Errno MemOs::SetTimesAt(OsHandle dir, std::string_view path, bool follow,
                        uint64_t atim, uint64_t mtim, uint16_t fst_flags) {
  Resolved r;
  if (Errno e = Resolve(dir, path, follow, &r); e != Errno::kSuccess) return e;
  std::shared_ptr<Node> n = r.Target();
  if (!n) return Errno::kNoent;
  return ApplyTimes(*n, atim, mtim, fst_flags, Tick());
}

Errno MemOs::Sync(OsHandle h, bool) {
  OpenFile* f;
  return Handle(h, &f);
}

Errno MemOs::Advise(OsHandle h, uint64_t, uint64_t, Advice) {
  OpenFile* f;
  return Handle(h, &f);
}

Errno MemOs::Allocate(OsHandle h, uint64_t offset, uint64_t len) {
  OpenFile* f;
  if (Errno e = Handle(h, &f); e != Errno::kSuccess) return e;
  if (!f->write) return Errno::kBadf;
  if (f->node->type != Filetype::kRegularFile) return Errno::kNodev;
  if (offset > kMaxFileSize || len > kMaxFileSize - offset) {
    return Errno::kFbig;
  }
  if (f->node->data.size() < offset + len) f->node->data.resize(offset + len);
  return Errno::kSuccess;
}

Errno MemOs::GetFdflags(OsHandle h, uint16_t* flags) {
  OpenFile* f;
  if (Errno e = Handle(h, &f); e != Errno::kSuccess) return e;
  *flags = f->fdflags;
  return Errno::kSuccess;
}

Errno MemOs::SetFdflags(OsHandle h, uint16_t flags) {
  OpenFile* f;
  if (Errno e = Handle(h, &f); e != Errno::kSuccess) return e;
  if (flags & (kFdflagDsync | kFdflagSync | kFdflagRsync)) {
    return Errno::kNotsup;
  }
  f->fdflags = flags;
  return Errno::kSuccess;
}

Errno MemOs::ReadDir(OsHandle h, std::vector<DirEntry>* out) {
  OpenFile* f;
  if (Errno e = Handle(h, &f); e != Errno::kSuccess) return e;
  const Node& d = *f->node;
  if (d.type != Filetype::kDirectory) return Errno::kNotdir;
  out->clear();
  auto parent = d.parent.lock();
  out->push_back({".", d.ino, Filetype::kDirectory});
  out->push_back({"..", parent ? parent->ino : d.ino, Filetype::kDirectory});
  for (const auto& [name, n] : d.children) {
    out->push_back({name, n->ino, n->type});
  }
  return Errno::kSuccess;
}

Errno MemOs::MkdirAt(OsHandle dir, std::string_view path) {
  Resolved r;
  if (Errno e = Resolve(dir, path, false, &r); e != Errno::kSuccess) return e;
  if (r.Target()) return Errno::kExist;
  auto n = NewNode(Filetype::kDirectory);
  n->parent = r.parent;
  r.parent->children[r.name] = n;
  r.parent->mtim = Tick();
  return Errno::kSuccess;
}

Errno MemOs::RmdirAt(OsHandle dir, std::string_view path) {
  Resolved r;
  if (Errno e = Resolve(dir, path, false, &r); e != Errno::kSuccess) return e;
  if (r.name == ".") return Errno::kInval;
  std::shared_ptr<Node> n = r.Target();
  if (!n) return Errno::kNoent;
  if (n->type != Filetype::kDirectory) return Errno::kNotdir;
  if (!n->children.empty()) return Errno::kNotempty;
  r.parent->children.erase(r.name);
  r.parent->mtim = Tick();
  return Errno::kSuccess;
}

Errno MemOs::UnlinkAt(OsHandle dir, std::string_view path) {
  Resolved r;
  if (Errno e = Resolve(dir, path, false, &r); e != Errno::kSuccess) return e;
  std::shared_ptr<Node> n = r.Target();
  if (!n) return Errno::kNoent;
  if (n->type == Filetype::kDirectory) return Errno::kIsdir;
  if (r.must_be_dir) return Errno::kNotdir;
  r.parent->children.erase(r.name);
  --n->nlink;
  r.parent->mtim = Tick();
  return Errno::kSuccess;
}

Errno MemOs::RenameAt(OsHandle old_dir, std::string_view old_path,
                      OsHandle new_dir, std::string_view new_path) {
  Resolved a, b;
  if (Errno e = Resolve(old_dir, old_path, false, &a); e != Errno::kSuccess) {
    return e;
  }
  if (Errno e = Resolve(new_dir, new_path, false, &b); e != Errno::kSuccess) {
    return e;
  }
  if (a.name == "." || b.name == ".") return Errno::kBusy;
  std::shared_ptr<Node> src = a.Target();
  if (!src) return Errno::kNoent;
  std::shared_ptr<Node> dst = b.Target();
  if (src == dst) return Errno::kSuccess;
  bool src_dir = src->type == Filetype::kDirectory;
  if ((a.must_be_dir || b.must_be_dir) && !src_dir) return Errno::kNotdir;
  if (dst) {
    bool dst_dir = dst->type == Filetype::kDirectory;
    if (src_dir && !dst_dir) return Errno::kNotdir;
    if (!src_dir && dst_dir) return Errno::kIsdir;
    if (dst_dir && !dst->children.empty()) return Errno::kNotempty;
  }
  if (src_dir) {
    // A directory cannot move below itself.
    for (auto p = b.parent; p; p = p->parent.lock()) {
      if (p == src) return Errno::kInval;
    }
    src->parent = b.parent;
  }
  a.parent->children.erase(a.name);
  b.parent->children[b.name] = src;
  a.parent->mtim = b.parent->mtim = Tick();
  return Errno::kSuccess;
}

Errno MemOs::LinkAt(OsHandle old_dir, std::string_view old_path, bool follow,
                    OsHandle new_dir, std::string_view new_path) {
  Resolved a, b;
  if (Errno e = Resolve(old_dir, old_path, follow, &a); e != Errno::kSuccess) {
    return e;
  }
  if (Errno e = Resolve(new_dir, new_path, false, &b); e != Errno::kSuccess) {
    return e;
  }
  std::shared_ptr<Node> src = a.Target();
  if (!src) return Errno::kNoent;
  if (src->type == Filetype::kDirectory) return Errno::kPerm;
  if (b.Target()) return Errno::kExist;
  b.parent->children[b.name] = src;
  ++src->nlink;
  src->ctim = Tick();
  return Errno::kSuccess;
}

Errno MemOs::SymlinkAt(std::string_view target, OsHandle dir,
                       std::string_view path) {
  if (Errno e = CheckGuestSymlinkTarget(target); e != Errno::kSuccess) {
    return e;
  }
  Resolved r;
  if (Errno e = Resolve(dir, path, false, &r); e != Errno::kSuccess) return e;
  if (r.Target()) return Errno::kExist;
  auto l = NewNode(Filetype::kSymbolicLink);
  l->data = std::string(target);
  r.parent->children[r.name] = l;
  return Errno::kSuccess;
}

Errno MemOs::ReadlinkAt(OsHandle dir, std::string_view path,
                        std::string* out) {
  Resolved r;
  if (Errno e = Resolve(dir, path, false, &r); e != Errno::kSuccess) return e;
  std::shared_ptr<Node> n = r.Target();
  if (!n) return Errno::kNoent;
  if (n->type != Filetype::kSymbolicLink) return Errno::kInval;
  *out = n->data;
  return Errno::kSuccess;
}

Errno MemOs::Poll(std::vector<PollRequest>* reqs, int64_t,
                  const InterruptNotifier&) {
  // Files are always ready.
  for (PollRequest& q : *reqs) {
    OpenFile* f;
    q.error = Handle(q.handle, &f);
    q.ready = true;
    if (q.error == Errno::kSuccess && !q.write) {
      q.nbytes = f->node->data.size() > f->pos ? f->node->data.size() - f->pos
                                               : 0;
    }
  }
  return Errno::kSuccess;
}

Errno MemOs::SockAccept(OsHandle, uint16_t, const InterruptNotifier&,
                        OsHandle*) {
  return Errno::kNotsock;
}
Errno MemOs::SockRecv(OsHandle, const IoSpan*, size_t, uint16_t,
                      const InterruptNotifier&, size_t*, bool*) {
  return Errno::kNotsock;
}
Errno MemOs::SockSend(OsHandle, const IoSpan*, size_t,
                      const InterruptNotifier&, size_t*) {
  return Errno::kNotsock;
}
Errno MemOs::SockShutdown(OsHandle, uint8_t) { return Errno::kNotsock; }

namespace {
void FillStat(const MemOs::Node& n, FileStat* out) {
  out->dev = 1;
  out->ino = n.ino;
  out->type = n.type;
  out->nlink = n.nlink;
  out->size = n.type == Filetype::kDirectory ? 0 : n.data.size();
  out->atim = n.atim;
  out->mtim = n.mtim;
  out->ctim = n.ctim;
}
}  // namespace

}  // namespace weft::wasi
