// `clue map suggest MODEL --data-dir DIR`: writes a draft local mapping from the exports' real
// headers and values (compiler/share/suggest.h) for a person to review. It never overwrites a
// file, and by default writes DIR/clue-mapping.draft.json, which no run reads: only once it has
// been reviewed and saved as clue-mapping.json does it change what a run reads.
#include <filesystem>
#include <iostream>

#include "compiler/driver/commands.h"
#include "compiler/sema/frontend.h"
#include "compiler/session/inputs.h"
#include "compiler/share/suggest.h"
#include "runtime/io/files.h"

namespace clue::cli {
namespace fs = std::filesystem;

int cmd_map_suggest(const MapSuggestArgs& a, const Common& c) {
  const Lang lang = resolve_lang(c.lang);
  if (a.data_dir.empty() && a.data.empty()) return usage_error(c, DiagId::MappingNeedsData, {"map suggest"});
  std::string text;
  if (!read_text_file(a.path, text)) return model_unreadable(c, a.path);
  SourceManager sm;
  DiagnosticSink sink;
  FrontEndResult fe = run_front_end_text(sm, a.path, std::move(text), sink);
  if (sink.has_errors() || !fe.model) return finish(sink, sm, c, true);
  const typed::Model& model = *fe.model;
  const std::string out = !a.out.empty() ? a.out
                          : (fs::path(a.data_dir.empty() ? "." : a.data_dir) / "clue-mapping.draft.json").string();
  std::error_code ec;
  if (fs::exists(fs::symlink_status(out, ec))) return usage_error(c, DiagId::MapSuggestWouldOverwrite, {out});
  // Every source, used by the outputs or not: the mapping serves the schema.
  std::vector<bool> every(model.sources.size(), true);
  auto parts = session::resolve_data_files(model, a.data, a.data_dir, every, sink);
  if (sink.has_errors()) return finish(sink, sm, c, true);
  std::vector<share::SuggestInput> inputs;
  for (size_t i = 0; i < parts.size(); ++i)
    if (!parts[i].empty() && model.sources[i].schema) inputs.push_back({&model.sources[i], parts[i][0].path});
  const share::Suggestion s = share::suggest_mapping(inputs);
  if (std::string err = io::write_atomic(out, s.json); !err.empty()) {
    sink.report(DiagId::OutputWriteFailed, Span{}, {out, err});
    return finish(sink, sm, c, true);
  }
  const int code = finish(sink, sm, c, false);
  if (c.format == "text")
    std::cout << ui_text(TextId::MapSuggestWritten, lang, {out, std::to_string(s.bound), std::to_string(s.unbound)})
              << "\n";
  return code;
}

}  // namespace clue::cli
