#include "wast/script_parser.h"

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "text/numbers.h"
#include "text/parser.h"

namespace weft::wast {
namespace {

using text::Token;
using text::TokenKind;

constexpr size_t kNone = ~size_t{0};

// Annotations `(@id ...)` may stand wherever white space may, also around
// and inside commands: the commands are read without them. A module's
// text keeps its own, for the text parser to read (@custom, @name, branch
// hints): `raw_index` maps each token left to its index in `raw`, which
// keeps them all (both stay empty when there is no annotation, the common
// case). An annotation left open is an error of the whole file.
struct ScriptTokens {
  std::vector<Token> tokens;
  std::vector<Token> raw;
  std::vector<size_t> raw_index;
};

absl::StatusOr<ScriptTokens> DropAnnotations(std::vector<Token> tokens) {
  ScriptTokens out;
  bool any = false;
  for (const Token& t : tokens) any = any || t.kind == TokenKind::kAnnotation;
  if (!any) {
    out.tokens = std::move(tokens);
    return out;
  }
  size_t depth = 0, open_at = 0;
  for (size_t in = 0; in < tokens.size(); ++in) {
    const TokenKind k = tokens[in].kind;
    if (depth > 0) {
      if (k == TokenKind::kLParen || k == TokenKind::kAnnotation) ++depth;
      if (k == TokenKind::kRParen) --depth;
      continue;
    }
    if (k == TokenKind::kAnnotation) {
      depth = 1;
      open_at = in;
      continue;
    }
    out.tokens.push_back(tokens[in]);
    out.raw_index.push_back(in);
  }
  if (depth > 0) return text::ErrorAt(tokens[open_at], "unclosed annotation");
  out.raw = std::move(tokens);
  return out;
}

// The `)` matching every `(` (and annotation opener), by token index.
absl::StatusOr<std::vector<size_t>> MatchParens(const std::vector<Token>& tokens) {
  std::vector<size_t> match(tokens.size(), kNone);
  std::vector<size_t> open;
  for (size_t i = 0; i < tokens.size(); ++i) {
    const TokenKind k = tokens[i].kind;
    if (k == TokenKind::kLParen || k == TokenKind::kAnnotation) {
      open.push_back(i);
    } else if (k == TokenKind::kRParen) {
      if (open.empty()) return text::ErrorAt(tokens[i], "unexpected ')'");
      match[open.back()] = i;
      open.pop_back();
    }
  }
  if (!open.empty()) return text::ErrorAt(tokens[open.back()], "unclosed '('");
  return match;
}

// Reads the commands; `pos_` walks the tokens, each group bounded by its
// matching parenthesis so a bad command cannot swallow the next one.
class Reader {
 public:
  Reader(ScriptTokens tokens, std::vector<size_t> match, Token end)
      : tokens_(std::move(tokens.tokens)),
        raw_(std::move(tokens.raw)),
        raw_index_(std::move(tokens.raw_index)),
        match_(std::move(match)),
        end_(std::move(end)) {}

  absl::StatusOr<Script> Read() {
    Script script;
    pos_ = 0;
    if (IsBareModule()) {
      script.commands.push_back(BareModule());
      return script;
    }
    while (pos_ < tokens_.size()) {
      const Token& t = tokens_[pos_];
      if (t.kind != TokenKind::kLParen) {
        return text::ErrorAt(t, absl::StrCat("expected a command '(' but found ",
                                             Describe(t)));
      }
      const size_t group_end = match_[pos_];
      Command cmd;
      cmd.line = t.line;
      cmd.keyword = pos_ + 1 < group_end && tokens_[pos_ + 1].kind == TokenKind::kKeyword
                        ? std::string(tokens_[pos_ + 1].text)
                        : "";
      absl::Status s = ReadCommand(&cmd);
      if (!s.ok()) {
        cmd.kind = Command::Kind::kBroken;
        cmd.error = std::string(s.message());
      }
      pos_ = group_end + 1;
      script.commands.push_back(std::move(cmd));
    }
    return script;
  }

