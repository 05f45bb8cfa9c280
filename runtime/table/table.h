// A loaded source: its typed columns plus, for every row, where it came from (the physical
// line in the input file), so that every lead can be traced back to the rows that made it.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "runtime/table/column.h"

namespace clue::rt {

struct Table;

// Columns a model only prints (output columns, labels derived after the last filter and join)
// are not parsed at load: only the rows that become leads need them. The loader keeps where
// each row's record starts and hands the table one of these to parse those columns later, for
// just the rows asked for. Implemented by the CSV loader (runtime/load/deferred.cpp).
class DeferredColumns {
 public:
  virtual ~DeferredColumns() = default;
  // The values of table columns `columns` (each marked Column::deferred) for table rows `rows`
  // (ascending, distinct): one column per entry of `columns`, each rows.size() long. Bad
  // values become nulls and are recorded as rejects (see loader.h, take_deferred_report).
  // `threads` > 1 may read and parse the rows in contiguous ranges on that many threads; the
  // columns and the report are the same for any number.
  virtual std::vector<Column> fetch(const Table& t, const std::vector<int64_t>& rows,
                                    const std::vector<int>& columns, int threads = 1) = 0;
};

struct Table {
  std::string name;  // the source's name in the model
  std::string path;  // the file it was read from
  std::vector<std::string> column_names;
  std::vector<Column> columns;
  std::vector<uint64_t> line;  // physical line (1-based) of each row in `path`
  // With deferred columns: the byte offset of each row's record in the file's data text, and
  // the parser of those columns (null when every column was parsed at load).
  std::vector<uint64_t> offset;
  std::shared_ptr<DeferredColumns> deferred;
  // A source read from several files (exports per year, per court, per sheet; see
  // docs/running.md, "Several files for one source"): the rows of each file in turn, `part`
  // giving each row's file as an index into `part_labels` (how provenance names the file).
  // Both empty when the table is one file, `path`. 16 bits a row: a source has at most
  // kMaxParts files (the session reports more as E0526).
  std::vector<std::string> part_labels;
  std::vector<std::string> part_paths;  // the files themselves, same order
  std::vector<uint16_t> part;
  static constexpr size_t kMaxParts = 65535;
  size_t rows() const { return line.size(); }
  bool has_deferred() const { return deferred != nullptr; }
  int column_index(const std::string& n) const;
  // The name provenance gives the file row `r` came from: its part's label, or the file name
  // of `path`.
  std::string file_label(size_t r) const;
};

}  // namespace clue::rt
