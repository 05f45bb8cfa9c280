#include "compiler/syntax/syntax_errors.h"

#include "compiler/syntax/keyword_typos.h"

#include <ClueLexer.h>
#include <ClueParser.h>

#include <algorithm>
#include <cstdio>
#include <cctype>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace clue {
namespace {
using grammar::ClueLexer;

Span span_of(FileId file, const antlr4::Token* t) {
  Span s;
  s.file = file;
  s.line = uint32_t(t->getLine());
  s.col = uint32_t(t->getCharPositionInLine()) + 1;
  s.end_line = s.line;
  s.end_col = s.col + (t->getType() == antlr4::Token::EOF ? 1 : uint32_t(utf8_char_count(t->getText())));
  return s;
}

// The bidirectional embedding, override and isolate controls (U+202A-U+202E, U+2066-U+2069):
// invisible, they reorder how a line is displayed, so a comment or string can hide code from a
// reviewer ("Trojan Source", CVE-2021-42574). rustc and GCC reject or warn on them too.
// Reports each in `t` (any channel: comments too); true if there was one.
bool report_bidi_controls(FileId file, const antlr4::Token* t, DiagnosticSink& sink) {
  const std::string text = t->getText();
  bool found = false;
  uint32_t col = uint32_t(t->getCharPositionInLine()) + 1, line = uint32_t(t->getLine());
  for (size_t i = 0; i < text.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c == '\n') { ++line; col = 1; continue; }
    if ((c & 0xC0) == 0x80) continue;  // a continuation byte: not a new column
    if (c == 0xE2 && i + 2 < text.size()) {
      unsigned cp = ((c & 0x0Fu) << 12) | ((static_cast<unsigned char>(text[i + 1]) & 0x3Fu) << 6) |
                    (static_cast<unsigned char>(text[i + 2]) & 0x3Fu);
      if ((cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069)) {
        char name[8];
        std::snprintf(name, sizeof name, "U+%04X", cp);
        sink.report(DiagId::BidiControl, Span{file, line, col, line, col + 1}, {name});
        found = true;
      }
    }
    ++col;
  }
  return found;
}

// Full-width punctuation typed with a Chinese input method, and what the syntax wants instead
// (the full-width comma, colon and question mark are accepted as they are: ClueLexer.g4).
std::optional<std::string> half_width_of(const std::string& c) {
  static const std::map<std::string, std::string> kHalf = {
      {"\uFF08", "'('"}, {"\uFF09", "')'"}, {"\uFF1D", "'='"}, {"\u3010", "'['"}, {"\u3011", "']'"},
      {"\uFF3B", "'['"}, {"\uFF3D", "']'"}, {"\uFF5B", "'{'"}, {"\uFF5D", "'}'"},
      {"\uFF1B", "',' (or nothing: a line needs no end mark)"}, {"\uFF1C", "'<'"}, {"\uFF1E", "'>'"},
      {"\uFF01", "'!'"}, {"\uFF0B", "'+'"}, {"\uFF0D", "'-'"}, {"\uFF0A", "'*'"}, {"\uFF0F", "'/'"},
      {"\uFF0E", "'.'"}, {"\u3002", "'.'"}, {"\u3001", "','"}, {"\u2018", "` for a name or \" for a text"},
      {"\u2019", "` for a name or \" for a text"}, {"\u300C", "'\"'"}, {"\u300D", "'\"'"}, {"\uFF02", "'\"'"}};
  auto it = kHalf.find(c);
  if (it == kHalf.end()) return std::nullopt;
  return it->second;
}

bool starts_expression(size_t type) {
  switch (type) {
    case ClueLexer::INT: case ClueLexer::DECIMAL: case ClueLexer::STRING: case ClueLexer::DATE:
    case ClueLexer::MONTH: case ClueLexer::DATETIME: case ClueLexer::TRUE_LIT: case ClueLexer::FALSE_LIT:
    case ClueLexer::NULL_LIT: case ClueLexer::IDENT: case ClueLexer::QUOTED_IDENT: case ClueLexer::LPAREN:
    case ClueLexer::LBRACK: case ClueLexer::IF: case ClueLexer::MINUS: case ClueLexer::NOT: case ClueLexer::CASE:
      return true;
    default:
      return false;
  }
}

