// `clue map suggest`: a draft mapping (mapping.h) from the real headers and values of the local
// exports, for a person to review before it is used. It proposes a header for a field only when
// the header means the same thing (csv::plausible_binding: never another party's role, 被告… for
// 原告…), a bool vocabulary only from words whose meaning is unambiguous (Y/N, 已/未), and a date
// order only when the dates themselves decide it (a first number above 12 is a day). Whatever
// it cannot decide is listed in the draft's "note" for the reviewer, never guessed.
#pragma once
#include <string>
#include <vector>

#include "compiler/sema/typed_model.h"

namespace clue::share {

struct SuggestInput {
  const typed::Source* source = nullptr;
  std::string path;  // the source's (first) file
};

struct Suggestion {
  std::string json;          // the draft, as written
  size_t bound = 0;          // fields given a local header by meaning
  size_t unbound = 0;        // fields with no header found: listed in a note
};

Suggestion suggest_mapping(const std::vector<SuggestInput>& inputs);

}  // namespace clue::share
