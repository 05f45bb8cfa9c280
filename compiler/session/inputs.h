// What `clue run` needs besides the model: the data file of each source (from --data and
// --data-dir) and the value of each param (its default, or --param).
#pragma once
#include <string>
#include <vector>

#include "compiler/diag/diagnostic.h"
#include "compiler/sema/typed_model.h"
#include "runtime/exec/eval.h"
#include "runtime/load/loader.h"

namespace clue::session {

// For each source of the model, the file to read ("" when unused or unresolved, reported).
std::vector<std::string> resolve_data_files(const typed::Model& model, const std::vector<std::string>& data_args,
                                            const std::string& data_dir, const std::vector<bool>& used,
                                            DiagnosticSink& sink);

// Param values for the engine, and the same as text for the manifest.
bool resolve_params(const typed::Model& model, const std::vector<std::string>& param_args, exec::ParamValues& out,
                    std::vector<std::pair<std::string, std::string>>& shown, DiagnosticSink& sink);

// The loader's view of a source's schema.
std::vector<rt::ColumnSpec> column_specs(const typed::Schema& schema);

}  // namespace clue::session
