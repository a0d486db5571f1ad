// Handlers for memories other than the one in the handler registers
// (multi-memory), for 64-bit addresses (memory64, table64) and for custom
// page sizes. Memory 0 of a 32-bit, 64 KiB-page module never reaches this
// file: its accesses keep the register-based handlers of handlers.cc, so
// those stay exactly as fast as they were.
//
// The compiler (compiler_memory.cc) brackets an ordinary load or store:
//   UseMemory m      the registers (mem, msize) now describe memory m
//   Address64 ...    a 64-bit address checked and turned into a small one
//   <the load/store> unchanged, reading the registers
//   UseMemory 0      back to memory 0
// Every memory weft allocates is at most 4 GiB (LinearMemory), so an
// address that passed Address64's check fits the 32-bit handlers exactly.
#include <cstring>

#include "interp/compiled_function.h"
#include "interp/handler_macros.h"
#include "interp/handlers_internal.h"

namespace weft::interp {
namespace {

// An address or length operand of memory `m`: 32-bit memories take the
// low half of the slot (as every 32-bit handler does).
inline uint64_t AddressOf(const LinearMemory* m, uint64_t bits) {
  return m->is64() ? bits : uint32_t(bits);
}

// [at, at + n) lies within `size` bytes (or elements); never wraps.
inline bool InBounds(uint64_t at, uint64_t n, uint64_t size) {
  return n <= size && at <= size - n;
}

}  // namespace

HANDLER(UseMemory) {
  const LinearMemory* m = st->inst->memories[ip[1].u];
  mem = m->base();
  msize = m->size_bytes();
  NEXT();
}

// d := fp[a] + off, trapping unless the `size` bytes there are in bounds
// of the register memory. The sum is formed in 128 bits: a 64-bit address
// plus a 64-bit offset must never wrap around into bounds.
HANDLER(Address64) {
  const uint64_t a = fp[ip[2].u], off = ip[3].u, size = ip[4].u;
  const unsigned __int128 end = static_cast<unsigned __int128>(a) + off + size;
  if (BOUNDS_CHECKS && __builtin_expect(end > msize, 0)) TRAP(TrapCode::kMemoryOutOfBounds);
  fp[ip[1].u] = a + off;
  NEXT();
}

HANDLER(MemorySizeAt) {
  const LinearMemory* m = st->inst->memories[ip[2].u];
  fp[ip[1].u] = m->size_bytes() >> m->page_size_log2();
  NEXT();
}

HANDLER(MemoryGrowAt) {
  LinearMemory* m = st->inst->memories[ip[2].u];
  const int64_t old = m->GrowPages(AddressOf(m, fp[ip[3].u]));
  // -1 of the memory's address type on failure.
  fp[ip[1].u] = m->is64() ? uint64_t(old) : uint64_t(uint32_t(old));
  // The grown memory may be memory 0, whose base may have moved.
  const LinearMemory* m0 = st->inst->memory;
  mem = m0 ? m0->base() : nullptr;
  msize = m0 ? m0->size_bytes() : 0;
  NEXT();
}

HANDLER(MemoryFillAt) {
  const LinearMemory* m = st->inst->memories[ip[1].u];
  const uint64_t d = AddressOf(m, fp[ip[2].u]), n = AddressOf(m, fp[ip[4].u]);
  if (!InBounds(d, n, m->size_bytes())) TRAP(TrapCode::kMemoryOutOfBounds);
  if (n != 0) std::memset(m->base() + d, int(uint8_t(fp[ip[3].u])), n);
  NEXT();
}

HANDLER(MemoryCopyAt) {
  const LinearMemory* dm = st->inst->memories[ip[1].u];
  const LinearMemory* sm = st->inst->memories[ip[2].u];
  const uint64_t d = AddressOf(dm, fp[ip[3].u]), s = AddressOf(sm, fp[ip[4].u]);
  // The length has the smaller of the two address types.
  const uint64_t n = dm->is64() && sm->is64() ? fp[ip[5].u] : uint32_t(fp[ip[5].u]);
  if (!InBounds(d, n, dm->size_bytes()) || !InBounds(s, n, sm->size_bytes())) {
    TRAP(TrapCode::kMemoryOutOfBounds);
  }
  if (n != 0) std::memmove(dm->base() + d, sm->base() + s, n);
  NEXT();
}

HANDLER(MemoryInitAt) {
  const LinearMemory* m = st->inst->memories[ip[1].u];
  absl::Span<const uint8_t> seg = st->inst->data_segments[ip[2].u];
  const uint64_t d = AddressOf(m, fp[ip[3].u]);
  const uint64_t s = uint32_t(fp[ip[4].u]), n = uint32_t(fp[ip[5].u]);
  if (!InBounds(d, n, m->size_bytes()) || !InBounds(s, n, seg.size())) {
    TRAP(TrapCode::kMemoryOutOfBounds);
  }
  if (n != 0) std::memcpy(m->base() + d, seg.data() + s, n);
  NEXT();
}

// An i64 index or length of a 64-bit table (call_indirect, table.get/set/
// fill/copy/init): tables hold fewer than 2^32 elements, so a value that
// needs more than 32 bits is out of bounds and traps with `code`; one that
// fits goes on to the 32-bit handler, which checks it exactly.
HANDLER(TableIndex64) {
  if (__builtin_expect(fp[ip[1].u] >> 32 != 0, 0)) TRAP(static_cast<TrapCode>(ip[2].u));
  NEXT();
}

// table.grow of a 64-bit table: an i64 delta, -1 as an i64 on failure.
HANDLER(TableGrow64) {
  Table* t = st->inst->tables[ip[2].u];
  const uint64_t n = fp[ip[4].u];
  const int64_t r = n > UINT32_MAX ? -1 : t->Grow(uint32_t(n), fp[ip[3].u]);
  fp[ip[1].u] = uint64_t(r);
  NEXT();
}

}  // namespace weft::interp
