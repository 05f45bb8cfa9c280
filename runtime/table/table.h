// A loaded source: its typed columns plus, for every row, where it came from (the physical
// line in the input file), so that every lead can be traced back to the rows that made it.
#pragma once
#include <string>
#include <vector>

#include "runtime/table/column.h"

namespace clue::rt {

struct Table {
  std::string name;  // the source's name in the model
  std::string path;  // the file it was read from
  std::vector<std::string> column_names;
  std::vector<Column> columns;
  std::vector<uint64_t> line;  // physical line (1-based) of each row in `path`
  size_t rows() const { return line.size(); }
  int column_index(const std::string& n) const;
};

}  // namespace clue::rt
