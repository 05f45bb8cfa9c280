#include "runtime/table/table.h"

namespace clue::rt {

int Table::column_index(const std::string& n) const {
  for (size_t i = 0; i < column_names.size(); ++i)
    if (column_names[i] == n) return int(i);
  return -1;
}

}  // namespace clue::rt
