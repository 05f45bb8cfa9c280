#include <cstdio>

#include "compiler/diag/render.h"
#include "runtime/io/json.h"

namespace clue {
namespace {

const char* severity_name(Severity s) {
  return s == Severity::Error ? "error" : s == Severity::Warning ? "warning" : "note";
}

std::string span_json(const SourceManager& sm, const Span& s) {
  if (!s.valid()) return "null";
  return "{\"file\":\"" + json_escape(sm.path(s.file)) + "\",\"line\":" + std::to_string(s.line) +
         ",\"column\":" + std::to_string(s.col) + ",\"end_line\":" + std::to_string(s.end_line) +
         ",\"end_column\":" + std::to_string(s.end_col) + "}";
}

std::string sarif_region(const Span& s) {
  return "{\"startLine\":" + std::to_string(s.line) + ",\"startColumn\":" + std::to_string(s.col) +
         ",\"endLine\":" + std::to_string(s.end_line) + ",\"endColumn\":" + std::to_string(s.end_col) + "}";
}

std::string sarif_location(const SourceManager& sm, const Span& s) {
  return "{\"physicalLocation\":{\"artifactLocation\":{\"uri\":\"" + json_escape(sm.path(s.file)) +
         "\"},\"region\":" + sarif_region(s) + "}}";
}
}  // namespace

std::string json_escape(std::string_view s) { return io::json_escape(s); }

// One JSON document: {"version":1,"errors":N,"warnings":N,"diagnostics":[...]}. A diagnostic
// that wraps a data problem also has "dataCode" (the C, V or L code) after its "code".
std::string render_json(const std::vector<Diagnostic>& diags, const SourceManager& sm, Lang lang) {
  size_t errors = 0, warnings = 0;
  std::string items;
  for (const auto& d : diags) {
    errors += d.severity() == Severity::Error;
    warnings += d.severity() == Severity::Warning;
    if (!items.empty()) items += ",\n";
    items += "{\"code\":\"" + std::string(d.code()) + "\"";
    if (d.data_code) items += ",\"dataCode\":\"" + std::string(diag::info(*d.data_code).code) + "\"";
    items += ",\"severity\":\"" + std::string(severity_name(d.severity())) + "\",\"message\":\"" +
             json_escape(message(d, lang)) + "\",\"span\":" + span_json(sm, d.span) + ",\"notes\":[";
    for (size_t i = 0; i < d.notes.size(); ++i) {
      if (i) items += ",";
      items += "{\"kind\":\"" + std::string(d.notes[i].id == NoteId::DidYouMean ? "help" : "note") +
               "\",\"message\":\"" + json_escape(note_message(d.notes[i], lang)) +
               "\",\"span\":" + span_json(sm, d.notes[i].span) + "}";
    }
    items += "]}";
  }
  return "{\"version\":1,\"errors\":" + std::to_string(errors) + ",\"warnings\":" + std::to_string(warnings) +
         ",\"diagnostics\":[\n" + items + "]}\n";
}

// SARIF 2.1.0. The rules are the whole registry (E, W, C, V, L; ruleIndex is the code's place in
// it). A result's ruleId is its most specific code: the data code when the diagnostic wraps a
// data problem, else its E/W code; its properties always give "code" (the E/W code) and, when
// there is one, "dataCode".
std::string render_sarif(const std::vector<Diagnostic>& diags, const SourceManager& sm, Lang lang) {
  const diag::Lang rl = registry_lang(lang);
  std::string rules;
  for (const diag::CodeInfo& info : diag::all()) {
    if (!rules.empty()) rules += ",";
    rules += "{\"id\":\"" + std::string(info.code) + "\",\"name\":\"" + info.id +
             "\",\"shortDescription\":{\"text\":\"" + json_escape(info.text(rl)) + "\"}";
    if (info.has_hint()) rules += ",\"help\":{\"text\":\"" + json_escape(info.hint(rl)) + "\"}";
    rules += ",\"defaultConfiguration\":{\"level\":\"" + std::string(diag::severity_level(info.severity)) +
             "\"},\"properties\":{\"severity\":\"" + diag::severity_name(info.severity) + "\"}}";
  }
  std::string results;
  for (size_t i = 0; i < diags.size(); ++i) {
    const Diagnostic& d = diags[i];
    if (i) results += ",";
    const diag::Code rule = d.data_code ? *d.data_code : registry_code(d.id);
    results += "{\"ruleId\":\"" + std::string(diag::info(rule).code) + "\",\"ruleIndex\":" +
               std::to_string(size_t(rule)) + ",\"level\":\"" + severity_name(d.severity()) +
               "\",\"message\":{\"text\":\"" + json_escape(message(d, lang)) + "\"}";
    if (d.span.valid()) results += ",\"locations\":[" + sarif_location(sm, d.span) + "]";
    std::string related;
    for (size_t k = 0; k < d.notes.size(); ++k) {
      if (!related.empty()) related += ",";
      related += "{\"id\":" + std::to_string(k) + ",\"message\":{\"text\":\"" +
                 json_escape(note_message(d.notes[k], lang)) + "\"}";
      if (d.notes[k].span.valid())
        related += ",\"physicalLocation\":{\"artifactLocation\":{\"uri\":\"" + json_escape(sm.path(d.notes[k].span.file)) +
                   "\"},\"region\":" + sarif_region(d.notes[k].span) + "}";
      related += "}";
    }
    if (!related.empty()) results += ",\"relatedLocations\":[" + related + "]";
    results += ",\"properties\":{\"code\":\"" + std::string(d.code()) + "\"";
    if (d.data_code) results += ",\"dataCode\":\"" + std::string(diag::info(*d.data_code).code) + "\"";
    results += "}}";
  }
  return "{\"$schema\":\"https://json.schemastore.org/sarif-2.1.0.json\",\"version\":\"2.1.0\",\"runs\":[{\"tool\":"
         "{\"driver\":{\"name\":\"clue\",\"version\":\"" CLUE_VERSION "\",\"rules\":[" +
         rules + "]}},\"columnKind\":\"unicodeCodePoints\",\"results\":[" + results + "]}]}\n";
}

}  // namespace clue
