// Whether an output's name can be a file name. Each output is written as NAME.csv (.xlsx,
// .jsonl) inside --out, and outputs travel to other offices and to Windows: a name from a
// shared model must never reach another folder (`../`, `/`, an absolute path in backquotes),
// overwrite what Clue writes itself (rejects.csv, manifest.json), hide (a leading dot), carry
// control or direction characters into a terminal or a file list, or be a name Windows
// cannot create. The checker reports a problem at lint time (E0111, E0112); the run's writer
// checks again (runtime/io/run_dir.h), so a name that got past the checker is still refused.
#pragma once
#include <string>
#include <string_view>

namespace clue::fsafe {

struct NameProblem {
  enum Kind { None, NotPlain, Reserved } kind = None;
  std::string en, zh;  // why, for the message; empty when None
};

NameProblem check_output_name(std::string_view name);

// The part of check_output_name the writer relies on: one path component, not "." or "..",
// no separator, no control character. True when `name` is safe to join to a folder.
bool is_plain_file_name(std::string_view name);

// ASCII lower case (file systems on Windows and macOS ignore case; the rest of Unicode is not
// folded, which is enough to find rejects/REJECTS).
std::string fold_case(std::string_view name);

}  // namespace clue::fsafe
