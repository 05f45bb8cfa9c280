#include "runtime/csv/errors.h"

#include <iterator>

namespace clue::csv {
namespace {

constexpr diag::Code kCodes[] = {
#define CLUE_CSV(code, name, severity, en, zh, hint_en, hint_zh) diag::Code::code,
#include "runtime/diag/codes.def"
};
static_assert(std::size(kCodes) == kErrorCodeCount);

const diag::CodeInfo& entry(ErrorCode c) { return diag::info(kCodes[static_cast<std::size_t>(c)]); }

}  // namespace

diag::Code registry_code(ErrorCode c) { return kCodes[static_cast<std::size_t>(c)]; }
std::string_view code_id(ErrorCode c) { return entry(c).code; }
std::string_view code_name(ErrorCode c) { return entry(c).name; }

std::string_view message_template(ErrorCode c, Lang lang) {
  return lang == Lang::Zh ? entry(c).zh : entry(c).en;
}

Severity severity(ErrorCode c) {
  switch (entry(c).severity) {
    case diag::Severity::RowReject: return Severity::RowReject;
    case diag::Severity::DataWarning: return Severity::Warning;
    default: return Severity::FileError;
  }
}

std::string format_message(ErrorCode c, Lang lang,
                           std::initializer_list<std::string_view> args) {
  return diag::format(message_template(c, lang), args);
}

Diagnostic make_diagnostic(ErrorCode c, std::uint64_t line, int column,
                           std::initializer_list<std::string_view> args) {
  Diagnostic d;
  d.code = c;
  d.line = line;
  d.column = column;
  d.message_en = format_message(c, Lang::En, args);
  d.message_zh = format_message(c, Lang::Zh, args);
  return d;
}

std::string truncate_raw(std::string_view raw) {
  if (raw.size() <= kRejectRawMax) return std::string(raw);
  std::size_t n = kRejectRawMax;
  // Step back over UTF-8 continuation bytes so a character is not cut in half;
  // at most 3 steps, so binary garbage cannot make us drop much.
  for (int k = 0; k < 3 && n > 0 &&
                  (static_cast<unsigned char>(raw[n]) & 0xC0) == 0x80;
       ++k)
    --n;
  return std::string(raw.substr(0, n));
}

}  // namespace clue::csv
