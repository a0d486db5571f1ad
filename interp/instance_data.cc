#include "interp/instance_data.h"

#include "validator/type_canon.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstring>
#include <map>
#include <mutex>

namespace weft::interp {

// --- LinearMemory -----------------------------------------------------------

namespace {

// A PROT_NONE reservation of `bytes` (no swap accounted), or nullptr.
uint8_t* Reserve(uint64_t bytes) {
  void* p = mmap(nullptr, bytes, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  return p == MAP_FAILED ? nullptr : static_cast<uint8_t*>(p);
}

uint64_t RoundToHostPages(uint64_t bytes) { return (bytes + 4095) & ~uint64_t(4095); }

}  // namespace

std::unique_ptr<LinearMemory> LinearMemory::Create(uint64_t initial_pages, uint64_t max_pages,
                                                    uint32_t page_size_log2, bool is64) {
  if (page_size_log2 > 16) return nullptr;
  // At most 4 GiB, in this memory's pages (the handlers rely on it).
  const uint64_t cap = (uint64_t(kMaxPages) * kPageSize) >> page_size_log2;
  if (max_pages > cap) max_pages = cap;
  if (initial_pages > max_pages) return nullptr;
  std::unique_ptr<LinearMemory> mem(new LinearMemory());
  mem->max_pages_ = max_pages;
  mem->page_size_log2_ = page_size_log2;
  mem->is64_ = is64;
  // Reserve the maximum once so base() normally never moves; commit only
  // what is in use. Under an address-space limit (ulimit -v) the maximum
  // may not fit: then reserve twice the initial size (at least 16 MiB),
  // else just the initial size, leaving the rest of the budget to the
  // process and to other memories, and let Grow relocate (doubling) when
  // it runs out. An empty reservation still gets one page so base() is a
  // valid non-null pointer (zero-length accesses at address 0 are legal).
  // (Rounded to host pages: 1-byte pages make odd sizes.)
  const uint64_t max_bytes = RoundToHostPages(std::max<uint64_t>(max_pages << page_size_log2, kPageSize));
  const uint64_t initial = std::max<uint64_t>(initial_pages << page_size_log2, kPageSize);
  uint64_t reserve = max_bytes;
  uint8_t* p = Reserve(reserve);
  if (p == nullptr && max_bytes > initial) {
    reserve = std::min(max_bytes, std::max<uint64_t>(2 * initial, 16u << 20));
    p = Reserve(reserve);
  }
  if (p == nullptr && reserve > initial) p = Reserve(reserve = initial);
  if (p == nullptr) return nullptr;
  mem->base_ = p;
  mem->reserved_bytes_ = reserve;
  if (initial_pages > 0 && mem->GrowPages(initial_pages) < 0) return nullptr;
  return mem;
}

bool LinearMemory::Relocate(uint64_t needed) {
  const uint64_t limit = RoundToHostPages(max_pages_ << page_size_log2_);
  uint64_t want = std::min(std::max(needed, reserved_bytes_ * 2), limit);
  uint8_t* p = Reserve(want);
  if (p == nullptr && want > needed) p = Reserve(want = needed);
  if (p == nullptr) return false;
  // The saved image (if any) is mapped copy-on-write again at the new
  // place, and only pages that differ from it are copied, so a later
  // ResetToImage still costs what was written, not the memory's size.
  uint64_t from = 0;
  bool ok = true;
  if (image_fd_ >= 0 && image_bytes_ != 0) {
    ok = mmap(p, image_bytes_, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_FIXED, image_fd_, 0) !=
         MAP_FAILED;
    constexpr uint64_t kChunk = 4096;
    for (uint64_t at = 0; ok && at < image_bytes_; at += kChunk) {
      const uint64_t n = std::min(kChunk, image_bytes_ - at);
      if (std::memcmp(base_ + at, image_view_ + at, n) != 0) std::memcpy(p + at, base_ + at, n);
    }
    from = image_bytes_;
  }
  if (ok && size_bytes_ > from) {
    ok = mprotect(p + from, size_bytes_ - from, PROT_READ | PROT_WRITE) == 0;
    if (ok) std::memcpy(p + from, base_ + from, size_bytes_ - from);
  }
  if (!ok) {
    munmap(p, want);
    return false;
  }
  munmap(base_, reserved_bytes_);
  base_ = p;
  reserved_bytes_ = want;
  return true;
}

LinearMemory::~LinearMemory() {
  if (base_ != nullptr) munmap(base_, reserved_bytes_);
  if (image_view_ != nullptr) munmap(const_cast<uint8_t*>(image_view_), image_bytes_);
  if (image_fd_ >= 0) close(image_fd_);
}

bool LinearMemory::SaveImage() {
  const int fd = memfd_create("weft-memory-image", MFD_CLOEXEC);
  if (fd < 0) return false;
  bool ok = ftruncate(fd, off_t(size_bytes_)) == 0;
  for (uint64_t done = 0; ok && done < size_bytes_;) {
    const ssize_t n = pwrite(fd, base_ + done, size_bytes_ - done, off_t(done));
    if (n <= 0) ok = false;
    else done += uint64_t(n);
  }
  // The image replaces the anonymous pages in place (same contents).
  if (ok && size_bytes_ != 0 &&
      mmap(base_, size_bytes_, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_FIXED, fd, 0) ==
          MAP_FAILED) {
    ok = false;
  }
  void* view = MAP_FAILED;
  if (ok && size_bytes_ != 0) {
    view = mmap(nullptr, size_bytes_, PROT_READ, MAP_SHARED, fd, 0);
    ok = view != MAP_FAILED;
  }
  if (!ok) {
    close(fd);
    return false;
  }
  if (image_view_ != nullptr) munmap(const_cast<uint8_t*>(image_view_), image_bytes_);
  if (image_fd_ >= 0) close(image_fd_);
  image_fd_ = fd;
  image_bytes_ = size_bytes_;
  image_view_ = size_bytes_ != 0 ? static_cast<const uint8_t*>(view) : nullptr;
  return true;
}

// Copies the image back over every page written since it was saved (see
// the header). False when pagemap is unavailable or too many pages were
// written: the caller then drops them all instead.
bool LinearMemory::RestoreWrittenPages() {
  constexpr uint64_t kHostPage = 4096;
  constexpr int kMaxCopiedPages = 64;
  // Process-wide, opened once, kept until exit (like stdio).
  static const int pagemap = open("/proc/self/pagemap", O_RDONLY | O_CLOEXEC);
  if (pagemap < 0 || sysconf(_SC_PAGESIZE) != long(kHostPage)) return false;
  constexpr uint64_t kPresent = 1ull << 63, kSwapped = 1ull << 62, kFileOrShared = 1ull << 61;
  const uint64_t first = reinterpret_cast<uintptr_t>(base_) / kHostPage;
  const uint64_t pages = image_bytes_ / kHostPage;
  uint64_t entries[512];
  int copied = 0;
  for (uint64_t at = 0; at < pages; at += 512) {
    const uint64_t n = std::min<uint64_t>(512, pages - at);
    const ssize_t got = pread(pagemap, entries, n * 8, off_t((first + at) * 8));
    if (got != ssize_t(n * 8)) return false;
    for (uint64_t i = 0; i < n; ++i) {
      const uint64_t e = entries[i];
      const bool written = (e & kSwapped) != 0 || ((e & kPresent) != 0 && (e & kFileOrShared) == 0);
      if (!written) continue;
      if (++copied > kMaxCopiedPages) return false;
      const uint64_t offset = (at + i) * kHostPage;
      std::memcpy(base_ + offset, image_view_ + offset, kHostPage);
    }
  }
  return true;
}

bool LinearMemory::ResetToImage() {
  if (image_fd_ < 0) return false;
  if (size_bytes_ > image_bytes_) {
    // Pages grown since the image: back to reserved, inaccessible and empty.
    if (mmap(base_ + image_bytes_, size_bytes_ - image_bytes_, PROT_NONE,
             MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_FIXED, -1, 0) == MAP_FAILED) {
      return false;
    }
    size_bytes_ = image_bytes_;
  }
  if (image_bytes_ == 0 || RestoreWrittenPages()) return true;
  // Written pages are private copies; dropping them re-exposes the image.
  return madvise(base_, image_bytes_, MADV_DONTNEED) == 0;
}

int64_t LinearMemory::GrowPages(uint64_t delta_pages) {
  const uint64_t old_pages = pages();
  // max_pages_ <= 2^32, so neither the compare nor the size can wrap.
  if (delta_pages > max_pages_ - old_pages) return -1;
  if (delta_pages == 0) return int64_t(old_pages);
  uint64_t new_size = (old_pages + delta_pages) << page_size_log2_;
  // The host mapping is made in whole host pages; the bytes past new_size
  // stay unreachable because every access is checked against size_bytes_.
  const uint64_t commit_from = RoundToHostPages(size_bytes_);
  const uint64_t commit_to = RoundToHostPages(new_size);
  if (commit_to > reserved_bytes_ && !Relocate(commit_to)) return -1;
  // Fresh anonymous pages read as zero; memory never shrinks, so no page
  // is ever re-committed with stale contents.
  if (commit_to > commit_from &&
      mprotect(base_ + commit_from, commit_to - commit_from, PROT_READ | PROT_WRITE) != 0) {
    return -1;
  }
  size_bytes_ = new_size;
  return int64_t(old_pages);
}

// --- Table ------------------------------------------------------------------

int32_t Table::Grow(uint32_t delta, Ref init) {
  uint64_t old_size = elements.size();
  uint64_t new_size = old_size + delta;
  if (new_size > max_size || new_size > kMaxTableElements) return -1;
  elements.resize(new_size, init);
  return int32_t(old_size);
}

// --- Canonical type ids -----------------------------------------------------

uint32_t CanonicalTypeId(const FuncType& type) {
  std::vector<TypeDef> one(1);
  one[0].func = type;
  absl::StatusOr<std::vector<uint32_t>> ids =
      TypeCanonicalizer::Global().AddModuleTypes(one, /*pre_canonical=*/true);
  // A final function type with no supertype cannot fail its check; only
  // exhausting 2^22 distinct types can, and then the id of the first
  // type stands in (a call through it traps on the type check).
  return ids.ok() ? (*ids)[0] : 0;
}

absl::StatusOr<std::vector<uint32_t>> CanonicalTypeIds(const std::vector<TypeDef>& types) {
  return TypeCanonicalizer::Global().AddModuleTypes(types);
}

// --- ExecContext ------------------------------------------------------------

ExecContext::ExecContext(ExecLimits limits) : limits_(limits) {
  if (limits_.max_stack_slots < 1024) limits_.max_stack_slots = 1024;
  stack_ = new uint64_t[limits_.max_stack_slots];
  stack_top_ = stack_;
  stack_end_ = stack_ + limits_.max_stack_slots;
}

ExecContext::~ExecContext() { delete[] stack_; }

// ExceptionHeap is declared in instance_data.h; defined here so that every
// user of InstanceData (a Store holds one heap) links it.
ExceptionHeap::ExceptionHeap() : id_([] {
  static std::atomic<uint64_t> next{1};
  return next.fetch_add(1, std::memory_order_relaxed);
}()) {}

Exception* ExceptionHeap::New(TagInstance* tag, const uint64_t* payload, size_t slots) {
  Exception* e;
  if (!free_.empty()) {
    e = free_.back();
    free_.pop_back();
  } else {
    all_.push_back(std::make_unique<Exception>());
    e = all_.back().get();
  }
  e->tag = tag;
  e->payload.assign(payload, payload + slots);
  e->exposed = false;
  e->heap_id = id_;
  return e;
}

void ExceptionHeap::Recycle(Exception* e) {
  e->payload.clear();
  free_.push_back(e);
}

}  // namespace weft::interp
