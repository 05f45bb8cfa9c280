#include <iostream>

#include "compiler/data/data_check.h"
#include "compiler/driver/commands.h"
#include "compiler/sema/frontend.h"
#include "compiler/session/inputs.h"
#include "compiler/share/apply.h"
#include "compiler/share/binding_report.h"

namespace clue::cli {

int cmd_check(const CheckArgs& a, const Common& c) {
  Lang lang = resolve_lang(c.lang);
  std::vector<DataBinding> bindings;
  if (a.data_dir.empty()) {
    for (const auto& arg : a.data) {
      DataBinding b;
      if (!parse_binding(arg, b)) return usage_error(c, DiagId::BadDataOption, {arg});
      bindings.push_back(b);
    }
  }
  std::string text;
  if (!read_text_file(a.path, text)) return model_unreadable(c, a.path);
  SourceManager sm;
  DiagnosticSink sink;
  FrontEndResult fe = run_front_end_text(sm, a.path, std::move(text), sink);
  std::vector<DataFileSummary> files;
  std::vector<share::FileBindings> report;
  // The local mapping: declared here because `report` points into it (FieldBinding::mapping)
  // until it is printed below.
  share::Mapping mapping;
  // Data can only be checked against a model that is itself correct.
  if (!sink.has_errors() && fe.model) {
    const typed::Model& model = *fe.model;
    // --data-dir: the files a run would read (--data NAME=PATH still wins for its source).
    if (!a.data_dir.empty()) {
      std::vector<bool> every(model.sources.size(), true);
      auto parts = session::resolve_data_files(model, a.data, a.data_dir, every, sink);
      for (size_t i = 0; i < parts.size(); ++i)
        for (const auto& p : parts[i]) bindings.push_back({model.sources[i].name, p.path, {}, {}});
    }
    // The local mapping, and how each field of each file binds (the report below).
    const bool binding_report = !a.data_dir.empty() || !a.mapping.empty();
    if (!sink.has_errors() && share::load_mapping(share::find_mapping(a.mapping, a.data_dir), model, sm, sink, mapping) &&
        binding_report) {
      for (auto& b : bindings) {
        const typed::Source* src = nullptr;
        for (const auto& s : model.sources)
          if (s.name == b.source) src = &s;
        if (!src || !src->schema) continue;
        share::FileBindings fb{src->name, src->schema->name, b.path, {}};
        std::vector<rt::ColumnSpec> specs;
        if (!share::specs_for_file(*src->schema, mapping, b.path, "", sink, specs, b.encoding, &fb.fields)) continue;
        for (const auto& spec : specs) b.fields.push_back({spec.headers, spec.value_map, spec.date_order});
        report.push_back(std::move(fb));
      }
    }
    if (!sink.has_errors()) files = check_data_files(model, bindings, a.sample_rows, sm, sink);
    if (c.format == "text" && !mapping.empty()) std::cout << ui_text(TextId::MappingApplied, lang, {mapping.path}) << "\n";
  }
  int code = finish(sink, sm, c, true);
  if (c.format == "text") {
    for (const auto& r : report) std::cout << share::render_bindings(r, lang);
    for (const auto& f : files) {
      std::string delim = f.delimiter == '\t' ? "tab" : std::string(1, f.delimiter);
      std::cout << ui_text(TextId::CheckFile, lang,
                           {f.source, f.path, f.encoding, delim, std::to_string(f.header_line),
                            std::to_string(f.rows_sampled)})
                << "\n";
    }
  }
  return code;
}

}  // namespace clue::cli