bool starts_declaration(size_t type) {
  switch (type) {
    case ClueLexer::MODEL: case ClueLexer::IMPORT: case ClueLexer::SCHEMA: case ClueLexer::PARAM:
    case ClueLexer::CONST: case ClueLexer::FUNC: case ClueLexer::SOURCE: case ClueLexer::OUTPUT:
    case ClueLexer::LET: case ClueLexer::TABLE:
      return true;
    default:
      return false;
  }
}

bool ends_expression(size_t type) {
  switch (type) {
    case ClueLexer::IDENT: case ClueLexer::QUOTED_IDENT: case ClueLexer::INT: case ClueLexer::DECIMAL:
    case ClueLexer::STRING: case ClueLexer::DATE: case ClueLexer::MONTH: case ClueLexer::DATETIME:
    case ClueLexer::RPAREN: case ClueLexer::RBRACK: case ClueLexer::TRUE_LIT: case ClueLexer::FALSE_LIT:
    case ClueLexer::NULL_LIT: case ClueLexer::END:
      return true;
    default:
      return false;
  }
}

// Keywords after which an expression must follow.
bool wants_expression_after(size_t type) {
  switch (type) {
    case ClueLexer::WHERE: case ClueLexer::ON: case ClueLexer::HAVING: case ClueLexer::THEN:
    case ClueLexer::ELSE: case ClueLexer::IF: case ClueLexer::WHEN: case ClueLexer::AND: case ClueLexer::OR: case ClueLexer::NOT:
    case ClueLexer::ASSIGN: case ClueLexer::EQEQ: case ClueLexer::NEQ: case ClueLexer::LT: case ClueLexer::LE:
    case ClueLexer::GT: case ClueLexer::GE: case ClueLexer::IN: case ClueLexer::BETWEEN: case ClueLexer::PLUS:
    case ClueLexer::MINUS: case ClueLexer::STAR: case ClueLexer::SLASH:
      return true;
    default:
      return false;
  }
}
// How a token kind is named in "expected ..." lists: its English spelling, with the Chinese
// one for keywords that exist only in Chinese.
std::string display_name(size_t t, const antlr4::dfa::Vocabulary& vocab) {
  switch (t) {
    case ClueLexer::LEFT_JOIN: return "'左关联'";
    case ClueLexer::SEMI_JOIN: return "'存在关联'";
    case ClueLexer::ANTI_JOIN: return "'不存在关联'";
    case ClueLexer::CROSS_JOIN: return "'交叉关联'";
    case ClueLexer::GROUP_BY_ZH: return "'分组'";
    case ClueLexer::ORDER_BY_ZH: return "'排序'";
    case ClueLexer::IS_NULL_ZH: return "'为空'";
    case ClueLexer::NOT_NULL_ZH: return "'不为空'";
    default: break;
  }
  std::string lit = vocab.getLiteralName(t);
  if (!lit.empty()) return lit;
  // Keywords with an English and a Chinese spelling have no single literal: use the rule name.
  std::string sym = vocab.getSymbolicName(t);
  std::string lower;
  for (char ch : sym) lower += char(std::tolower(static_cast<unsigned char>(ch)));
  if (lower.size() > 4 && lower.compare(lower.size() - 4, 4, "_lit") == 0) lower.resize(lower.size() - 4);
  if (lower.size() > 3 && lower.compare(lower.size() - 3, 3, "_kw") == 0) lower.resize(lower.size() - 3);
  static const std::map<std::string, std::string> kPunct = {
      {"lbrace", "'{'"}, {"rbrace", "'}'"}, {"lparen", "'('"}, {"rparen", "')'"}, {"lbrack", "'['"},
      {"rbrack", "']'"}, {"comma", "','"},  {"colon", "':'"},  {"qmark", "'?'"},  {"neq", "'!='"}};
  auto it = kPunct.find(lower);
  if (it != kPunct.end()) return it->second;
  return "'" + lower + "'";
}
}  // namespace

std::string SyntaxErrorReporter::describe_token(const antlr4::Token* t) {
  if (t->getType() == antlr4::Token::EOF) return bilingual("end of file", "文件结尾");
  std::string text = t->getText();
  if (utf8_char_count(text) > 30) text = std::string(utf8_prefix(text, 30)) + "…";
  return "'" + text + "'";
}

