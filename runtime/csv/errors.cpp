#include "runtime/csv/errors.h"

#include <array>

namespace clue::csv {
namespace {

struct Entry {
  std::string_view id, name, en, zh;
};

constexpr std::array<Entry, kErrorCodeCount> kEntries = {{
#define CSV_ERROR(code, name, en, zh) {#code, #name, en, zh},
#include "runtime/csv/csv_errors.def"
#undef CSV_ERROR
}};

const Entry& entry(ErrorCode c) { return kEntries[static_cast<std::size_t>(c)]; }

}  // namespace

std::string_view code_id(ErrorCode c) { return entry(c).id; }
std::string_view code_name(ErrorCode c) { return entry(c).name; }

std::string_view message_template(ErrorCode c, Lang lang) {
  return lang == Lang::Zh ? entry(c).zh : entry(c).en;
}

Severity severity(ErrorCode c) {
  std::string_view id = code_id(c);  // "C0xyy": the range digit is id[2]
  switch (id[2]) {
    case '1': return Severity::RowReject;
    case '2': return Severity::FileError;
    default: return Severity::Warning;
  }
}

std::string format_message(ErrorCode c, Lang lang,
                           std::initializer_list<std::string_view> args) {
  std::string_view t = message_template(c, lang);
  std::string out;
  out.reserve(t.size() + 32);
  auto arg = args.begin();
  for (std::size_t i = 0; i < t.size(); ++i) {
    if (t[i] == '{' && i + 1 < t.size() && t[i + 1] == '}' && arg != args.end()) {
      out += *arg++;
      ++i;
    } else {
      out += t[i];
    }
  }
  return out;
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
