// What every subcommand shares: language and output-format choice, exit codes, file reading.
#pragma once
#include <string>
#include <vector>

#include "compiler/diag/render.h"

namespace clue::cli {

// Exit codes: the contract with scripts and CI.
inline constexpr int kExitOk = 0;
inline constexpr int kExitUserErrors = 1;  // the model or its data has errors
inline constexpr int kExitUsage = 2;       // the command line is wrong, or a named file is missing
inline constexpr int kExitInternal = 3;    // a bug in Clue

struct Common {
  std::string lang;    // "en", "zh" or "" (from the locale)
  std::string format = "text";
  std::string deny;  // "warnings" or empty
};

Lang resolve_lang(const std::string& flag);
bool parse_format(const std::string& s, DiagFormat& out);
bool read_text_file(const std::string& path, std::string& out);
// Prints diagnostics and returns the exit code they imply.
int finish(const DiagnosticSink& sink, const SourceManager& sm, const Common& c, bool print_summary);

}  // namespace clue::cli