const antlr4::Token* SyntaxErrorReporter::previous_token(const antlr4::Token* t) {
  const auto& all = tokens_.getTokens();
  for (size_t k = t->getTokenIndex(); k-- > 0;)
    if (all[k]->getChannel() == antlr4::Token::DEFAULT_CHANNEL) return all[k];
  return nullptr;
}

std::string SyntaxErrorReporter::describe_expected(const antlr4::misc::IntervalSet& expected,
                                                   const antlr4::dfa::Vocabulary& vocab) {
  std::vector<size_t> types;
  for (const auto& iv : expected.getIntervals())
    for (ssize_t t = iv.a; t <= iv.b; ++t) types.push_back(size_t(t));
  // `rows` is a keyword the grammar also takes as a name (only a table's rows need it): where a
  // name may come, "a name" says it all.
  if (std::find(types.begin(), types.end(), size_t(ClueLexer::IDENT)) != types.end())
    types.erase(std::remove(types.begin(), types.end(), size_t(ClueLexer::ROWS)), types.end());
  size_t expr_starts = 0, decl_starts = 0;
  bool ident = false;
  for (size_t t : types) {
    expr_starts += starts_expression(t);
    decl_starts += starts_declaration(t);
    ident |= t == ClueLexer::IDENT;
  }
  std::vector<std::string> words;
  if (decl_starts >= 4) {
    words.push_back(bilingual("a declaration (model, import, schema, param, source, output, or name = ...)",
                              "声明（model、import、schema、param、source、output 或 名称 = ...）"));
  } else if (expr_starts >= 6) {
    words.push_back(bilingual("an expression", "表达式"));
  } else if (ident && types.size() <= 2) {
    words.push_back(bilingual("a name", "名称"));
  } else {
    for (size_t t : types) {
      if (t == antlr4::Token::EOF) { words.push_back(bilingual("end of file", "文件结尾")); continue; }
      if (t == ClueLexer::IDENT || t == ClueLexer::QUOTED_IDENT) {
        if (t == ClueLexer::IDENT) words.push_back(bilingual("a name", "名称"));
        continue;
      }
      if (t == ClueLexer::STRING) { words.push_back(bilingual("a string", "字符串")); continue; }
      if (t == ClueLexer::INT || t == ClueLexer::DECIMAL) { words.push_back(bilingual("a number", "数字")); continue; }
      std::string lit = display_name(t, vocab);
      words.push_back(lit);
      if (words.size() >= 6) break;
    }
  }
  std::string en, zh;
  for (size_t i = 0; i < words.size(); ++i) {
    const std::string& w = words[i];
    size_t sep = w.find('\x1f');
    std::string we = sep == std::string::npos ? w : w.substr(0, sep);
    std::string wz = sep == std::string::npos ? w : w.substr(sep + 1);
    if (i) {
      en += i + 1 == words.size() ? " or " : ", ";
      zh += i + 1 == words.size() ? " 或 " : "、";
    }
    en += we;
    zh += wz;
  }
  return bilingual(en, zh);
}

