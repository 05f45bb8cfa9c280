#include "compiler/session/inputs.h"

#include <filesystem>
#include <functional>
#include <map>

#include "compiler/data/data_check.h"
#include "compiler/sema/type_arg.h"

namespace clue::session {
namespace fs = std::filesystem;
namespace {
plan::Literal plan_literal(const typed::Literal& l) { return {plan::LiteralKind(int(l.kind)), l.text}; }
}  // namespace

std::vector<std::string> resolve_data_files(const typed::Model& model, const std::vector<std::string>& data_args,
                                            const std::string& data_dir, const std::vector<bool>& used,
                                            DiagnosticSink& sink) {
  std::vector<std::string> files(model.sources.size());
  std::map<std::string, std::string> given;
  for (const auto& a : data_args) {
    DataBinding b;
    if (!parse_binding(a, b)) continue;  // reported by the caller as a usage error
    if (check_binding_name(model, b.source, sink)) given[b.source] = b.path;
  }
  for (size_t i = 0; i < model.sources.size(); ++i) {
    const auto& src = model.sources[i];
    if (!used[i] || !src.schema) continue;
    if (auto it = given.find(src.name); it != given.end()) {
      files[i] = it->second;
      continue;
    }
    if (data_dir.empty()) {
      sink.report(DiagId::MissingDataBinding, src.span, {src.name});
      continue;
    }
    // --data-dir: the export named after the schema (or its declared file name).
    std::string tried;
    for (const char* ext : {".csv", ".xlsx", ".tsv", ".txt"}) {
      fs::path p = fs::path(data_dir) / (src.schema->file_name + ext);
      if (!tried.empty()) tried += ", ";
      tried += p.string();
      std::error_code ec;
      if (fs::is_regular_file(p, ec)) {
        files[i] = p.string();
        break;
      }
    }
    if (files[i].empty()) sink.report(DiagId::NoFileForSource, src.span, {src.name, tried});
  }
  return files;
}

namespace {
// Parses a --param value as the param's type by reusing the literal machinery: the text is
// read the way a cell of that type would be.
bool parse_param_value(Type type, const std::string& text, exec::Vec& out) {
  typed::Literal lit;
  switch (type.kind) {
    case TypeKind::Int: lit = {typed::LiteralKind::Int, text}; break;
    case TypeKind::Decimal: case TypeKind::Money: lit = {typed::LiteralKind::Decimal, text}; break;
    case TypeKind::Bool: {
      if (text == "true" || text == "是" || text == "1") lit = {typed::LiteralKind::Bool, "true"};
      else if (text == "false" || text == "否" || text == "0") lit = {typed::LiteralKind::Bool, "false"};
      else return false;
      break;
    }
    case TypeKind::Date: lit = {typed::LiteralKind::Date, text}; break;
    case TypeKind::Month: lit = {typed::LiteralKind::Month, text}; break;
    case TypeKind::DateTime: lit = {typed::LiteralKind::DateTime, text}; break;
    default: lit = {typed::LiteralKind::Text, text}; break;
  }
  out = exec::literal_vec(plan_literal(lit), type.kind);
  rt::Logical want = exec::to_logical(type.kind);
  if (out.lane == exec::Vec::S && out.type != want) out = exec::coerce_text_to(out, want);
  if ((type.kind == TypeKind::Money || type.kind == TypeKind::Decimal) && out.scale == 0) {
    for (auto& x : out.i) x *= 10000;
    out.scale = 4;
  }
  out.type = want;
  return out.size() == 1 && out.valid[0];
}

exec::Vec default_value(const typed::Param& p) {
  if (p.type.is(TypeKind::List)) {
    exec::Vec list;
    bool first = true;
    bool scaled = p.type.element == TypeKind::Money || p.type.element == TypeKind::Decimal;
    for (const auto& lit : p.default_list) {
      exec::Vec v = exec::literal_vec(plan_literal(lit), p.type.element);
      if (scaled) exec::rescale(v, 4);  // [1.5, 3] as decimals: 3 means 3.0000
      if (first) {
        list = v;
        first = false;
      } else {
        list.append(v);
      }
    }
    if (first) {
      list.type = exec::to_logical(p.type.element);
      list.lane = rt::phys_of(list.type) == rt::Phys::Str ? exec::Vec::S : exec::Vec::I;
    }
    return list;
  }
  exec::Vec v = exec::literal_vec(plan_literal(*p.default_value), p.type.kind);
  if ((p.type.kind == TypeKind::Money || p.type.kind == TypeKind::Decimal) && v.scale == 0) {
    for (auto& x : v.i) x *= 10000;
    v.scale = 4;
  }
  v.type = exec::to_logical(p.type.kind);
  return v;
}

std::string shown_default(const typed::Param& p) {
  if (p.type.is(TypeKind::List)) {
    std::string s;
    for (size_t i = 0; i < p.default_list.size(); ++i) s += (i ? "," : "") + p.default_list[i].text;
    return s;
  }
  return p.default_value ? p.default_value->text : "";
}
}  // namespace

bool resolve_params(const typed::Model& model, const std::vector<std::string>& param_args, exec::ParamValues& out,
                    std::vector<std::pair<std::string, std::string>>& shown, DiagnosticSink& sink) {
  std::map<std::string, std::string> given;
  bool ok = true;
  for (const auto& a : param_args) {
    size_t eq = a.find('=');
    std::string name = eq == std::string::npos ? a : a.substr(0, eq);
    std::string value = eq == std::string::npos ? "" : a.substr(eq + 1);
    bool known = false;
    for (const auto& p : model.params) known |= p.name == name;
    if (!known) {
      auto& d = sink.report(DiagId::UnknownParam, Span{}, {name});
      std::vector<std::string> names;
      for (const auto& p : model.params) names.push_back(p.name);
      if (auto m = closest_match(name, names)) d.notes.push_back({NoteId::DidYouMean, {}, {*m}});
      ok = false;
      continue;
    }
    given[name] = value;
  }
  out.clear();
  shown.clear();
  for (const auto& p : model.params) {
    auto it = given.find(p.name);
    if (it == given.end()) {
      if (!p.has_default) {
        sink.report(DiagId::ParamWithoutValue, p.span, {p.name});
        ok = false;
        out.emplace_back();
        continue;
      }
      out.push_back(default_value(p));
      shown.emplace_back(p.name, shown_default(p));
      continue;
    }
    exec::Vec v;
    if (p.type.is(TypeKind::List)) {
      // A list param: comma-separated elements.
      bool first = true, good = true;
      std::string rest = it->second;
      while (true) {
        size_t c = rest.find(',');
        std::string item = rest.substr(0, c);
        exec::Vec e;
        if (!parse_param_value(Type::of(p.type.element), item, e)) good = false;
        if (first) { v = e; first = false; } else v.append(e);
        if (c == std::string::npos) break;
        rest = rest.substr(c + 1);
      }
      if (!good) {
        sink.report(DiagId::BadParamValue, Span{}, {p.name, it->second, type_arg(p.type)});
        ok = false;
      }
    } else if (!parse_param_value(p.type, it->second, v)) {
      sink.report(DiagId::BadParamValue, Span{}, {p.name, it->second, type_arg(p.type)});
      ok = false;
    }
    out.push_back(v);
    shown.emplace_back(p.name, it->second);
  }
  return ok;
}

std::vector<rt::ColumnSpec> column_specs(const typed::Schema& schema) {
  std::vector<rt::ColumnSpec> out;
  for (const auto& f : schema.fields) {
    rt::ColumnSpec c;
    c.name = f.name;
    c.type = exec::to_logical(f.type.kind);
    c.headers = f.headers;
    c.optional = f.optional;
    c.required = f.required;
    if (!f.datum.empty()) c.datum = f.datum;
    c.allow_wan = f.allow_wan;
    c.true_words = f.true_words;
    c.false_words = f.false_words;
    out.push_back(std::move(c));
  }
  return out;
}

}  // namespace clue::session
