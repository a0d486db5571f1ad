#include "validator/test_module_builder.h"

#include "decoder/decoder.h"
#include "validator/validator.h"

namespace weft {
namespace testing_util {
namespace {

void Append(Bytes* out, const Bytes& b) { out->insert(out->end(), b.begin(), b.end()); }

Bytes Vec(const std::vector<Bytes>& items) {
  Bytes out = Leb(items.size());
  for (const Bytes& item : items) Append(&out, item);
  return out;
}

Bytes Name(const std::string& s) {
  Bytes out = Leb(s.size());
  out.insert(out.end(), s.begin(), s.end());
  return out;
}

Bytes LimitsBytes(uint32_t min, std::optional<uint32_t> max) {
  Bytes out = {static_cast<uint8_t>(max ? 1 : 0)};
  Append(&out, Leb(min));
  if (max) Append(&out, Leb(*max));
  return out;
}

void AddSection(Bytes* out, uint8_t id, const Bytes& payload) {
  out->push_back(id);
  Append(out, Leb(payload.size()));
  Append(out, payload);
}

}  // namespace

Bytes Leb(uint64_t v) {
  Bytes out;
  do {
    uint8_t b = v & 0x7F;
    v >>= 7;
    if (v) b |= 0x80;
    out.push_back(b);
  } while (v);
  return out;
}

Bytes SLeb(int64_t v) {
  Bytes out;
  for (;;) {
    uint8_t b = v & 0x7F;
    v >>= 7;
    bool done = (v == 0 && !(b & 0x40)) || (v == -1 && (b & 0x40));
    if (!done) b |= 0x80;
    out.push_back(b);
    if (done) return out;
  }
}

Bytes I32Const(int32_t v) {
  Bytes out = {0x41};
  Append(&out, SLeb(v));
  return out;
}

uint8_t TypeByte(ValType t) { return static_cast<uint8_t>(t); }

uint32_t ModuleBuilder::AddType(std::vector<ValType> params, std::vector<ValType> results) {
  Bytes t = {0x60};
  Append(&t, Leb(params.size()));
  for (ValType v : params) t.push_back(TypeByte(v));
  Append(&t, Leb(results.size()));
  for (ValType v : results) t.push_back(TypeByte(v));
  types_.push_back(t);
  return types_.size() - 1;
}

void ModuleBuilder::ImportFunc(uint32_t type_index) {
  Bytes b = Name("m");
  Append(&b, Name("f"));
  b.push_back(0x00);
  Append(&b, Leb(type_index));
  imports_.push_back(b);
  ++num_imported_funcs_;
}

void ModuleBuilder::ImportGlobal(ValType type, bool is_mutable) {
  Bytes b = Name("m");
  Append(&b, Name("g"));
  b.push_back(0x03);
  b.push_back(TypeByte(type));
  b.push_back(is_mutable ? 1 : 0);
  imports_.push_back(b);
}

void ModuleBuilder::ImportTable(ValType elem, uint32_t min) {
  Bytes b = Name("m");
  Append(&b, Name("t"));
  b.push_back(0x01);
  b.push_back(TypeByte(elem));
  Append(&b, LimitsBytes(min, {}));
  imports_.push_back(b);
}

void ModuleBuilder::ImportMemory(uint32_t min) {
  Bytes b = Name("m");
  Append(&b, Name("mem"));
  b.push_back(0x02);
  Append(&b, LimitsBytes(min, {}));
  imports_.push_back(b);
}

uint32_t ModuleBuilder::AddFunc(uint32_t type_index, std::vector<ValType> locals, Bytes code) {
  code.push_back(0x0B);
  return AddFuncRaw(type_index, std::move(locals), std::move(code));
}

uint32_t ModuleBuilder::AddFuncRaw(uint32_t type_index, std::vector<ValType> locals,
                                   Bytes body) {
  funcs_.push_back(Leb(type_index));
  Bytes f = Leb(locals.size());
  for (ValType t : locals) {
    f.push_back(1);
    f.push_back(TypeByte(t));
  }
  Append(&f, body);
  Bytes sized = Leb(f.size());
  Append(&sized, f);
  codes_.push_back(sized);
  return num_imported_funcs_ + funcs_.size() - 1;
}

void ModuleBuilder::AddTable(ValType elem, uint32_t min, std::optional<uint32_t> max) {
  Bytes b = {TypeByte(elem)};
  Append(&b, LimitsBytes(min, max));
  tables_.push_back(b);
}

void ModuleBuilder::AddTableRaw(ValType elem, Bytes limits) {
  Bytes b = {TypeByte(elem)};
  Append(&b, limits);
  tables_.push_back(b);
}

void ModuleBuilder::AddMemory(uint32_t min, std::optional<uint32_t> max) {
  memories_.push_back(LimitsBytes(min, max));
}

void ModuleBuilder::AddGlobal(ValType type, bool is_mutable, Bytes init) {
  Bytes b = {TypeByte(type), static_cast<uint8_t>(is_mutable ? 1 : 0)};
  Append(&b, init);
  b.push_back(0x0B);
  globals_.push_back(b);
}

void ModuleBuilder::AddExport(const std::string& name, ExternKind kind, uint32_t index) {
  Bytes b = Name(name);
  b.push_back(static_cast<uint8_t>(kind));
  Append(&b, Leb(index));
  exports_.push_back(b);
}

Bytes ModuleBuilder::Build() const {
  Bytes out = {0x00, 'a', 's', 'm', 0x01, 0x00, 0x00, 0x00};
  if (!types_.empty()) AddSection(&out, 1, Vec(types_));
  if (!imports_.empty()) AddSection(&out, 2, Vec(imports_));
  if (!funcs_.empty()) AddSection(&out, 3, Vec(funcs_));
  if (!tables_.empty()) AddSection(&out, 4, Vec(tables_));
  if (!memories_.empty()) AddSection(&out, 5, Vec(memories_));
  if (!globals_.empty()) AddSection(&out, 6, Vec(globals_));
  if (!exports_.empty()) AddSection(&out, 7, Vec(exports_));
  if (start_) AddSection(&out, 8, Leb(*start_));
  if (!elems_.empty()) AddSection(&out, 9, Vec(elems_));
  if (data_count_) AddSection(&out, 12, Leb(*data_count_));
  if (!codes_.empty()) AddSection(&out, 10, Vec(codes_));
  if (!datas_.empty()) AddSection(&out, 11, Vec(datas_));
  return out;
}

absl::Status DecodeAndValidate(const Bytes& bytes, WasmFeatures features) {
  DecodeLimits limits;
  limits.features = features;
  auto module = DecodeModule(bytes, limits);
  if (!module.ok()) return module.status();
  return ValidateModule(**module, ValidationOptions{features});
}

}  // namespace testing_util
}  // namespace weft
