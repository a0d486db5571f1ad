#include "bench/wat_generator.h"

#include <random>

#include "absl/strings/str_cat.h"

namespace weft::bench {
namespace {

class WatWriter {
 public:
  explicit WatWriter(uint32_t seed) : rng_(seed) {}

  std::string Module(size_t target_bytes) {
    out_ = "(module $generated\n";
    out_ += "  ;; generated for the text parser benchmark\n";
    out_ += "  (memory $mem (export \"memory\") 1)\n";
    out_ += "  (table $funcs 1 funcref)\n";
    out_ += "  (global $counter (mut i32) (i32.const 0))\n";
    out_ += "  (type $binop (func (param i32 i32) (result i32)))\n";
    out_ += "  (data (i32.const 16) \"hello\\n\\t\\00\\ff\\u{1F600} world\")\n";
    int index = 0;
    while (out_.size() < target_bytes) Function(index++);
    out_ += ")\n";
    return std::move(out_);
  }

 private:
  int Pick(int n) { return static_cast<int>(rng_() % static_cast<uint32_t>(n)); }

  void Function(int index) {
    absl::StrAppend(&out_, "  (func $f", index, " (export \"f", index,
                    "\") (param $a i32) (param $b i32) (result i32)\n",
                    "    (local $x i32) (local $y i64) (local $z f64)\n");
    // A plain-syntax loop with a label and a branch back.
    absl::StrAppend(&out_, "    block $exit\n      loop $top\n");
    for (int i = 0, n = 4 + Pick(8); i < n; ++i) Statement(index, 8);
    absl::StrAppend(&out_,
                    "        local.get $a\n        i32.const 1\n        i32.sub\n"
                    "        local.tee $a\n        br_if $top\n      end\n    end\n");
    // Folded-syntax statements.
    for (int i = 0, n = 3 + Pick(6); i < n; ++i) FoldedStatement(index);
    absl::StrAppend(&out_, "    (i32.add (local.get $x) (global.get $counter)))\n");
  }

  // A stack-neutral plain-syntax statement.
  void Statement(int index, int indent) {
    const std::string pad(indent, ' ');
    switch (Pick(6)) {
      case 0:
        absl::StrAppend(&out_, pad, "local.get $x\n", pad, "i32.const ", Pick(100000), "\n",
                        pad, "i32.mul\n", pad, "local.set $x\n");
        break;
      case 1:
        absl::StrAppend(&out_, pad, "i32.const ", 64 + Pick(1024), "\n", pad,
                        "i64.load offset=", 8 * Pick(16), " align=8\n", pad,
                        "local.get $y\n", pad, "i64.xor\n", pad, "local.set $y\n");
        break;
      case 2:
        absl::StrAppend(&out_, pad, "local.get $z\n", pad, "f64.const ",
                        Pick(1000), ".", Pick(1000), "e-", Pick(10), "\n", pad, "f64.add\n",
                        pad, "local.set $z  ;; accumulate\n");
        break;
      case 3:
        absl::StrAppend(&out_, pad, "local.get $a\n", pad, "if $then (result i32)\n", pad,
                        "  i32.const 0x", absl::Hex(rng_()), "\n", pad, "else\n", pad,
                        "  local.get $b\n", pad, "end\n", pad, "local.set $x\n");
        break;
      case 4:
        if (index > 0) {
          absl::StrAppend(&out_, pad, "local.get $x\n", pad, "local.get $b\n", pad,
                          "call $f", Pick(index), "\n", pad, "drop\n");
        }
        break;
      default:
        absl::StrAppend(&out_, pad, "global.get $counter\n", pad, "i32.const 1\n", pad,
                        "i32.add\n", pad, "global.set $counter\n");
        break;
    }
  }

  void FoldedStatement(int index) {
    switch (Pick(4)) {
      case 0:
        absl::StrAppend(&out_,
                        "    (local.set $x (i32.add (i32.shl (local.get $a) (i32.const ",
                        Pick(31), ")) (i32.rotl (local.get $b) (local.get $x))))\n");
        break;
      case 1:
        absl::StrAppend(&out_, "    (i32.store offset=", 4 * Pick(64),
                        " (i32.const 256) (i32.wrap_i64 (i64.extend_i32_u (local.get $x))))\n");
        break;
      case 2:
        absl::StrAppend(&out_,
                        "    (if (i32.lt_u (local.get $a) (i32.const 10))\n"
                        "      (then (local.set $z (f64.mul (local.get $z) (f64.const "
                        "0x1.8p+",
                        Pick(20), "))))\n      (else (local.set $x (i32.const -", Pick(1000),
                        "))))\n");
        break;
      default:
        absl::StrAppend(&out_, "    (drop (call_indirect (type $binop) (local.get $a) ",
                        "(local.get $b) (i32.const ", index == 0 ? 0 : Pick(index),
                        ")))  (; a block comment ;)\n");
        break;
    }
  }

  std::mt19937 rng_;
  std::string out_;
};

}  // namespace

std::string GenerateWat(size_t target_bytes, uint32_t seed) {
  return WatWriter(seed).Module(target_bytes);
}

}  // namespace weft::bench
