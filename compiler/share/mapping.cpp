#include "compiler/share/mapping.h"

#include <set>

#include <nlohmann/json.hpp>

#include "compiler/data/field_values.h"
#include "compiler/sema/type_arg.h"
#include "compiler/session/inputs.h"
#include "runtime/csv/header.h"
#include "runtime/csv/header_meaning.h"
#include "runtime/fs/regular_file.h"
#include "runtime/io/files.h"

namespace clue::share {
namespace {

using Json = nlohmann::ordered_json;

// Where a key path is in the mapping's text, found by looking for each key (quoted) after the
// one before it: nlohmann-json keeps no positions, and a mapping is small and written by hand.
// A key written with escapes is not found; the message then points at the file's start.
Span locate(const SourceManager& sm, FileId file, const std::vector<std::string>& keys) {
  const std::string& text = sm.text(file);
  size_t pos = 0, found = std::string::npos;
  std::string last;
  for (const auto& k : keys) {
    const std::string quoted = "\"" + k + "\"";
    const size_t p = text.find(quoted, pos);
    if (p == std::string::npos) break;
    found = p;
    last = quoted;
    pos = p + quoted.size();
  }
  if (found == std::string::npos) return Span{file, 1, 1, 1, 2};
  uint32_t line = 1;
  size_t line_start = 0;
  for (size_t i = 0; i < found; ++i)
    if (text[i] == '\n') {
      ++line;
      line_start = i + 1;
    }
  const uint32_t col = 1 + uint32_t(utf8_char_count(std::string_view(text).substr(line_start, found - line_start)));
  return Span{file, line, col, line, col + uint32_t(utf8_char_count(last))};
}

Span at_byte(const SourceManager& sm, FileId file, size_t byte) {
  const std::string& text = sm.text(file);
  byte = std::min(byte, text.size());
  uint32_t line = 1;
  size_t line_start = 0;
  for (size_t i = 0; i < byte; ++i)
    if (text[i] == '\n') {
      ++line;
      line_start = i + 1;
    }
  const uint32_t col = 1 + uint32_t(utf8_char_count(std::string_view(text).substr(line_start, byte - line_start)));
  return Span{file, line, col, line, col + 1};
}

std::string dotted(const std::vector<std::string>& keys) {
  std::string s;
  for (const auto& k : keys) s += (s.empty() ? "" : ".") + k;
  return s;
}

struct Reader {
  SourceManager& sm;
  DiagnosticSink& sink;
  FileId file;
  bool ok = true;

