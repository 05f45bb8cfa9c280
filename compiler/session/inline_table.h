// An inline table's rows (`table T {...} rows {...}`, docs/language.md "Inline tables") loaded
// like a file's: the checked cells are written as CSV in memory and read by the CSV loader, so
// every column goes through the same parser as a data file's and the engines see an ordinary
// table. Provenance names the model file and each row's line in it (detention.model:57).
#pragma once
#include <vector>

#include "compiler/sema/typed_model.h"
#include "runtime/load/loader.h"

namespace clue::session {

// `columns`: the table's columns the run reads (column_specs of its schema, pruned).
rt::LoadResult load_inline_table(const typed::Source& table, const std::vector<rt::ColumnSpec>& columns);

}  // namespace clue::session
