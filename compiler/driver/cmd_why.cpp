// `clue why DIR LEAD`: explains one lead of a finished run in plain language — which input rows
// it came from (the provenance columns), which keys matched, and which conditions each row
// satisfied. It re-reads the run's manifest (model, inputs, params), reloads the inputs and
// re-evaluates every step of the lead's relation on exactly those rows.
#include <algorithm>
#include <filesystem>
#include <functional>
#include <iostream>
#include <map>

#include "compiler/driver/commands.h"
#include "compiler/driver/run_inputs.h"
#include "compiler/sema/frontend.h"
#include "compiler/sema/typed_dump.h"
#include "runtime/csv/reader.h"
#include "runtime/exec/eval.h"
#include "runtime/io/json.h"
#include "runtime/values/geo.h"

namespace clue::cli {
namespace fs = std::filesystem;
namespace {

struct LeadRow {
  std::vector<std::string> header, cells;
};

bool read_lead(const fs::path& file, size_t row, LeadRow& out, std::string& err) {
  csv::ReadOptions opt;
  opt.header_line = 1;
  auto r = csv::CsvFile::open(file.string(), opt);
  if (!r.ok()) {
    err = r.diagnostics.empty() ? "cannot read" : r.diagnostics[0].message_en;
    return false;
  }
  out.header = r.file->header().names;
  csv::Record rec;
  for (size_t n = 1; r.file->next(rec); ++n)
    if (n == row) {
      for (auto f : rec.fields) out.cells.emplace_back(f);
      return true;
    }
  err = "the file has fewer rows";
  return false;
}

// The cells of `headers` in the physical line `line` of a CSV file, as written.
std::vector<std::string> raw_cells(const std::string& path, const std::vector<std::string>& headers, uint64_t line) {
  std::vector<std::string> out(headers.size());
  csv::ReadOptions opt;
  opt.expected_headers = headers;
  auto r = csv::CsvFile::open(path, opt);
  if (!r.ok()) return out;
  csv::Record rec;
  while (r.file->next(rec)) {
    if (rec.line < line) continue;
    if (rec.line == line)
      for (size_t i = 0; i < headers.size() && i < rec.fields.size(); ++i) out[i] = std::string(rec.fields[i]);
    break;
  }
  return out;
}

// Column references in an expression, for showing the values a condition read.
void columns_in(const typed::Expr& e, std::vector<const typed::Expr*>& out) {
  if (e.kind == typed::ExprKind::Column || e.kind == typed::ExprKind::Derived || e.kind == typed::ExprKind::Param) {
    for (const auto* o : out)
      if (o->kind == e.kind && o->binding == e.binding && o->field == e.field && o->derived == e.derived &&
          o->param == e.param)
        return;
    out.push_back(&e);
  }
  for (const auto& a : e.args) columns_in(*a, out);
}

std::string shown(const exec::Vec& v) {
  if (v.size() != 1) {  // a list param
    std::string s;
    for (size_t k = 0; k < v.size(); ++k) s += (k ? "," : "") + exec::format_value(v, k);
    return "[" + s + "]";
  }
  std::string s = exec::format_value(v, 0);
  return s.empty() ? "null" : s;
}

std::string truth(const exec::Vec& v, bool zh) {
  if (v.size() == 0 || v.is_null_type || !v.valid[0]) return zh ? "未知（空值）" : "unknown (null)";
  return v.i[0] ? (zh ? "成立" : "true") : (zh ? "不成立" : "false");
}

// What the user wrote for an expression (its span in the model), or the typed form when it
// spans lines or is inlined from elsewhere.
std::string written(const SourceManager& sm, const typed::Model& model, const typed::Relation& rel, const typed::Expr& e) {
  const Span& s = e.span;
  if (s.valid() && s.line == s.end_line && s.line <= sm.line_count(s.file)) {
    std::string_view line = sm.line_text(s.file, s.line);
    std::string_view before = utf8_prefix(line, s.col - 1);
    std::string_view upto = utf8_prefix(line, s.end_col - 1);
    if (upto.size() > before.size()) return std::string(upto.substr(before.size()));
  }
  std::string t = dump_typed_expr(model, &rel, e);
  return t.substr(0, t.rfind(':'));
}

}  // namespace

int cmd_why(const WhyArgs& a, const Common& c) {
  Lang lang = resolve_lang(c.lang);
  bool zh = lang == Lang::Zh;
  auto fail = [&](const std::string& en, const std::string& zh_text) {
    std::cerr << (zh ? "错误：" + zh_text : "error: " + en) << "\n";
    return kExitUsage;
  };
  fs::path dir(a.dir);
  std::string manifest_text;
  if (!read_text_file((dir / "manifest.json").string(), manifest_text))
    return fail("no manifest.json in " + a.dir + " (give the --out folder of a clue run)",
                a.dir + " 中没有 manifest.json（请给出 clue run 的 --out 目录）");
  std::string jerr;
  auto manifest = io::parse_json(manifest_text, &jerr);
  if (!manifest) return fail("manifest.json is not valid JSON: " + jerr, "manifest.json 不是有效的 JSON：" + jerr);

  // LEAD: OUTPUT:ROW, or ROW when the run has one output.
  std::string output_name;
  size_t row = 0;
  std::string lead = a.lead;
  size_t colon = lead.rfind(':');
  try {
    if (colon == std::string::npos) row = std::stoul(lead);
    else {
      output_name = lead.substr(0, colon);
      row = std::stoul(lead.substr(colon + 1));
    }
  } catch (...) {
    return fail("LEAD is OUTPUT:ROW (e.g. leads:3) or ROW", "LEAD 应写作 输出名:行号（如 leads:3）或 行号");
  }
  const auto& outputs = manifest->get("outputs")->items;
  if (output_name.empty()) {
    if (outputs.size() != 1) return fail("the run has several outputs: write OUTPUT:ROW", "本次运行有多个输出：请写 输出名:行号");
    output_name = outputs[0].get("name")->s;
  }
  fs::path lead_file;
  for (const auto& o : outputs)
    if (o.get("name")->s == output_name) lead_file = o.get("path")->s;
  if (lead_file.empty()) return fail("the run has no output '" + output_name + "'", "本次运行没有输出“" + output_name + "”");
  LeadRow lr;
  std::string err;
  if (row == 0 || !read_lead(lead_file, row, lr, err))
    return fail("cannot read row " + std::to_string(row) + " of " + lead_file.string() + ": " + err,
                "无法读取 " + lead_file.string() + " 的第 " + std::to_string(row) + " 行：" + err);

  // The model and the inputs, as the run used them.
  std::string model_path = manifest->get("model")->get("path")->s;
  std::string text;
  if (!read_text_file(model_path, text)) return fail("cannot read the model " + model_path, "无法读取模型 " + model_path);
  SourceManager sm;
  DiagnosticSink sink;
  FrontEndResult fe = run_front_end_text(sm, model_path, std::move(text), sink);
  if (sink.has_errors() || !fe.model) return finish(sink, sm, c, true);
  const typed::Model& model = *fe.model;
  const typed::Output* out = nullptr;
  for (const auto& o : model.outputs)
    if (o.name == output_name) out = &o;
  if (!out || out->relation < 0) return fail("the model has no output '" + output_name + "'", "模型中没有输出“" + output_name + "”");
  const typed::Relation& rel = model.relations[size_t(out->relation)];

  std::vector<std::string> data_args, param_args;
  for (const auto& in : manifest->get("inputs")->items) data_args.push_back(in.get("source")->s + "=" + in.get("path")->s);
  for (const auto& [k, v] : manifest->get("params")->fields) param_args.push_back(k + "=" + v.s);
  exec::ParamValues params;
  std::vector<std::pair<std::string, std::string>> params_shown;
  resolve_params(model, param_args, params, params_shown, sink);
  std::vector<bool> used = used_sources(model);
  std::vector<std::string> files = resolve_data_files(model, data_args, "", used, sink);
  if (sink.has_errors()) return finish(sink, sm, c, true);

  // The rows behind the lead, from its provenance columns: 来源:<alias> = file:line[;line...].
  std::map<std::string, std::vector<uint64_t>> lines_of;
  for (size_t k = 0; k < lr.header.size() && k < lr.cells.size(); ++k) {
    const std::string prefix = "来源:";
    if (lr.header[k].rfind(prefix, 0) != 0) continue;
    std::string alias = lr.header[k].substr(prefix.size());
    std::string cell = lr.cells[k];
    size_t colon2 = cell.rfind(':');
    if (colon2 == std::string::npos) continue;
    std::string list = cell.substr(colon2 + 1);
    for (size_t p = 0; p <= list.size();) {
      size_t semi = list.find(';', p);
      std::string item = list.substr(p, semi == std::string::npos ? std::string::npos : semi - p);
      if (!item.empty() && std::isdigit(static_cast<unsigned char>(item[0]))) lines_of[alias].push_back(std::stoull(item));
      if (semi == std::string::npos) break;
      p = semi + 1;
    }
  }
  if (lines_of.empty())
    return fail("the lead has no provenance columns (was the run made with --no-provenance?)",
                "该线索没有来源列（运行时是否用了 --no-provenance？）");

  std::cout << (zh ? "线索 " : "Lead ") << output_name << ":" << row << " (" << lead_file.string() << ")\n";
  for (size_t k = 0; k < lr.header.size() && k < lr.cells.size(); ++k)
    if (lr.header[k].rfind("来源:", 0) != 0) std::cout << "  " << lr.header[k] << " = " << lr.cells[k] << "\n";

  // Load the sources behind the lead and find each row by its line.
  std::vector<rt::LoadResult> loaded(model.sources.size());
  exec::Frame frame;
  frame.tables.assign(rel.bindings.size(), nullptr);
  frame.rows.assign(rel.bindings.size(), {});
  frame.derived.resize(rel.derived.size());
  frame.has_derived.assign(rel.derived.size(), false);
  frame.size = 1;
  std::cout << "\n" << (zh ? "来源行：" : "Rows behind it:") << "\n";
  for (size_t b = 0; b < rel.bindings.size(); ++b) {
    const auto& bind = rel.bindings[b];
    auto it = lines_of.find(bind.alias);
    if (it == lines_of.end() || bind.source < 0) continue;
    size_t src = size_t(bind.source);
    if (!loaded[src].ok) {
      rt::LoadSpec spec;
      spec.source = model.sources[src].name;
      spec.path = files[src];
      spec.columns = column_specs(*model.sources[src].schema);
      loaded[src] = rt::load_table(spec);
      if (!loaded[src].ok) return fail("cannot reload " + files[src], "无法重新读取 " + files[src]);
    }
    const rt::Table& t = loaded[src].table;
    frame.tables[b] = &t;
    uint64_t line = it->second.front();
    auto pos = std::find(t.line.begin(), t.line.end(), line);
    if (pos == t.line.end()) return fail(files[src] + " has no row at line " + std::to_string(line) + " (was it changed?)",
                                         files[src] + " 第 " + std::to_string(line) + " 行不存在（文件是否已改动？）");
    frame.rows[b] = {int64_t(pos - t.line.begin())};
    std::cout << "  " << bind.alias << " ← " << files[src] << (zh ? " 第 " : " line ") << line << (zh ? " 行" : "");
    if (it->second.size() > 1)
      std::cout << (zh ? "（分组内共 " : " (the group has ") << it->second.size() << (zh ? " 行）" : " rows)");
    std::cout << "\n";
  }

  // Re-evaluate the relation's steps on these rows.
  std::cout << "\n" << (zh ? "判断过程（关系 " : "How it was found (relation ") << rel.name << (zh ? "）：" : "):") << "\n";
  exec::EvalContext ctx{model, rel, frame, params, nullptr};
  auto values_read = [&](const typed::Expr& e) {
    std::vector<const typed::Expr*> cols;
    columns_in(e, cols);
    std::string s;
    for (const auto* x : cols) {
      if (x->kind == typed::ExprKind::Column && (size_t(x->binding) >= frame.rows.size() || frame.rows[size_t(x->binding)].empty()))
        continue;
      if (x->kind == typed::ExprKind::Derived && !frame.has_derived[size_t(x->derived)]) continue;
      exec::Vec v = exec::eval(*x, ctx, 0, 1);
      std::string name = written(sm, model, rel, *x);
      s += (s.empty() ? "" : ", ") + name + " = " + shown(v);
    }
    return s;
  };
  size_t n = 0;
  for (const auto& st : rel.steps) {
    ++n;
    std::cout << "  " << n << ". ";
    switch (st.kind) {
      case typed::StepKind::Where:
      case typed::StepKind::Having: {
        std::cout << (st.kind == typed::StepKind::Where ? "where " : "having ");
        if (!st.condition) break;
        std::cout << written(sm, model, rel, *st.condition) << "\n";
        if (st.kind == typed::StepKind::Having) {
          std::cout << (zh ? "     （分组结果满足此条件）" : "     (the group satisfied this)") << "\n";
          break;
        }
        exec::Vec v = exec::eval(*st.condition, ctx, 0, 1);
        std::cout << "     " << values_read(*st.condition) << " → " << truth(v, zh) << "\n";
        break;
      }
      case typed::StepKind::Join: {
        const auto& bind = rel.bindings[size_t(st.binding)];
        const char* how = st.how == ast::JoinKind::Semi ? "semi " : st.how == ast::JoinKind::Anti ? "anti "
                          : st.how == ast::JoinKind::Left ? "left " : "";
        std::cout << how << "join " << bind.alias << "\n";
        if (st.how == ast::JoinKind::Anti) {
          std::cout << (zh ? "     在 " : "     no row of ") << bind.alias
                    << (zh ? " 中没有匹配的行（因此保留）" : " matched (so the row was kept)") << "\n";
          break;
        }
        if (st.how == ast::JoinKind::Semi) {
          std::cout << (zh ? "     在 " : "     at least one row of ") << bind.alias
                    << (zh ? " 中至少有一行匹配" : " matched") << "\n";
          break;
        }
        for (const auto& k : st.keys) {
          exec::Vec l = exec::eval(*k.left, ctx, 0, 1), r = exec::eval(*k.right, ctx, 0, 1);
          std::cout << "     " << written(sm, model, rel, *k.left) << " = " << shown(l) << (zh ? "  与  " : "  matches  ")
                    << written(sm, model, rel, *k.right) << " = " << shown(r) << "\n";
          // As written in the two files, when that differs from the normal form.
          for (const auto* side : {k.left.get(), k.right.get()}) {
            if (side->kind != typed::ExprKind::Column || frame.rows[size_t(side->binding)].empty()) continue;
            const auto& b2 = rel.bindings[size_t(side->binding)];
            const auto& f = model.sources[size_t(b2.source)].schema->fields[size_t(side->field)];
            uint64_t line = frame.tables[size_t(side->binding)]->line[size_t(frame.rows[size_t(side->binding)][0])];
            auto raw = raw_cells(files[size_t(b2.source)], f.headers, line);
            exec::Vec v = exec::eval(*side, ctx, 0, 1);
            if (!raw.empty() && raw[0] != shown(v))
              std::cout << (zh ? "       （" : "       (") << b2.alias << "." << f.name << (zh ? " 在文件中写作 “" : " is written \"")
                        << raw[0] << (zh ? "”，规范化后相同）" : "\" in the file, the same after normalisation)") << "\n";
          }
        }
        if (st.distance) {
          exec::Vec l = exec::eval(*st.distance->left, ctx, 0, 1), r = exec::eval(*st.distance->right, ctx, 0, 1);
          exec::Vec rad = exec::eval(*st.distance->radius_m, ctx, 0, 1);
          double d = 0;
          if (l.valid[0] && r.valid[0]) d = values::haversine_m({l.x[0], l.y[0]}, {r.x[0], r.y[0]});
          std::cout << "     " << (zh ? "距离 " : "distance ") << d << " m " << (st.distance->inclusive ? "<=" : "<") << " "
                    << shown(rad) << " m\n";
        }
        if (st.condition) {
          exec::Vec v = exec::eval(*st.condition, ctx, 0, 1);
          std::cout << (zh ? "     且 " : "     and ") << written(sm, model, rel, *st.condition) << "\n     "
                    << values_read(*st.condition) << " → " << truth(v, zh) << "\n";
        }
        break;
      }
      case typed::StepKind::Derive: {
        std::cout << "derive";
        for (size_t k = 0; k < st.derived.size(); ++k) {
          exec::Vec v = exec::eval(*st.values[k], ctx, 0, 1);
          frame.derived[size_t(st.derived[k])] = v;
          frame.has_derived[size_t(st.derived[k])] = true;
          std::cout << " " << rel.derived[size_t(st.derived[k])].name << " = " << shown(v);
        }
        std::cout << "\n";
        break;
      }
      case typed::StepKind::Group: {
        std::cout << (zh ? "分组：" : "group by:");
        for (size_t k = 0; k < st.derived.size(); ++k) {
          std::string name = rel.derived[size_t(st.derived[k])].name;
          auto col = std::find(lr.header.begin(), lr.header.end(), name);
          std::cout << " " << name << " = "
                    << (col != lr.header.end() ? lr.cells[size_t(col - lr.header.begin())] : std::string("…"));
        }
        std::cout << "\n";
        break;
      }
    }
  }
  return kExitOk;
}

}  // namespace clue::cli
