// Local mappings (docs/sharing.md): a small JSON file kept beside the data, never in the shared
// model, that says how this office's exports write what a shared schema declares. Per schema:
// the encoding of its files, and per field the local header(s) (several candidates: one export
// says 案件编号, last year's 案号), a vocabulary (Y -> 是, 判决结案 -> 判决) and a date order for
// dates with the year last (31/12/2021). The model, its schemas and its fixtures stay exactly as
// they were shared; only the reading of the local files changes, and the run records the
// mapping's SHA-256 in its fingerprint.
//
//   {
//     "clue_mapping": 1,
//     "schemas": {
//       "终本案件": {
//         "encoding": "gb18030",
//         "fields": {
//           "案号": "案件编号",
//           "被执行人身份证号": ["身份证号码", "证件号码"],
//           "是否履行完毕": {"values": {"Y": true, "N": false}},
//           "终本日期": {"header": "终本时间", "date_order": "DMY"}
//         }
//       }
//     }
//   }
//
// Reading one is strict (E0600-E0612): unknown keys, duplicate keys, fields the schema does
// not have, and mapped values the field's type cannot read are errors, because a mapping that
// quietly does nothing leaves the model reading the wrong column or no value at all.
#pragma once
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "compiler/diag/diagnostic.h"
#include "compiler/sema/typed_model.h"
#include "compiler/source/source_manager.h"
#include "runtime/load/loader.h"

namespace clue::share {

// The name a mapping has beside the data: `--data-dir DIR` finds DIR/clue-mapping.json.
inline constexpr const char* kMappingFileName = "clue-mapping.json";

struct FieldMapping {
  std::vector<std::string> headers;  // local header candidates (empty: the schema's own)
  std::vector<std::pair<std::string, std::string>> values;  // local value -> the schema's word
  std::string date_order;            // "", "DMY" or "MDY"
  Span span;                         // the field's key in the mapping, for messages
};

struct SchemaMapping {
  std::string encoding;  // "" = as the run says (auto)
  std::map<std::string, FieldMapping> fields;  // by the schema's field name
  Span span;
};

struct Mapping {
  std::string path, sha256;
  FileId file = kNoFile;
  std::map<std::string, SchemaMapping> schemas;  // by schema name
  bool empty() const { return path.empty(); }
};

// Reads and checks the mapping at `path` (its text is added to `sm`, so errors point into it).
// False with E06xx diagnostics in `sink` when it cannot be used.
bool read_mapping(const std::string& path, SourceManager& sm, DiagnosticSink& sink, Mapping& out);
// The same for text already in memory.
bool parse_mapping(const std::string& path, std::string text, SourceManager& sm, DiagnosticSink& sink,
                   Mapping& out);

// Checks the mapping against the model: schemas it does not read (W0600), fields a schema does
// not have (E0604), date orders on fields that are not dates (E0607), mapped values the field's
// type cannot read (E0611), one header given to two fields (E0610).
void check_mapping(const Mapping& m, const typed::Model& model, DiagnosticSink& sink);

// How a field found its column in one file.
enum class BindKind { Exact, Normalised, Mapped, Missing };

struct FieldBinding {
  std::string field;
  std::vector<std::string> headers;  // the file's headers it reads (two for geo); empty: missing
  BindKind kind = BindKind::Missing;
  const FieldMapping* mapping = nullptr;  // the mapping's entry for the field, if any
};

// Binds each field of `schema` to the header cells of one file (`header_cells`, as written):
// a mapped field to the one of its candidates the file has (E0608 none, E0609 two), any other
// field to its own header. A field whose header is missing is left Missing (the loader reports
// it as before, with a hint ranked by meaning). `data_path` is for messages.
std::vector<FieldBinding> bind_fields(const typed::Schema& schema, const SchemaMapping* mapping,
                                      const std::vector<std::string>& header_cells, const std::string& data_path,
                                      DiagnosticSink& sink);

// The loader's column specs for `schema` with the mapping applied: bound headers, value
// vocabularies and date orders. Fields not bound keep their schema's header.
std::vector<rt::ColumnSpec> mapped_column_specs(const typed::Schema& schema, const std::vector<FieldBinding>& bound);

// Every header the mapping could bind for `schema` (the schema's own and the candidates): what
// to look for when finding a file's header row.
std::vector<std::string> wanted_headers(const typed::Schema& schema, const SchemaMapping* mapping);

}  // namespace clue::share
