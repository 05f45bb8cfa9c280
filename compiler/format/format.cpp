#include "compiler/format/format.h"

#include <ClueLexer.h>

#include <algorithm>
#include <map>
#include <optional>
#include <utility>
#include <vector>

#include "compiler/syntax/parser.h"

namespace clue::format {
namespace {

using L = grammar::ClueLexer;

// One comment or code token as it will be written, with the whitespace the source had before it.
struct Item {
  bool comment = false;
  int type = 0;            // the lexer's type (a keyword split or joined takes its parts' types)
  std::string text;
  size_t newlines = 0;     // line breaks in the whitespace before it (0: on the previous item's line)
  size_t gap = 0;          // display columns of whitespace before it on its line
};

// ---- lexing ----------------------------------------------------------------------------------

std::vector<Item> lex_items(const std::string& text) {
  antlr4::ANTLRInputStream input(text);
  L lexer(&input);
  lexer.removeErrorListeners();
  std::vector<Item> out;
  size_t newlines = 0, gap = 0;
  for (const auto& t : lexer.getAllTokens()) {
    const std::string s = t->getText();
    if (t->getType() == L::WS) {
      for (size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '\n') {
          ++newlines;
          gap = 0;
        }
      }
      // Columns after the last line break (or all of it): a full-width space counts two.
      const size_t nl = s.rfind('\n');
      std::string tail = nl == std::string::npos ? s : s.substr(nl + 1);
      tail.erase(std::remove(tail.begin(), tail.end(), '\r'), tail.end());
      gap += display_width(tail);
      continue;
    }
    Item it;
    it.comment = t->getType() == L::LINE_COMMENT || t->getType() == L::BLOCK_COMMENT;
    it.type = int(t->getType());
    it.text = s;
    if (t->getType() == L::LINE_COMMENT) {
      while (!it.text.empty() && (it.text.back() == ' ' || it.text.back() == '\t' || it.text.back() == '\r'))
        it.text.pop_back();
    }
    it.newlines = newlines;
    it.gap = gap;
    out.push_back(std::move(it));
    newlines = 0;
    gap = 0;
  }
  return out;
}

// ---- keywords --------------------------------------------------------------------------------

struct Spelling {
  const char* en;
  const char* zh;  // nullptr: only part of a two-word keyword (left join -> 左关联)
};

const std::map<int, Spelling>& spellings() {
  static const std::map<int, Spelling> m = {
      {L::MODEL, {"model", "模型"}},       {L::IMPORT, {"import", "导入"}},     {L::AS, {"as", "作为"}},
      {L::SCHEMA, {"schema", "结构"}},     {L::FILE_KW, {"file", "文件"}},      {L::FROM, {"from", "来自"}},
      {L::WITH, {"with", "选项"}},         {L::PARAM, {"param", "参数"}},       {L::CONST, {"const", "常量"}},
      {L::FUNC, {"func", "函数"}},         {L::SOURCE, {"source", "数据源"}},   {L::LET, {"let", "定义"}},
      {L::TABLE, {"table", "对照表"}},
      {L::WHERE, {"where", "筛选"}},       {L::JOIN, {"join", "关联"}},         {L::ON, {"on", "按"}},
      {L::DERIVE, {"derive", "派生"}},     {L::COMPUTE, {"compute", "计算"}},   {L::HAVING, {"having", "分组筛选"}},
      {L::OUTPUT, {"output", "输出"}},     {L::ASC, {"asc", "升序"}},           {L::DESC, {"desc", "降序"}},
      {L::DISTINCT, {"distinct", "去重"}}, {L::UNION, {"union", "并集"}}, {L::AND, {"and", "且"}},             {L::OR, {"or", "或"}},
      {L::NOT, {"not", "非"}},             {L::IN, {"in", "属于"}},             {L::BETWEEN, {"between", "介于"}},
      {L::NULL_LIT, {"null", "空值"}},     {L::TRUE_LIT, {"true", "真"}},       {L::FALSE_LIT, {"false", "假"}},
      {L::IF, {"if", "如果"}},             {L::THEN, {"then", "则"}},           {L::ELSE, {"else", "否则"}},
      {L::LEFT, {"left", nullptr}},        {L::SEMI, {"semi", nullptr}},        {L::ANTI, {"anti", nullptr}},
      {L::CROSS, {"cross", nullptr}},      {L::GROUP, {"group", nullptr}},      {L::BY, {"by", nullptr}},
      {L::ORDER, {"order", nullptr}},      {L::IS, {"is", nullptr}},
  };
  return m;
}

// Chinese keywords that are two English words (or three): 左关联 = left join, 为空 = is null.
struct Compound {
  int zh_type;
  const char* zh;
  std::vector<int> en_types;
};
const std::vector<Compound>& compounds() {
  static const std::vector<Compound> c = {
      {L::LEFT_JOIN, "左关联", {L::LEFT, L::JOIN}},     {L::SEMI_JOIN, "存在关联", {L::SEMI, L::JOIN}},
      {L::ANTI_JOIN, "不存在关联", {L::ANTI, L::JOIN}}, {L::CROSS_JOIN, "交叉关联", {L::CROSS, L::JOIN}},
      {L::GROUP_BY_ZH, "分组", {L::GROUP, L::BY}},      {L::ORDER_BY_ZH, "排序", {L::ORDER, L::BY}},
      {L::NOT_NULL_ZH, "不为空", {L::IS, L::NOT, L::NULL_LIT}}, {L::IS_NULL_ZH, "为空", {L::IS, L::NULL_LIT}},
  };
  return c;
}

// The next code item after index i, skipping nothing: a comment between two words of one keyword
// keeps them apart.
bool words_at(const std::vector<Item>& items, size_t i, const std::vector<int>& types) {
  for (size_t k = 0; k < types.size(); ++k)
    if (i + k >= items.size() || items[i + k].comment || items[i + k].type != types[k]) return false;
  return true;
}

std::vector<Item> respell(const std::vector<Item>& in, Keywords kw) {
  std::vector<Item> out;
  for (size_t i = 0; i < in.size(); ++i) {
    Item it = in[i];
    if (it.comment) {
      out.push_back(std::move(it));
      continue;
    }
    // Punctuation in its ASCII spelling.
    if (it.type == L::COMMA) it.text = ",";
    else if (it.type == L::COLON) it.text = ":";
    else if (it.type == L::QMARK) it.text = "?";
    else if (it.type == L::NEQ) it.text = "!=";
    if (kw == Keywords::Keep) {
      out.push_back(std::move(it));
      continue;
    }
    // `true`/`false` as a field option's key (with true = [...]) are read by their spelling.
    if ((it.type == L::TRUE_LIT || it.type == L::FALSE_LIT) && i + 1 < in.size() && in[i + 1].type == L::ASSIGN) {
      out.push_back(std::move(it));
      continue;
    }
    bool done = false;
    for (const Compound& c : compounds()) {
      if (kw == Keywords::English && it.type == c.zh_type) {
        for (size_t k = 0; k < c.en_types.size(); ++k) {
          Item part;
          part.type = c.en_types[k];
          part.text = spellings().at(part.type).en;
          part.newlines = k == 0 ? it.newlines : 0;
          part.gap = k == 0 ? it.gap : 1;
          out.push_back(std::move(part));
        }
        done = true;
        break;
      }
      if (kw == Keywords::Chinese && words_at(in, i, c.en_types)) {
        Item joined;
        joined.type = c.zh_type;
        joined.text = c.zh;
        joined.newlines = it.newlines;
        joined.gap = it.gap;
        out.push_back(std::move(joined));
        i += c.en_types.size() - 1;
        done = true;
        break;
      }
    }
    if (done) continue;
    // `rows`/`行` is a keyword only between a table's columns and its rows (`} rows {`);
    // anywhere else it is a name, kept as written.
    if (it.type == L::ROWS) {
      const Item* before = nullptr;
      for (size_t k = out.size(); k-- > 0;)
        if (!out[k].comment) {
          before = &out[k];
          break;
        }
      const bool keyword = before && before->type == L::RBRACE && i + 1 < in.size() && in[i + 1].type == L::LBRACE;
      if (keyword) it.text = kw == Keywords::English ? "rows" : "行";
      out.push_back(std::move(it));
      continue;
    }
    if (auto s = spellings().find(it.type); s != spellings().end()) {
      const char* word = kw == Keywords::English ? s->second.en : s->second.zh;
      if (word) it.text = word;
    }
    out.push_back(std::move(it));
  }
  return out;
}

// ---- layout ----------------------------------------------------------------------------------

bool is_value_end(int t) {
  switch (t) {
    case L::IDENT: case L::QUOTED_IDENT: case L::INT: case L::DECIMAL: case L::STRING: case L::DATE:
    case L::MONTH: case L::DATETIME: case L::TRUE_LIT: case L::FALSE_LIT: case L::NULL_LIT: case L::RPAREN:
    case L::RBRACK:
      return true;
    default: return false;
  }
}

// After these a line cannot end an item: the next line continues it.
bool expects_more(int t) {
  switch (t) {
    case L::COMMA: case L::COLON: case L::ASSIGN: case L::LPAREN: case L::LBRACK: case L::DOT: case L::AS:
    case L::FROM: case L::WITH: case L::ON: case L::WHERE: case L::HAVING: case L::DERIVE: case L::COMPUTE:
    case L::BY: case L::GROUP_BY_ZH: case L::ORDER_BY_ZH: case L::JOIN: case L::LEFT_JOIN: case L::SEMI_JOIN:
    case L::ANTI_JOIN: case L::CROSS_JOIN: case L::AND: case L::OR: case L::NOT: case L::IN: case L::BETWEEN:
    case L::IS: case L::IF: case L::THEN: case L::ELSE: case L::EQEQ: case L::NEQ: case L::LE: case L::GE:
    case L::LT: case L::GT: case L::PLUS: case L::MINUS: case L::STAR: case L::SLASH: case L::PERCENT:
    case L::IMPORT: case L::MODEL: case L::SCHEMA: case L::PARAM: case L::CONST: case L::FUNC: case L::SOURCE:
    case L::LET: case L::OUTPUT: case L::FILE_KW:
      return true;
    default: return false;
  }
}

// A line starting with these continues an expression begun above.
bool continues_expression(int t) {
  switch (t) {
    case L::AND: case L::OR: case L::THEN: case L::ELSE: case L::EQEQ: case L::NEQ: case L::LE: case L::GE:
    case L::LT: case L::GT: case L::PLUS: case L::STAR: case L::SLASH: case L::PERCENT: case L::IN:
    case L::BETWEEN: case L::IS: case L::IS_NULL_ZH: case L::NOT_NULL_ZH: case L::DOT: case L::COMMA:
    case L::AS: case L::ON:
      return true;
    default: return false;
  }
}

bool starts_declaration(int t) {
  switch (t) {
    case L::MODEL: case L::IMPORT: case L::SCHEMA: case L::PARAM: case L::CONST: case L::FUNC: case L::SOURCE:
    case L::LET: case L::OUTPUT: case L::TABLE:
      return true;
    default: return false;
  }
}

bool starts_step(int t) {
  switch (t) {
    case L::WHERE: case L::JOIN: case L::LEFT: case L::SEMI: case L::ANTI: case L::CROSS: case L::LEFT_JOIN:
    case L::SEMI_JOIN: case L::ANTI_JOIN: case L::CROSS_JOIN: case L::DERIVE: case L::GROUP: case L::GROUP_BY_ZH:
    case L::HAVING: case L::COMPUTE: case L::ORDER: case L::ORDER_BY_ZH: case L::DISTINCT:
      return true;
    default: return false;
  }
}

struct Line {
  std::vector<size_t> items;  // indexes into the items
  bool blank_before = false;
  size_t original_indent = 0;
  std::optional<size_t> indent;  // decided for code lines; comment lines take the next code line's
  bool closes = false;           // starts with '}'
};

std::string layout(const std::vector<Item>& items) {
  // Lines as the source broke them.
  std::vector<Line> lines;
  for (size_t i = 0; i < items.size(); ++i) {
    if (lines.empty() || items[i].newlines > 0) {
      Line l;
      l.blank_before = !lines.empty() && items[i].newlines >= 2;
      l.original_indent = items[i].gap;
      lines.push_back(std::move(l));
    }
    lines.back().items.push_back(i);
  }
  // Indentation of each line that starts with code, from the nesting at its start.
  int braces = 0, parens = 0;
  int prev = -1;  // the previous code token's type
  for (size_t li = 0; li < lines.size(); ++li) {
    Line& line = lines[li];
    const Item& first = items[line.items.front()];
    if (!first.comment) {
      const int f = first.type;
      int next = -1;
      if (line.items.size() > 1 && !items[line.items[1]].comment) next = items[line.items[1]].type;
      const size_t base = size_t(2 * std::max(0, braces));
      // Inside a block a comma at its own level separates members: the next line is a member.
      const bool member_after_comma = braces > 0 && parens == 0 && prev == L::COMMA;
      const bool continued = prev >= 0 && !member_after_comma && (expects_more(prev) || continues_expression(f));
      if (f == L::RBRACE) {
        line.indent = size_t(2 * std::max(0, braces - 1));
        line.closes = true;
      } else if (parens > 0 || (braces > 0 && continued)) {
        line.indent = std::max(line.original_indent, base + 2);
      } else if (braces > 0) {
        line.indent = base;
      } else if (!continued && (starts_declaration(f) || ((f == L::IDENT || f == L::QUOTED_IDENT) && next == L::ASSIGN))) {
        line.indent = 0;
      } else if (!continued && starts_step(f)) {
        line.indent = 2;
      } else {
        line.indent = std::max(line.original_indent, size_t(2));
      }
    }
    for (size_t idx : line.items) {
      const Item& it = items[idx];
      if (it.comment) continue;
      if (it.type == L::LBRACE) ++braces;
      else if (it.type == L::RBRACE) --braces;
      else if (it.type == L::LPAREN || it.type == L::LBRACK) ++parens;
      else if (it.type == L::RPAREN || it.type == L::RBRACK) parens = std::max(0, parens - 1);
      prev = it.type;
    }
  }
  // A comment alone on its line sits where the code after it does (inside a block when that
  // code closes the block).
  std::optional<size_t> below;
  bool below_closes = false;
  for (size_t li = lines.size(); li-- > 0;) {
    Line& line = lines[li];
    if (line.indent) {
      below = line.indent;
      below_closes = line.closes;
      continue;
    }
    line.indent = below ? *below + (below_closes ? 2 : 0) : 0;
  }

  // The lines, with the spaces between tokens.
  std::string out;
  int angle = 0;  // open `list<` of a type
  int prev_type = -1;
  std::string prev_text;
  bool prev_comment = false;
  bool first_line = true;
  for (const Line& line : lines) {
    if (!first_line) out += line.blank_before ? "\n\n" : "\n";
    first_line = false;
    out.append(*line.indent, ' ');
    bool line_start = true;
    for (size_t idx : line.items) {
      const Item& it = items[idx];
      if (!line_start) {
        size_t spaces = 1;
        const int t = it.type;
        if (it.comment) {
          spaces = std::max<size_t>(1, it.gap);
        } else if (prev_comment) {
          spaces = 1;
        } else if (t == L::COMMA || t == L::RPAREN || t == L::RBRACK || t == L::DOT || t == L::QMARK || t == L::COLON) {
          spaces = 0;
        } else if (prev_type == L::LPAREN || prev_type == L::LBRACK || prev_type == L::DOT) {
          spaces = 0;
        } else if (t == L::LPAREN && (prev_type == L::IDENT || prev_type == L::QUOTED_IDENT)) {
          spaces = 0;  // a call, or a func's parameters
        } else if (t == L::LT && prev_type == L::IDENT && (prev_text == "list" || prev_text == "列表")) {
          spaces = 0;  // list<text>
          ++angle;
        } else if (prev_type == L::LT && angle > 0) {
          spaces = 0;
        } else if (t == L::GT && angle > 0) {
          spaces = 0;
          --angle;
        } else if (prev_type == L::LBRACE && t == L::RBRACE) {
          spaces = 1;
        }
        if (prev_type == -L::MINUS && !it.comment && !prev_comment) spaces = 0;  // a unary minus sticks to its operand
        out.append(spaces, ' ');
      } else if (it.type == L::LT && prev_type == L::IDENT && (prev_text == "list" || prev_text == "列表")) {
        ++angle;
      } else if (it.type == L::GT && angle > 0) {
        --angle;
      }
      out += it.text;
      line_start = false;
      prev_comment = it.comment;
      if (!it.comment) {
        prev_type = it.type;
        prev_text = it.text;
      }
    }
  }
  if (!out.empty()) out += "\n";
  return out;
}

// A minus after no value (after an operator, '(' or ',') is unary: it takes the type -MINUS,
// which layout() writes with no space before its operand.
std::vector<Item> mark_unary(std::vector<Item> items) {
  int prev = -1;
  for (auto& it : items) {
    if (it.comment) continue;
    if (it.type == L::MINUS && !is_value_end(prev)) it.type = -L::MINUS;  // unary: see layout's spacing
    prev = it.type;
  }
  return items;
}

// What the formatted text must still say: the code tokens in English spelling (a Chinese
// compound as its English words), punctuation by type, and the comments.
std::vector<std::string> meaning(const std::vector<Item>& items) {
  std::vector<std::string> out;
  for (const Item& it : respell(items, Keywords::English)) {
    if (it.comment) out.push_back("#" + it.text);
    else if (it.type == L::COMMA || it.type == L::COLON || it.type == L::QMARK || it.type == L::NEQ)
      out.push_back(std::to_string(it.type));
    else out.push_back(std::to_string(it.type) + " " + it.text);
  }
  return out;
}

}  // namespace

bool format_model(const std::string& path, const std::string& text, const Options& options, std::string& out,
                  SourceManager& sm, DiagnosticSink& sink) {
  const FileId file = sm.add(path, text);
  if (first_invalid_utf8(text) != std::string::npos) {
    sink.report(DiagId::InvalidUtf8, Span{file, 1, 1, 1, 2});
    return false;
  }
  const size_t errors = sink.error_count();
  parse_module(sm, file, sink);
  if (sink.error_count() != errors) return false;
  std::string formatted = layout(mark_unary(respell(lex_items(text), options.keywords)));
  if (meaning(lex_items(text)) != meaning(lex_items(formatted)))
    internal_error("clue fmt would change the tokens of '" + path + "'");
  out = std::move(formatted);
  return true;
}

}  // namespace clue::format