  void shape(const std::vector<std::string>& keys, const char* en, const char* zh) {
    sink.report(DiagId::MappingWrongShape, locate(sm, file, keys), {dotted(keys), bilingual(en, zh)});
    ok = false;
  }
  // Every key of `obj` must be one of `allowed`.
  void known_keys(const Json& obj, const std::vector<std::string>& keys, std::initializer_list<const char*> allowed) {
    std::string list;
    for (const char* a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
    for (const auto& [k, v] : obj.items()) {
      bool known = false;
      for (const char* a : allowed) known = known || k == a;
      if (known) continue;
      std::vector<std::string> where = keys;
      where.push_back(k);
      const std::string in = keys.empty() ? bilingual("the mapping", "映射文件") : "'" + dotted(keys) + "'";
      sink.report(DiagId::MappingUnknownKey, locate(sm, file, where), {k, in, list});
      ok = false;
    }
  }
  bool string_list(const Json& j, const std::vector<std::string>& keys, std::vector<std::string>& out) {
    if (j.is_string()) {
      out.push_back(j.get<std::string>());
      return true;
    }
    if (j.is_array() && !j.empty()) {
      for (const auto& item : j) {
        if (!item.is_string() || item.get<std::string>().empty()) {
          shape(keys, "a header or a list of headers (non-empty texts)", "一个表头或表头列表（非空文本）");
          return false;
        }
        out.push_back(item.get<std::string>());
      }
      return true;
    }
    shape(keys, "a header or a list of headers (non-empty texts)", "一个表头或表头列表（非空文本）");
    return false;
  }

  void field(const std::string& schema, const std::string& name, const Json& j, FieldMapping& f) {
    const std::vector<std::string> keys = {"schemas", schema, "fields", name};
    f.span = locate(sm, file, keys);
    if (j.is_string() || j.is_array()) {
      string_list(j, keys, f.headers);
      return;
    }
    if (!j.is_object()) {
      shape(keys, "a header, a list of headers or an object", "表头、表头列表或对象");
      return;
    }
    known_keys(j, keys, {"header", "headers", "values", "date_order", "note"});
    for (const char* k : {"header", "headers"})
      if (j.contains(k)) {
        std::vector<std::string> where = keys;
        where.push_back(k);
        string_list(j[k], where, f.headers);
      }
    if (j.contains("values")) {
      std::vector<std::string> where = keys;
      where.push_back("values");
      const Json& v = j["values"];
      if (!v.is_object()) {
        shape(where, "an object of local value -> value", "“本地取值: 取值”的对象");
      } else {
        for (const auto& [local, target] : v.items()) {
          if (target.is_string()) f.values.emplace_back(local, target.get<std::string>());
          else if (target.is_boolean()) f.values.emplace_back(local, target.get<bool>() ? "\x01" "true" : "\x01" "false");
          else {
            std::vector<std::string> at = where;
            at.push_back(local);
            shape(at, "a text, or true or false", "文本，或 true、false");
          }
        }
      }
    }
    if (j.contains("date_order")) {
      if (!j["date_order"].is_string()) {
        std::vector<std::string> where = keys;
        where.push_back("date_order");
        shape(where, "DMY or MDY", "DMY 或 MDY");
      } else {
        f.date_order = j["date_order"].get<std::string>();
        if (f.date_order != "DMY" && f.date_order != "MDY") {
          std::vector<std::string> where = keys;
          where.push_back("date_order");
          sink.report(DiagId::MappingBadDateOrder, locate(sm, file, where), {name, f.date_order});
          ok = false;
        }
      }
    }
  }
};

// Keys that appear twice in one object (nlohmann-json would keep the last silently).
struct DuplicateFinder {
  std::vector<std::set<std::string>> open;
  std::vector<std::string> duplicates;
  bool operator()(int, Json::parse_event_t event, Json& parsed) {
    switch (event) {
      case Json::parse_event_t::object_start: open.emplace_back(); break;
      case Json::parse_event_t::object_end:
        if (!open.empty()) open.pop_back();
        break;
      case Json::parse_event_t::key:
        if (!open.empty() && parsed.is_string() && !open.back().insert(parsed.get<std::string>()).second)
          duplicates.push_back(parsed.get<std::string>());
        break;
      default: break;
    }
    return true;
  }
};

}  // namespace

bool read_mapping(const std::string& path, SourceManager& sm, DiagnosticSink& sink, Mapping& out) {
  std::string text, error;
  fsafe::PathKind kind = fsafe::PathKind::Missing;
  if (!fsafe::read_regular(path, text, &kind, &error)) {
    sink.report(DiagId::MappingUnreadable, Span{},
                {path, kind == fsafe::PathKind::Missing ? bilingual("no such file", "文件不存在")
                                                        : bilingual(fsafe::kind_text_en(kind), fsafe::kind_text_zh(kind))});
    return false;
  }
  return parse_mapping(path, std::move(text), sm, sink, out);
}

bool parse_mapping(const std::string& path, std::string text, SourceManager& sm, DiagnosticSink& sink, Mapping& out) {
  out = Mapping{};
  out.path = path;
  out.sha256 = io::sha256_text(text);
  if (first_invalid_utf8(text) != std::string::npos) {
    out.file = sm.add(path, sanitize_utf8(text));
    sink.report(DiagId::MappingNotJson, at_byte(sm, out.file, first_invalid_utf8(text)),
                {bilingual("it is not UTF-8 text", "它不是 UTF-8 文本")});
    return false;
  }
  out.file = sm.add(path, text);
  Json j;
  DuplicateFinder dups;
  try {
    j = Json::parse(text, std::ref(dups));
  } catch (const Json::parse_error& e) {
    // e.byte is 1-based: the byte where the parser stopped.
    std::string what = e.what();
    if (const size_t p = what.find("parse error"); p != std::string::npos) what = what.substr(p);
    sink.report(DiagId::MappingNotJson, at_byte(sm, out.file, e.byte ? e.byte - 1 : 0), {what});
    return false;
  }
  Reader r{sm, sink, out.file};
  for (const auto& d : dups.duplicates) {
    sink.report(DiagId::MappingDuplicateKey, locate(sm, out.file, std::vector<std::string>{d}), {d});
    r.ok = false;
  }
  if (!j.is_object()) {
    sink.report(DiagId::MappingWrongShape, Span{out.file, 1, 1, 1, 2},
                {bilingual("(the whole file)", "（整个文件）"), bilingual("an object", "对象")});
    return false;
  }
  r.known_keys(j, {}, {"clue_mapping", "schemas", "office", "note"});
  if (!j.contains("clue_mapping") || !j["clue_mapping"].is_number_integer() || j["clue_mapping"].get<int64_t>() != 1)
    r.shape({"clue_mapping"}, "1 (the format's version)", "1（格式版本）");
  if (!j.contains("schemas") || !j["schemas"].is_object()) {
    r.shape({"schemas"}, "an object of schema name -> its mapping", "“模式名: 映射”的对象");
    return false;
  }
  for (const auto& [schema, sj] : j["schemas"].items()) {
    SchemaMapping& sm_out = out.schemas[schema];
    sm_out.span = locate(sm, out.file, {"schemas", schema});
    if (!sj.is_object()) {
      r.shape({"schemas", schema}, "an object with \"fields\" and \"encoding\"", "含 \"fields\"、\"encoding\" 的对象");
      continue;
    }
    r.known_keys(sj, {"schemas", schema}, {"encoding", "fields", "note"});
    if (sj.contains("encoding")) {
      csv::Encoding e;
      if (!sj["encoding"].is_string()) {
        r.shape({"schemas", schema, "encoding"}, "a text: auto, utf-8 or gb18030", "文本：auto、utf-8 或 gb18030");
      } else if (!rt::parse_encoding(sj["encoding"].get<std::string>(), e)) {
        sink.report(DiagId::MappingUnknownEncoding, locate(sm, out.file, {"schemas", schema, "encoding"}),
                    {sj["encoding"].get<std::string>()});
        r.ok = false;
      } else {
        sm_out.encoding = sj["encoding"].get<std::string>();
      }
    }
    if (sj.contains("fields")) {
      if (!sj["fields"].is_object()) {
        r.shape({"schemas", schema, "fields"}, "an object of field -> header(s)", "“字段: 表头”的对象");
        continue;
      }
      for (const auto& [name, fj] : sj["fields"].items()) r.field(schema, name, fj, sm_out.fields[name]);
    }
  }
  return r.ok;
}

void check_mapping(const Mapping& m, const typed::Model& model, DiagnosticSink& sink) {
  std::map<std::string, const typed::Schema*> read;  // the schemas the model's sources read
  std::vector<std::string> names;
  for (const auto& src : model.sources)
    if (src.schema && !src.is_table && read.emplace(src.schema->name, src.schema).second) names.push_back(src.schema->name);
  for (const auto& [name, sm] : m.schemas) {
    auto it = read.find(name);
    if (it == read.end()) {
      auto& d = sink.report(DiagId::MappingSchemaNotRead, sm.span, {name});
      if (auto near = closest_match(name, names)) d.notes.push_back({NoteId::DidYouMean, {}, {*near}});
      continue;
    }
    const typed::Schema& schema = *it->second;
    std::map<std::string, std::string> header_owner;  // normalised header -> field
    for (const auto& [fname, fm] : sm.fields) {
      const int idx = schema.field_index(fname);
      if (idx < 0) {
        std::vector<std::string> fields;
        for (const auto& f : schema.fields) fields.push_back(f.name);
        auto& d = sink.report(DiagId::MappingUnknownField, fm.span, {name, fname});
        if (auto near = closest_match(fname, fields)) d.notes.push_back({NoteId::DidYouMean, {}, {*near}});
        d.notes.push_back({NoteId::DeclaredHere, schema.span, {name}});
        continue;
      }
      const typed::Field& field = schema.fields[size_t(idx)];
      const TypeKind k = field.type.kind;
      if (!fm.date_order.empty() && k != TypeKind::Date && k != TypeKind::Month && k != TypeKind::DateTime)
        sink.report(DiagId::MappingDateOrderNotDate, fm.span, {fname, type_arg(field.type)});
      for (const auto& [local, target] : fm.values) {
        std::string shown = target;
        if (target.size() > 1 && target[0] == '\x01') {
          if (k != TypeKind::Bool) {
            sink.report(DiagId::MappingWrongShape, fm.span,
                        {"schemas." + name + ".fields." + fname + ".values." + local,
                         bilingual("a text (true and false are for bool fields)", "文本（true、false 只用于布尔字段）")});
            continue;
          }
          continue;  // true/false: always readable (see mapped_column_specs)
        }
        if (field.headers.size() == 2) continue;  // geo: two cells, no vocabulary
        if (check_cell(field, target).status == CellStatus::Invalid)
          sink.report(DiagId::MappingValueInvalid, fm.span, {local, fname, shown, type_arg(field.type)});
      }
      for (const auto& h : fm.headers) {
        auto [pos, fresh] = header_owner.emplace(csv::normalize_header(h), fname);
        if (!fresh && pos->second != fname) sink.report(DiagId::MappingHeaderTwice, fm.span, {h, pos->second, fname, name});
      }
    }
  }
}

std::vector<FieldBinding> bind_fields(const typed::Schema& schema, const SchemaMapping* mapping,
                                      const std::vector<std::string>& header_cells, const std::string& data_path,
                                      DiagnosticSink& sink) {
  std::map<std::string, std::string> by_norm;  // normalised header -> as written (first)
  for (const auto& c : header_cells)
    if (!c.empty()) by_norm.emplace(csv::normalize_header(c), c);
  std::vector<FieldBinding> out;
  for (const auto& f : schema.fields) {
    FieldBinding b;
    b.field = f.name;
    const FieldMapping* fm = nullptr;
    if (mapping)
      if (auto it = mapping->fields.find(f.name); it != mapping->fields.end()) fm = &it->second;
    b.mapping = fm;
    if (fm && !fm->headers.empty() && f.headers.size() == 1) {
      std::vector<std::string> present;
      for (const auto& h : fm->headers)
        if (auto it = by_norm.find(csv::normalize_header(h)); it != by_norm.end()) present.push_back(it->second);
      if (present.size() > 1) {
        sink.report(DiagId::MappingHeadersAmbiguous, fm->span, {data_path, present[0], present[1], f.name});
      } else if (present.empty()) {
        std::string list;
        for (const auto& h : fm->headers) list += (list.empty() ? "'" : ", '") + h + "'";
        auto& d = sink.report(DiagId::MappingHeaderNotFound, fm->span, {data_path, f.name, list});
        // The nearest header by meaning, never one of another party's role.
        size_t best = csv::kIncompatible;
        std::string near;
        for (const auto& c : header_cells) {
          if (c.empty()) continue;
          const size_t dist = csv::meaning_distance(fm->headers.front(), c);
          if (dist < best) {
            best = dist;
            near = c;
          }
        }
        if (!near.empty()) d.notes.push_back({NoteId::DidYouMean, {}, {near}});
      } else {
        b.headers = {present[0]};
        b.kind = BindKind::Mapped;
      }
      out.push_back(std::move(b));
      continue;
    }
    // The schema's own header(s): exact, or equal once normalised (spacing, width, case).
    bool all = true, exact = true;
    for (const auto& h : f.headers) {
      auto it = by_norm.find(csv::normalize_header(h));
      if (it == by_norm.end()) {
        all = false;
        break;
      }
      exact = exact && it->second == h;
      b.headers.push_back(it->second);
    }
    if (!all) b.headers.clear();
    b.kind = !all ? BindKind::Missing : exact ? BindKind::Exact : BindKind::Normalised;
    out.push_back(std::move(b));
  }
  return out;
}

std::vector<rt::ColumnSpec> mapped_column_specs(const typed::Schema& schema, const std::vector<FieldBinding>& bound) {
  std::vector<rt::ColumnSpec> specs = session::column_specs(schema);
  for (size_t i = 0; i < specs.size() && i < bound.size(); ++i) {
    const FieldBinding& b = bound[i];
    rt::ColumnSpec& c = specs[i];
    // A mapped header replaces the schema's; the others keep theirs, so a missing column is
    // reported by the loader as before (C0204, with its hint).
    if (b.kind == BindKind::Mapped) c.headers = b.headers;
    if (!b.mapping) continue;
    c.date_order = b.mapping->date_order;
    const typed::Field& f = schema.fields[i];
    for (const auto& [local, target] : b.mapping->values) {
      std::string word = target;
      // true/false in the mapping: a word the field reads as that value (its own, if it
      // declares its words; else the defaults' "true"/"false").
      if (target == "\x01" "true") word = f.true_words.empty() ? "true" : f.true_words.front();
      else if (target == "\x01" "false") word = f.false_words.empty() ? "false" : f.false_words.front();
      c.value_map.emplace_back(local, word);
    }
    // A rewritten column is parsed at load: the deferred parser reads the file again.
    if (!c.value_map.empty() || !c.date_order.empty()) c.deferred = false;
  }
  return specs;
}

std::vector<std::string> wanted_headers(const typed::Schema& schema, const SchemaMapping* mapping) {
  std::vector<std::string> out;
  for (const auto& f : schema.fields) {
    for (const auto& h : f.headers) out.push_back(h);
    if (mapping)
      if (auto it = mapping->fields.find(f.name); it != mapping->fields.end())
        for (const auto& h : it->second.headers) out.push_back(h);
  }
  return out;
}

}  // namespace clue::share
