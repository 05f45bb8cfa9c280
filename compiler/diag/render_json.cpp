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

// One JSON document: {"version":1,"errors":N,"warnings":N,"diagnostics":[...]}.
std::string render_json(const std::vector<Diagnostic>& diags, const SourceManager& sm, Lang lang) {
  size_t errors = 0, warnings = 0;
  std::string items;
  for (const auto& d : diags) {
    errors += d.severity() == Severity::Error;
    warnings += d.severity() == Severity::Warning;
    if (!items.empty()) items += ",\n";
    items += "{\"code\":\"" + std::string(d.code()) + "\",\"severity\":\"" + severity_name(d.severity()) +
             "\",\"message\":\"" + json_escape(message(d, lang)) + "\",\"span\":" + span_json(sm, d.span) + ",\"notes\":[";
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

std::string render_sarif(const std::vector<Diagnostic>& diags, const SourceManager& sm, Lang lang) {
  std::string rules;
  for (size_t i = 0; i < diag_count(); ++i) {
    const DiagInfo& info = diag_info(diag_at(i));
    if (i) rules += ",";
    rules += "{\"id\":\"" + std::string(info.code) + "\",\"name\":\"" + info.name +
             "\",\"shortDescription\":{\"text\":\"" + json_escape(lang == Lang::Zh ? info.zh : info.en) +
             "\"},\"defaultConfiguration\":{\"level\":\"" + severity_name(info.severity) + "\"}}";
  }
  std::string results;
  for (size_t i = 0; i < diags.size(); ++i) {
    const Diagnostic& d = diags[i];
    if (i) results += ",";
    results += "{\"ruleId\":\"" + std::string(d.code()) + "\",\"ruleIndex\":" + std::to_string(size_t(d.id)) +
               ",\"level\":\"" + severity_name(d.severity()) + "\",\"message\":{\"text\":\"" +
               json_escape(message(d, lang)) + "\"}";
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
    results += "}";
  }
  return "{\"$schema\":\"https://json.schemastore.org/sarif-2.1.0.json\",\"version\":\"2.1.0\",\"runs\":[{\"tool\":"
         "{\"driver\":{\"name\":\"clue\",\"version\":\"" CLUE_VERSION "\",\"rules\":[" +
         rules + "]}},\"columnKind\":\"unicodeCodePoints\",\"results\":[" + results + "]}]}\n";
}

}  // namespace clue
