#include "compiler/share/apply.h"

#include <filesystem>

#include "compiler/data/data_check.h"
#include "compiler/session/inputs.h"
#include "runtime/load/header_peek.h"

namespace clue::share {
namespace fs = std::filesystem;

std::string find_mapping(const std::string& explicit_path, const std::string& data_dir) {
  if (!explicit_path.empty()) return explicit_path;
  if (data_dir.empty()) return {};
  std::error_code ec;
  const fs::path beside = fs::path(data_dir) / kMappingFileName;
  // Anything under that name is the mapping: a folder or a broken link there is reported by
  // read_mapping rather than silently passed over.
  if (fs::exists(fs::symlink_status(beside, ec))) return beside.string();
  return {};
}

bool load_mapping(const std::string& path, const typed::Model& model, SourceManager& sm, DiagnosticSink& sink,
                  Mapping& out) {
  out = Mapping{};
  if (path.empty()) return true;
  const size_t errors = sink.error_count();
  if (!read_mapping(path, sm, sink, out)) return false;
  check_mapping(out, model, sink);
  return sink.error_count() == errors;
}

bool specs_for_file(const typed::Schema& schema, const Mapping& mapping, const std::string& path,
                    const std::string& sheet, DiagnosticSink& sink, std::vector<rt::ColumnSpec>& specs,
                    std::string& encoding, std::vector<FieldBinding>* bindings) {
  auto it = mapping.schemas.find(schema.name);
  const SchemaMapping* sm_entry = it == mapping.schemas.end() ? nullptr : &it->second;
  if (sm_entry && !sm_entry->encoding.empty()) encoding = sm_entry->encoding;
  if (!sm_entry && !bindings) {
    specs = session::column_specs(schema);
    return true;
  }
  const rt::PeekedHeader h = rt::peek_header(path, sheet, encoding, wanted_headers(schema, sm_entry));
  if (!h.ok) {
    // The loader reports the file's own error (E0501) with its code; nothing to bind here.
    specs = session::column_specs(schema);
    if (bindings) bindings->clear();
    return true;
  }
  const size_t errors = sink.error_count();
  std::vector<FieldBinding> bound = bind_fields(schema, sm_entry, h.cells, path, sink);
  specs = mapped_column_specs(schema, bound);
  if (bindings) *bindings = std::move(bound);
  return sink.error_count() == errors;
}

}  // namespace clue::share
