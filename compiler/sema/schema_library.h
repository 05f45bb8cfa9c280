// Where an unknown schema is defined: a model that names 终本案件 without importing the
// library file that declares it gets "defined in schemas/court.model: add import ...".
// Only the model's schemas/ and lib/ folders are looked at (the library's layout,
// docs/models.md), and only the file's name is shown, never its content.
#pragma once
#include <optional>
#include <string>

namespace clue {

// The path, relative to the model's folder as an import writes it, of a .model file in
// schemas/ or lib/ that declares `schema NAME` (or `结构 NAME`); none when no file or several do.
std::optional<std::string> library_file_defining(const std::string& model_path, const std::string& schema);

}  // namespace clue
