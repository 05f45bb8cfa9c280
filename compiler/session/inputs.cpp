#include "compiler/session/inputs.h"


#include <algorithm>
#include <filesystem>
#include <functional>
#include <map>

#include "compiler/data/data_check.h"
#include "compiler/sema/type_arg.h"
#include "compiler/sema/types.h"
#include "runtime/fs/regular_file.h"
#include "runtime/values/unicode_fold.h"
#include "runtime/xlsx/xlsx_reader.h"

namespace clue::session {
namespace fs = std::filesystem;

namespace {

constexpr const char* kDataExtensions[] = {".csv", ".xlsx", ".tsv", ".txt"};

std::string lower_ascii(std::string s) {
  for (char& ch : s)
    if (ch >= 'A' && ch <= 'Z') ch = char(ch - 'A' + 'a');
  return s;
}

// The data extension of a file name (".csv", ...), or "" when it has none of them.
std::string data_extension(const std::string& name) {
  const std::string l = lower_ascii(name);
  for (const char* ext : kDataExtensions) {
    const std::string e = ext;
    if (l.size() > e.size() && l.compare(l.size() - e.size(), e.size(), e) == 0) return e;
  }
  return "";
}

bool is_xlsx(const std::string& path) { return data_extension(path) == ".xlsx"; }

// Hidden files and the lock files Excel and WPS leave beside an open workbook (~$name.xlsx).
bool skipped_name(const std::string& name) { return name.empty() || name[0] == '.' || name.rfind("~$", 0) == 0; }

// The separators that may follow the export's name in --data-dir (终本案件_2021.csv).
constexpr std::string_view kNameSeparators[] = {"_", "-", ".", " ", "(", "\xEF\xBC\x88" /* （ */};

// How well `stem` (a file name without its extension) is named after `export_name`: the
// name's length when it is the name or the name and a separator, 0 otherwise.
size_t name_fit(const std::string& stem, const std::string& export_name) {
  if (export_name.empty() || stem.compare(0, export_name.size(), export_name) != 0) return 0;
  if (stem.size() == export_name.size()) return export_name.size();
  std::string_view rest = std::string_view(stem).substr(export_name.size());
  for (std::string_view sep : kNameSeparators)
    if (rest.substr(0, sep.size()) == sep) return export_name.size();
  return 0;
}

// The same file, however it is spelled (a.csv, ./a.csv, a symlink to it).
std::string file_identity(const std::string& path) {
  std::error_code ec;
  fs::path c = fs::weakly_canonical(fs::path(path), ec);
  return ec ? path : c.string();
}

// A --data PATH: the file and the sheet (PATH#SHEET, PATH#*). A path that exists as
// written is a file even with a '#' in its name.
void split_sheet(const std::string& arg, std::string& path, std::string& sheet) {
  path = arg;
  sheet.clear();
  std::error_code ec;
  if (fs::exists(fs::path(arg), ec)) return;
  size_t hash = arg.rfind('#');
  if (hash == std::string::npos || hash == 0 || !is_xlsx(arg.substr(0, hash))) return;
  path = arg.substr(0, hash);
  sheet = arg.substr(hash + 1);
}

std::string joined_names(const std::vector<std::string>& names) {
  std::string s;
  for (const auto& n : names) s += (s.empty() ? "" : ", ") + n;
  return s;
}

// The sheets of a workbook, or {} when it cannot be opened (the loader reports why).
std::vector<std::string> sheets_of(const std::string& path) { return xlsx::sheet_names(path); }

// Adds the parts a --data PATH[#SHEET] gives `source`. False (reported) when the sheet is
// unknown.
bool add_given(const std::string& source, const std::string& arg, std::vector<DataPart>& parts,
               DiagnosticSink& sink) {
  DataPart p;
  split_sheet(arg, p.path, p.sheet);
  if (p.sheet.empty()) {
    parts.push_back(std::move(p));
    return true;
  }
  const std::vector<std::string> sheets = sheets_of(p.path);
  if (sheets.empty()) {  // the loader says why the workbook cannot be read
    parts.push_back(std::move(p));
    return true;
  }
  if (p.sheet == "*") {
    for (const auto& name : sheets) parts.push_back({p.path, name, ""});
    return true;
  }
  if (std::find(sheets.begin(), sheets.end(), p.sheet) == sheets.end()) {
    sink.report(DiagId::UnknownSheet, Span{}, {source, p.path, p.sheet, joined_names(sheets)});
    return false;
  }
  parts.push_back(std::move(p));
  return true;
}

// --data-dir: every source's files in DIR by the naming rule (see inputs.h).
std::map<size_t, std::vector<fs::path>> files_in_dir(const typed::Model& model, const std::string& dir) {
  std::map<size_t, std::vector<fs::path>> by_source;
  auto best_source = [&](const std::string& stem) {
    size_t best = 0, fit = 0;
    for (size_t i = 0; i < model.sources.size(); ++i) {
      if (!model.sources[i].schema || model.sources[i].is_table) continue;
      const size_t f = name_fit(stem, model.sources[i].schema->file_name);
      if (f > fit) fit = f, best = i;
    }
    return std::make_pair(best, fit);
  };
  std::error_code ec;
  for (const auto& de : fs::directory_iterator(fs::path(dir), ec)) {
    const std::string name = de.path().filename().string();
    if (skipped_name(name)) continue;
    std::error_code e2;
    if (de.is_directory(e2)) {
      // DIR/<export>/: every data file in it.
      for (size_t i = 0; i < model.sources.size(); ++i) {
        if (!model.sources[i].schema || model.sources[i].is_table || model.sources[i].schema->file_name != name) continue;
        for (const auto& inner : fs::directory_iterator(de.path(), e2)) {
          const std::string n = inner.path().filename().string();
          std::error_code e3;
          if (!skipped_name(n) && inner.is_regular_file(e3) && !data_extension(n).empty())
            by_source[i].push_back(inner.path());
        }
      }
      continue;
    }
    const std::string ext = data_extension(name);
    if (ext.empty() || !de.is_regular_file(e2)) continue;
    auto [i, fit] = best_source(name.substr(0, name.size() - ext.size()));
    if (fit) by_source[i].push_back(de.path());
  }
  for (auto& [i, files] : by_source) std::sort(files.begin(), files.end());
  return by_source;
}

}  // namespace

std::vector<std::string> part_labels(const std::vector<DataPart>& parts) {
  std::vector<std::string> labels(parts.size());
  for (size_t depth = 1;; ++depth) {
    bool longer_possible = false;
    for (size_t k = 0; k < parts.size(); ++k) {
      fs::path p(parts[k].path);
      std::vector<std::string> comps;
      for (const auto& c : p) comps.push_back(c.string());
      std::string l;
      const size_t n = std::min(depth, comps.size());
      longer_possible |= comps.size() > depth;
      for (size_t j = comps.size() - n; j < comps.size(); ++j) l += (l.empty() || l == "/" ? "" : "/") + comps[j];
      if (!parts[k].sheet.empty()) l += "#" + parts[k].sheet;
      labels[k] = l;
    }
    std::vector<std::string> sorted = labels;
    std::sort(sorted.begin(), sorted.end());
    if (std::adjacent_find(sorted.begin(), sorted.end()) == sorted.end() || !longer_possible) return labels;
  }
}

std::vector<std::vector<DataPart>> resolve_data_files(const typed::Model& model,
                                                      const std::vector<std::string>& data_args,
                                                      const std::string& data_dir, const std::vector<bool>& used,
                                                      DiagnosticSink& sink) {
  std::vector<std::vector<DataPart>> files(model.sources.size());
  std::map<std::string, std::vector<DataPart>> given;
  for (const auto& a : data_args) {
    DataBinding b;
    if (!parse_binding(a, b)) continue;  // reported by the caller as a usage error
    if (!check_binding_name(model, b.source, sink)) continue;
    add_given(b.source, b.path, given[b.source], sink);
  }
  std::map<size_t, std::vector<fs::path>> in_dir;
  if (!data_dir.empty()) in_dir = files_in_dir(model, data_dir);
  for (size_t i = 0; i < model.sources.size(); ++i) {
    const auto& src = model.sources[i];
    // An inline table is read from the model (session/inline_table.h), never from a file.
    if (!used[i] || !src.schema || src.is_table) continue;
    std::vector<DataPart> parts;
    if (auto it = given.find(src.name); it != given.end()) {
      parts = it->second;
      // A folder, /dev/zero or a FIFO is refused here, by name, before any reading
      // (a missing file is reported by the loader, E0501).
      bool refused = false;
      for (const DataPart& part : parts) {
        const fsafe::PathKind kind = fsafe::path_kind(part.path);
        if (kind == fsafe::PathKind::Regular || kind == fsafe::PathKind::Missing) continue;
        sink.report(DiagId::DataFileNotRegular, src.span,
                    {part.path, bilingual(fsafe::kind_text_en(kind), fsafe::kind_text_zh(kind))});
        refused = true;
      }
      if (refused) continue;
    } else if (!src.shipped_file.empty()) {
      // A lookup table shipped beside the model: part of the model, read unless --data names
      // another file for it (checked to be a regular file inside the model's folder, E0216/7).
      if (is_xlsx(src.shipped_file)) add_given(src.name, src.shipped_file, parts, sink);
      else parts.push_back({src.shipped_file, "", ""});
    } else if (data_dir.empty()) {
      sink.report(DiagId::MissingDataBinding, src.span, {src.name});
      continue;
    } else if (auto d = in_dir.find(i); d != in_dir.end()) {
      // One export in two formats (终本案件.csv beside 终本案件.xlsx) would count twice.
      std::map<std::string, std::string> by_stem;
      bool clash = false;
      for (const auto& f : d->second) {
        const std::string name = f.filename().string();
        const std::string stem = f.parent_path().string() + "/" + name.substr(0, name.size() - data_extension(name).size());
        auto [at, fresh] = by_stem.emplace(stem, f.string());
        if (!fresh && !clash) {
          sink.report(DiagId::SameExportTwoFormats, src.span, {src.name, at->second, f.string()});
          clash = true;
        }
      }
      if (clash) continue;
      for (const auto& f : d->second) {
        if (!is_xlsx(f.string())) {
          parts.push_back({f.string(), "", ""});
          continue;
        }
        add_given(src.name, f.string(), parts, sink);
      }
    } else {
      // Short enough to be shown whole (diagnostic arguments are cut at 200 bytes).
      const std::string stem = (fs::path(data_dir) / src.schema->file_name).string();
      const std::string tried = stem + "{.csv,.xlsx,.tsv,.txt}, " + stem + "_*, " + stem + "/";
      sink.report(DiagId::NoFileForSource, src.span, {src.name, tried});
      continue;
    }
    // The same file (and sheet) twice would count its rows twice.
    std::map<std::string, std::string> seen;
    bool twice = false;
    for (const auto& p : parts) {
      auto [at, fresh] = seen.emplace(file_identity(p.path) + "#" + p.sheet, p.path);
      if (!fresh) {
        sink.report(DiagId::DataGivenTwice, Span{}, {src.name, at->second, p.path});
        twice = true;
        break;
      }
    }
    if (twice) continue;
    if (parts.size() > rt::Table::kMaxParts) {
      sink.report(DiagId::TooManyParts, src.span,
                  {src.name, std::to_string(parts.size()), std::to_string(rt::Table::kMaxParts)});
      continue;
    }
    // A workbook read by its first sheet only, when it has others: say so.
    for (const auto& p : parts) {
      if (!p.sheet.empty() || !is_xlsx(p.path)) continue;
      const std::vector<std::string> sheets = sheets_of(p.path);
      if (sheets.size() > 1)
        sink.report(DiagId::OtherSheetsNotRead, Span{}, {src.name, p.path, std::to_string(sheets.size()), sheets[0]});
    }
    const std::vector<std::string> labels = part_labels(parts);
    for (size_t k = 0; k < parts.size(); ++k) parts[k].label = labels[k];
    files[i] = std::move(parts);
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
      // Every param it could have been, with its type: the model's text need not be at hand.
      std::string listed;
      for (const auto& p : model.params) listed += (listed.empty() ? "" : ", ") + p.name + ": " + type_name(p.type);
      d.notes.push_back({NoteId::ParamsOfModel, {},
                         {listed.empty() ? bilingual("none: this model has no params", "无：本模型没有参数") : listed}});
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
