// `clue check`: opens the data files bound to a model's sources and compares them with the
// schemas: missing columns (with the nearest header as a suggestion), unused columns, and,
// on a sample of rows, values that do not parse as the declared type.
#pragma once
#include <string>
#include <vector>

#include "compiler/diag/diagnostic.h"
#include "compiler/sema/typed_model.h"

namespace clue {

struct DataBinding {
  std::string source;
  std::string path;
  // With a local mapping (compiler/share/mapping.h), how this file is read, one per schema
  // field (the headers it binds, value vocabulary, date order), and the encoding. Empty: the
  // schema's own headers.
  struct FieldReading {
    std::vector<std::string> headers;
    std::vector<std::pair<std::string, std::string>> value_map;
    std::string date_order;
  };
  std::vector<FieldReading> fields;
  std::string encoding;
};

struct DataFileSummary {
  std::string source, path, encoding;
  char delimiter = ',';
  uint64_t header_line = 0;
  uint64_t rows_sampled = 0;
};

// Reports a data file's error (a C or L code with its English and Chinese message) as E0507 at
// `line`, or, for line 0, as E0501 about the whole file; the diagnostic carries the code as its
// data code (JSON "dataCode", SARIF ruleId), and its message reads "CODE message" as always.
Diagnostic& report_data_file_error(DiagnosticSink& sink, FileId file, const std::string& path, uint64_t line,
                                   std::string_view code, std::string_view en, std::string_view zh);

// Reports --data NAME=... for a NAME that is not a source (E0505, with a suggestion); returns
// whether NAME is a source.
bool check_binding_name(const typed::Model& model, const std::string& name, DiagnosticSink& sink);

// Parses NAME=PATH; false when malformed.
bool parse_binding(const std::string& arg, DataBinding& out);

std::vector<DataFileSummary> check_data_files(const typed::Model& model, const std::vector<DataBinding>& bindings,
                                              size_t sample_rows, SourceManager& sm, DiagnosticSink& sink);

}  // namespace clue
