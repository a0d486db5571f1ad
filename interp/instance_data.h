// The run-time structures the interpreter's executor touches: linear
// memory, tables, global cells, function instances, the per-instance index
// spaces, and the execution context (fuel, interruption, limits, trap info).
//
// Ownership: the runtime (runtime/) creates and owns every object here and
// wires the per-instance arrays (imports point at the exporting instance's
// objects). The executor never allocates or frees them; it only reads the
// arrays and mutates memory bytes, table elements and global cells.
//
// Threading: an InstanceData and everything it reaches may be used by one
// executing thread at a time. ExecContext::RequestInterrupt is the one
// operation that may be called from another thread.
//
// Values: every value is carried as 64-bit "slot" bits: i32 zero-extended
// into the low 32 bits, i64 as is, f32/f64 as raw IEEE bits (NaN payloads
// preserved), references as Ref (below). v128 takes two consecutive slots,
// low half first (lanes in little-endian order); structures that hold a
// single value (GlobalCell) have room for 16 bytes.
#ifndef WEFT_INTERP_INSTANCE_DATA_H_
#define WEFT_INTERP_INSTANCE_DATA_H_

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "base/interrupt_notifier.h"
#include "weft/value_type.h"
#include "decoder/module.h"
#include "interp/sample_sink.h"
#include "interp/trap.h"

namespace weft::interp {

class ExecContext;
class ModuleCode;          // interp/module_code.h: per-module compiled code
struct CompiledFunction;   // interp/compiled_function.h (opaque here)
struct InstanceData;

// A reference value. 0 is null for both reference types. A funcref is a
// FunctionInstance* cast to Ref. An externref is an opaque non-zero handle
// chosen by the runtime/host; the interpreter never dereferences it.
using Ref = uintptr_t;
inline constexpr Ref kNullRef = 0;

// ---------------------------------------------------------------------------
// Linear memory.
//
// Bounds strategy: explicit checks. Every access computes the effective
// address as u32 operand + u32 static offset in 64-bit arithmetic and
// traps unless ea + access_size <= size_bytes(). No guard pages are relied
// on, so behaviour is identical under ASan and on any OS.
//
// Storage: the whole range up to max_pages is reserved as inaccessible
// virtual memory at creation and committed page-group by page-group on
// Grow, so base() normally never changes. When the address space is
// limited (RLIMIT_AS) and the maximum does not fit, a smaller range is
// reserved and a Grow past it moves the memory to a larger one, so code
// must re-read base()/size_bytes() after anything that can grow the memory
// (memory.grow, any call), which the executor does; embedders only reach
// memory through bounds-checked copies, never a kept pointer.
class LinearMemory {
 public:
  // `max_pages` is the effective maximum: min(declared max (or 65536),
  // any per-instance limit the embedder sets). Returns nullptr when the
  // initial size exceeds the maximum or the address space cannot be
  // reserved/committed.
  // Pages are 2^page_size_log2 bytes (custom page sizes: 16 or 0); a
  // memory is never larger than 4 GiB (kMaxPages 64 KiB pages), whatever
  // its address type: larger maximums are lowered to that, and an initial
  // size beyond it fails. `is64` records the address type (memory64).
  static std::unique_ptr<LinearMemory> Create(uint64_t initial_pages, uint64_t max_pages,
                                              uint32_t page_size_log2 = 16, bool is64 = false);
  ~LinearMemory();
  LinearMemory(const LinearMemory&) = delete;
  LinearMemory& operator=(const LinearMemory&) = delete;

  uint8_t* base() const { return base_; }
  uint64_t size_bytes() const { return size_bytes_; }
  uint64_t pages() const { return size_bytes_ >> page_size_log2_; }
  uint64_t max_pages() const { return max_pages_; }
  uint32_t page_size_log2() const { return page_size_log2_; }
  bool is64() const { return is64_; }

