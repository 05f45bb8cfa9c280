// A diagnostic is one finding about the user's model or data, or about how clue was called: a
// registered kind (a CLUE_DIAG or CLUE_USAGE row of runtime/diag/codes.def, the registry of every
// code), where it is, the values that fill its message, and related notes. Messages are rendered
// late, in the language the user chose, so the same diagnostic can be printed as English text,
// Chinese text, JSON or SARIF.
#pragma once
#include <initializer_list>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "compiler/source/source_manager.h"
#include "runtime/diag/registry.h"

namespace clue {

enum class Severity { Error, Warning, Note };
enum class Lang { En, Zh };

// The E/W codes and the command line's U codes (DiagId), the notes (NoteId) and the driver's
// other texts (TextId), in codes.def's order.
enum class DiagId {
#define CLUE_DIAG(code, name, severity, en, zh, hint_en, hint_zh) name,
#define CLUE_USAGE(code, name, severity, en, zh, hint_en, hint_zh) name,
#include "runtime/diag/codes.def"
  kCount
};

enum class NoteId {
#define CLUE_NOTE(name, en, zh) name,
#include "runtime/diag/codes.def"
  kCount
};

enum class TextId {
#define CLUE_TEXT(name, en, zh) name,
#include "runtime/diag/codes.def"
  kCount
};

struct DiagInfo {
  const char* name;
  const char* code;
  Severity severity;
  const char* en;
  const char* zh;
  bool usage;  // a U code: the command line is wrong, the command exits with code 2
};
const DiagInfo& diag_info(DiagId id);
std::optional<DiagId> diag_by_code(std::string_view code);  // E/W/U codes only
size_t diag_count();
DiagId diag_at(size_t index);
diag::Code registry_code(DiagId id);  // the code's entry in the registry (hint, identifier)
diag::Lang registry_lang(Lang lang);

struct Note {
  NoteId id;
  Span span;  // may be invalid: a note with no place
  std::vector<std::string> args;
};

struct Diagnostic {
  DiagId id;
  Span span;
  std::vector<std::string> args;
  std::vector<Note> notes;
  // The data problem this diagnostic reports, when it wraps one: E0501/E0507 a file's C or L
  // code, E0502 C0204, W0504 the V code of the first bad value. JSON and SARIF carry it
  // (`dataCode`, SARIF's ruleId); text shows it in the message, as before.
  std::optional<diag::Code> data_code{};
  Severity severity() const { return diag_info(id).severity; }
  const char* code() const { return diag_info(id).code; }
  bool usage() const { return diag_info(id).usage; }
  // Sets data_code from a code string ("C0205"); an unknown or empty string leaves it unset.
  Diagnostic& with_data_code(std::string_view code);
};

// Fills {0}, {1}, ... in a template. An argument made by bilingual() is filled with the part
// in the message's language, so words such as "an expression" are translated too.
std::string format_template(const char* tmpl, const std::vector<std::string>& args, Lang lang);
std::string bilingual(std::string_view en, std::string_view zh);
std::string message(const Diagnostic& d, Lang lang);
std::string note_message(const Note& n, Lang lang);

// One of the driver's texts (a CLUE_TEXT row: summaries, progress, `why`'s explanation) in
// `lang`, with {0}, {1}, ... filled (bilingual() arguments as in messages).
std::string ui_text(TextId id, Lang lang, std::initializer_list<std::string_view> args = {});

// Collects diagnostics in the order they are found; sorted by place before printing.
class DiagnosticSink {
 public:
  // A diagnostic identical to one already reported (same code, place and arguments) is kept
  // once: the same broken const inlined 2^20 times must not say so 2^20 times (the front-end
  // fuzzer found 66,656 copies of one E0201). The reference returned for a repeat is a scratch
  // diagnostic that is discarded.
  Diagnostic& report(DiagId id, Span span, std::vector<std::string> args = {});
  const std::vector<Diagnostic>& all() const { return diags_; }
  std::vector<Diagnostic>& mutable_all() { return diags_; }
  size_t error_count() const;  // E and U errors
  size_t warning_count() const;
  size_t usage_error_count() const;  // U errors: the command exits with code 2
  bool has_errors() const { return error_count() > 0; }
  void sort_by_location();

 private:
  std::vector<Diagnostic> diags_;
  std::set<std::tuple<int, FileId, uint32_t, uint32_t, uint32_t, uint32_t, std::vector<std::string>>> seen_;
  Diagnostic repeat_;
};

// "Did you mean": the candidate closest to `word` by character edit distance, if it is close
// enough to be a plausible misspelling (works on Chinese: distance counts characters).
std::optional<std::string> closest_match(const std::string& word, const std::vector<std::string>& candidates);
size_t edit_distance_chars(std::string_view a, std::string_view b);

// An error in Clue itself, never the user's: printed differently and exits with code 3.
struct InternalError {
  std::string what;
};
[[noreturn]] void internal_error(std::string what);

}  // namespace clue
