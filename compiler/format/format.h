// `clue fmt`: the canonical layout of a model, as a library function (text in, formatted text
// out) so that the command and an editor (clue lsp) format the same way.
//
// What it changes: indentation (a declaration at column 0; a pipeline step, a block's member
// two spaces per level), the spaces between tokens on a line, blank lines (at most one in a
// row, none at the start, one newline at the end), trailing spaces, the ASCII spelling of
// punctuation (，：？ -> , : ?, <> -> !=) and, on request, the language of the keywords
// (where/筛选, left join/左关联, is not null/不为空 ...).
// What it keeps: every token's meaning and order, every literal and identifier exactly as
// written, every comment (and so every lint:allow line) at its place, which tokens start a line,
// and the indentation of a line that continues an expression (its alignment is the author's).
// Formatting formatted text changes nothing (idempotent); a model with syntax errors is not
// formatted. As a last guard the result is lexed again and must hold the same tokens.
#pragma once
#include <string>

#include "compiler/diag/diagnostic.h"
#include "compiler/source/source_manager.h"

namespace clue::format {

enum class Keywords { Keep, English, Chinese };

struct Options {
  Keywords keywords = Keywords::Keep;
};

// Formats `text` (the model at `path`, for messages). False when the model has syntax errors:
// they are reported in `sink` (with `sm` holding the text) and `out` is left alone.
bool format_model(const std::string& path, const std::string& text, const Options& options, std::string& out,
                  SourceManager& sm, DiagnosticSink& sink);

}  // namespace clue::format
