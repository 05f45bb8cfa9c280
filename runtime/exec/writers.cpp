#include "runtime/exec/writers.h"

#include <nlohmann/json.hpp>

#include <charconv>
#include <cstdint>
#include <cstring>
#include <functional>
#include <iterator>

#include "runtime/exec/formula_guard.h"
#include "runtime/values/text.h"

namespace clue::exec {
namespace {

constexpr char kBom[] = "\xEF\xBB\xBF";
constexpr uint64_t kOnes = 0x0101010101010101ull;
constexpr uint64_t kHighs = 0x8080808080808080ull;

// Nonzero iff some byte of `w` equals `b` (exact as a truth value).
inline uint64_t has_byte(uint64_t w, unsigned char b) {
  uint64_t x = w ^ (kOnes * b);
  return (x - kOnes) & ~x & kHighs;
}

inline bool csv_special(unsigned char c) { return c == ',' || c == '"' || c == '\r' || c == '\n'; }

// Whether a cell must be quoted: it holds ',', '"', CR or LF, or starts or ends with a space.
// One pass over the cell, eight bytes at a time.
inline bool csv_needs_quotes(const char* p, size_t n) {
  if (n == 0) return false;
  if (p[0] == ' ' || p[n - 1] == ' ') return true;
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    uint64_t w;
    std::memcpy(&w, p + i, 8);
    if (has_byte(w, ',') | has_byte(w, '"') | has_byte(w, '\r') | has_byte(w, '\n')) return true;
  }
  for (; i < n; ++i)
    if (csv_special(static_cast<unsigned char>(p[i]))) return true;
  return false;
}

void append_quoted(std::string& out, const char* p, size_t n) {
  out += '"';
  const char* end = p + n;
  while (const char* q = static_cast<const char*>(std::memchr(p, '"', size_t(end - p)))) {
    out.append(p, size_t(q - p + 1));  // up to and including the quote...
    out += '"';                         // ...which is doubled
    p = q + 1;
  }
  out.append(p, size_t(end - p));
  out += '"';
}

inline void append_cell(std::string& out, std::string_view s) {
  if (csv_needs_quotes(s.data(), s.size())) append_quoted(out, s.data(), s.size());
  else out.append(s.data(), s.size());
}

void append_line(std::string& out, const std::vector<std::string>& cells) {
  for (size_t i = 0; i < cells.size(); ++i) {
    if (i) out += ',';
    append_cell(out, cells[i]);
  }
  out += "\r\n";
}

// A cell a spreadsheet would take for a formula, with the guard in front (formula_guard.h);
// rare, so the temporary string does not matter.
void append_guarded(std::string& out, std::string_view s) {
  std::string guarded;
  guarded.reserve(s.size() + 1);
  guarded += kFormulaGuard;
  guarded.append(s.data(), s.size());
  append_cell(out, guarded);
}

// A lead line: formula-like cells of the columns in `guarded` get the guard; returns how many.
uint64_t append_lead_line(std::string& out, const std::vector<std::string>& cells, const std::vector<char>& guarded) {
  uint64_t n = 0;
  for (size_t i = 0; i < cells.size(); ++i) {
    if (i) out += ',';
    if (i < guarded.size() && guarded[i] && formula_like(cells[i])) {
      append_guarded(out, cells[i]);
      ++n;
    } else {
      append_cell(out, cells[i]);
    }
  }
  out += "\r\n";
  return n;
}

// Room for a line of these cells if none needs quotes beyond its enclosing pair: the size
// estimate for reserve() (embedded quotes, being doubled, may make the string grow once more).
size_t line_room(const std::vector<std::string>& cells) {
  size_t n = 2;  // CRLF
  for (const auto& c : cells) n += c.size() + 3;  // separator, two quotes
  return n;
}

// True iff nlohmann-json writes `s` as it is between the quotes: no '"', '\\' or control
// character to escape, and valid UTF-8 (nothing to replace). Most cells are.
inline bool json_plain(std::string_view s) {
  bool ascii = true;
  for (unsigned char c : s) {
    if (c == '"' || c == '\\' || c < 0x20) return false;
    ascii &= c < 0x80;
  }
  return ascii || values::utf8_valid(s);
}

}  // namespace

void append_csv_cell(std::string& out, std::string_view s) { append_cell(out, s); }

std::string csv_cell(const std::string& s) {
  if (!csv_needs_quotes(s.data(), s.size())) return s;
  std::string out;
  out.reserve(s.size() + 2 + 8);
  append_quoted(out, s.data(), s.size());
  return out;
}