 private:
  // The spec lets a script be just a module's fields, `(func) (memory 1)`,
  // standing for one anonymous module.
  bool IsBareModule() const {
    static constexpr absl::string_view kFields[] = {
        "type", "rec", "func", "table", "memory", "global", "tag",
        "import", "export", "start", "elem", "data"};
    if (tokens_.size() < 2 || tokens_[0].kind != TokenKind::kLParen) return false;
    for (absl::string_view f : kFields) {
      if (tokens_[1].kind == TokenKind::kKeyword && tokens_[1].text == f) return true;
    }
    return false;
  }

  Command BareModule() const {
    Command cmd;
    cmd.kind = Command::Kind::kModule;
    cmd.keyword = "module";
    cmd.line = tokens_[0].line;
    Token open = tokens_[0];
    Token keyword = tokens_[0];
    keyword.kind = TokenKind::kKeyword;
    keyword.text = "module";
    Token close = end_;
    close.kind = TokenKind::kRParen;
    close.text = ")";
    ScriptModule& m = cmd.module;
    m.form = ScriptModule::Form::kText;
    m.tokens.reserve(tokens_.size() + 3);
    m.tokens.push_back(open);
    m.tokens.push_back(keyword);
    const std::vector<Token>& fields = raw_.empty() ? tokens_ : raw_;
    m.tokens.insert(m.tokens.end(), fields.begin(), fields.end());
    m.tokens.push_back(close);
    m.end = end_;
    return cmd;
  }

  static std::string Describe(const Token& t) {
    if (t.kind == TokenKind::kEof) return "end of input";
    return absl::StrCat(text::TokenKindName(t.kind), " '", t.text.substr(0, 40), "'");
  }

  const Token& Peek() const { return pos_ < limit_ ? tokens_[pos_] : tokens_[limit_]; }
  bool AtEnd() const { return pos_ >= limit_; }
  bool PeekIs(TokenKind k) const { return !AtEnd() && tokens_[pos_].kind == k; }
  bool PeekGroup(absl::string_view keyword) const {
    return PeekIs(TokenKind::kLParen) && pos_ + 1 < limit_ &&
           tokens_[pos_ + 1].kind == TokenKind::kKeyword && tokens_[pos_ + 1].text == keyword;
  }
  absl::Status Expected(absl::string_view what) const {
    const Token& at = AtEnd() ? tokens_[limit_] : tokens_[pos_];
    return text::ErrorAt(at, absl::StrCat("expected ", what, " but found ",
                                          AtEnd() ? "')'" : Describe(at)));
  }
  std::string TakeId() {
    if (!PeekIs(TokenKind::kId)) return "";
    return tokens_[pos_++].value;
  }
  absl::StatusOr<std::string> TakeString(absl::string_view what) {
    if (!PeekIs(TokenKind::kString)) return Expected(what);
    return tokens_[pos_++].value;
  }
  absl::Status ExpectEnd() {
    if (!AtEnd()) return Expected("')'");
    return absl::OkStatus();
  }

  // Enters the group at pos_ (a `(`); returns the enclosing limit to
  // restore with Leave.
  size_t Enter() {
    const size_t outer = limit_;
    limit_ = match_[pos_];
    pos_ += 2;  // `(` keyword
    return outer;
  }
  void Leave(size_t outer) {
    pos_ = limit_ + 1;
    limit_ = outer;
  }

