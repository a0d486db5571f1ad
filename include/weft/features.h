// weft public API: the WebAssembly features an engine accepts. Every
// feature past WebAssembly 2.0 has a switch, on by default (weft speaks
// WebAssembly 3.0); a module that uses a switched-off feature is rejected
// with the feature's name: "tail calls are disabled". Turning them all off
// gives exactly WebAssembly 2.0, whose official suite tests 2.0 rules
// (e.g. which globals a constant expression may read).
//
// A feature that is on but not implemented yet (see README's feature
// table) is refused with "... not supported yet", never half-run.
//
// Depends on the standard library only.
#ifndef WEFT_INCLUDE_WEFT_FEATURES_H_
#define WEFT_INCLUDE_WEFT_FEATURES_H_

#include <cstdint>
#include <string>
#include <string_view>

namespace weft {

enum class WasmFeature : uint8_t {
  kTailCall,            // return_call, return_call_indirect
  kExtendedConst,       // i32/i64 add, sub, mul in constant expressions, and
                        // global.get of earlier immutable globals there
  kRelaxedSimd,         // the 20 relaxed SIMD instructions
  kMultiMemory,         // more than one memory
  kMemory64,            // i64 addresses for memories and tables
  kExceptions,          // tags, throw, try_table, exnref (and legacy try)
  kFunctionReferences,  // typed function references, call_ref, br_on_null
  kGc,                  // structs, arrays, i31, casts
  kCustomPageSizes,     // memory page sizes other than 64 KiB
  kCount,
};

// "tail-call", "extended-const", ... (the CLI's and wasmtime's spelling).
const char* WasmFeatureName(WasmFeature f);
// "tail calls", "extended constant expressions", ... (for messages).
const char* WasmFeatureDescription(WasmFeature f);
// The one wording of a refusal: "tail calls are disabled (feature
// tail-call)", "exception handling is disabled (feature exceptions)".
std::string WasmFeatureDisabledMessage(WasmFeature f);

class WasmFeatures {
 public:
  // Everything weft knows: WebAssembly 3.0 plus custom page sizes.
  static constexpr WasmFeatures All() { return WasmFeatures((1u << kCountBits) - 1); }
  // Nothing past WebAssembly 2.0.
  static constexpr WasmFeatures Wasm20() { return WasmFeatures(0); }

  constexpr WasmFeatures() : bits_(All().bits_) {}
  constexpr bool Has(WasmFeature f) const { return (bits_ >> static_cast<int>(f)) & 1; }
  constexpr void Set(WasmFeature f, bool on) {
    const uint32_t bit = 1u << static_cast<int>(f);
    bits_ = on ? (bits_ | bit) : (bits_ & ~bit);
  }
  constexpr bool operator==(const WasmFeatures& o) const { return bits_ == o.bits_; }

 private:
  static constexpr int kCountBits = static_cast<int>(WasmFeature::kCount);
  explicit constexpr WasmFeatures(uint32_t bits) : bits_(bits) {}
  uint32_t bits_;
};

// Applies `spec` to `*features`: comma-separated items, in order, each
// "all", "2.0" (nothing past 2.0), "3.0" (the same as all), "NAME" or
// "+NAME" (on), "-NAME" (off). On error returns false with `*error`
// naming the bad item and listing the known names; `*features` is then
// unchanged.
bool ParseWasmFeatures(std::string_view spec, WasmFeatures* features, std::string* error);

}  // namespace weft

#endif  // WEFT_INCLUDE_WEFT_FEATURES_H_
