// The language's keywords as the lexer spells them (generated from grammar/ClueLexer.g4):
// every spelling with its token, and whether it is the Chinese one.
#pragma once
#include <string>
#include <vector>

namespace clue::lsp {

struct Keyword {
  const char* token;     // WHERE
  const char* spelling;  // where, 筛选
  bool chinese;
};
const std::vector<Keyword>& keywords();
bool is_keyword(const std::string& word);

}  // namespace clue::lsp
