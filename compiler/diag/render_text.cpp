#include <algorithm>

#include "compiler/diag/printable.h"
#include "compiler/diag/render.h"

namespace clue {
namespace {

const char* severity_word(Severity s, Lang lang) {
  if (lang == Lang::Zh) return s == Severity::Error ? "错误" : s == Severity::Warning ? "警告" : "注";
  return s == Severity::Error ? "error" : s == Severity::Warning ? "warning" : "note";
}

// The source line with a caret line under [col, end_col). Widths are display cells, so the
// carets sit under CJK characters (two cells each) exactly.
void snippet(std::string& out, const SourceManager& sm, const Span& s) {
  if (!s.valid() || s.line > sm.line_count(s.file)) return;
  std::string_view line = sm.line_text(s.file, s.line);
  std::string num = std::to_string(s.line);
  std::string pad(num.size(), ' ');
  std::string expanded;
  for (char c : line) expanded += c == '\t' ? ' ' : c;
  // Control characters shown as U+FFFD, one for one, so the carets keep their columns.
  expanded = printable_same_width(expanded);
  size_t chars = utf8_char_count(expanded);
  size_t start = std::min<size_t>(s.col > 0 ? s.col - 1 : 0, chars);
  size_t end = s.end_line == s.line ? std::min<size_t>(s.end_col > 0 ? s.end_col - 1 : 0, chars) : chars;
  // A very long line (a generated model, a 10^6-digit number) is shown as a window around the
  // place, with … where it was cut.
  constexpr size_t kWindow = 160, kBefore = 40;
  if (chars > kWindow) {
    size_t from = start > kBefore ? start - kBefore : 0;
    size_t to = std::min(chars, from + kWindow);
    std::string_view head = utf8_prefix(expanded, from), upto = utf8_prefix(expanded, to);
    std::string window = std::string(from > 0 ? "\u2026" : "") + std::string(upto.substr(head.size())) +
                         (to < chars ? "\u2026" : "");
    const size_t shift = from > 0 ? from - 1 : 0;  // the leading … takes one column
    start -= shift;
    end = std::min(std::max(end, start + shift) - shift, utf8_char_count(window));
    expanded = std::move(window);
    chars = utf8_char_count(expanded);
  }
  out += pad + " |\n";
  out += num + " | " + expanded + "\n";
  std::string_view before = utf8_prefix(expanded, start);
  std::string_view upto = utf8_prefix(expanded, std::max(end, start));
  size_t lead = display_width(before);
  size_t width = std::max<size_t>(1, display_width(upto) - lead);
  out += pad + " | " + std::string(lead, ' ') + std::string(width, '^') + "\n";
}

// A path comes from the command line or a model (--data, an import): escaped like any other
// argument, and cut when it is longer than any real path could be (a 10^5-character --data
// value printed whole, twice, made a 100 KB message).
constexpr size_t kMaxPathChars = 400;

std::string location(const SourceManager& sm, const Span& s) {
  return printable(sm.path(s.file), kMaxPathChars) + ":" + std::to_string(s.line) + ":" + std::to_string(s.col);
}
}  // namespace

std::string summary_line(size_t errors, size_t warnings, Lang lang) {
  if (lang == Lang::Zh) return std::to_string(errors) + " 个错误，" + std::to_string(warnings) + " 个警告";
  return std::to_string(errors) + (errors == 1 ? " error, " : " errors, ") + std::to_string(warnings) +
         (warnings == 1 ? " warning" : " warnings");
}

std::string render_text(const std::vector<Diagnostic>& diags, const SourceManager& sm, Lang lang) {
  std::string out;
  for (const auto& d : diags) {
    std::string head = d.span.valid() ? location(sm, d.span) + ": " : std::string();
    out += head + severity_word(d.severity(), lang) + "[" + d.code() + "]: " + message(d, lang) + "\n";
    snippet(out, sm, d.span);
    for (const auto& n : d.notes) {
      bool help = n.id == NoteId::DidYouMean;
      out += std::string(help ? (lang == Lang::Zh ? "提示" : "help") : severity_word(Severity::Note, lang)) + ": " +
             note_message(n, lang) + "\n";
      if (n.span.valid()) {
        out += "  --> " + location(sm, n.span) + "\n";
        snippet(out, sm, n.span);
      }
    }
    out += "\n";
  }
  return out;
}

std::string render(DiagFormat f, const std::vector<Diagnostic>& diags, const SourceManager& sm, Lang lang) {
  switch (f) {
    case DiagFormat::Json: return render_json(diags, sm, lang);
    case DiagFormat::Sarif: return render_sarif(diags, sm, lang);
    default: return render_text(diags, sm, lang);
  }
}

}  // namespace clue