std::string to_csv(const OutputTable& t, uint64_t* neutralised) {
  size_t room = sizeof kBom - 1 + line_room(t.columns);
  for (const auto& r : t.rows) room += line_room(r) + 1;
  // Every column is guarded but the numeric value columns (provenance columns are text).
  std::vector<char> guarded(t.columns.size(), 1);
  for (size_t c = 0; c < t.types.size() && c < guarded.size(); ++c) guarded[c] = !numeric_column(t.types[c]);
  std::string out;
  out.reserve(room);
  out += kBom;
  append_line(out, t.columns);
  uint64_t n = 0;
  for (const auto& r : t.rows) n += append_lead_line(out, r, guarded);
  if (neutralised) *neutralised = n;
  return out;
}

void append_json_string(std::string& out, std::string_view s) {
  if (json_plain(s)) {
    out += '"';
    out.append(s.data(), s.size());
    out += '"';
    return;
  }
  // The escaping is nlohmann-json's: UTF-8 as is (ensure_ascii off), invalid bytes as U+FFFD.
  out += nlohmann::json(s).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string to_jsonl(const OutputTable& t) {
  // Each column's `"name":` once, not once per row.
  std::vector<std::string> keys(t.columns.size());
  size_t key_room = 0;
  for (size_t c = 0; c < t.columns.size(); ++c) {
    append_json_string(keys[c], t.columns[c]);
    keys[c] += ':';
    key_room += keys[c].size() + 1;  // with its separator
  }
  size_t room = 0;
  for (const auto& r : t.rows) {
    room += key_room + 3;  // braces, newline
    for (const auto& cell : r) room += cell.size() + 2;
  }
  std::string out;
  out.reserve(room);
  for (const auto& r : t.rows) {
    out += '{';
    for (size_t c = 0; c < t.columns.size(); ++c) {
      if (c) out += ',';
      out += keys[c];
      append_json_string(out, r[c]);
    }
    out += "}\n";
  }
  return out;
}

void write_rejects_csv(const std::vector<const rt::RejectRecord*>& rejects,
                       const std::function<void(std::string_view)>& out_piece) {
  static const char* const kColumns[] = {"数据源", "文件", "行号", "列", "原始值", "代码", "原因", "reason", "处理"};
  static constexpr std::string_view kRowRejected = "整行未使用", kValueNulled = "该值按空值处理";
  constexpr size_t kNumberRoom = 20;  // digits of a uint64_t
  // Built in pieces of about 1 MB (a buffer that stays in cache) and handed over one by one:
  // a rejects.csv of 20 MB per million input rows is never held whole.
  constexpr size_t kPiece = size_t{1} << 20;

  std::string out;
  out.reserve(kPiece + 4096);
  out += kBom;
  for (size_t i = 0; i < std::size(kColumns); ++i) {
    if (i) out += ',';
    append_cell(out, kColumns[i]);
  }
  out += "\r\n";

  char num[kNumberRoom];
  for (const auto* r : rejects) {
    append_cell(out, r->source);
    out += ',';
    // The file and the raw value come from outside (the data): guarded like leads' text.
    if (formula_like(r->path)) append_guarded(out, r->path);
    else append_cell(out, r->path);
    out += ',';
    out.append(num, size_t(std::to_chars(num, num + sizeof num, r->line).ptr - num));  // digits: never quoted
    out += ',';
    append_cell(out, r->column);
    out += ',';
    if (formula_like(r->raw)) append_guarded(out, r->raw);
    else append_cell(out, r->raw);
    out += ',';
    append_cell(out, r->code);
    out += ',';
    append_cell(out, r->reason_zh);
    out += ',';
    append_cell(out, r->reason_en);
    out += ',';
    out += r->row_rejected ? kRowRejected : kValueNulled;  // never quoted
    out += "\r\n";
    if (out.size() >= kPiece) {
      out_piece(out);
      out.clear();
    }
  }
  if (!out.empty()) out_piece(out);
}

uint64_t rejects_guarded_cells(const std::vector<const rt::RejectRecord*>& rejects) {
  uint64_t n = 0;
  for (const auto* r : rejects) n += formula_like(r->path) + formula_like(r->raw);
  return n;
}

std::string rejects_csv(const std::vector<const rt::RejectRecord*>& rejects) {
  std::string all;
  write_rejects_csv(rejects, [&](std::string_view piece) { all.append(piece); });
  return all;
}

}  // namespace clue::exec