  // memory.grow semantics: on success returns the old size in pages and
  // zero-fills the new pages; returns -1 (memory unchanged) when
  // pages() + delta exceeds max_pages() or the OS refuses to commit.
  int64_t GrowPages(uint64_t delta_pages);
  // The same for 32-bit memories of 64 KiB pages (at most 65536 of them,
  // so the old size always fits).
  int32_t Grow(uint32_t delta_pages) { return int32_t(GrowPages(delta_pages)); }

  // Pristine image (instance pools): SaveImage makes the current contents
  // and size the state ResetToImage returns to. The image lives in a
  // memfd mapped copy-on-write under the memory, so only pages written
  // since the image hold private copies. A reset finds those in
  // /proc/self/pagemap (a private page is "not file-backed") and copies
  // the image back over them, keeping them mapped so the next call does
  // not fault; beyond kMaxCopiedPages (or without pagemap) it drops all
  // private pages with madvise instead. Pages grown since are decommitted.
  // The cost follows the pages written, not the memory's size. False
  // (memory unchanged, or for Reset: unusable until saved again) when the
  // OS refuses. base() stays the same.
  bool SaveImage();
  bool ResetToImage();

 private:
  LinearMemory() = default;
  uint8_t* base_ = nullptr;
  uint64_t size_bytes_ = 0;
  uint64_t reserved_bytes_ = 0;
  uint64_t max_pages_ = 0;
  uint32_t page_size_log2_ = 16;
  bool is64_ = false;
  bool RestoreWrittenPages();
  // Moves the memory to a new reservation of at least `needed` bytes (see
  // Create); false, memory unchanged, when the OS has no room.
  bool Relocate(uint64_t needed);

  int image_fd_ = -1;         // memfd holding the saved image, or -1
  uint64_t image_bytes_ = 0;  // size when the image was saved
  const uint8_t* image_view_ = nullptr;  // read-only mapping of the image
};

// ---------------------------------------------------------------------------
// Tables.
struct Table {
  ValType elem_type = ValType::kFuncRef;
  std::vector<Ref> elements;
  // Effective maximum number of elements (declared max, else 2^32-1,
  // possibly lowered by an embedder limit).
  uint32_t max_size = UINT32_MAX;

  uint32_t size() const { return static_cast<uint32_t>(elements.size()); }
  // table.grow semantics: returns the old size and fills the new elements
  // with `init`, or -1 when size() + delta exceeds max_size (or the
  // allocation fails; growth is also capped at kMaxTableElements total
  // to keep an untrusted module from exhausting host memory).
  int32_t Grow(uint32_t delta, Ref init);
};
inline constexpr uint32_t kMaxTableElements = 10000000;

// ---------------------------------------------------------------------------
// Globals. Imported globals are shared cells: the importing instance's
// `globals` array points at the exporter's cell.
struct GlobalCell {
  alignas(16) uint64_t bits[2] = {0, 0};  // bits[0] for scalars and refs
  ValType type = ValType::kI32;
  bool is_mutable = false;
};

// ---------------------------------------------------------------------------
// Functions.

// Host callback. `args` holds the parameters' slots, `results` has room for
// the results' slots (layout as described at the top: v128 takes two). Return kOk, or a
// trap code (use kHostTrap and set ctx->trap_detail for host-defined
// errors). The callback may re-enter the executor with Invoke on the same
// ExecContext; nesting is bounded by the same call-depth limit.
using HostFunction = TrapCode (*)(void* env, const uint64_t* args, uint64_t* results,
                                  ExecContext* ctx);

struct FunctionInstance {
  // Signature; must outlive the FunctionInstance (points into the owner's
  // Module, or into host-owned storage for host functions).
  const FuncType* type = nullptr;
  // Canonical id of `*type` (CanonicalTypeId below): call_indirect compares
  // these ids instead of structures.
  uint32_t type_id = 0;
  // Index in the owner's function index space (backtraces, names).
  uint32_t func_index = 0;

