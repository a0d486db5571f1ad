// Test-only: assembles small binary modules section by section, so
// validator tests can state exactly the bytes they check.
#ifndef WEFT_VALIDATOR_TEST_MODULE_BUILDER_H_
#define WEFT_VALIDATOR_TEST_MODULE_BUILDER_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "weft/features.h"
#include "weft/value_type.h"

namespace weft {
namespace testing_util {

using Bytes = std::vector<uint8_t>;

Bytes Leb(uint64_t v);
Bytes SLeb(int64_t v);
Bytes I32Const(int32_t v);  // 0x41 + sleb
uint8_t TypeByte(ValType t);

class ModuleBuilder {
 public:
  uint32_t AddType(std::vector<ValType> params, std::vector<ValType> results);
  void ImportFunc(uint32_t type_index);
  void ImportGlobal(ValType type, bool is_mutable);
  void ImportTable(ValType elem, uint32_t min);
  void ImportMemory(uint32_t min);
  // `code` is the instruction bytes; the final `end` is appended.
  uint32_t AddFunc(uint32_t type_index, std::vector<ValType> locals, Bytes code);
  // Same, but `body` is used verbatim after the locals (no `end` added).
  uint32_t AddFuncRaw(uint32_t type_index, std::vector<ValType> locals, Bytes body);
  void AddTable(ValType elem, uint32_t min, std::optional<uint32_t> max = {});
  void AddMemory(uint32_t min, std::optional<uint32_t> max = {});
  // A memory or table type given as its encoding after the element type
  // (limits flags, min, max, page size): memory64 and custom page sizes.
  void AddMemoryRaw(Bytes type) { memories_.push_back(std::move(type)); }
  void AddTableRaw(ValType elem, Bytes limits);
  // `init` without the final `end`.
  void AddGlobal(ValType type, bool is_mutable, Bytes init);
  void AddExport(const std::string& name, ExternKind kind, uint32_t index);
  void SetStart(uint32_t func_index) { start_ = func_index; }
  // Raw element/data segment encodings (everything after the count).
  void AddElemRaw(Bytes segment) { elems_.push_back(std::move(segment)); }
  void AddDataRaw(Bytes segment) { datas_.push_back(std::move(segment)); }
  void SetDataCount(uint32_t n) { data_count_ = n; }

  Bytes Build() const;

 private:
  std::vector<Bytes> types_, imports_, funcs_, tables_, memories_, globals_, exports_,
      elems_, codes_, datas_;
  std::optional<uint32_t> start_, data_count_;
  uint32_t num_imported_funcs_ = 0;
};

// Decodes then validates.
absl::Status DecodeAndValidate(const Bytes& bytes, WasmFeatures features = {});

}  // namespace testing_util
}  // namespace weft

#endif  // WEFT_VALIDATOR_TEST_MODULE_BUILDER_H_