  absl::Status ReadCommand(Command* cmd) {
    limit_ = match_[pos_];
    const std::string& kw = cmd->keyword;
    using Kind = Command::Kind;
    if (kw == "module") return ReadModuleCommand(cmd);
    if (kw == "register") {
      pos_ += 2;
      cmd->kind = Kind::kRegister;
      WEFT_ASSIGN_OR_RETURN(cmd->as, TakeString("a module name string"));
      cmd->instance = TakeId();
      return ExpectEnd();
    }
    if (kw == "invoke" || kw == "get") {
      cmd->kind = Kind::kAction;
      return ReadAction(&cmd->action);
    }
    pos_ += 2;
    if (kw == "assert_return") {
      cmd->kind = Kind::kAssertReturn;
      WEFT_RETURN_IF_ERROR(ReadAction(&cmd->action));
      while (!AtEnd()) {
        WEFT_ASSIGN_OR_RETURN(ExpectedResult r, ReadResult());
        cmd->expected.push_back(std::move(r));
      }
      return absl::OkStatus();
    }
    if (kw == "assert_trap" && PeekGroup("module")) {
      cmd->kind = Kind::kAssertUninstantiable;
      return ReadModuleAssertion(cmd);
    }
    if (kw == "assert_trap" || kw == "assert_exhaustion") {
      cmd->kind = kw == "assert_trap" ? Kind::kAssertTrap : Kind::kAssertExhaustion;
      WEFT_RETURN_IF_ERROR(ReadAction(&cmd->action));
      WEFT_ASSIGN_OR_RETURN(cmd->text, TakeString("the expected message"));
      return ExpectEnd();
    }
    if (kw == "assert_exception") {
      cmd->kind = Kind::kAssertException;
      WEFT_RETURN_IF_ERROR(ReadAction(&cmd->action));
      return ExpectEnd();
    }
    if (kw == "assert_malformed") cmd->kind = Kind::kAssertMalformed;
    else if (kw == "assert_invalid") cmd->kind = Kind::kAssertInvalid;
    else if (kw == "assert_malformed_custom") cmd->kind = Kind::kAssertMalformedCustom;
    else if (kw == "assert_invalid_custom") cmd->kind = Kind::kAssertInvalidCustom;
    else if (kw == "assert_unlinkable") cmd->kind = Kind::kAssertUnlinkable;
    else if (kw == "assert_uninstantiable") cmd->kind = Kind::kAssertUninstantiable;
    else {
      cmd->kind = Kind::kUnsupported;
      cmd->error = kw.empty() ? "a command must start with a keyword"
                              : absl::StrCat("weft does not run `", kw, "` commands");
      return absl::OkStatus();
    }
    return ReadModuleAssertion(cmd);
  }

  // (assert_X (module ...) "message")
  absl::Status ReadModuleAssertion(Command* cmd) {
    if (!PeekGroup("module")) return Expected("(module ...)");
    const size_t outer = limit_;
    bool definition = false;
    WEFT_RETURN_IF_ERROR(ReadModule(&cmd->module, &definition));
    limit_ = outer;
    WEFT_ASSIGN_OR_RETURN(cmd->text, TakeString("the expected message"));
    return ExpectEnd();
  }

  absl::Status ReadModuleCommand(Command* cmd) {
    using Kind = Command::Kind;
    if (pos_ + 2 < limit_ && tokens_[pos_ + 2].kind == TokenKind::kKeyword &&
        tokens_[pos_ + 2].text == "instance") {
      cmd->kind = Kind::kModuleInstance;
      pos_ += 3;
      cmd->instance = TakeId();
      cmd->as = TakeId();
      return ExpectEnd();
    }
    bool definition = false;
    WEFT_RETURN_IF_ERROR(ReadModule(&cmd->module, &definition));
    cmd->kind = definition ? Kind::kModuleDefinition : Kind::kModule;
    return absl::OkStatus();
  }

