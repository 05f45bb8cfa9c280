// Applying a local mapping (mapping.h) when a command loads the inputs: finding it, checking
// it against the model, and turning each file's header row into the loader's column specs.
#pragma once
#include <string>
#include <vector>

#include "compiler/share/mapping.h"

namespace clue::share {

// The mapping a run uses: `explicit_path` (--mapping) when given; else DATA_DIR/clue-mapping.json
// when --data-dir names a folder holding one; else none ("").
std::string find_mapping(const std::string& explicit_path, const std::string& data_dir);

// Reads the mapping at `path` (none when empty: true, `out` empty) and checks it against the
// model. False when it cannot be used (reported in `sink`).
bool load_mapping(const std::string& path, const typed::Model& model, SourceManager& sm, DiagnosticSink& sink,
                  Mapping& out);

// The loader's specs for one file of a source reading `schema`: with the mapping's entry for
// the schema, the file's header row is read first (rt::peek_header) to bind each field to the
// local header the file has; without one, the schema's own specs. `encoding` is set to the
// mapping's encoding when it gives one. False when a mapped field cannot be bound (reported).
// `bindings`, when not null, receives how each field was bound.
bool specs_for_file(const typed::Schema& schema, const Mapping& mapping, const std::string& path,
                    const std::string& sheet, DiagnosticSink& sink, std::vector<rt::ColumnSpec>& specs,
                    std::string& encoding, std::vector<FieldBinding>* bindings = nullptr);

}  // namespace clue::share
