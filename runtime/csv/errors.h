// Error codes, severities and message formatting for the CSV layer.
// The codes themselves are the CLUE_CSV rows of runtime/diag/codes.def, the registry of every
// code (runtime/diag/registry.h).
#pragma once

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>

#include "runtime/diag/registry.h"

namespace clue::csv {

enum class ErrorCode : std::uint16_t {
#define CLUE_CSV(code, name, severity, en, zh, hint_en, hint_zh) name,
#include "runtime/diag/codes.def"
};

// Number of C codes; arrays indexed by ErrorCode use it.
inline constexpr std::size_t kErrorCodeCount = 0
#define CLUE_CSV(code, name, severity, en, zh, hint_en, hint_zh) +1
#include "runtime/diag/codes.def"
    ;

// The registry's severity in the CSV layer's terms (RowReject, FileError, DataWarning → Warning).
enum class Severity : std::uint8_t { RowReject, FileError, Warning };

enum class Lang : std::uint8_t { En, Zh };

diag::Code registry_code(ErrorCode c);       // diag::Code::C0101
std::string_view code_id(ErrorCode c);       // "C0101"
std::string_view code_name(ErrorCode c);     // "FieldCountMismatch"
std::string_view message_template(ErrorCode c, Lang lang);
Severity severity(ErrorCode c);

// Fills the "{}" placeholders of the template in order. Missing arguments
// leave "{}" in place, extra arguments are ignored: a message is never lost
// because of a formatting slip.
std::string format_message(ErrorCode c, Lang lang,
                           std::initializer_list<std::string_view> args);

// A file-level error or a warning (not tied to one delivered row).
struct Diagnostic {
  ErrorCode code{};
  std::uint64_t line = 0;          // 1-based physical line, 0 = whole file
  int column = -1;                 // 0-based column, -1 = none
  std::string message_en;          // already formatted
  std::string message_zh;
};

Diagnostic make_diagnostic(ErrorCode c, std::uint64_t line, int column,
                           std::initializer_list<std::string_view> args);

// One rejected data row, as handed to the reject sink.
struct Reject {
  ErrorCode code{};
  std::uint64_t line = 0;          // 1-based physical line where the row starts
  std::uint32_t lines = 1;         // physical lines the row spans
  int column = -1;                 // 0-based column at fault, -1 = whole row
  std::uint32_t field_count = 0;   // fields found in the row
  std::string raw;                 // raw bytes of the row, at most kRejectRawMax
};

inline constexpr std::size_t kRejectRawMax = 200;

// Cuts raw text to at most kRejectRawMax bytes without splitting a UTF-8
// character (when the text is UTF-8); invalid bytes are kept as they are.
std::string truncate_raw(std::string_view raw);

}  // namespace clue::csv