  // At `(module`: `definition`? $id? (binary|quote) string* | field*.
  absl::Status ReadModule(ScriptModule* m, bool* definition) {
    const size_t start = pos_;
    const size_t outer = Enter();
    size_t definition_at = kNone;
    if (!AtEnd() && Peek().kind == TokenKind::kKeyword && Peek().text == "definition") {
      definition_at = pos_++;
      *definition = true;
    }
    m->name = TakeId();
    if (!AtEnd() && Peek().kind == TokenKind::kKeyword &&
        (Peek().text == "binary" || Peek().text == "quote")) {
      m->form = Peek().text == "binary" ? ScriptModule::Form::kBinary
                                        : ScriptModule::Form::kQuote;
      ++pos_;
      while (!AtEnd()) {
        WEFT_ASSIGN_OR_RETURN(std::string s, TakeString("a string"));
        m->source += s;
      }
    } else {
      m->form = ScriptModule::Form::kText;
      if (raw_.empty()) {
        for (size_t i = start; i <= limit_; ++i) {
          if (i != definition_at) m->tokens.push_back(tokens_[i]);
        }
      } else {
        // With the module's own annotations.
        const size_t skip = definition_at == kNone ? kNone : raw_index_[definition_at];
        for (size_t i = raw_index_[start]; i <= raw_index_[limit_]; ++i) {
          if (i != skip) m->tokens.push_back(raw_[i]);
        }
      }
      m->end = limit_ + 1 < tokens_.size() ? tokens_[limit_ + 1] : end_;
    }
    Leave(outer);
    return absl::OkStatus();
  }

  // (invoke $id? "name" const*) | (get $id? "name")
  absl::Status ReadAction(Action* a) {
    if (!PeekGroup("invoke") && !PeekGroup("get")) return Expected("(invoke ...) or (get ...)");
    a->is_get = tokens_[pos_ + 1].text == "get";
    const size_t outer = Enter();
    a->module = TakeId();
    WEFT_ASSIGN_OR_RETURN(a->field, TakeString("an export name string"));
    while (!a->is_get && !AtEnd()) {
      WEFT_ASSIGN_OR_RETURN(wast::Expected e, ReadConst(/*pattern=*/false));
      a->args.push_back(e.value);
    }
    WEFT_RETURN_IF_ERROR(ExpectEnd());
    Leave(outer);
    return absl::OkStatus();
  }

  absl::StatusOr<ExpectedResult> ReadResult() {
    ExpectedResult r;
    if (PeekGroup("either")) {
      const size_t outer = Enter();
      while (!AtEnd()) {
        WEFT_ASSIGN_OR_RETURN(wast::Expected e, ReadConst(/*pattern=*/true));
        r.any_of.push_back(std::move(e));
      }
      if (r.any_of.empty()) return Expected("a result");
      Leave(outer);
      return r;
    }
    WEFT_ASSIGN_OR_RETURN(wast::Expected e, ReadConst(/*pattern=*/true));
    r.any_of.push_back(std::move(e));
    return r;
  }

  // A constant: `(T.const ...)` or a reference form. `pattern`: a result,
  // where NaN patterns and reference classes are allowed.
  absl::StatusOr<wast::Expected> ReadConst(bool pattern) {
    if (!PeekIs(TokenKind::kLParen) || pos_ + 1 >= limit_ ||
        tokens_[pos_ + 1].kind != TokenKind::kKeyword) {
      return Expected(pattern ? "a result" : "a constant");
    }
    const Token& op = tokens_[pos_ + 1];
    const size_t outer = Enter();
    wast::Expected e;
    const absl::string_view name = op.text;
    if (name == "i32.const" || name == "i64.const") {
      const int bits = name == "i32.const" ? 32 : 64;
      WEFT_ASSIGN_OR_RETURN(uint64_t v, Integer(bits));
      e.value = bits == 32 ? Value::I32(static_cast<uint32_t>(v)) : Value::I64(v);
    } else if (name == "f32.const" || name == "f64.const") {
      const int bits = name == "f32.const" ? 32 : 64;
      e.value.type = bits == 32 ? ValType::kF32 : ValType::kF64;
      WEFT_ASSIGN_OR_RETURN(e.value.bits, Float(bits, pattern, &e.nan[0]));
    } else if (name == "v128.const") {
      WEFT_RETURN_IF_ERROR(V128(pattern, &e));
    } else {
      WEFT_RETURN_IF_ERROR(Reference(op, pattern, &e));
    }
    WEFT_RETURN_IF_ERROR(ExpectEnd());
    Leave(outer);
    return e;
  }

