#include <nlohmann/json.hpp>

#include "compiler/diag/render.h"

namespace clue {
namespace {

// Keys in the order they are set; written by dump() below.
using Json = nlohmann::ordered_json;

// One line, no spaces; UTF-8 written as it is (not \uXXXX), '/' not escaped; an invalid UTF-8
// sequence becomes U+FFFD instead of throwing.
std::string dump(const Json& j) { return j.dump(-1, ' ', false, Json::error_handler_t::replace); }

const char* severity_name(Severity s) {
  return s == Severity::Error ? "error" : s == Severity::Warning ? "warning" : "note";
}

Json span_json(const SourceManager& sm, const Span& s) {
  if (!s.valid()) return nullptr;
  return {{"file", sm.path(s.file)}, {"line", s.line}, {"column", s.col}, {"end_line", s.end_line}, {"end_column", s.end_col}};
}

Json sarif_region(const Span& s) {
  return {{"startLine", s.line}, {"startColumn", s.col}, {"endLine", s.end_line}, {"endColumn", s.end_col}};
}

Json sarif_physical_location(const SourceManager& sm, const Span& s) {
  return {{"artifactLocation", {{"uri", sm.path(s.file)}}}, {"region", sarif_region(s)}};
}
}  // namespace

std::string json_escape(std::string_view s) {
  std::string quoted = dump(Json(s));
  return quoted.substr(1, quoted.size() - 2);
}

// One JSON document: {"version":1,"errors":N,"warnings":N,"diagnostics":[...]}, each diagnostic
// on a line of its own. A diagnostic that wraps a data problem also has "dataCode" (the C, V or
// L code) after its "code".
std::string render_json(const std::vector<Diagnostic>& diags, const SourceManager& sm, Lang lang) {
  size_t errors = 0, warnings = 0;
  std::string items;
  for (const auto& d : diags) {
    errors += d.severity() == Severity::Error;
    warnings += d.severity() == Severity::Warning;
    Json item = {{"code", d.code()}};
    if (d.data_code) item["dataCode"] = diag::info(*d.data_code).code;
    item["severity"] = severity_name(d.severity());
    item["message"] = message(d, lang);
    item["span"] = span_json(sm, d.span);
    Json notes = Json::array();
    for (const auto& n : d.notes)
      notes.push_back({{"kind", n.id == NoteId::DidYouMean ? "help" : "note"},
                       {"message", note_message(n, lang)},
                       {"span", span_json(sm, n.span)}});
    item["notes"] = std::move(notes);
    if (!items.empty()) items += ",\n";
    items += dump(item);
  }
  // The frame by hand, only so that each diagnostic starts a line; every string is dump()'s.
  return "{\"version\":1,\"errors\":" + std::to_string(errors) + ",\"warnings\":" + std::to_string(warnings) +
         ",\"diagnostics\":[\n" + items + "]}\n";
}

// SARIF 2.1.0. The rules are the whole registry (E, W, C, V, L; ruleIndex is the code's place in
// it). A result's ruleId is its most specific code: the data code when the diagnostic wraps a
// data problem, else its E/W code; its properties always give "code" (the E/W code) and, when
// there is one, "dataCode".
std::string render_sarif(const std::vector<Diagnostic>& diags, const SourceManager& sm, Lang lang) {
  const diag::Lang rl = registry_lang(lang);
  Json rules = Json::array();
  for (const diag::CodeInfo& info : diag::all()) {
    Json rule = {{"id", info.code}, {"name", info.id}, {"shortDescription", {{"text", info.text(rl)}}}};
    if (info.has_hint()) rule["help"] = {{"text", info.hint(rl)}};
    rule["defaultConfiguration"] = {{"level", diag::severity_level(info.severity)}};
    rule["properties"] = {{"severity", diag::severity_name(info.severity)}};
    rules.push_back(std::move(rule));
  }
  Json results = Json::array();
  for (const Diagnostic& d : diags) {
    const diag::Code rule = d.data_code ? *d.data_code : registry_code(d.id);
    Json r = {{"ruleId", diag::info(rule).code},
              {"ruleIndex", size_t(rule)},
              {"level", severity_name(d.severity())},
              {"message", {{"text", message(d, lang)}}}};
    if (d.span.valid()) r["locations"] = Json::array({{{"physicalLocation", sarif_physical_location(sm, d.span)}}});
    Json related = Json::array();
    for (size_t k = 0; k < d.notes.size(); ++k) {
      Json note = {{"id", k}, {"message", {{"text", note_message(d.notes[k], lang)}}}};
      if (d.notes[k].span.valid()) note["physicalLocation"] = sarif_physical_location(sm, d.notes[k].span);
      related.push_back(std::move(note));
    }
    if (!related.empty()) r["relatedLocations"] = std::move(related);
    Json properties = {{"code", d.code()}};
    if (d.data_code) properties["dataCode"] = diag::info(*d.data_code).code;
    r["properties"] = std::move(properties);
    results.push_back(std::move(r));
  }
  Json driver = {{"name", "clue"}, {"version", CLUE_VERSION}, {"rules", std::move(rules)}};
  Json run = {{"tool", {{"driver", std::move(driver)}}}, {"columnKind", "unicodeCodePoints"}, {"results", std::move(results)}};
  Json sarif = {{"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
                {"version", "2.1.0"},
                {"runs", Json::array({std::move(run)})}};
  return dump(sarif) + "\n";
}

}  // namespace clue
