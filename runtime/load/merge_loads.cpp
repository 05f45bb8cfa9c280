// One source from several files: their loads joined into one table (loader.h, merge_loads).
//
// Each file is loaded on its own, with the same LoadSpec but its own path, so every row keeps
// its own file and line and every reject names its file. The session loads such files without
// deferred columns: a deferred column is re-read from one file's bytes by record offset, and a
// table of several files would need one reader per file behind it (not built yet: see
// docs/running.md). Memory: one more copy of the columns while they are appended, per source.
#include <algorithm>
#include <iterator>
#include <set>

#include "runtime/csv/header.h"
#include "runtime/load/loader.h"

namespace clue::rt {

HeaderDifference compare_headers(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  auto names = [](const std::vector<std::string>& cells) {
    std::vector<std::pair<std::string, std::string>> out;  // normalised, as written
    std::set<std::string> seen;
    for (const auto& c : cells) {
      std::string n = csv::normalize_header(c);
      if (!n.empty() && seen.insert(n).second) out.emplace_back(std::move(n), c);
    }
    return out;
  };
  const auto na = names(a), nb = names(b);
  auto has = [](const auto& list, const std::string& n) {
    return std::any_of(list.begin(), list.end(), [&](const auto& p) { return p.first == n; });
  };
  for (const auto& [n, written] : na)
    if (!has(nb, n)) return {written, true};
  for (const auto& [n, written] : nb)
    if (!has(na, n)) return {written, false};
  return {};
}

LoadResult merge_loads(std::vector<LoadResult>& parts, const std::vector<std::string>& paths,
                       const std::vector<std::string>& labels) {
  LoadResult out;
  out.ok = true;
  if (parts.empty()) return out;
  Table& t = out.table;
  const Table& first = parts[0].table;
  t.name = first.name;
  t.path = paths[0];
  t.column_names = first.column_names;
  t.part_labels = labels;
  t.part_paths = paths;
  size_t rows = 0;
  for (const auto& p : parts) rows += p.table.rows();
  t.line.reserve(rows);
  t.part.reserve(rows);
  t.columns.reserve(first.columns.size());
  for (const auto& c : first.columns) {
    t.columns.push_back(Column::make(c.logical));
    // A dictionary stays one while the files' values fit; a fixed-width column stays fixed.
    if (c.phys == Phys::Str && c.str.dict) t.columns.back().str.start_dict();
    if (c.phys == Phys::Str && c.str.width) t.columns.back().str.start_fixed(c.str.width);
    t.columns.back().reserve(rows);
  }
  out.header = parts[0].header;
  LoadStats& s = out.stats;
  std::vector<std::string> encodings;
  for (size_t k = 0; k < parts.size(); ++k) {
    LoadResult& p = parts[k];
    Table& pt = p.table;
    for (size_t c = 0; c < t.columns.size() && c < pt.columns.size(); ++c) {
      t.columns[c].append(pt.columns[c]);
      pt.columns[c] = Column::make(pt.columns[c].logical);  // its memory back now, not at the end
    }
    t.line.insert(t.line.end(), pt.line.begin(), pt.line.end());
    out.row_hash.insert(out.row_hash.end(), p.row_hash.begin(), p.row_hash.end());
    p.row_hash = {};
    t.part.insert(t.part.end(), pt.rows(), uint16_t(k));
    pt.line = {};
    const LoadStats& ps = p.stats;
    s.rows_read += ps.rows_read;
    s.rows_used += ps.rows_used;
    s.rows_rejected += ps.rows_rejected;
    s.blank_lines += ps.blank_lines;
    s.trailer_rows += ps.trailer_rows;
    s.empty_rows += ps.empty_rows;
    s.title_rows += ps.title_rows;
    s.encoding_fallback_rows += ps.encoding_fallback_rows;
    s.encoding_fallback_lines += ps.encoding_fallback_lines;
    for (const auto& [col, codes] : ps.nulls)
      for (const auto& [code, n] : codes) s.nulls[col][code] += n;
    if (std::find(encodings.begin(), encodings.end(), ps.encoding) == encodings.end()) encodings.push_back(ps.encoding);
    out.rejects.insert(out.rejects.end(), std::make_move_iterator(p.rejects.begin()),
                       std::make_move_iterator(p.rejects.end()));
    p.rejects = {};
    for (LoadWarning w : p.warnings) {
      w.path = paths[k];
      out.warnings.push_back(std::move(w));
    }
  }
  for (size_t k = 0; k < encodings.size(); ++k) s.encoding += (k ? "; " : "") + encodings[k];
  s.delimiter = parts[0].stats.delimiter;
  s.header_line = parts[0].stats.header_line;
  return out;
}

}  // namespace clue::rt