  absl::StatusOr<uint64_t> Integer(int bits) {
    if (!PeekIs(TokenKind::kNat) && !PeekIs(TokenKind::kInt)) return Expected("an integer");
    const Token& t = tokens_[pos_++];
    absl::StatusOr<uint64_t> v = text::ParseUninterpreted(t.text, bits);
    if (!v.ok()) return text::ErrorAt(t, v.status().message());
    return *v;
  }

  absl::StatusOr<uint64_t> Float(int bits, bool pattern, NanPattern* nan) {
    if (pattern && PeekIs(TokenKind::kKeyword) &&
        (Peek().text == "nan:canonical" || Peek().text == "nan:arithmetic")) {
      *nan = Peek().text == "nan:canonical" ? NanPattern::kCanonical
                                            : NanPattern::kArithmetic;
      ++pos_;
      return 0;
    }
    if (!PeekIs(TokenKind::kNat) && !PeekIs(TokenKind::kInt) &&
        !PeekIs(TokenKind::kFloat)) {
      return Expected(pattern ? "a number or NaN pattern" : "a number");
    }
    const Token& t = tokens_[pos_++];
    if (bits == 32) {
      absl::StatusOr<uint32_t> v = text::ParseF32(t.text);
      if (!v.ok()) return text::ErrorAt(t, v.status().message());
      return *v;
    }
    absl::StatusOr<uint64_t> v = text::ParseF64(t.text);
    if (!v.ok()) return text::ErrorAt(t, v.status().message());
    return *v;
  }

  absl::Status V128(bool pattern, wast::Expected* e) {
    static constexpr struct {
      absl::string_view name;
      LaneShape shape;
      int bits;
      bool is_float;
    } kShapes[] = {{"i8x16", LaneShape::kI8, 8, false},   {"i16x8", LaneShape::kI16, 16, false},
                   {"i32x4", LaneShape::kI32, 32, false}, {"i64x2", LaneShape::kI64, 64, false},
                   {"f32x4", LaneShape::kF32, 32, true},  {"f64x2", LaneShape::kF64, 64, true}};
    e->value = Value::V128(0, 0);
    for (const auto& s : kShapes) {
      if (!PeekIs(TokenKind::kKeyword) || Peek().text != s.name) continue;
      ++pos_;
      e->shape = s.shape;
      for (int lane = 0; lane < 128 / s.bits; ++lane) {
        uint64_t v;
        if (s.is_float) {
          NanPattern nan = NanPattern::kNone;
          WEFT_ASSIGN_OR_RETURN(v, Float(s.bits, pattern, &nan));
          e->nan[lane] = nan;
        } else {
          WEFT_ASSIGN_OR_RETURN(v, Integer(s.bits));
        }
        if (s.bits < 64) v &= (uint64_t{1} << s.bits) - 1;
        e->value.SetLane(s.bits, lane, v);
      }
      return absl::OkStatus();
    }
    return Expected("a v128 shape (i8x16, i16x8, i32x4, i64x2, f32x4, f64x2)");
  }

