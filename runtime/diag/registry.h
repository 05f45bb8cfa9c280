// The registry of every code a user can see (E, W, U, C, V, L), read from runtime/diag/codes.def:
// look a code up by its enumerator, its code string ("C0204") or its identifier
// ("CsvMissingColumn"), list them all, format a code's text. It also holds the texts without a
// code: the notes attached to diagnostics and the driver's other texts (summaries, progress).
//
// It sits at the bottom of the layering (it includes nothing from Clue): the runtime's readers
// take their codes and texts for rejects.csv from it, the compiler its diagnostics' codes and
// texts, and `clue lint --list-rules` lists it. Each layer keeps its own small enum (DiagId for
// E, W and U, csv::ErrorCode, values::ValueError, rt::LoadError; NoteId and TextId for the
// texts), generated from the same file.
#pragma once
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace clue::diag {

// Every code, named by itself: Code::E0101, Code::C0204, Code::V0103, Code::L0001. The order
// is the file's (E/W first, then U, in DiagId's order; then C, V, L).
enum class Code : std::uint16_t {
#define CLUE_CODE(code, family, name, severity, en, zh, hint_en, hint_zh) code,
#include "runtime/diag/codes.def"
};

inline constexpr std::size_t kCodeCount = 0
#define CLUE_CODE(code, family, name, severity, en, zh, hint_en, hint_zh) +1
#include "runtime/diag/codes.def"
    ;

// Who reports a code: the compiler and driver about the model and the run (E/W), the driver about
// its command line (U: the command exits with code 2), the CSV reader (C), the value parsers
// (V), the loader (L).
enum class Family : std::uint8_t { Diag, Usage, Csv, Value, Load };

// Error, Warning: a finding about the model or the run (E, W); Error also for a command line that
// is wrong (U). The data families' codes say
// what happened to the data: FileError (the file, or the rest of it, cannot be read), RowReject
// (a row is not used), ValueReject (a value is not used: it becomes null, or its row is
// rejected when the field is required), DataWarning (nothing was lost).
enum class Severity : std::uint8_t { Error, Warning, FileError, RowReject, ValueReject, DataWarning };

enum class Lang : std::uint8_t { En, Zh };

struct CodeInfo {
  const char* code;     // "C0204": stable, unique
  const char* id;       // "CsvMissingColumn": stable, unique (Name, prefixed for C, V and L)
  const char* name;     // "MissingColumn": the enumerator in its family's own enum
  Family family;
  Severity severity;
  const char* en;       // message template: {0} {1} by position (E/W/U), "{}" in order (C, L)
  const char* zh;
  const char* hint_en;  // how to fix it; "" when there is no hint
  const char* hint_zh;

  const char* text(Lang lang) const { return lang == Lang::Zh ? zh : en; }
  const char* hint(Lang lang) const { return lang == Lang::Zh ? hint_zh : hint_en; }
  bool has_hint() const { return *hint_en != '\0'; }
};

// A text without a code of its own: a note attached to an E/W/U diagnostic (CLUE_NOTE,
// compiler/diag's NoteId) or one of the driver's other texts (CLUE_TEXT, TextId): summaries,
// progress, `why`'s explanation. Templates with {0}, {1}, ... by position.
struct TextInfo {
  const char* name;
  const char* en;
  const char* zh;

  const char* text(Lang lang) const { return lang == Lang::Zh ? zh : en; }
};
using NoteInfo = TextInfo;

const CodeInfo& info(Code c) noexcept;
std::span<const CodeInfo> all() noexcept;  // in Code order: all()[size_t(c)] is info(c)
std::span<const NoteInfo> notes() noexcept;
std::span<const TextInfo> texts() noexcept;  // the CLUE_TEXT rows, in the file's order
std::optional<Code> by_code(std::string_view code) noexcept;  // "E0101"
std::optional<Code> by_id(std::string_view id) noexcept;      // "UnexpectedToken", "CsvMissingColumn"

const char* family_name(Family f) noexcept;        // "diag", "usage", "csv", "value", "load"
const char* severity_name(Severity s) noexcept;    // "error", "warning", "file-error", "row-reject", ...
const char* severity_text(Severity s, Lang lang) noexcept;  // "file error" / "文件错误"
// The level closest to a severity in tools' terms (SARIF): "error", "warning" or "note".
const char* severity_level(Severity s) noexcept;

// Fills a template: "{}" takes the next argument, "{N}" (one digit) argument N. A placeholder
// without an argument stays as written and extra arguments are ignored, so a message is never
// lost because of a formatting slip.
std::string format(std::string_view tmpl, std::initializer_list<std::string_view> args);
std::string format(Code c, Lang lang, std::initializer_list<std::string_view> args);

}  // namespace clue::diag