  // WebAssembly functions: the owning instance and the index among the
  // module's defined functions. `code` is filled on first call (lazy
  // compilation through instance->module_code) and then never changes.
  InstanceData* instance = nullptr;
  uint32_t defined_index = 0;
  std::atomic<const CompiledFunction*> code{nullptr};

  // Host functions: non-null `host`.
  HostFunction host = nullptr;
  void* host_env = nullptr;

  bool is_host() const { return host != nullptr; }
  Ref AsRef() { return reinterpret_cast<Ref>(this); }
  static FunctionInstance* FromRef(Ref r) { return reinterpret_cast<FunctionInstance*>(r); }
};

// ---------------------------------------------------------------------------
// Exception handling.

// A tag: what `throw` names and `catch` compares. Identity is the object:
// an imported tag is the exporter's TagInstance, so a catch in the
// importing module matches throws in the exporting one.
struct TagInstance {
  const FuncType* type = nullptr;  // params = the payload; no results
  uint32_t type_id = 0;            // CanonicalTypeId(*type), for import matching
  // Payload slots that may hold GC objects: the collector's roots in
  // exceptions of this tag (set by the runtime from the canonical type).
  std::vector<uint32_t> gc_slots;
};

// A thrown exception: its tag and payload (slots, v128 taking two). An
// exnref value is an Exception* cast to Ref (null: kNullRef).
struct Exception {
  TagInstance* tag = nullptr;
  std::vector<uint64_t> payload;
  uint64_t heap_id = 0;  // ExceptionHeap::id() of the heap that owns it
  // Set once anything other than the in-flight unwinding can reach it (an
  // exnref made by catch_ref / catch_all_ref, a legacy catch that may
  // rethrow it, a host that received it); until then a plain catch may
  // recycle it.
  bool exposed = false;
  Ref AsRef() { return reinterpret_cast<Ref>(this); }
  static Exception* FromRef(Ref r) { return reinterpret_cast<Exception*>(r); }
};

// Owns exceptions for as long as exnrefs to them may live: the runtime's
// Store holds one for all its instances (InstanceData::exceptions). There
// is no GC: an exception that became an exnref lives until the heap dies;
// one caught without a reference is reused by the next throw.
class ExceptionHeap {
 public:
  ExceptionHeap();
  Exception* New(TagInstance* tag, const uint64_t* payload, size_t slots);
  void Recycle(Exception* e);
  size_t live() const { return all_.size() - free_.size(); }
  // Calls `visit` with every payload value that may be a GC object (the
  // tags' gc_slots): the collector's roots in exceptions.
  template <class Visit>
  void ForEachRefInPayloads(const Visit& visit) const {
    for (const auto& e : all_) {
      if (e->tag == nullptr) continue;
      for (uint32_t slot : e->tag->gc_slots) {
        if (slot < e->payload.size()) visit(e->payload[slot]);
      }
    }
  }
  // Unique in the process and never reused: an exception handed to the
  // host names its heap by id, so the API can refuse to rethrow it into
  // another store without touching a heap that may be gone.
  uint64_t id() const { return id_; }

