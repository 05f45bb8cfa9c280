#include "compiler/syntax/keyword_typos.h"

#include <algorithm>
#include <array>
#include <cctype>

#include "compiler/diag/diagnostic.h"

namespace clue {
namespace {

// The keywords a relation, a declaration or a condition is written with (grammar/ClueLexer.g4).
constexpr std::array<std::string_view, 40> kEnglish = {
    "model", "import", "schema", "file", "from", "with", "param", "const", "func", "source",
    "let", "where", "join", "left", "semi", "anti", "cross", "on", "derive", "group",
    "by", "compute", "having", "output", "order", "asc", "desc", "distinct", "and", "or",
    "not", "in", "between", "is", "null", "true", "false", "then", "else", "case"};
constexpr std::array<std::string_view, 3> kEnglishMore = {"when", "end", "if"};
// Chinese keywords that a name may follow on the same line (longest first: 左关联 before 关联).
constexpr std::array<std::string_view, 16> kChineseLeading = {
    "不存在关联", "存在关联", "交叉关联", "左关联", "关联", "筛选", "派生", "分组", "计算",
    "输出", "数据源", "导入", "参数", "常量", "函数", "排序"};

std::string lower(std::string_view w) {
  std::string s(w);
  for (char& c : s) c = char(std::tolower(static_cast<unsigned char>(c)));
  return s;
}
bool is_ascii_word(std::string_view w) {
  return !w.empty() && std::all_of(w.begin(), w.end(), [](char c) {
    return std::isalpha(static_cast<unsigned char>(c)) || c == '_';
  });
}

}  // namespace

std::optional<KeywordTypo> keyword_typo(std::string_view word) {
  if (word == "like" || word == "LIKE" || word == "ilike") return KeywordTypo{KeywordTypo::Like, ""};
  if (is_ascii_word(word)) {
    const std::string low = lower(word);
    std::optional<std::string_view> best;
    size_t best_d = 2;
    auto consider = [&](std::string_view k) {
      if (low == k) {  // AND, Where: keywords are lower case
        best = k;
        best_d = 0;
        return;
      }
      // One edit (or one swap of neighbours), on keywords long enough that one edit is a typo
      // rather than another word: wehre, jion, ouput; not on, in, is, by.
      if (k.size() < 4 || low.size() < 4) return;
      // A plural is a name, not a typo: cases, joins, outputs.
      if (low.size() == k.size() + 1 && low.back() == 's' && low.compare(0, k.size(), k) == 0) return;
      const size_t d = edit_distance_chars(low, k);
      if (d < best_d) {
        best_d = d;
        best = k;
      }
    };
    for (auto k : kEnglish) consider(k);
    for (auto k : kEnglishMore) consider(k);
    if (best && word != *best) return KeywordTypo{KeywordTypo::Misspelt, std::string(*best)};
    return std::nullopt;
  }
  for (auto k : kChineseLeading)
    if (word.size() > k.size() && word.substr(0, k.size()) == k)
      return KeywordTypo{KeywordTypo::NoSpace, std::string(k) + " " + std::string(word.substr(k.size()))};
  return std::nullopt;
}

}  // namespace clue
