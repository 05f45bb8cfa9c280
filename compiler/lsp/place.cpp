// Shared by the features: LSP positions to the compiler's places, and which keywords a
// document is written in.
#include <regex>

#include "compiler/lsp/documents.h"
#include "compiler/lsp/features.h"

namespace clue::lsp {

Place place_of(const Analysis& a, const json& position, const Context& ctx) {
  Place p;
  p.file = a.main_file();
  const uint32_t line = position.value("line", 0u);
  const uint32_t character = position.value("character", 0u);
  p.line = line + 1;
  std::string_view text = p.file != kNoFile && p.line <= a.sm.line_count(p.file) ? a.sm.line_text(p.file, p.line) : "";
  p.col = char_column(text, character, ctx.enc) + 1;
  return p;
}

std::string uri_for(const Analysis& a, const Context& ctx, FileId file) {
  const std::string path = canonical_path(a.sm.path(file));
  if (ctx.open_uris)
    if (auto it = ctx.open_uris->find(path); it != ctx.open_uris->end()) return it->second;
  return path_to_uri(path);
}

bool uses_chinese_keywords(const std::string& text) {
  // The keywords that open declarations, in each language, at the start of a line.
  static const std::regex zh("(^|\n)[ \t]*(导入|结构|参数|常量|函数|数据源|输出|模型)[ \t]");
  static const std::regex en("(^|\n)[ \t]*(import|schema|param|const|func|source|output|model)[ \t]");
  auto count = [&](const std::regex& re) {
    return std::distance(std::sregex_iterator(text.begin(), text.end(), re), std::sregex_iterator());
  };
  return count(zh) > count(en);
}

}  // namespace clue::lsp
