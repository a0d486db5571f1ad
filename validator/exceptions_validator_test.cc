// Validation of exception handling: tags and their types, throw,
// throw_ref, try_table's catch clauses against their labels, the legacy
// try/catch/catch_all/delegate/rethrow, exnref, and the feature switch.
#include <string>

#include "absl/strings/match.h"
#include "decoder/decoder.h"
#include "gtest/gtest.h"
#include "text/parser.h"
#include "validator/validator.h"

namespace weft {
namespace {

absl::Status Check(const std::string& wat, WasmFeatures features = WasmFeatures::All()) {
  auto bytes = text::ParseWat(wat);
  if (!bytes.ok()) return bytes.status();
  auto module = DecodeModule(absl::MakeConstSpan(*bytes));
  if (!module.ok()) return module.status();
  ValidationOptions options;
  options.features = features;
  return ValidateModule(**module, options);
}

void ExpectInvalid(const std::string& wat, const std::string& prefix,
                   WasmFeatures features = WasmFeatures::All()) {
  const absl::Status s = Check(wat, features);
  ASSERT_FALSE(s.ok()) << wat;
  EXPECT_TRUE(absl::StartsWith(s.message(), prefix)) << s.message() << "\n vs " << prefix;
}

TEST(ExceptionsValidatorTest, ValidModules) {
  const absl::Status s = Check(R"((module (tag $e (param i32 i64)) (tag $f)
    (func (param i32) (result i32)
      (block $h (result i32 i64)
        (try_table (result i32) (catch $e $h) (local.get 0))
        (return))
      (drop))
    (func (result exnref)
      (block $h (result exnref) (try_table (catch_all_ref $h) (throw $f)) (unreachable)))
    (func (param exnref) (throw_ref (local.get 0)))
    (func (result i32)
      (try (result i32) (do (i32.const 1))
        (catch $e (drop) (drop) (rethrow 0))
        (catch_all (i32.const 2))))
    (func (try (do (try (do (throw $f)) (delegate 0))) (catch $f))))
  )");
  EXPECT_TRUE(s.ok()) << s;
}

TEST(ExceptionsValidatorTest, Tags) {
  ExpectInvalid("(module (tag (result i32)))", "non-empty tag result type");
  ExpectInvalid("(module (import \"\" \"\" (tag (result i32))))", "non-empty tag result type");
  ExpectInvalid("(module (func (throw 0)))", "unknown tag 0");
  ExpectInvalid("(module (func (try_table (catch 1 0))))", "unknown tag 1");
  ExpectInvalid("(module (tag) (export \"t\" (tag 1)))", "unknown tag 1");
}

TEST(ExceptionsValidatorTest, ThrowAndThrowRefOperands) {
  ExpectInvalid("(module (tag (param i32)) (func (throw 0)))", "type mismatch");
  ExpectInvalid("(module (tag (param i32)) (func (throw 0 (i64.const 1))))", "type mismatch");
  ExpectInvalid("(module (func (throw_ref (ref.null func))))", "type mismatch");
}

TEST(ExceptionsValidatorTest, CatchClausesMatchTheirLabels) {
  // catch_ref needs the payload and an exnref; catch only the payload.
  ExpectInvalid("(module (tag) (func (try_table (catch_ref 0 0))))", "type mismatch");
  ExpectInvalid("(module (tag) (func (result exnref) (try_table (catch 0 0)) (unreachable)))",
                "type mismatch");
  ExpectInvalid("(module (func (try_table (catch_all_ref 0))))", "type mismatch");
  ExpectInvalid("(module (func (result exnref) (try_table (catch_all 0)) (unreachable)))",
                "type mismatch");
  // Labels count from outside the try_table.
  ExpectInvalid("(module (func (try_table (catch_all 1))))", "unknown label 1");
  ExpectInvalid("(module (func (result i32) (try_table (result i32))))", "type mismatch");
}

TEST(ExceptionsValidatorTest, LegacyTry) {
  ExpectInvalid("(module (func (block (rethrow 0))))", "invalid rethrow label");
  ExpectInvalid("(module (func (try (do (rethrow 0)))))", "invalid rethrow label");
  ExpectInvalid("(module (func (try (do) (delegate 1))))", "unknown label 1");
  ExpectInvalid("(module (tag (param i32)) (func (try (do) (catch 0))))", "type mismatch");
}

TEST(ExceptionsValidatorTest, DisabledFeature) {
  WasmFeatures off = WasmFeatures::All();
  off.Set(WasmFeature::kExceptions, false);
  const std::string disabled = "exception handling is disabled (feature exceptions)";
  ExpectInvalid("(module (tag))", disabled, off);
  ExpectInvalid("(module (import \"m\" \"t\" (tag)))", disabled, off);
  ExpectInvalid("(module (func (param exnref)))", disabled, off);
  ExpectInvalid("(module (func (local exnref)))", disabled, off);
  ExpectInvalid("(module (global exnref (ref.null exn)))", disabled, off);
  ExpectInvalid("(module (func (drop (ref.null exn))))", disabled, off);
  ExpectInvalid("(module (func (try_table)))", disabled, off);
  ExpectInvalid("(module (func (try (do))))", disabled, off);
  EXPECT_TRUE(Check("(module (func (block)))", off).ok());
}

}  // namespace
}  // namespace weft