void SyntaxErrorReporter::report_lexical_errors() {
  struct Open { const antlr4::Token* tok; };
  std::vector<Open> stack;
  for (const antlr4::Token* t : tokens_.getTokens()) {
    if (t->getType() != antlr4::Token::EOF && report_bidi_controls(file_, t, sink_)) {
      error_tokens_.push_back(t->getTokenIndex());
      lines_with_errors_.insert(t->getLine());
      if (t->getType() == ClueLexer::BAD_CHAR) continue;  // E0118 says more than E0103
    }
    switch (t->getType()) {
      case ClueLexer::UNTERMINATED_STRING:
        error_tokens_.push_back(t->getTokenIndex());
        sink_.report(DiagId::UnterminatedString, span_of(file_, t));
        lines_with_errors_.insert(t->getLine());
        break;
      case ClueLexer::BAD_CHAR: {
        error_tokens_.push_back(t->getTokenIndex());
        lines_with_errors_.insert(t->getLine());
        if (closing_quote_ != SIZE_MAX && t->getTokenIndex() == closing_quote_) break;  // the end of 'name', reported with its start
        const std::string c = t->getText();
        if (c == "'" || c == "\u2018" || c == "\u2019") {
          // 'col' or ‘col’: the words up to the closing quote on the line are what was meant.
          const auto& all = tokens_.getTokens();
          std::string inside;
          for (size_t k = t->getTokenIndex() + 1; k < all.size() && all[k]->getLine() == t->getLine(); ++k) {
            const std::string x = all[k]->getText();
            if (x == "'" || x == "\u2019" || x == "\u2018") {
              closing_quote_ = k;
              break;
            }
            inside += x;
          }
          if (closing_quote_ != SIZE_MAX && closing_quote_ > t->getTokenIndex()) {
            Span whole = span_of(file_, t);
            const Span end = span_of(file_, all[closing_quote_]);
            whole.end_line = end.end_line;
            whole.end_col = end.end_col;
            sink_.report(DiagId::SingleQuotes, whole, {inside});
            break;
          }
        }
        if (auto half = half_width_of(c)) {
          sink_.report(DiagId::FullWidthPunctuation, span_of(file_, t), {"'" + c + "'", *half});
          break;
        }
        sink_.report(DiagId::InvalidCharacter, span_of(file_, t), {"'" + c + "'"});
        break;
      }
      case ClueLexer::LBRACE: case ClueLexer::LPAREN: case ClueLexer::LBRACK:
        stack.push_back({t});
        break;
      case ClueLexer::RBRACE: case ClueLexer::RPAREN: case ClueLexer::RBRACK: {
        // Pop to the matching opener; a stray closer is left for the parser to report.
        size_t want = t->getType() == ClueLexer::RBRACE ? ClueLexer::LBRACE
                      : t->getType() == ClueLexer::RPAREN ? ClueLexer::LPAREN : ClueLexer::LBRACK;
        if (!stack.empty() && stack.back().tok->getType() == want) stack.pop_back();
        break;
      }
      default:
        break;
    }
  }
  for (const Open& o : stack) {
    error_tokens_.push_back(o.tok->getTokenIndex());
    first_unclosed_ = std::min(first_unclosed_, o.tok->getTokenIndex());
    sink_.report(DiagId::UnclosedBracket, span_of(file_, o.tok), {"'" + o.tok->getText() + "'"});
    unclosed_bracket_ = true;
  }
}

