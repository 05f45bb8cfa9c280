#include "compiler/session/inputs.h"

#include "runtime/fs/regular_file.h"

#include <algorithm>
#include <filesystem>
#include <functional>
#include <map>

#include "compiler/data/data_check.h"
#include "compiler/sema/type_arg.h"
#include "compiler/sema/types.h"
#include "runtime/values/unicode_fold.h"

namespace clue::session {
namespace fs = std::filesystem;

std::vector<std::string> resolve_data_files(const typed::Model& model, const std::vector<std::string>& data_args,
                                            const std::string& data_dir, const std::vector<bool>& used,
                                            DiagnosticSink& sink) {
  std::vector<std::string> files(model.sources.size());
  std::map<std::string, std::string> given;
  for (const auto& a : data_args) {
    DataBinding b;
    if (!parse_binding(a, b)) continue;  // reported by the caller as a usage error
    if (!check_binding_name(model, b.source, sink)) continue;
    // Several files for one source are not read as one yet: never keep one of them silently.
    if (auto it = given.find(b.source); it != given.end() && it->second != b.path) {
      sink.report(DiagId::DataGivenTwice, Span{}, {b.source, it->second, b.path});
      continue;
    }
    given[b.source] = b.path;
  }
  for (size_t i = 0; i < model.sources.size(); ++i) {
    const auto& src = model.sources[i];
    if (!used[i] || !src.schema) continue;
    if (auto it = given.find(src.name); it != given.end()) {
      // A folder, /dev/zero or a FIFO is refused here, by name, before any reading
      // (a missing file is reported by the loader, E0501).
      const fsafe::PathKind kind = fsafe::path_kind(it->second);
      if (kind != fsafe::PathKind::Regular && kind != fsafe::PathKind::Missing) {
        sink.report(DiagId::DataFileNotRegular, src.span,
                    {it->second, bilingual(fsafe::kind_text_en(kind), fsafe::kind_text_zh(kind))});
        continue;
      }
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
  out = exec::literal_vec(lit, type.kind);
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
      exec::Vec v = exec::literal_vec(lit, p.type.element);
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
  exec::Vec v = exec::literal_vec(*p.default_value, p.type.kind);
  if ((p.type.kind == TypeKind::Money || p.type.kind == TypeKind::Decimal) && v.scale == 0) {
    for (auto& x : v.i) x *= 10000;
    v.scale = 4;
  }
  v.type = exec::to_logical(p.type.kind);
  return v;
}

// The items of a param's default, as written in the model (one for a scalar; `null` for null).
std::vector<std::string> default_items(const typed::Param& p) {
  auto text = [](const typed::Literal& l) { return l.kind == typed::LiteralKind::Null ? std::string("null") : l.text; };
  std::vector<std::string> items;
  if (p.type.is(TypeKind::List)) {
    for (const auto& lit : p.default_list) items.push_back(text(lit));
  } else if (p.default_value) {
    items.push_back(text(*p.default_value));
  }
  return items;
}

// A value as the manifest's `params` shows it: a list's items joined by "," ("[]" when empty).
std::string joined(const std::vector<std::string>& items, bool list) {
  if (list && items.empty()) return "[]";
  std::string s;
  for (size_t i = 0; i < items.size(); ++i) s += (i ? "," : "") + items[i];
  return s;
}

// Shown in quotes in the summary: values written as text literals in a model.
bool text_like(TypeKind k) {
  switch (k) {
    case TypeKind::Int: case TypeKind::Decimal: case TypeKind::Money: case TypeKind::Bool:
    case TypeKind::Date: case TypeKind::Month: case TypeKind::DateTime:
      return false;
    default:
      return true;
  }
}

// The separators of a list param's items: `,`, the full-width `，` and the enumeration comma `、`
// (a Chinese list is as often written 判决、调解成功 as 判决，调解成功).
constexpr std::string_view kItemSeparators[] = {",", "\xEF\xBC\x8C", "\xE3\x80\x81"};

std::vector<std::string_view> split_items(std::string_view s) {
  std::vector<std::string_view> out;
  size_t start = 0, pos = 0;
  while (pos < s.size()) {
    size_t len = 0;
    for (std::string_view sep : kItemSeparators)
      if (s.substr(pos, sep.size()) == sep) {
        len = sep.size();
        break;
      }
    if (len == 0) {
      ++pos;  // a separator never starts inside a UTF-8 character: its first byte is a lead byte
      continue;
    }
    out.push_back(s.substr(start, pos - start));
    pos += len;
    start = pos;
  }
  out.push_back(s.substr(start));
  return out;
}

enum class ItemState { Ok, Empty, Unpaired };

// One item of a list (or a scalar's value): trimmed like a data cell, one pair of ASCII quotes
// around it dropped (as the model writes a text literal) and trimmed again. A quote left at
// either end, or square brackets that do not pair up, are almost always the shell's or a
// copied list's leftovers: reported, since such an item would match nothing.
ItemState clean_item(std::string_view raw, std::string& out) {
  std::string_view s = values::trim(raw);
  auto quote = [](char ch) { return ch == '"' || ch == '\''; };
  if (s.size() >= 2 && quote(s.front()) && s.back() == s.front()) s = values::trim(s.substr(1, s.size() - 2));
  out.assign(s);
  if (s.empty()) return ItemState::Empty;
  if (quote(s.front()) || quote(s.back())) return ItemState::Unpaired;
  if (std::count(s.begin(), s.end(), '[') != std::count(s.begin(), s.end(), ']')) return ItemState::Unpaired;
  return ItemState::Ok;
}

// Reads a --param value as the param's type into `v`, its items into `items`; false (with the
// diagnostic in `sink`) when it is not a valid value.
bool read_param(const typed::Param& p, const std::string& text, std::vector<std::string>& items, exec::Vec& v,
                DiagnosticSink& sink) {
  const bool list = p.type.is(TypeKind::List);
  std::string_view whole = values::trim(text);
  if (whole.empty()) {
    sink.report(DiagId::ParamValueEmpty, p.span, {p.name});
    return false;
  }
  std::vector<std::string_view> pieces;
  if (!list) {
    pieces.push_back(whole);
  } else if (whole.size() >= 2 && whole.front() == '[' && whole.back() == ']') {
    // The model's own list syntax: ["判决", "调解成功"]; [] is the empty list.
    std::string_view inner = values::trim(whole.substr(1, whole.size() - 2));
    if (!inner.empty()) pieces = split_items(inner);
  } else {
    pieces = split_items(whole);
  }
  items.clear();
  for (size_t k = 0; k < pieces.size(); ++k) {  // one error a --param: its first bad item
    std::string item;
    switch (clean_item(pieces[k], item)) {
      case ItemState::Ok:
        items.push_back(std::move(item));
        break;
      case ItemState::Empty:
        if (list) sink.report(DiagId::EmptyParamItem, p.span, {p.name, std::to_string(k + 1), std::string(whole)});
        else sink.report(DiagId::ParamValueEmpty, p.span, {p.name});
        return false;
      case ItemState::Unpaired:
        sink.report(DiagId::UnpairedParamQuote, p.span, {p.name, std::string(values::trim(pieces[k]))});
        return false;
    }
  }
  const Type element = list ? Type::of(p.type.element) : p.type;
  bool first = true;
  for (const auto& item : items) {
    exec::Vec e;
    if (!parse_param_value(element, item, e)) {
      sink.report(DiagId::BadParamValue, Span{}, {p.name, item, type_arg(element)});
      return false;
    }
    if (first) {
      v = e;
      first = false;
    } else {
      v.append(e);
    }
  }
  if (first) {  // the empty list
    v = exec::Vec();
    v.type = exec::to_logical(p.type.element);
    v.lane = rt::phys_of(v.type) == rt::Phys::Str ? exec::Vec::S : exec::Vec::I;
  }
  return true;
}

// Both resolve_params and describe_params: the values and how to show them.
bool resolve(const typed::Model& model, const std::vector<std::string>& param_args, exec::ParamValues& out,
             std::vector<ParamShown>& shown, DiagnosticSink& sink) {
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
    if (auto it = given.find(name); it != given.end() && it->second != value) {
      sink.report(DiagId::ParamGivenTwice, Span{}, {name, it->second, value});
      ok = false;
      continue;
    }
    given[name] = value;
  }
  out.clear();
  shown.clear();
  for (const auto& p : model.params) {
    ParamShown ps;
    ps.name = p.name;
    ps.type = type_name(p.type);
    ps.list = p.type.is(TypeKind::List);
    ps.quoted = text_like(ps.list ? p.type.element : p.type.kind);
    auto it = given.find(p.name);
    // No --param, or the value the manifest shows for the default (`clue why` passes the
    // manifest's params back): the default as the model writes it, whatever its items hold.
    const bool as_default = p.has_default && (it == given.end() || it->second == joined(default_items(p), ps.list));
    if (it == given.end() && !p.has_default) {
      sink.report(DiagId::ParamWithoutValue, p.span, {p.name});
      ok = false;
      out.emplace_back();
      continue;
    }
    exec::Vec v;
    if (as_default) {
      v = default_value(p);
      ps.items = default_items(p);
      if (p.default_value && p.default_value->kind == typed::LiteralKind::Null) ps.quoted = false;  // null, not "null"
    } else if (!read_param(p, it->second, ps.items, v, sink)) {
      ok = false;
      ps.items = {std::string(values::trim(it->second))};
    }
    ps.is_default = it == given.end();
    ps.value = joined(ps.items, ps.list);
    out.push_back(std::move(v));
    shown.push_back(std::move(ps));
  }
  return ok;
}
}  // namespace

bool resolve_params(const typed::Model& model, const std::vector<std::string>& param_args, exec::ParamValues& out,
                    std::vector<std::pair<std::string, std::string>>& shown, DiagnosticSink& sink) {
  std::vector<ParamShown> detail;
  bool ok = resolve(model, param_args, out, detail, sink);
  shown.clear();
  for (const auto& p : detail) shown.emplace_back(p.name, p.value);
  return ok;
}

std::vector<ParamShown> describe_params(const typed::Model& model, const std::vector<std::string>& param_args) {
  exec::ParamValues values;
  std::vector<ParamShown> shown;
  DiagnosticSink ignored;  // resolve_params has reported them
  resolve(model, param_args, values, shown, ignored);
  return shown;
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
