// What every subcommand shares: language and output-format choice, exit codes, file reading.
#pragma once
#include <iosfwd>
#include <cstdint>
#include <string>
#include <vector>

#include "compiler/diag/render.h"

namespace clue::cli {

// Exit codes: the contract with scripts and CI.
inline constexpr int kExitOk = 0;
inline constexpr int kExitUserErrors = 1;  // the model or its data has errors
inline constexpr int kExitUsage = 2;       // the command line is wrong, or a named file is missing (U codes)
inline constexpr int kExitInternal = 3;    // a bug in Clue

struct Common {
  std::string lang;    // "en", "zh" or "" (from the locale)
  std::string format = "text";
  std::string deny;  // "warnings" or empty
};

Lang resolve_lang(const std::string& flag);
bool parse_format(const std::string& s, DiagFormat& out);
// A regular file's bytes (symbolic links followed); false for anything else or on an error.
bool read_text_file(const std::string& path, std::string& out);
// A model file named on the command line could not be read: U0311 when it is a folder, a
// device or a pipe, else U0201. Returns kExitUsage.
int model_unreadable(const Common& c, const std::string& path);
int model_unreadable(const Common& c, std::ostream& out, const std::string& path);
// Prints diagnostics (to `out`, in --lang and --format) and returns the exit code they imply: 2
// when one is a U code (the command line is wrong), else 1 with errors (or warnings under
// --deny warnings), else 0.
// The .model files `paths` name (folders searched recursively), sorted: what lint and fmt read.
std::vector<std::string> model_files(const std::vector<std::string>& paths);

int finish(const DiagnosticSink& sink, const SourceManager& sm, const Common& c, bool print_summary);
int finish(const DiagnosticSink& sink, const SourceManager& sm, const Common& c, bool print_summary,
           std::ostream& out);
// Reports one U code (the command line is wrong: a flag's value, a file named on it, a lead
// that is not there) the way the command prints its diagnostics, and returns kExitUsage.
int usage_error(const Common& c, DiagId id, std::vector<std::string> args = {}, std::vector<Note> notes = {});
int usage_error(const Common& c, std::ostream& out, DiagId id, std::vector<std::string> args = {},
                std::vector<Note> notes = {});

// --max-memory's size: "8G", "512M", "100K" or bytes; 0 when malformed.
uint64_t parse_size(const std::string& s);

}  // namespace clue::cli
