#include "compiler/sema/model_text.h"

#include <array>

#include "compiler/source/source_manager.h"

namespace clue {

namespace {
constexpr size_t kSniff = 4096;  // the first bytes are enough to tell

bool is_space_at(std::string_view s, size_t i, size_t& len) {
  const unsigned char c = static_cast<unsigned char>(s[i]);
  if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v') return (len = 1), true;
  if (s.substr(i, 3) == "\xE3\x80\x80" || s.substr(i, 3) == "\xEF\xBB\xBF") return (len = 3), true;  // U+3000, BOM
  return false;
}

// Offset of the first byte that is not whitespace or a comment; npos when there is none.
size_t first_code(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    size_t len = 0;
    if (is_space_at(s, i, len)) {
      i += len;
    } else if (s[i] == '#' || s.substr(i, 2) == "//") {
      const size_t nl = s.find('\n', i);
      if (nl == std::string_view::npos) return std::string_view::npos;
      i = nl + 1;
    } else if (s.substr(i, 2) == "/*") {
      const size_t end = s.find("*/", i + 2);
      if (end == std::string_view::npos) return std::string_view::npos;
      i = end + 2;
    } else {
      return i;
    }
  }
  return std::string_view::npos;
}

bool is_word_byte(unsigned char c) { return c >= 0x80 || c == '_' || (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z'); }
}  // namespace

NotAModel check_model_text(std::string_view text, bool imported) {
  const std::string_view head = text.substr(0, kSniff);
  if (head.find('\0') != std::string_view::npos) return {"it is a binary file", "它是二进制文件"};
  if (!imported) return {};
  // A multi-byte character may be cut at the end of the sample: look at whole characters.
  std::string_view whole = head;
  while (!whole.empty() && (static_cast<unsigned char>(whole.back()) & 0xC0) == 0x80) whole.remove_suffix(1);
  if (!whole.empty() && static_cast<unsigned char>(whole.back()) >= 0xC0) whole.remove_suffix(1);
  if (first_invalid_utf8(whole) != std::string_view::npos) return {"it is not UTF-8 text", "它不是 UTF-8 文本"};
  const size_t at = first_code(text);
  if (at == std::string_view::npos) return {};  // empty, or comments only: an empty library
  size_t end = at;
  while (end < text.size() && is_word_byte(static_cast<unsigned char>(text[end]))) ++end;
  const std::string_view word = text.substr(at, end - at);
  static const std::array<std::string_view, 18> kDecl = {"model", "模型", "import", "导入", "schema", "结构",
                                                          "param", "参数", "const", "常量", "func",   "函数",
                                                          "source", "数据源", "let", "定义", "output", "输出"};
  for (std::string_view k : kDecl)
    if (word == k) return {};
  // A relation: NAME = ... (also a backquoted NAME).
  if (!word.empty() || (at < text.size() && text[at] == '`')) {
    if (word.empty()) {
      const size_t close = text.find('`', at + 1);
      end = close == std::string_view::npos ? text.size() : close + 1;
    }
    size_t i = end;
    for (size_t len = 0; i < text.size() && is_space_at(text, i, len);) i += len;
    if (i < text.size() && text[i] == '=' && (i + 1 >= text.size() || text[i + 1] != '=')) return {};
  }
  return {"it does not begin with a declaration", "它不是以声明开头的"};
}

}  // namespace clue
