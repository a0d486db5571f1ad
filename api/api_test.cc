// Embedding API: compile, link, typed/untyped calls, host functions both
// ways, traps with backtraces, memory and globals from the host.
#include <cstdint>
#include <memory>
#include <string>
#include <tuple>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "api/test_util.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "weft/engine.h"
#include "weft/instance.h"
#include "weft/linker.h"
#include "weft/module.h"
#include "weft/trap_code.h"
#include "weft/version.h"
#include "weft/weft.h"

namespace weft {
namespace {

using ::testing::HasSubstr;

class ApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto m = testing::CompileTestModule(engine_, "basic");
    ASSERT_TRUE(m.ok()) << m.status();
    module_ = *m;
  }

  // Defines the three host imports basic.wat needs.
  void DefineHostImports(Linker& linker) {
    ASSERT_TRUE(linker.Define("env", "add", [](int32_t a, int32_t b) { return a + b; }).ok());
    // Re-enters the instance: callback(x) = double(x).
    ASSERT_TRUE(linker
                    .Define("env", "callback",
                            [this](int32_t x) -> absl::StatusOr<int32_t> {
                              ++callbacks_;
                              if (x < 0) return self_->Call<int32_t(int32_t, int32_t)>("divide", 1, 0);
                              return self_->Call<int32_t(int32_t)>("double", x);
                            })
                    .ok());
    ASSERT_TRUE(linker
                    .DefineFunction("env", "fail", FuncTypeOf<int32_t(int32_t)>(),
                                    [](absl::Span<const Value> args, absl::Span<Value> results) {
                                      if (args[0].i32() == 0) return absl::InternalError("boom");
                                      results[0] = Value::I32(args[0].i32() * 10);
                                      return absl::OkStatus();
                                    })
                    .ok());
  }

  std::unique_ptr<Instance> MakeInstance() {
    Linker linker(engine_);
    DefineHostImports(linker);
    auto inst = linker.Instantiate(module_);
    EXPECT_TRUE(inst.ok()) << inst.status();
    if (!inst.ok()) return nullptr;
    self_ = inst->get();
    return std::move(*inst);
  }

  Engine engine_;
  std::shared_ptr<const CompiledModule> module_;
  Instance* self_ = nullptr;
  int callbacks_ = 0;
};

TEST_F(ApiTest, ModuleListsImportsAndExportsWithTypes) {
  const auto& imports = module_->imports();
  ASSERT_EQ(imports.size(), 3u);
  EXPECT_EQ(imports[0].module, "env");
  EXPECT_EQ(imports[0].name, "add");
  EXPECT_EQ(imports[0].type.kind, ExternKind::kFunc);
  EXPECT_EQ(imports[0].type.func, (FuncTypeOf<int32_t(int32_t, int32_t)>()));
  EXPECT_EQ(imports[0].type.ToString(), "func (i32, i32) -> (i32)");
  bool saw_swap = false, saw_memory = false, saw_counter = false;
  for (const ExportInfo& e : module_->exports()) {
    if (e.name == "swap") {
      saw_swap = true;
      EXPECT_EQ(e.type.func, (FuncTypeOf<std::tuple<int64_t, int32_t>(int32_t, int64_t)>()));
    } else if (e.name == "memory") {
      saw_memory = true;
      EXPECT_EQ(e.type.kind, ExternKind::kMemory);
      EXPECT_EQ(e.type.memory.limits.min, 1u);
      EXPECT_EQ(e.type.memory.limits.max, 4u);
    } else if (e.name == "counter") {
      saw_counter = true;
      EXPECT_EQ(e.type.ToString(), "global mut i32");
    }
  }
  EXPECT_TRUE(saw_swap && saw_memory && saw_counter);
  EXPECT_FALSE(module_->metering());
}

