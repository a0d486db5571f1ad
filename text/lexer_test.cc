#include "text/lexer.h"

#include <chrono>
#include <random>
#include <string>
#include <vector>

#include "gtest/gtest.h"

namespace weft::text {
namespace {

using std::string_literals::operator""s;

// "kind:text" per token, e.g. {"(", "keyword:module", ")"}.
std::vector<std::string> Kinds(absl::string_view source) {
  absl::StatusOr<std::vector<Token>> tokens = Tokenize(source);
  EXPECT_TRUE(tokens.ok()) << source << ": " << tokens.status();
  std::vector<std::string> out;
  if (!tokens.ok()) return out;
  for (const Token& t : *tokens) {
    if (t.kind == TokenKind::kLParen || t.kind == TokenKind::kRParen) {
      out.emplace_back(t.text);
    } else {
      out.push_back(absl::StrCat(TokenKindName(t.kind), ":", t.text));
    }
  }
  return out;
}

Token One(absl::string_view source) {
  absl::StatusOr<std::vector<Token>> tokens = Tokenize(source);
  EXPECT_TRUE(tokens.ok()) << source << ": " << tokens.status();
  if (!tokens.ok() || tokens->size() != 1) {
    ADD_FAILURE() << source << " is not one token";
    return Token{};
  }
  return (*tokens)[0];
}

std::string Error(absl::string_view source) {
  absl::StatusOr<std::vector<Token>> tokens = Tokenize(source);
  EXPECT_FALSE(tokens.ok()) << source;
  if (tokens.ok()) return "<ok>";
  EXPECT_EQ(tokens.status().code(), absl::StatusCode::kInvalidArgument);
  return std::string(tokens.status().message());
}

using Strings = std::vector<std::string>;

TEST(LexerTest, ParensKeywordsAndOperators) {
  EXPECT_EQ(Kinds("(module (func (i32.add (i32.const 1) (i32.const 2))))"),
            (Strings{"(", "keyword:module", "(", "keyword:func", "(",
                     "keyword:i32.add", "(", "keyword:i32.const",
                     "unsigned integer:1", ")", "(", "keyword:i32.const",
                     "unsigned integer:2", ")", ")", ")", ")"}));
  EXPECT_EQ(Kinds("i32.load offset=8 align=4 memory.atomic.wait32 f32x4.add"),
            (Strings{"keyword:i32.load", "keyword:offset=8", "keyword:align=4",
                     "keyword:memory.atomic.wait32", "keyword:f32x4.add"}));
  EXPECT_EQ(Kinds("offset=0x10 a!#$%&'*+-./:<=>?@\\^_`|~z"),
            (Strings{"keyword:offset=0x10",
                     "keyword:a!#$%&'*+-./:<=>?@\\^_`|~z"}));
  EXPECT_EQ(Kinds(""), Strings{});
  EXPECT_EQ(Kinds("()"), (Strings{"(", ")"}));
}

TEST(LexerTest, Identifiers) {
  Token id = One("$foo.bar!");
  EXPECT_EQ(id.kind, TokenKind::kId);
  EXPECT_EQ(id.value, "foo.bar!");
  id = One("$\"a b\"");
  EXPECT_EQ(id.kind, TokenKind::kId);
  EXPECT_EQ(id.value, "a b");
  EXPECT_EQ(id.text, "$\"a b\"");
  // $"a" and $a name the same identifier.
  EXPECT_EQ(One("$\"a\"").value, One("$a").value);
  id = One("$\"caf\\u{e9}\\t\"");
  EXPECT_EQ(id.kind, TokenKind::kId);
  EXPECT_EQ(id.value, "caf\xC3\xA9\t");
  EXPECT_EQ(One("$$").kind, TokenKind::kId);
  EXPECT_EQ(One("$0").value, "0");
  // Not identifiers, so reserved: no name, an empty name, a name that is
  // not UTF-8, a string with more after it.
  for (const char* reserved : {"$", "$\"\"", "$\"\\ff\"", "$\"a\"b",
                               "$a\"b\"", "$\"a\"\"b\"", "$a,b", "$a[0]"}) {
    EXPECT_EQ(One(reserved).kind, TokenKind::kReserved) << reserved;
  }
}

TEST(LexerTest, Strings) {
  Token s = One("\"hi\\n\\00\\u{1F600}\"");
  EXPECT_EQ(s.kind, TokenKind::kString);
  EXPECT_EQ(s.value, "hi\n\0\xF0\x9F\x98\x80"s);
  EXPECT_EQ(One("\"\"").value, "");
  // A string token is bytes; it need not be UTF-8.
  EXPECT_EQ(One("\"\\ff\"").value, "\xff");
  EXPECT_EQ(Kinds("(data \"a\" \"b\")"),
            (Strings{"(", "keyword:data", "string:\"a\"", "string:\"b\"", ")"}));
  // Tokens must be separated: adjacent strings form one reserved token.
  EXPECT_EQ(Kinds("\"a\"\"b\" 0$x a\"b\""),
            (Strings{"reserved token:\"a\"\"b\"", "reserved token:0$x",
                     "reserved token:a\"b\""}));
}

TEST(LexerTest, Numbers) {
  EXPECT_EQ(Kinds("0 1_000 0xFF +1 -0x80 1.5 -1e3 0x1p-3 inf -nan nan:0x1"),
            (Strings{"unsigned integer:0", "unsigned integer:1_000",
                     "unsigned integer:0xFF", "signed integer:+1",
                     "signed integer:-0x80", "float:1.5", "float:-1e3",
                     "float:0x1p-3", "float:inf", "float:-nan",
                     "float:nan:0x1"}));
  // Values are checked on conversion, not here: these lex as numbers.
  EXPECT_EQ(Kinds("0x1_0000_0000 nan:0x0 1e39"),
            (Strings{"unsigned integer:0x1_0000_0000", "float:nan:0x0",
                     "float:1e39"}));
  // Malformed numerals are reserved tokens (or keywords, if they start
  // with a lowercase letter and nothing else claims them).
  EXPECT_EQ(Kinds("1__0 _1 1_ 0x 1e 1.5.5 +inf1 nanx"),
            (Strings{"reserved token:1__0", "reserved token:_1",
                     "reserved token:1_", "reserved token:0x",
                     "reserved token:1e", "reserved token:1.5.5",
                     "reserved token:+inf1", "keyword:nanx"}));
}

TEST(LexerTest, ReservedPunctuation) {
  EXPECT_EQ(Kinds("a,b [x] {y} ; a;b"),
            (Strings{"reserved token:a,b", "reserved token:[x]",
                     "reserved token:{y}", "reserved token:;",
                     "reserved token:a;b"}));
}

TEST(LexerTest, Comments) {
  EXPECT_EQ(Kinds("a ;; line comment ( \" \n b"),
            (Strings{"keyword:a", "keyword:b"}));
  EXPECT_EQ(Kinds("a;;touching\nb;;eof"), (Strings{"keyword:a", "keyword:b"}));
  EXPECT_EQ(Kinds("(; (; ;) ;) x"), (Strings{"keyword:x"}));
  EXPECT_EQ(Kinds("a(;c;)b"), (Strings{"keyword:a", "keyword:b"}));
  EXPECT_EQ(Kinds("(;;)x"), (Strings{"keyword:x"}));
  EXPECT_EQ(Kinds("(; ; ( ) ;; \" \xC3\xA9 \0 ;)x"s), (Strings{"keyword:x"}));
  // Three opened, four closers: the last `;)` is outside, `;` and `)`.
  EXPECT_EQ(Kinds("(;(;(;;);););)"), (Strings{"reserved token:;", ")"}));
  EXPECT_EQ(Error("(; (; ;)"), "1:1: unterminated block comment");
  EXPECT_EQ(Error("x\n  (; never closed"), "2:3: unterminated block comment");
  EXPECT_EQ(Error("(;"), "1:1: unterminated block comment");
  EXPECT_EQ(Error("(; ok ;) (;(; ;)"), "1:10: unterminated block comment");
}

TEST(LexerTest, Annotations) {
  absl::StatusOr<std::vector<Token>> tokens =
      Tokenize("(@custom \"x\" (a b) $\"\") (@\"quoted name\")");
  ASSERT_TRUE(tokens.ok()) << tokens.status();
  ASSERT_EQ(tokens->size(), 10u);
  EXPECT_EQ((*tokens)[0].kind, TokenKind::kAnnotation);
  EXPECT_EQ((*tokens)[0].text, "(@custom");
  EXPECT_EQ((*tokens)[0].value, "custom");
  // Inside an annotation reserved tokens are allowed: $"" stays a token.
  EXPECT_EQ((*tokens)[6].kind, TokenKind::kReserved);
  EXPECT_EQ((*tokens)[7].kind, TokenKind::kRParen);
  EXPECT_EQ((*tokens)[8].kind, TokenKind::kAnnotation);
  EXPECT_EQ((*tokens)[8].value, "quoted name");
  EXPECT_EQ(One("(@a.b=c").value, "a.b=c");
  // `(@` without an id is a paren and a reserved `@`, as inside an
  // annotation `(@a (@))` must be.
  {
    absl::StatusOr<std::vector<Token>> paren = Tokenize("(@a (@))");
    ASSERT_TRUE(paren.ok()) << paren.status();
    ASSERT_EQ(paren->size(), 5u);
    EXPECT_EQ((*paren)[1].kind, TokenKind::kLParen);
    EXPECT_EQ((*paren)[2].kind, TokenKind::kReserved);
    EXPECT_EQ((*paren)[2].text, "@");
  }
  EXPECT_EQ(Error("(@\"\")"), "1:1: empty annotation id");
  EXPECT_EQ(Error("(@\"\\ef\")"), "1:1: malformed UTF-8 encoding in annotation id");
  EXPECT_EQ(Error("(@a,b)"), "1:1: malformed annotation id");
  EXPECT_EQ(Error("(@a\"b\")"), "1:1: malformed annotation id");
  EXPECT_EQ(Error("(@\"a\"b)"), "1:1: malformed annotation id");
  EXPECT_EQ(Error("(@\"a)"), "1:3: unterminated string");
  // `(` then space then `@` is a paren and a reserved token.
  EXPECT_EQ(Kinds("( @x"), (Strings{"(", "reserved token:@x"}));
}

TEST(LexerTest, PositionsAreOneBasedAndCountCharacters) {
  absl::StatusOr<std::vector<Token>> tokens =
      Tokenize("(module\n  $x\r\n\t\"\xC3\xA9\" y\rz (; \n ;) w");
  ASSERT_TRUE(tokens.ok()) << tokens.status();
  const std::vector<std::vector<size_t>> expected = {
      {1, 1, 0}, {1, 2, 1}, {2, 3, 10}, {3, 2, 15}, {3, 6, 20},
      {4, 1, 22}, {5, 5, 32}};
  ASSERT_EQ(tokens->size(), expected.size());
  for (size_t i = 0; i < expected.size(); ++i) {
    const Token& t = (*tokens)[i];
    EXPECT_EQ((std::vector<size_t>{t.line, t.column, t.offset}), expected[i])
        << i << ": " << t.text;
  }
  EXPECT_EQ(ErrorAt((*tokens)[2], "unknown identifier").message(),
            "2:3: unknown identifier");
}

TEST(LexerTest, StringErrorsCarryTheirPosition) {
  EXPECT_EQ(Error("(data\n\n  (i32.const 0) \"abc"), "3:17: unterminated string");
  EXPECT_EQ(Error("\"abc\ndef\""), "1:1: unterminated string");
  EXPECT_EQ(Error("x \"\xC3\xA9\\q\""), "1:5: invalid escape \\q");
  EXPECT_EQ(Error("\"a\tb\""), "1:3: control character U+0009 in string");
  EXPECT_EQ(Error("\n\"\\u{d800}\""),
            "2:2: \\u{...} escape is not a Unicode scalar value");
  EXPECT_EQ(Error("$\"a\xff\""), "1:4: malformed UTF-8 encoding");
  EXPECT_EQ(Error("a\"b"), "1:2: unterminated string");
}

TEST(LexerTest, CharacterErrors) {
  EXPECT_EQ(Error("(module\n  \xff)"), "2:3: malformed UTF-8 encoding");
  EXPECT_EQ(Error("a\xC3\xA9"), "1:2: unexpected character U+00E9");
  EXPECT_EQ(Error("abc \0"s), "1:5: unexpected character U+0000");
  EXPECT_EQ(Error("\x7f"), "1:1: unexpected character U+007F");
  EXPECT_EQ(Error("\x0b"), "1:1: unexpected character U+000B");
  EXPECT_EQ(Error(";; ok\n;; \xC0\x80"), "2:4: malformed UTF-8 encoding");
  EXPECT_EQ(Error("(; \xED\xA0\x80 ;)"), "1:4: malformed UTF-8 encoding");
  // Non-ASCII is fine in comments and strings.
  EXPECT_EQ(Kinds(";; caf\xC3\xA9\n(; \xF0\x9F\x98\x80 ;) \"\xE2\x82\xAC\""),
            (Strings{"string:\"\xE2\x82\xAC\""}));
}

TEST(LexerTest, ErrorsAreStickyAndEofRepeats) {
  Lexer lexer("a \xff b");
  ASSERT_TRUE(lexer.Next().ok());
  const absl::Status first = lexer.Next().status();
  EXPECT_EQ(first.message(), "1:3: malformed UTF-8 encoding");
  EXPECT_EQ(lexer.Next().status(), first);

  Lexer done("x");
  ASSERT_EQ(done.Next()->kind, TokenKind::kKeyword);
  absl::StatusOr<Token> eof = done.Next();
  ASSERT_TRUE(eof.ok());
  EXPECT_EQ(eof->kind, TokenKind::kEof);
  EXPECT_EQ(eof->column, 2u);
  EXPECT_EQ(done.Next()->kind, TokenKind::kEof);
}

// Hostile inputs must finish quickly with a bounded result.
TEST(LexerTest, HostileInputsAreLinear) {
  const auto start = std::chrono::steady_clock::now();
  const size_t kBig = 10 << 20;

  Token id = One("$" + std::string(kBig, 'a'));
  EXPECT_EQ(id.kind, TokenKind::kId);
  EXPECT_EQ(id.value.size(), kBig);

  EXPECT_EQ(One("\"" + std::string(kBig, 'x') + "\"").value.size(), kBig);
  EXPECT_EQ(One(std::string(kBig, '9')).kind, TokenKind::kNat);
  EXPECT_EQ(One(std::string(kBig, ',')).kind, TokenKind::kReserved);

  std::string nested;
  for (int i = 0; i < 1000000; ++i) nested += "(;";
  EXPECT_EQ(Error(nested), "1:1: unterminated block comment");
  std::string closed = nested;
  for (int i = 0; i < 1000000; ++i) closed += ";)";
  EXPECT_EQ(Kinds(closed + "x"), (Strings{"keyword:x"}));

  absl::StatusOr<std::vector<Token>> parens = Tokenize(std::string(1 << 20, '('));
  ASSERT_TRUE(parens.ok());
  EXPECT_EQ(parens->size(), size_t{1} << 20);

  EXPECT_EQ(Error(std::string(kBig, ' ') + "\"unterminated"),
            absl::StrCat("1:", kBig + 1, ": unterminated string"));
  EXPECT_EQ(Error(std::string(kBig, '\n') + "\0"s),
            absl::StrCat(kBig + 1, ":1: unexpected character U+0000"));
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(20));
}

// Random and mutated inputs: no crash, every call consumes input or ends,
// and a successful lex accounts for every byte in order.
TEST(LexerTest, FuzzRandomBytesTerminate) {
  std::mt19937 rng(14);
  const std::string alphabet =
      "()\"$;@\\_.,[]{}+-0123456789xpPeEabfinu:= \t\n\r\x00\x7f\x80\xbf\xc3"
      "\xa9\xed\xf0\xf4\xff"s;
  const std::vector<std::string> pieces = {
      "(;", ";)", ";;", "(@", "$\"", "\\u{", "}", "0x", "nan:0x", "1_0",
      "\"", "\\", "\xC3\xA9", "(module", "i32.const", "\r\n"};
  for (int iteration = 0; iteration < 20000; ++iteration) {
    std::string input;
    const size_t length = rng() % 64;
    while (input.size() < length) {
      if (rng() % 4 == 0) {
        input += pieces[rng() % pieces.size()];
      } else if (rng() % 8 == 0) {
        input.push_back(static_cast<char>(rng() % 256));
      } else {
        input.push_back(alphabet[rng() % alphabet.size()]);
      }
    }
    Lexer lexer(input);
    size_t calls = 0;
    size_t last_end = 0;
    while (true) {
      ASSERT_LE(++calls, input.size() + 2) << "no progress on input of size "
                                           << input.size();
      absl::StatusOr<Token> token = lexer.Next();
      if (!token.ok()) {
        EXPECT_EQ(token.status().code(), absl::StatusCode::kInvalidArgument);
        break;
      }
      ASSERT_GE(token->offset, last_end);
      ASSERT_LE(token->offset + token->text.size(), input.size());
      ASSERT_EQ(token->text.data(), input.data() + token->offset);
      if (token->kind == TokenKind::kEof) break;
      ASSERT_FALSE(token->text.empty());
      last_end = token->offset + token->text.size();
    }
  }
}

}  // namespace
}  // namespace weft::text
