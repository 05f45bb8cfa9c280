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

// One file of a source: a CSV/TSV/TXT file, or one sheet of a workbook.
struct DataPart {
  std::string path;
  std::string sheet;  // .xlsx: the sheet to read ("" = the first)
  std::string label;  // how provenance names it: the file name (#sheet), unique in its source
};

// For each source of the model, the files to read as that one source, in reading order
// (empty when unused or unresolved, reported). docs/running.md ("Several files for one
// source") is the rule:
//   --data NAME=PATH, repeated: each PATH in the order given; PATH#SHEET names a workbook's
//     sheet and PATH#* every sheet (a PATH that exists as written is a file, '#' and all);
//   --data-dir DIR, for a source without --data: DIR/<export>.<ext>, and every
//     DIR/<export><sep><anything>.<ext> with <sep> one of _ - . space ( （ (终本案件_2021.csv,
//     终本案件-浙0803.csv), and every data file in the folder DIR/<export>/; <ext> is csv, xlsx,
//     tsv or txt; hidden files and Excel's lock files (~$…) are skipped; a file that fits two
//     sources belongs to the longer export name; the files are read in name order.
// Errors: the same file twice (E0524), one export in two formats (E0527), more files than a
// table can number (E0526), an unknown sheet (E0528); a workbook with sheets left unread
// gives W0505.
std::vector<std::vector<DataPart>> resolve_data_files(const typed::Model& model,
                                                      const std::vector<std::string>& data_args,
                                                      const std::string& data_dir, const std::vector<bool>& used,
                                                      DiagnosticSink& sink);

// The labels provenance gives `paths` (with their sheets): each file's name, or as many of its
// last path components as make it unique among them.
std::vector<std::string> part_labels(const std::vector<DataPart>& parts);

// Param values for the engine, and the same as text for the manifest (NAME, value: a list's
// items joined by ","; see ParamShown::value).
//
// A --param value is read the way docs/language.md (Params) describes: a list's items are
// separated by `,`, `，` or `、`; every item (and a scalar's value) is trimmed like a data cell
// (ASCII spaces, U+3000, NBSP, BOM) and loses one pair of ASCII quotes around it, and a whole
// list may be wrapped in `[...]` (the model's own list syntax). An empty value (E0520), an
// empty item (E0521) or a quote or bracket left without its pair (E0522) is an error, never a
// value that silently matches nothing. A value equal to the one the manifest shows for the
// default (what `clue why` passes back) is the default itself.
bool resolve_params(const typed::Model& model, const std::vector<std::string>& param_args, exec::ParamValues& out,
                    std::vector<std::pair<std::string, std::string>>& shown, DiagnosticSink& sink);

// One param as a run used it: for the run summary and the manifest's `params_detail`.
struct ParamShown {
  std::string name;
  std::string type;                // as the model writes it: "date", "list<text>"
  bool list = false;
  bool quoted = false;             // a text-like value: shown in quotes in the summary
  std::vector<std::string> items;  // the value (one item for a scalar), each as parsed
  std::string value;               // items joined by "," ("[]" for an empty list): the manifest's `params`
  bool is_default = false;         // the model's default: no --param gave it
};

// The params as resolve_params() reads `param_args` (which it has accepted), in the model's
// order.
std::vector<ParamShown> describe_params(const typed::Model& model, const std::vector<std::string>& param_args);

// The loader's view of a source's schema.
std::vector<rt::ColumnSpec> column_specs(const typed::Schema& schema);

}  // namespace clue::session