TEST_F(ApiTest, CompileErrorsCarryByteOffsets) {
  std::vector<uint8_t> bad = {0x00, 0x61, 0x73, 0x6d, 0x02, 0x00, 0x00, 0x00};
  auto m = CompiledModule::Compile(engine_, bad);
  ASSERT_FALSE(m.ok());
  EXPECT_EQ(m.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(m.status().message(), HasSubstr("byte offset"));
  // Validation errors (here: a type mismatch in a body) too.
  std::vector<uint8_t> invalid = {
      0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,  // header
      0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7f,        // type () -> i32
      0x03, 0x02, 0x01, 0x00,                          // func 0: type 0
      0x0a, 0x06, 0x01, 0x04, 0x00, 0x42, 0x00, 0x0b,  // body: i64.const 0
  };
  m = CompiledModule::Compile(engine_, invalid);
  ASSERT_FALSE(m.ok());
  EXPECT_EQ(m.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(m.status().message(), HasSubstr("type mismatch"));
  EXPECT_THAT(m.status().message(), HasSubstr("byte offset"));
  EXPECT_EQ(GetTrapCode(m.status()), TrapCode::kOk);
}

// lazy_validation: Compile accepts a module whose body does not validate;
// calling that function fails with the validator's message, every time.
TEST_F(ApiTest, LazyValidationReportsAnInvalidBodyAtItsFirstCall) {
  const std::vector<uint8_t> invalid = {
      0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,  // header
      0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7f,        // type () -> i32
      0x03, 0x02, 0x01, 0x00,                          // func 0: type 0
      0x07, 0x05, 0x01, 0x01, 'f', 0x00, 0x00,         // export "f"
      0x0a, 0x06, 0x01, 0x04, 0x00, 0x42, 0x00, 0x0b,  // body: i64.const 0
  };
  Engine lazy(EngineConfig{.lazy_validation = true});
  auto m = CompiledModule::Compile(lazy, invalid);
  ASSERT_TRUE(m.ok()) << m.status();
  Linker linker(lazy);
  auto inst = linker.Instantiate(*m);
  ASSERT_TRUE(inst.ok()) << inst.status();
  for (int i = 0; i < 2; ++i) {
    auto r = (*inst)->Call<int32_t()>("f");
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.status().code(), absl::StatusCode::kAborted);
    EXPECT_EQ(GetTrapCode(r.status()), TrapCode::kCompileError);
    EXPECT_THAT(r.status().message(),
                HasSubstr("type mismatch: end expected [i32] but got [i64] in function 0"));
  }
  // The default engine refuses the same bytes at Compile.
  auto strict = CompiledModule::Compile(engine_, invalid);
  ASSERT_FALSE(strict.ok());
  EXPECT_EQ(strict.status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(VersionTest, LibraryAndHeadersAgree) {
  EXPECT_STREQ(Version(), WEFT_VERSION);
  EXPECT_STREQ(weft_version(), WEFT_VERSION);
  EXPECT_EQ(std::string(WEFT_VERSION),
            absl::StrCat(WEFT_VERSION_MAJOR, ".", WEFT_VERSION_MINOR, ".", WEFT_VERSION_PATCH));
}

// CompiledModule::Compile takes the text format as well, told by content.
TEST_F(ApiTest, CompilesTextFormat) {
  const std::string wat = R"(
    ;; a comment before the module
    (module
      (func (export "twice") (param i32) (result i32)
        (i32.mul (local.get 0) (i32.const 2)))))";
  auto m = CompiledModule::Compile(
      engine_, absl::MakeConstSpan(reinterpret_cast<const uint8_t*>(wat.data()), wat.size()));
  ASSERT_TRUE(m.ok()) << m.status();
  Linker linker(engine_);
  auto inst = linker.Instantiate(*m);
  ASSERT_TRUE(inst.ok()) << inst.status();
  EXPECT_EQ(*(*inst)->Call<int32_t(int32_t)>("twice", 21), 42);
  const std::string bad = "(module\n  (func (i32.const)))";
  auto refused = CompiledModule::Compile(
      engine_, absl::MakeConstSpan(reinterpret_cast<const uint8_t*>(bad.data()), bad.size()));
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(refused.status().message(), HasSubstr("2:"));
}

TEST_F(ApiTest, EagerCompilation) {
  Engine eager(EngineConfig{.eager_compile = true});
  auto m = testing::CompileTestModule(eager, "basic");
  ASSERT_TRUE(m.ok()) << m.status();
  Linker linker(eager);
  DefineHostImports(linker);
  auto inst = linker.Instantiate(*m);
  ASSERT_TRUE(inst.ok()) << inst.status();
  self_ = inst->get();
  EXPECT_EQ(*(*inst)->Call<int32_t(int32_t)>("via_host", 5), 11);
}

// Every truncation and every single-byte corruption of a real module is
// either rejected with an error or runs within its fuel: never a crash.
TEST_F(ApiTest, DamagedModulesNeverCrash) {
  const std::vector<uint8_t> good = testing::TestWasm("basic");
  ASSERT_FALSE(good.empty());
  for (size_t n = 0; n < good.size(); ++n) {
    std::vector<uint8_t> prefix(good.begin(), good.begin() + n);
    auto m = CompiledModule::Compile(engine_, prefix);
    // Only a cut inside the trailing name section could still be valid.
    if (m.ok()) continue;
    EXPECT_EQ(m.status().code(), absl::StatusCode::kInvalidArgument);
  }
  Engine metered(EngineConfig{.metering = true});
  int compiled = 0;
  for (size_t i = 8; i < good.size(); ++i) {
    std::vector<uint8_t> bytes = good;
    bytes[i] ^= 0x5A;
    auto m = CompiledModule::Compile(metered, bytes);
    if (!m.ok()) continue;
    ++compiled;
    Linker linker(metered);
    DefineHostImports(linker);
    InstanceLimits limits;
    limits.fuel_per_call = 100000;
    auto inst = linker.Instantiate(*m, limits);
    if (!inst.ok()) continue;
    self_ = inst->get();
    for (const ExportInfo& e : (*m)->exports()) {
      if (e.type.kind != ExternKind::kFunc) continue;
      std::vector<Value> args;
      bool supported = true;
      for (ValType t : e.type.func.params) {
        if (t == ValType::kV128) supported = false;
        args.push_back(IsRefType(t) ? Value::NullRef(t) : Value(t));
      }
      if (supported) (void)(*inst)->Call(e.name, args);
    }
  }
  EXPECT_GT(compiled, 0);
}

TEST_F(ApiTest, TypedCalls) {
  auto inst = MakeInstance();
  ASSERT_NE(inst, nullptr);
  EXPECT_EQ(*inst->Call<int32_t(int32_t, int32_t)>("add", 2, 40), 42);
  EXPECT_EQ(*inst->Call<int64_t(int64_t, int64_t)>("add64", int64_t{1} << 40, 5),
            (int64_t{1} << 40) + 5);
  EXPECT_DOUBLE_EQ(*inst->Call<double(float, double)>("mix", 1.5f, 2.25), 3.75);
  auto swapped = inst->Call<std::tuple<int64_t, int32_t>(int32_t, int64_t)>("swap", 7, -9);
  ASSERT_TRUE(swapped.ok()) << swapped.status();
  EXPECT_EQ(*swapped, std::make_tuple(int64_t{-9}, int32_t{7}));
  EXPECT_TRUE(inst->Call<void()>("nothing").ok());
  // Unsigned types map to the same wasm types.
  EXPECT_EQ(*inst->Call<uint32_t(uint32_t, uint32_t)>("add", 0xFFFFFFFFu, 2u), 1u);
}

TEST_F(ApiTest, UntypedCalls) {
  auto inst = MakeInstance();
  ASSERT_NE(inst, nullptr);
  auto r = inst->Call("add", {Value::I32(3), Value::I32(4)});
  ASSERT_TRUE(r.ok()) << r.status();
  ASSERT_EQ(r->size(), 1u);
  EXPECT_EQ((*r)[0], Value::I32(7));
  r = inst->Call("swap", {Value::I32(1), Value::I64(2)});
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(*r, (std::vector<Value>{Value::I64(2), Value::I32(1)}));
  EXPECT_EQ(*inst->GetFunctionType("mix"), (FuncTypeOf<double(float, double)>()));
}

TEST_F(ApiTest, BadArgumentsGiveClearErrors) {
  auto inst = MakeInstance();
  ASSERT_NE(inst, nullptr);
  auto r = inst->Call("add", {Value::I32(3)});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(r.status().message(), "\"add\" (i32, i32) -> (i32) takes 2 argument(s), got 1");
  r = inst->Call("add", {Value::I32(3), Value::I64(4)});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(r.status().message(), "argument 1 of \"add\" (i32, i32) -> (i32) is i64, expected i32");
  r = inst->Call("no_such", {});
  EXPECT_EQ(r.status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(r.status().message(), "no exported function \"no_such\"");
  r = inst->Call("memory", {});  // exists, but is not a function
  EXPECT_EQ(r.status().code(), absl::StatusCode::kNotFound);
  auto typed = inst->Call<int64_t(int64_t, int64_t)>("add", 1, 2);
  ASSERT_FALSE(typed.ok());
  EXPECT_EQ(typed.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(typed.status().message(),
            "\"add\" has type (i32, i32) -> (i32) but was called as (i64, i64) -> (i64)");
  // Nothing ran, nothing broke.
  EXPECT_EQ(*inst->Call<int32_t(int32_t, int32_t)>("add", 1, 2), 3);
}

TEST_F(ApiTest, WasmCallsHost) {
  auto inst = MakeInstance();
  ASSERT_NE(inst, nullptr);
  EXPECT_EQ(*inst->Call<int32_t(int32_t, int32_t)>("call_host_add", 20, 22), 42);
  EXPECT_EQ(*inst->Call<int32_t(int32_t)>("call_fail", 4), 40);
}

TEST_F(ApiTest, HostReentersWasm) {
  auto inst = MakeInstance();
  ASSERT_NE(inst, nullptr);
  // via_host(5) = callback(5) + 1 = double(5) + 1.
  EXPECT_EQ(*inst->Call<int32_t(int32_t)>("via_host", 5), 11);
  EXPECT_EQ(callbacks_, 1);
  // A trap in the nested call keeps its code and both parts of the stack.
  auto r = inst->Call<int32_t(int32_t)>("via_host", -1);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(GetTrapCode(r.status()), TrapCode::kIntegerDivideByZero);
  EXPECT_THAT(r.status().message(), HasSubstr("integer divide by zero"));
  EXPECT_THAT(r.status().message(), HasSubstr("<divide>"));
  EXPECT_THAT(r.status().message(), HasSubstr("<via_host>"));
  EXPECT_EQ(*inst->Call<int32_t(int32_t)>("via_host", 1), 3);
}

TEST_F(ApiTest, HostErrorBecomesHostTrap) {
  auto inst = MakeInstance();
  ASSERT_NE(inst, nullptr);
  auto r = inst->Call<int32_t(int32_t)>("call_fail", 0);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), absl::StatusCode::kAborted);
  EXPECT_EQ(GetTrapCode(r.status()), TrapCode::kHostTrap);
  EXPECT_THAT(r.status().message(), HasSubstr("host trap: boom"));
  EXPECT_THAT(r.status().message(), HasSubstr("<call_fail>"));
}

TEST_F(ApiTest, TrapHasBacktrace) {
  auto inst = MakeInstance();
  ASSERT_NE(inst, nullptr);
  auto r = inst->Call<int32_t(int32_t)>("outer_divide", 0);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(GetTrapCode(r.status()), TrapCode::kIntegerDivideByZero);
  EXPECT_STREQ(TrapCodeMessage(TrapCode::kIntegerDivideByZero), "integer divide by zero");
  const std::string msg(r.status().message());
  // func indices: 3 imports, then add(3) ... divide(12), outer_divide(13).
  // Offsets as `wasm-objdump -d` shows them: i32.div_s in divide, the call
  // in outer.
  EXPECT_EQ(msg,
            "integer divide by zero\nwasm backtrace:\n"
            "  #0 func[12] <divide> @ 0x191\n"
            "  #1 func[13] <outer> @ 0x199");
  EXPECT_EQ(*inst->Call<int32_t(int32_t)>("outer_divide", 1), 1);
}

TEST_F(ApiTest, LinkErrors) {
  // Missing import.
  {
    Linker linker(engine_);
    ASSERT_TRUE(linker.Define("env", "add", [](int32_t a, int32_t b) { return a + b; }).ok());
    auto inst = linker.Instantiate(module_);
    ASSERT_FALSE(inst.ok());
    EXPECT_EQ(inst.status().code(), absl::StatusCode::kNotFound);
    EXPECT_THAT(inst.status().message(), HasSubstr("unknown import"));
    EXPECT_THAT(inst.status().message(), HasSubstr("callback"));
  }
  // Wrong signature.
  {
    Linker linker(engine_);
    DefineHostImports(linker);
    ASSERT_TRUE(linker.Define("env", "add", [](int64_t a, int64_t b) { return a + b; }).ok());
    auto inst = linker.Instantiate(module_);
    ASSERT_FALSE(inst.ok());
    EXPECT_EQ(inst.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_THAT(inst.status().message(), HasSubstr("incompatible import type"));
  }
}

TEST_F(ApiTest, InstancesLinkThroughTheLinker) {
  Linker linker(engine_);
  DefineHostImports(linker);
  auto first = linker.Instantiate(module_);
  ASSERT_TRUE(first.ok()) << first.status();
  self_ = first->get();
  // A second module importing the first one's "double" and memory.
  // (module (import "lib" "double" (func (param i32) (result i32)))
  //         (import "lib" "memory" (memory 1))
  //         (func (export "quad") (param i32) (result i32)
  //           (call 0 (call 0 (local.get 0))))
  //         (func (export "peek") (result i32) (i32.load (i32.const 16))))
  auto bytes = testing::TestWasm("importer");
  auto importer = CompiledModule::Compile(engine_, bytes);
  ASSERT_TRUE(importer.ok()) << importer.status();
  ASSERT_TRUE(linker.DefineInstance("lib", **first).ok());
  auto second = linker.Instantiate(*importer);
  ASSERT_TRUE(second.ok()) << second.status();
  EXPECT_EQ(*(*second)->Call<int32_t(int32_t)>("quad", 3), 12);
  EXPECT_EQ(*(*second)->Call<int32_t()>("peek"), 0x12345678);
  // Instances of another Linker cannot be defined here.
  Linker other(engine_);
  EXPECT_EQ(other.DefineInstance("lib", **first).code(), absl::StatusCode::kFailedPrecondition);
}

TEST_F(ApiTest, MemoryReadWriteAndBounds) {
  auto inst = MakeInstance();
  ASSERT_NE(inst, nullptr);
  auto mem = inst->GetMemory();
  ASSERT_TRUE(mem.ok()) << mem.status();
  EXPECT_EQ(mem->size_bytes(), 65536u);
  EXPECT_EQ(mem->pages(), 1u);
  // The data segment, read as bytes and as a little-endian load.
  uint8_t four[4];
  ASSERT_TRUE(mem->Read(16, absl::MakeSpan(four)).ok());
  EXPECT_EQ(four[0], 0x78);
  EXPECT_EQ(*mem->Load<uint32_t>(16), 0x12345678u);
  EXPECT_EQ(*mem->Load<uint16_t>(17), 0x3456u);
  // Host writes, wasm reads; wasm writes, host reads.
  ASSERT_TRUE(mem->Store<int32_t>(100, -2).ok());
  EXPECT_EQ(*inst->Call<int32_t(int32_t)>("load", 100), -2);
  ASSERT_TRUE((inst->Call<void(int32_t, int32_t)>("store", 200, 0x01020304)).ok());
  EXPECT_EQ(*mem->Load<uint8_t>(200), 0x04);
  ASSERT_TRUE(mem->Store<double>(300, 2.5).ok());
  EXPECT_EQ(*mem->Load<double>(300), 2.5);
  const uint8_t bytes[] = {1, 2, 3};
  ASSERT_TRUE(mem->Write(65533, bytes).ok());  // exactly at the end
  // Out of range: errors, and neither memory nor host buffer is touched.
  uint8_t guard[8] = {9, 9, 9, 9, 9, 9, 9, 9};
  absl::Status s = mem->Read(65534, absl::MakeSpan(guard, 4));
  EXPECT_EQ(s.code(), absl::StatusCode::kOutOfRange);
  EXPECT_THAT(s.message(), HasSubstr("out of bounds"));
  EXPECT_EQ(guard[0], 9);
  EXPECT_EQ(mem->Write(65534, absl::MakeConstSpan(guard, 4)).code(),
            absl::StatusCode::kOutOfRange);
  EXPECT_EQ(*mem->Load<uint8_t>(65534), 2);
  EXPECT_EQ(mem->Read(UINT64_MAX, absl::MakeSpan(guard, 1)).code(),
            absl::StatusCode::kOutOfRange);
  EXPECT_EQ(mem->Read(1, absl::MakeSpan(guard, 0)).code(), absl::StatusCode::kOk);
  EXPECT_EQ(mem->Read(65537, absl::MakeSpan(guard, 0)).code(), absl::StatusCode::kOutOfRange);
  EXPECT_EQ(mem->Load<uint64_t>(65530).status().code(), absl::StatusCode::kOutOfRange);
  EXPECT_EQ(mem->Store<uint64_t>(UINT64_MAX - 3, 1).code(), absl::StatusCode::kOutOfRange);
  // Growing makes the new range accessible, up to the declared max of 4.
  EXPECT_EQ(*mem->Grow(1), 1u);
  EXPECT_TRUE(mem->Load<uint64_t>(65530).ok());
  EXPECT_EQ(mem->Grow(3).status().code(), absl::StatusCode::kResourceExhausted);
  EXPECT_EQ(inst->GetMemory("nope").status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(inst->GetMemory("nope").status().message(), HasSubstr("nope"));
}

TEST_F(ApiTest, MemoryLimitOverridesDeclaredMaximum) {
  Linker linker(engine_);
  DefineHostImports(linker);
  InstanceLimits limits;
  limits.max_memory_pages = 2;
  auto inst = linker.Instantiate(module_, limits);
  ASSERT_TRUE(inst.ok()) << inst.status();
  auto mem = (*inst)->GetMemory();
  EXPECT_EQ(mem->max_pages(), 2u);
  EXPECT_TRUE(mem->Grow(1).ok());
  EXPECT_EQ(mem->Grow(1).status().code(), absl::StatusCode::kResourceExhausted);
  limits.max_memory_pages = 0;  // below the declared minimum of 1
  auto refused = linker.Instantiate(module_, limits);
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kResourceExhausted);
}

TEST_F(ApiTest, Globals) {
  auto inst = MakeInstance();
  ASSERT_NE(inst, nullptr);
  EXPECT_EQ(*inst->GetGlobal("answer"), Value::I64(42));
  EXPECT_EQ(*inst->Call<int32_t()>("bump"), 1);
  EXPECT_EQ(*inst->GetGlobal("counter"), Value::I32(1));
  ASSERT_TRUE(inst->SetGlobal("counter", Value::I32(41)).ok());
  EXPECT_EQ(*inst->Call<int32_t()>("bump"), 42);
  EXPECT_EQ(inst->SetGlobal("answer", Value::I64(1)).code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(inst->SetGlobal("counter", Value::I64(1)).code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(inst->GetGlobal("nope").status().code(), absl::StatusCode::kNotFound);
}

TEST_F(ApiTest, StartFunctionTrapFailsInstantiation) {
  // (module (func $start (unreachable)) (start $start))
  auto m = testing::CompileTestModule(engine_, "start_trap");
  ASSERT_TRUE(m.ok()) << m.status();
  Linker linker(engine_);
  auto inst = linker.Instantiate(*m);
  ASSERT_FALSE(inst.ok());
  EXPECT_EQ(GetTrapCode(inst.status()), TrapCode::kUnreachable);
  EXPECT_THAT(inst.status().message(), HasSubstr("<start>"));
}

TEST_F(ApiTest, FunctionHandles) {
  auto inst = MakeInstance();
  ASSERT_NE(inst, nullptr);
  auto add = inst->GetTypedFunction<int32_t(int32_t, int32_t)>("add");
  ASSERT_TRUE(add.ok()) << add.status();
  for (int32_t i = 0; i < 100; ++i) EXPECT_EQ(*(*add)(i, 1), i + 1);
  auto wrong = inst->GetTypedFunction<int32_t(int32_t)>("add");
  EXPECT_EQ(wrong.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(inst->GetFunction("nope").status().code(), absl::StatusCode::kNotFound);
  auto swap = inst->GetFunction("swap");
  ASSERT_TRUE(swap.ok());
  EXPECT_EQ(swap->type(), (FuncTypeOf<std::tuple<int64_t, int32_t>(int32_t, int64_t)>()));
  EXPECT_EQ(*swap->Call({Value::I32(1), Value::I64(2)}),
            (std::vector<Value>{Value::I64(2), Value::I32(1)}));
  EXPECT_EQ(swap->Call({Value::I32(1)}).status().code(), absl::StatusCode::kInvalidArgument);
  auto swap_typed =
      inst->GetTypedFunction<std::tuple<int64_t, int32_t>(int32_t, int64_t)>("swap");
  ASSERT_TRUE(swap_typed.ok());
  EXPECT_EQ(*(*swap_typed)(-3, int64_t{1} << 40), std::make_tuple(int64_t{1} << 40, -3));
  auto mix = inst->GetTypedFunction<double(float, double)>("mix");
  EXPECT_DOUBLE_EQ(*(*mix)(-0.5f, 0.25), -0.25);
  auto nothing = inst->GetTypedFunction<void()>("nothing");
  EXPECT_TRUE((*nothing)().ok());
  auto add_u = inst->GetTypedFunction<uint32_t(uint32_t, uint32_t)>("add");
  EXPECT_EQ(*(*add_u)(0xFFFFFFF0u, 0x20u), 0x10u);
  auto div = inst->GetTypedFunction<int32_t(int32_t, int32_t)>("divide");
  EXPECT_EQ(GetTrapCode((*div)(1, 0).status()), TrapCode::kIntegerDivideByZero);
}

TEST_F(ApiTest, ExternRefsRoundTrip) {
  auto inst = MakeInstance();
  ASSERT_NE(inst, nullptr);
  int host_object = 0;
  Value ref = Value::Ref(ValType::kExternRef, reinterpret_cast<uintptr_t>(&host_object));
  auto r = inst->Call("id_ref", {ref});
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ((*r)[0], ref);
  EXPECT_EQ((*inst->Call("is_null", {ref}))[0], Value::I32(0));
  EXPECT_EQ((*inst->Call("is_null", {Value::NullRef(ValType::kExternRef)}))[0], Value::I32(1));
}

TEST_F(ApiTest, HandlesOutliveInstanceAndLinker) {
  absl::StatusOr<Memory> mem = absl::UnknownError("unset");
  std::unique_ptr<InterruptHandle> handle;
  {
    auto inst = MakeInstance();
    ASSERT_NE(inst, nullptr);
    mem = inst->GetMemory();
    handle = std::make_unique<InterruptHandle>(inst->interrupt_handle());
  }
  ASSERT_TRUE(mem.ok());
  EXPECT_EQ(*mem->Load<uint32_t>(16), 0x12345678u);
  handle->Interrupt();  // harmless
}

}  // namespace
}  // namespace weft
