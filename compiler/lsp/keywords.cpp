#include "compiler/lsp/keywords.h"

namespace clue::lsp {

const std::vector<Keyword>& keywords() {
  static const std::vector<Keyword> kAll = [] {
    std::vector<Keyword> out;
#define CLUE_KEYWORD(token, spelling) out.push_back({#token, spelling, static_cast<unsigned char>(spelling[0]) >= 0x80});
#include "keywords.inc"
#undef CLUE_KEYWORD
    return out;
  }();
  return kAll;
}

bool is_keyword(const std::string& word) {
  for (const auto& k : keywords())
    if (word == k.spelling) return true;
  return false;
}

}  // namespace clue::lsp
