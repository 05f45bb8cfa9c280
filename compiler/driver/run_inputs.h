// What `clue run` needs besides the model: the data file of each source (from --data and
// --data-dir) and the value of each param (its default, or --param).
#pragma once
#include <string>
#include <vector>

#include "compiler/diag/diagnostic.h"
#include "compiler/sema/typed_model.h"
#include "runtime/exec/eval.h"
#include "runtime/load/loader.h"

namespace clue::cli {

// For each source of the model, the file to read ("" when unused or unresolved, reported).
std::vector<std::string> resolve_data_files(const typed::Model& model, const std::vector<std::string>& data_args,
                                            const std::string& data_dir, const std::vector<bool>& used,
                                            DiagnosticSink& sink);

// Which sources the model's outputs actually read.
std::vector<bool> used_sources(const typed::Model& model);

// Per source, which schema fields the model reads (column pruning: only those are loaded).
std::vector<std::vector<bool>> used_fields(const typed::Model& model);
// The used fields that are read only for few rows: by output columns and order keys, by
// derive steps that no where, join or group follows, or by derive, group and having steps
// after a join (in a relation no other relation builds on). They are parsed late, for the
// rows that reach those steps (rt::ColumnSpec::deferred; a fetch of many rows is one
// sequential pass, so a wrong guess costs a second tokenising pass, not a read per row).
std::vector<std::vector<bool>> late_fields(const typed::Model& model);

// Param values for the engine, and the same as text for the manifest.
bool resolve_params(const typed::Model& model, const std::vector<std::string>& param_args, exec::ParamValues& out,
                    std::vector<std::pair<std::string, std::string>>& shown, DiagnosticSink& sink);

// The loader's view of a source's schema.
std::vector<rt::ColumnSpec> column_specs(const typed::Schema& schema);

}  // namespace clue::cli