void SyntaxErrorReporter::syntaxError(antlr4::Recognizer* recognizer, antlr4::Token* offending, size_t line,
                                      size_t, const std::string&, std::exception_ptr) {
  if (!offending) return;
  error_tokens_.push_back(offending->getTokenIndex());
  if (offending->getType() == ClueLexer::UNTERMINATED_STRING || offending->getType() == ClueLexer::BAD_CHAR) return;
  if (offending->getType() == antlr4::Token::EOF && unclosed_bracket_) return;
  // A bracket left open explains the parser stopping at the next declaration: one error.
  if (offending->getTokenIndex() > first_unclosed_ && starts_declaration(offending->getType())) return;
  if (!lines_with_errors_.insert(line).second) return;

  auto* parser = dynamic_cast<antlr4::Parser*>(recognizer);
  antlr4::misc::IntervalSet expected;
  if (parser) {
    try {
      expected = parser->getExpectedTokens();
    } catch (...) {
      // The ATN can fail to compute a set in rare recovery states; fall back to no list.
    }
  }
  Span at = span_of(file_, offending);
  const antlr4::Token* prev = previous_token(offending);
  // A misspelt keyword (wehre, AND, 关联civil, like) reads as a name, and the parser fails at
  // the word after it: one error at the word, with the fix.
  for (const antlr4::Token* word : {prev, static_cast<const antlr4::Token*>(offending)}) {
    if (!word || word->getType() != ClueLexer::IDENT) continue;
    auto typo = keyword_typo(word->getText());
    if (!typo) continue;
    const Span where = span_of(file_, word);
    lines_with_errors_.insert(word->getLine());
    // The word ended the declaration before it (`leads = zb` then `wehre ...`): that
    // declaration is incomplete, so it is not checked either (no E0212 for the source the
    // misspelt join would have joined, no E0303 for a `where` cut at `like`).
    error_tokens_.push_back(word->getTokenIndex());
    if (const antlr4::Token* before = previous_token(word)) error_tokens_.push_back(before->getTokenIndex());
    if (typo->kind == KeywordTypo::Like) sink_.report(DiagId::NoLikeOperator, where);
    else sink_.report(DiagId::KeywordTypo, where, {word->getText(), typo->suggestion});
    return;
  }
  // `x >` at the end of a line, then `r2 = ...`: the operator swallowed the next declaration's
  // name. The missing operand is the error, not the '='.
  if (offending->getType() == ClueLexer::ASSIGN && prev && prev->getCharPositionInLine() == 0 &&
      (prev->getType() == ClueLexer::IDENT || prev->getType() == ClueLexer::QUOTED_IDENT)) {
    const antlr4::Token* op = previous_token(prev);
    if (op && wants_expression_after(op->getType()) && op->getLine() < prev->getLine()) {
      Span after = span_of(file_, op);
      after.col = after.end_col;
      after.end_col = after.col + 1;
      sink_.report(DiagId::MissingExpression, after, {"'" + op->getText() + "'"});
      return;
    }
  }
  // `a = b` where a comparison was meant: '=' right after something that ends an expression.
  if (offending->getType() == ClueLexer::ASSIGN && prev && ends_expression(prev->getType())) {
    sink_.report(DiagId::AssignInsteadOfEquals, at);
    return;
  }
  size_t expr_starts = 0;
  for (const auto& iv : expected.getIntervals())
    for (ssize_t t = iv.a; t <= iv.b; ++t) expr_starts += starts_expression(size_t(t));
  if (prev && wants_expression_after(prev->getType()) && expr_starts >= 6 && !starts_expression(offending->getType())) {
    Span after = span_of(file_, prev);  // right after the keyword, where the expression belongs
    after.col = after.end_col;
    after.end_col = after.col + 1;
    sink_.report(DiagId::MissingExpression, after, {"'" + prev->getText() + "'"});
    return;
  }
  std::string want = parser ? describe_expected(expected, parser->getVocabulary()) : std::string();
  if (want.empty() || want == bilingual("", "")) want = bilingual("something else", "其他内容");
  sink_.report(DiagId::UnexpectedToken, at, {describe_token(offending), want});
}

}  // namespace clue

namespace clue {

antlr4::Token* DeclarationRecovery::recoverInline(antlr4::Parser* p) {
  // No single-token insertion or deletion: an invented token would make a declaration look
  // whole when it is not. Fail the rule and let recover() skip to the next declaration.
  throw antlr4::InputMismatchException(p);
}

bool DeclarationRecovery::at_declaration(antlr4::Parser* p) {
  antlr4::Token* t = p->getCurrentToken();
  size_t type = t->getType();
  if (type == antlr4::Token::EOF || starts_declaration(type)) return true;
  if ((type == ClueLexer::IDENT || type == ClueLexer::QUOTED_IDENT) && t->getCharPositionInLine() == 0)
    return p->getTokenStream()->LA(2) == ClueLexer::ASSIGN;
  return false;
}

void DeclarationRecovery::skip_to_declaration(antlr4::Parser* p) {
  while (!at_declaration(p)) p->consume();
}

void DeclarationRecovery::sync(antlr4::Parser* p) {
  // Only between declarations: junk there is reported once, then skipped.
  if (!dynamic_cast<grammar::ClueParser::FileContext*>(p->getContext())) return;
  size_t la = p->getTokenStream()->LA(1);
  if (la == antlr4::Token::EOF || starts_declaration(la) || la == ClueLexer::IDENT || la == ClueLexer::QUOTED_IDENT)
    return;
  if (!inErrorRecoveryMode(p)) {
    beginErrorCondition(p);
    p->notifyErrorListeners(p->getCurrentToken(), "junk between declarations", nullptr);
  }
  p->consume();
  skip_to_declaration(p);
}

void DeclarationRecovery::recover(antlr4::Parser* p, std::exception_ptr) {
  auto index = p->getTokenStream()->index();
  if (lastErrorIndex >= 0 && size_t(lastErrorIndex) == index && p->getTokenStream()->LA(1) != antlr4::Token::EOF)
    p->consume();  // guarantee progress when the same place fails twice
  lastErrorIndex = int(p->getTokenStream()->index());
  skip_to_declaration(p);
}

}  // namespace clue
