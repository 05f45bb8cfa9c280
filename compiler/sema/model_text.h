// Whether a file's text can be a model at all, before it is parsed. An import names a file
// by path; if that file is not a model (a CSV export, a key, a binary), parsing it would print
// its first lines in the syntax errors' snippets. A file refused here is reported as E0113
// without any of its content (docs/security.md).
#pragma once
#include <string>
#include <string_view>

namespace clue {

struct NotAModel {
  std::string en, zh;  // why; both empty when the text may be a model
  bool refused() const { return !en.empty(); }
};

// `imported`: the stricter test for imports (the bytes must be UTF-8 and the first word a
// declaration keyword, in English or Chinese, or a relation `NAME =`). A model named on the
// command line is refused only when binary (a NUL byte early on): its other faults are
// reported where they are, as usual (E0109, E0101).
NotAModel check_model_text(std::string_view text, bool imported);

}  // namespace clue