  // ref.null ht?, ref.extern n?, ref.host n, ref.func, and (results only)
  // the reference classes of 3.0: ref.struct, ref.array, ref.i31, ...
  absl::Status Reference(const Token& op, bool pattern, wast::Expected* e) {
    const absl::string_view name = op.text;
    if (name == "ref.null") {
      std::string heap;
      if (PeekIs(TokenKind::kKeyword) || PeekIs(TokenKind::kId) || PeekIs(TokenKind::kNat)) {
        heap = std::string(tokens_[pos_++].text);
      }
      if (heap == "func" || heap == "nofunc") {
        e->value = Value::NullRef(ValType::kFuncRef);
      } else if (heap == "extern" || heap == "noextern") {
        e->value = Value::NullRef(ValType::kExternRef);
      } else if (heap == "exn" || heap == "noexn") {
        e->value = Value::NullRef(ValType::kExnRef);
      } else if (!pattern && (heap == "any" || heap == "eq" || heap == "i31" ||
                              heap == "struct" || heap == "array" || heap == "none")) {
        e->value = Value::NullRef(kScriptAnyRef);
      } else if (pattern) {
        e->ref = RefPattern::kNull;  // any null: weft has no other heap types
      } else {
        return text::ErrorAt(op, absl::StrCat("weft cannot pass a null of heap type `",
                                              heap.empty() ? "(none)" : heap,
                                              "` (no GC or exception references yet)"));
      }
      return absl::OkStatus();
    }
    if (name == "ref.extern") {
      if (PeekIs(TokenKind::kNat)) {
        WEFT_ASSIGN_OR_RETURN(uint64_t id, Integer(64));
        e->value = Value::ExternRef(id);
        return absl::OkStatus();
      }
      if (!pattern) return Expected("an extern reference number");
      e->ref = RefPattern::kExtern;
      return absl::OkStatus();
    }
    static constexpr struct {
      absl::string_view name;
      RefPattern ref;
    } kClasses[] = {{"ref.func", RefPattern::kFunc},     {"ref.host", RefPattern::kHost},
                    {"ref.struct", RefPattern::kStruct}, {"ref.array", RefPattern::kArray},
                    {"ref.i31", RefPattern::kI31},       {"ref.any", RefPattern::kAny},
                    {"ref.eq", RefPattern::kEq},         {"ref.exn", RefPattern::kExn}};
    for (const auto& c : kClasses) {
      if (name != c.name) continue;
      if (!pattern && c.ref == RefPattern::kHost && PeekIs(TokenKind::kNat)) {
        WEFT_ASSIGN_OR_RETURN(uint64_t id, Integer(64));
        e->value = Value{kScriptAnyRef, id, Value::kHost, false};
        return absl::OkStatus();
      }
      if (!pattern) {
        return text::ErrorAt(op, absl::StrCat("weft cannot pass a `", name, "` argument"));
      }
      e->ref = c.ref;
      if (PeekIs(TokenKind::kNat)) ++pos_;  // a host id: matches any of the class
      return absl::OkStatus();
    }
    return text::ErrorAt(op, absl::StrCat("unknown constant `", name, "`"));
  }

  std::vector<Token> tokens_;
  std::vector<Token> raw_;          // see DropAnnotations
  std::vector<size_t> raw_index_;
  std::vector<size_t> match_;
  Token end_;
  size_t pos_ = 0;
  size_t limit_ = 0;  // index of the current group's `)`
};

}  // namespace

absl::StatusOr<Script> ParseScript(absl::string_view source) {
  WEFT_ASSIGN_OR_RETURN(std::vector<Token> raw, text::Tokenize(source));
  WEFT_ASSIGN_OR_RETURN(ScriptTokens tokens, DropAnnotations(std::move(raw)));
  WEFT_ASSIGN_OR_RETURN(std::vector<size_t> match, MatchParens(tokens.tokens));
  Token end;
  end.kind = TokenKind::kEof;
  if (!tokens.tokens.empty()) {
    end.line = tokens.tokens.back().line;
    end.column = tokens.tokens.back().column + tokens.tokens.back().text.size();
  }
  return Reader(std::move(tokens), std::move(match), std::move(end)).Read();
}

absl::StatusOr<std::vector<uint8_t>> EncodeModule(const ScriptModule& module) {
  switch (module.form) {
    case ScriptModule::Form::kBinary:
      return std::vector<uint8_t>(module.source.begin(), module.source.end());
    case ScriptModule::Form::kQuote:
      return text::ParseWat(module.source);
    case ScriptModule::Form::kText:
      return text::ParseWatTokens(module.tokens, module.end);
  }
  return absl::InternalError("unknown module form");
}

}  // namespace weft::wast