 private:
  const uint64_t id_;
  std::vector<std::unique_ptr<Exception>> all_;
  std::vector<Exception*> free_;
};

// Slots a sequence of values takes in the layout above (v128: two).
inline uint32_t SlotCount(absl::Span<const ValType> types) {
  uint32_t n = 0;
  for (ValType t : types) n += t == ValType::kV128 ? 2 : 1;
  return n;
}

// Process-wide canonical id for a function type whose reference types are
// already canonical (host functions, host tags): a final type with no
// supertype in a recursion group of its own, the same id a module's
// equal type gets. Thread-safe. Ids are never recycled
// (validator/type_canon.h, TypeCanonicalizer::Global()).
uint32_t CanonicalTypeId(const FuncType& type);
// The ids of a module's whole type section, in order (iso-recursive:
// equal recursion groups of any two modules get equal ids). The types
// must be valid; fails only when the id space is exhausted, or when the
// types were not validated.
absl::StatusOr<std::vector<uint32_t>> CanonicalTypeIds(const std::vector<TypeDef>& types);
// `t` with a concrete type index replaced by that type's canonical id
// (`type_ids` from CanonicalTypeIds): the form runtime objects keep their
// types in, comparable across modules.
inline ValType CanonicalValType(ValType t, const std::vector<uint32_t>& type_ids) {
  if (!RefIsConcrete(t) || RefTypeIndex(t) >= type_ids.size()) return t;
  return MakeConcreteRefType(RefIsNullable(t), type_ids[RefTypeIndex(t)]);
}

// ---------------------------------------------------------------------------
// One instance's index spaces, as the executor sees them. Imports come
// first in each space, exactly as in the module.
struct InstanceData {
  // Compiled code shared by all instances of the module; also owns (a
  // reference to) the Module.
  std::shared_ptr<ModuleCode> module_code;
  const Module* module = nullptr;

  std::vector<FunctionInstance*> functions;
  std::vector<Table*> tables;
  LinearMemory* memory = nullptr;  // memory 0, or null if the module has none
  // Every memory, memory 0 first (multi-memory); the handlers keep memory
  // 0 in registers and fetch the others from here.
  std::vector<LinearMemory*> memories;
  std::vector<GlobalCell*> globals;
  std::vector<TagInstance*> tags;  // exception tags (imports first)
  // Where thrown exceptions are allocated (the store's); null: the
  // ExecContext's own.
  ExceptionHeap* exceptions = nullptr;
  // Canonical id of each of the module's type indices (call_indirect).
  std::vector<uint32_t> type_ids;
  // Where structs and arrays are allocated (the store's; interp/gc_heap.h).
  // Null for modules run without a store (tests): GC allocation traps.
  class GcHeap* gc = nullptr;

  // Element segments, evaluated at instantiation (function indices and
  // constant expressions resolved to Refs). elem.drop (and the runtime,
  // after applying active/declarative segments) clears the vector: a
  // dropped segment behaves as an empty one, which is the spec semantics.
  std::vector<std::vector<Ref>> elem_segments;
  // Data segment bytes (views into module->bytes). data.drop (and the
  // runtime, after applying active segments) sets the view to empty.
  std::vector<absl::Span<const uint8_t>> data_segments;
};

// ---------------------------------------------------------------------------
// Execution context: one per thread of execution (a runtime "store" or call
// site owns it). Holds the value stack, limits, fuel and the last trap.
struct ExecLimits {
  // Maximum nesting of wasm (and host) calls; deeper calls trap with
  // kCallStackExhausted.
  uint32_t max_call_depth = 10000;
  // Size of the value stack in 8-byte slots (frames: locals + operand
  // stack + bookkeeping). Exceeding it also traps kCallStackExhausted.
  uint32_t max_stack_slots = 1u << 20;  // 8 MiB
};

// One frame of a trap backtrace, innermost first.
struct BacktraceFrame {
  uint32_t func_index = 0;   // in the owning instance's index space
  uint32_t code_offset = 0;  // module byte offset of the trapping/calling instruction
  const InstanceData* instance = nullptr;
};

class ExecContext {
 public:
  explicit ExecContext(ExecLimits limits = {});
  ~ExecContext();
  ExecContext(const ExecContext&) = delete;
  ExecContext& operator=(const ExecContext&) = delete;

  const ExecLimits& limits() const { return limits_; }

