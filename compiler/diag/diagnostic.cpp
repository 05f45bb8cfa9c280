#include "compiler/diag/diagnostic.h"

#include "compiler/diag/printable.h"

#include <algorithm>
#include <cstdint>

namespace clue {
namespace {
const DiagInfo kDiags[] = {
#define CLUE_DIAG(code, name, severity, en, zh, hint_en, hint_zh) {#name, #code, Severity::severity, en, zh, false},
#define CLUE_USAGE(code, name, severity, en, zh, hint_en, hint_zh) {#name, #code, Severity::severity, en, zh, true},
#include "runtime/diag/codes.def"
};
const diag::Code kRegistryCodes[] = {
#define CLUE_DIAG(code, name, severity, en, zh, hint_en, hint_zh) diag::Code::code,
#define CLUE_USAGE(code, name, severity, en, zh, hint_en, hint_zh) diag::Code::code,
#include "runtime/diag/codes.def"
};
static_assert(sizeof(kDiags) / sizeof(kDiags[0]) == size_t(DiagId::kCount));
struct NoteText {
  const char* en;
  const char* zh;
};
const NoteText kNotes[] = {
#define CLUE_NOTE(name, en, zh) {en, zh},
#include "runtime/diag/codes.def"
};

std::vector<uint32_t> code_points(std::string_view s) {
  std::vector<uint32_t> out;
  for (size_t i = 0; i < s.size();) {
    unsigned char b = static_cast<unsigned char>(s[i]);
    size_t n = b < 0x80 ? 1 : (b >> 5) == 6 ? 2 : (b >> 4) == 14 ? 3 : (b >> 3) == 30 ? 4 : 1;
    n = std::min(n, s.size() - i);
    uint32_t cp = n == 1 ? b : (b & (0x7F >> n));
    for (size_t k = 1; k < n; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    out.push_back(cp);
    i += n;
  }
  return out;
}
}  // namespace

const DiagInfo& diag_info(DiagId id) { return kDiags[static_cast<size_t>(id)]; }
size_t diag_count() { return static_cast<size_t>(DiagId::kCount); }
DiagId diag_at(size_t index) { return static_cast<DiagId>(index); }

std::optional<DiagId> diag_by_code(std::string_view code) {
  for (size_t i = 0; i < diag_count(); ++i)
    if (code == kDiags[i].code) return static_cast<DiagId>(i);
  return std::nullopt;
}

diag::Code registry_code(DiagId id) { return kRegistryCodes[static_cast<size_t>(id)]; }
diag::Lang registry_lang(Lang lang) { return lang == Lang::Zh ? diag::Lang::Zh : diag::Lang::En; }

Diagnostic& Diagnostic::with_data_code(std::string_view code) {
  if (auto c = diag::by_code(code); c && diag::info(*c).family != diag::Family::Diag &&
                                    diag::info(*c).family != diag::Family::Usage)
    data_code = *c;
  return *this;
}

std::string bilingual(std::string_view en, std::string_view zh) {
  std::string s(en);
  s += '\x1f';
  s += zh;
  return s;
}

namespace {
// Arguments come from models and data files: never printed raw (compiler/diag/printable.h).
// A message quotes at most kMaxArgChars characters of one; the driver's texts (summaries,
// `why`) print values whole, escaped.
constexpr size_t kMaxArgChars = 200;

std::string fill_template(const char* tmpl, const std::vector<std::string>& args, Lang lang, size_t max_chars) {
  std::string out;
  for (const char* p = tmpl; *p; ++p) {
    if (*p == '{' && p[1] >= '0' && p[1] <= '9' && p[2] == '}') {
      size_t k = size_t(p[1] - '0');
      if (k < args.size()) {
        std::string_view a = args[k];
        size_t sep = a.find('\x1f');
        if (sep == std::string::npos) out += printable(a, max_chars);
        else out += printable(lang == Lang::Zh ? a.substr(sep + 1) : a.substr(0, sep), max_chars);
      }
      p += 2;
    } else {
      out += *p;
    }
  }
  return out;
}
}  // namespace

std::string format_template(const char* tmpl, const std::vector<std::string>& args, Lang lang) {
  return fill_template(tmpl, args, lang, SIZE_MAX);
}

std::string message(const Diagnostic& d, Lang lang) {
  const DiagInfo& info = diag_info(d.id);
  return fill_template(lang == Lang::Zh ? info.zh : info.en, d.args, lang, kMaxArgChars);
}

std::string note_message(const Note& n, Lang lang) {
  const NoteText& t = kNotes[static_cast<size_t>(n.id)];
  return fill_template(lang == Lang::Zh ? t.zh : t.en, n.args, lang, kMaxArgChars);
}

std::string ui_text(TextId id, Lang lang, std::initializer_list<std::string_view> args) {
  const diag::TextInfo& t = diag::texts()[static_cast<size_t>(id)];
  return format_template(t.text(registry_lang(lang)), std::vector<std::string>(args.begin(), args.end()), lang);
}

Diagnostic& DiagnosticSink::report(DiagId id, Span span, std::vector<std::string> args) {
  if (!seen_.emplace(int(id), span.file, span.line, span.col, span.end_line, span.end_col, args).second) {
    repeat_ = Diagnostic{id, span, std::move(args), {}};
    return repeat_;
  }
  diags_.push_back(Diagnostic{id, span, std::move(args), {}});
  return diags_.back();
}

size_t DiagnosticSink::error_count() const {
  return size_t(std::count_if(diags_.begin(), diags_.end(),
                              [](const Diagnostic& d) { return d.severity() == Severity::Error; }));
}
size_t DiagnosticSink::usage_error_count() const {
  return size_t(std::count_if(diags_.begin(), diags_.end(),
                              [](const Diagnostic& d) { return d.usage() && d.severity() == Severity::Error; }));
}
size_t DiagnosticSink::warning_count() const {
  return size_t(std::count_if(diags_.begin(), diags_.end(),
                              [](const Diagnostic& d) { return d.severity() == Severity::Warning; }));
}

void DiagnosticSink::sort_by_location() {
  std::stable_sort(diags_.begin(), diags_.end(), [](const Diagnostic& a, const Diagnostic& b) {
    if (a.span.file != b.span.file) return a.span.file < b.span.file;
    if (a.span.line != b.span.line) return a.span.line < b.span.line;
    return a.span.col < b.span.col;
  });
}

size_t edit_distance_chars(std::string_view a, std::string_view b) {
  auto x = code_points(a), y = code_points(b);
  std::vector<size_t> prev(y.size() + 1), cur(y.size() + 1);
  for (size_t j = 0; j <= y.size(); ++j) prev[j] = j;
  // Optimal string alignment: a swap of two neighbours (wehre → where) is one edit, as a
  // typist makes it, not two.
  std::vector<size_t> before(y.size() + 1);
  for (size_t i = 1; i <= x.size(); ++i) {
    cur[0] = i;
    for (size_t j = 1; j <= y.size(); ++j) {
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (x[i - 1] == y[j - 1] ? 0 : 1)});
      if (i > 1 && j > 1 && x[i - 1] == y[j - 2] && x[i - 2] == y[j - 1]) cur[j] = std::min(cur[j], before[j - 2] + 1);
    }
    before = prev;
    std::swap(prev, cur);
  }
  return prev[y.size()];
}

std::optional<std::string> closest_match(const std::string& word, const std::vector<std::string>& candidates) {
  size_t len = code_points(word).size();
  // Allow roughly one edit per three characters, at least one: 身份证 → 身份证号 is one edit.
  size_t limit = std::max<size_t>(1, (len + 2) / 3);
  std::optional<std::string> best;
  size_t best_d = limit + 1;
  for (const auto& c : candidates) {
    if (c == word) continue;
    size_t d = edit_distance_chars(word, c);
    // In a short word two edits make another word (round is not count), unless one word holds
    // the other whole (执行法院 → 法院: the name with a qualifier added).
    if (d >= 2 && len <= 5 && word.find(c) == std::string::npos && c.find(word) == std::string::npos) continue;
    if (d < best_d) {
      best_d = d;
      best = c;
    }
  }
  return best;
}

void internal_error(std::string what) { throw InternalError{std::move(what)}; }

}  // namespace clue
