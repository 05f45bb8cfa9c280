// What a word the parser stumbled on was probably meant to be: a misspelt or upper-case
// keyword (wehre, jion, ouput, AND), a Chinese keyword run into the name after it (关联civil),
// or an operator the language does not have (like). The syntax error is then reported once,
// at that word, with the fix, instead of as "unexpected ..." at the next token.
#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace clue {

struct KeywordTypo {
  enum Kind { Misspelt, NoSpace, Like } kind;
  std::string suggestion;  // "where"; "关联 civil"; for Like: empty
};

std::optional<KeywordTypo> keyword_typo(std::string_view word);

}  // namespace clue
