// How each field of a schema found its column in one file: the report `clue check --data-dir`
// prints, one line a field (exact, normalised, mapped, or missing; with the values and date
// order a mapping adds).
#pragma once
#include <string>
#include <vector>

#include "compiler/share/mapping.h"

namespace clue::share {

struct FileBindings {
  std::string source, schema, path;
  std::vector<FieldBinding> fields;
};

std::string render_bindings(const FileBindings& b, Lang lang);

}  // namespace clue::share
