#include "runtime/csv/header.h"
#include "runtime/csv/header_meaning.h"

#include <algorithm>
#include <map>

namespace clue::csv {
namespace {

// Decodes one code point; invalid bytes come back as themselves with
// `valid` false, so normalisation never drops or invents data.
char32_t next_code_point(std::string_view s, std::size_t& i, bool& valid) {
  auto b = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned c = b(i);
  valid = true;
  if (c < 0x80) {
    ++i;
    return c;
  }
  const int n = (c & 0xE0) == 0xC0 ? 1 : (c & 0xF0) == 0xE0 ? 2 : (c & 0xF8) == 0xF0 ? 3 : 0;
  char32_t cp = n == 1 ? (c & 0x1F) : n == 2 ? (c & 0x0F) : (c & 0x07);
  bool ok = n > 0;
  for (int k = 1; ok && k <= n; ++k) {
    if (i + k >= s.size() || (b(i + k) & 0xC0) != 0x80) ok = false;
    else cp = cp << 6 | (b(i + k) & 0x3F);
  }
  if (!ok) {
    valid = false;
    ++i;
    return c;
  }
  i += static_cast<std::size_t>(n) + 1;
  return cp;
}

bool is_space(char32_t c) {
  switch (c) {
    case ' ': case '\t': case '\n': case '\r': case '\v': case '\f':
    case 0x00A0: case 0x3000: case 0xFEFF: case 0x200B: case 0x200C: case 0x200D: case 0x2060:
      return true;
    default:
      return false;
  }
}

void append_utf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | cp >> 6);
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | cp >> 12);
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | cp >> 18);
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

std::u32string code_points(std::string_view s) {
  std::u32string out;
  bool valid;
  for (std::size_t i = 0; i < s.size();) out += next_code_point(s, i, valid);
  return out;
}

}  // namespace

std::string normalize_header(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    bool valid;
    std::size_t at = i;
    char32_t c = next_code_point(s, i, valid);
    if (!valid) {
      out += s[at];
      continue;
    }
    if (is_space(c)) continue;
    if (c >= 0xFF01 && c <= 0xFF5E) c -= 0xFEE0;  // full-width ASCII block
    if (c >= 'A' && c <= 'Z') c += 'a' - 'A';
    append_utf8(out, c);
  }
  return out;
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
  const std::u32string x = code_points(a), y = code_points(b);
  std::vector<std::size_t> row(y.size() + 1);
  for (std::size_t j = 0; j <= y.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= x.size(); ++i) {
    std::size_t diag = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= y.size(); ++j) {
      std::size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (x[i - 1] == y[j - 1] ? 0 : 1)});
      diag = up;
    }
  }
  return row[y.size()];
}

std::size_t HeaderMatch::found() const {
  return static_cast<std::size_t>(
      std::count_if(columns.begin(), columns.end(), [](const ColumnMatch& c) { return c.index >= 0; }));
}

std::vector<int> HeaderMatch::projection() const {
  std::vector<int> p;
  p.reserve(columns.size());
  for (const ColumnMatch& c : columns) p.push_back(c.index);
  return p;
}

std::size_t count_expected(std::span<const std::string_view> cells,
                           std::span<const std::string> normalized_expected) {
  std::vector<std::string> norm;
  norm.reserve(cells.size());
  for (std::string_view c : cells) norm.push_back(normalize_header(c));
  std::size_t n = 0;
  for (std::size_t e = 0; e < normalized_expected.size(); ++e) {
    if (normalized_expected[e].empty()) continue;
    // count each distinct expected name once
    bool seen_before = false;
    for (std::size_t k = 0; k < e && !seen_before; ++k) seen_before = normalized_expected[k] == normalized_expected[e];
    if (seen_before) continue;
    if (std::find(norm.begin(), norm.end(), normalized_expected[e]) != norm.end()) ++n;
  }
  return n;
}

HeaderMatch match_header(std::span<const std::string_view> cells, std::uint64_t line,
                         std::span<const std::string> expected) {
  HeaderMatch m;
  m.line = line;
  std::vector<std::string> norm;
  for (std::string_view c : cells) {
    m.names.emplace_back(c);
    norm.push_back(normalize_header(c));
  }
  // Duplicates, in order of first appearance.
  std::map<std::string, std::vector<int>> by_name;
  std::vector<std::string> order;
  for (std::size_t i = 0; i < norm.size(); ++i) {
    if (norm[i].empty()) continue;
    auto& v = by_name[norm[i]];
    if (v.empty()) order.push_back(norm[i]);
    v.push_back(static_cast<int>(i));
  }
  for (const std::string& n : order)
    if (by_name[n].size() > 1) m.duplicates.push_back(by_name[n]);

  std::vector<bool> claimed(cells.size(), false);
  for (const std::string& e : expected) {
    ColumnMatch cm;
    cm.expected = e;
    auto it = by_name.find(normalize_header(e));
    if (it != by_name.end()) {
      cm.index = it->second.front();
      claimed[cm.index] = true;
    }
    m.columns.push_back(std::move(cm));
  }
  // Nearest header for each missing column: prefer columns nobody claimed. Ranked by meaning
  // (header_meaning.h): a column of another party's role (被告… for 原告…) is never proposed,
  // and one holding the same thing under another word (证件号码 for 身份证号) comes first.
  for (ColumnMatch& cm : m.columns) {
    if (cm.index >= 0) continue;
    const std::string ne = normalize_header(cm.expected);
    for (int pass = 0; pass < 2 && cm.nearest < 0; ++pass) {
      for (std::size_t i = 0; i < norm.size(); ++i) {
        if (norm[i].empty() || (pass == 0 && claimed[i])) continue;
        std::size_t d = meaning_distance(ne, norm[i]);
        if (d == kIncompatible) continue;
        if (cm.nearest < 0 || d < cm.distance) {
          cm.nearest = static_cast<int>(i);
          cm.distance = d;
        }
      }
    }
  }
  if (!expected.empty())
    for (std::size_t i = 0; i < norm.size(); ++i)
      if (!norm[i].empty() && !claimed[i]) m.extras.push_back(static_cast<int>(i));
  return m;
}

}  // namespace clue::csv