  // Fuel. Only code compiled with CompileOptions::metering charges fuel
  // (code compiled without it contains no metering instructions, so
  // disabled fuel costs nothing). Charging rule: one unit per WebAssembly
  // instruction executed, charged up front for each straight-line run
  // (basic block) when the run is entered; if the remaining fuel is smaller
  // than the run's cost, execution traps kFuelExhausted before any
  // instruction of the run executes and the remaining fuel is left as is.
  void set_fuel(uint64_t fuel) { fuel_ = fuel > uint64_t(INT64_MAX) ? INT64_MAX : int64_t(fuel); }
  uint64_t fuel() const { return fuel_ < 0 ? 0 : uint64_t(fuel_); }

  // Asks running code to stop with kInterrupted at the next loop back-edge
  // or call, and wakes a host call blocked in the OS on its behalf (it
  // waits on interrupt_notifier(); the WASI binding turns its wakeup into
  // the same kInterrupted trap). Safe from any thread; stays set until
  // cleared.
  void RequestInterrupt() { interrupt_.Request(); }
  void ClearInterrupt() { interrupt_.Clear(); }
  bool interrupt_requested() const { return interrupt_.requested(); }
  // What host functions that block observe (base/interrupt_notifier.h).
  const InterruptNotifier& interrupt_notifier() const { return interrupt_; }

  // Asks running code to report its frames to sample_sink at the next
  // back-edge or call and go on (interp/sample_sink.h). Safe from any
  // thread; a request with no sink is dropped there.
  void RequestSample() { interrupt_.RequestSample(); }
  // Receives the samples; set by the profiler around a call (not owned).
  SampleSink* sample_sink = nullptr;
  // Samples this context has reported from wasm code: a host call compares
  // it before and after to tell the sink what wasm it called back into
  // was sampled already.
  uint64_t samples_taken = 0;

  // Details of the last trap returned by Invoke (valid until the next one).
  TrapCode trap = TrapCode::kOk;
  // What the code alone does not say: a host function's message
  // (kHostTrap), the compiler's error (kCompileError), or the table index
  // of a kUninitializedElement. Cleared by every Invoke.
  std::string trap_detail;
  std::vector<BacktraceFrame> backtrace;
  // The exception of a kUncaughtException (valid until the next Invoke,
  // which clears it; owned by an ExceptionHeap). Host functions: a nested
  // Invoke that returns kUncaughtException leaves its exception here; a
  // host function propagates it (or throws its own) into its wasm caller
  // by returning kUncaughtException with this set. Set it again before
  // returning if another Invoke ran in between.
  Exception* exception = nullptr;

  // --- executor internals (not for the runtime) ---
  int64_t fuel_ = INT64_MAX;
  InterruptNotifier interrupt_;  // the executor checks *interrupt_.flag()
  uint32_t call_depth_ = 0;
  uint64_t* stack_ = nullptr;       // value stack base (max_stack_slots slots)
  uint64_t* stack_top_ = nullptr;   // first free slot for a nested Invoke
  uint64_t* stack_end_ = nullptr;
  // Exceptions thrown by code whose instance has no heap of its own.
  ExceptionHeap own_exceptions_;
  // Exceptions caught by legacy `catch`/`catch_all` blocks still running,
  // for `rethrow` (interp/exceptions.cc); pruned on each catch.
  struct Caught {
    const uint64_t* fp;
    const CompiledFunction* code;
    uint32_t handler;
    Exception* exception;
  };
  std::vector<Caught> caught_;
  // Wasm activations suspended below a host call (CallHost), innermost
  // last: the collector walks their frames too, and the host function's
  // arguments (a copy the host reads) are roots while it runs.
  struct Suspended {
    const void* ret;                 // return word of the call op (a Word*)
    uint64_t* fp;                    // the calling frame
    FunctionInstance* fn;            // the calling function
    const uint64_t* host_args;       // the host's copy of its arguments
    const FuncType* host_type;       // the host function's signature
  };
  std::vector<Suspended> suspended_;

 private:
  ExecLimits limits_;
};

}  // namespace weft::interp

#endif  // WEFT_INTERP_INSTANCE_DATA_H_
