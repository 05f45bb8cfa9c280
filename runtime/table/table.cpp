#include "runtime/table/table.h"

namespace clue::rt {

int Table::column_index(const std::string& n) const {
  for (size_t i = 0; i < column_names.size(); ++i)
    if (column_names[i] == n) return int(i);
  return -1;
}

std::string Table::file_label(size_t r) const {
  if (!part.empty()) return part_labels[part[r]];
  size_t slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

}  // namespace clue::rt
