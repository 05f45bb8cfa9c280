// Prints diagnostics for people (text with the source line and a caret underline) and for
// tools (one JSON document of our own shape; SARIF 2.1.0 for editors and code review).
#pragma once
#include <string>
#include <vector>

#include "compiler/diag/diagnostic.h"

namespace clue {

enum class DiagFormat { Text, Json, Sarif };

std::string render_text(const std::vector<Diagnostic>& diags, const SourceManager& sm, Lang lang);
std::string render_json(const std::vector<Diagnostic>& diags, const SourceManager& sm, Lang lang);
std::string render_sarif(const std::vector<Diagnostic>& diags, const SourceManager& sm, Lang lang);
std::string render(DiagFormat f, const std::vector<Diagnostic>& diags, const SourceManager& sm, Lang lang);
// Every code of the registry (E, W, C, V, L) with its severity, identifier, text and fix hint,
// in `lang`: text (one line a code), JSON, or SARIF (the rules of a run without results).
std::string render_code_list(DiagFormat f, Lang lang);
// "2 errors, 1 warning" / "2 个错误，1 个警告"
std::string summary_line(size_t errors, size_t warnings, Lang lang);

std::string json_escape(std::string_view s);

}  // namespace clue
