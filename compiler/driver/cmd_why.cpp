// `clue why DIR LEAD`: explains one lead of a finished run in plain language — which input rows
// it came from (the provenance columns), which keys matched, and which conditions each row
// satisfied. It re-reads the run's manifest (model, inputs, params), reloads the inputs and
// re-evaluates the physical plan's nodes behind the lead on exactly those rows, through the
// relations it is built on. It refuses when the model or an input differs from what the
// manifest recorded (SHA-256): the explanation would be about other data.
#include <algorithm>
#include <charconv>
#include <filesystem>
#include <functional>
#include <iostream>
#include <map>
#include <sstream>

#include <nlohmann/json.hpp>

#include "compiler/driver/commands.h"
#include "compiler/driver/manifest_schema.h"
#include "compiler/session/inline_table.h"
#include "compiler/session/inputs.h"
#include "compiler/plan/print.h"
#include "compiler/session/run.h"
#include "compiler/session/session.h"
#include "compiler/share/apply.h"
#include "runtime/csv/reader.h"
#include "runtime/exec/eval.h"
#include "runtime/io/files.h"
#include "runtime/values/geo.h"

namespace clue::cli {
namespace fs = std::filesystem;
using session::resolve_data_files;
using session::resolve_params;
namespace {

struct LeadRow {
  std::vector<std::string> header, cells;
};

// When the row cannot be read, `err` says why (bilingual: compiler/diag/diagnostic.h) and
// `err_code` is the CSV reader's code, if it was the reader that failed.
// One row a provenance cell names: its file (as the engine labels it) and line.
struct ProvenanceRow {
  std::string file;
  uint64_t line = 0;
};

// A provenance cell, file:line[;line...] with each further file after '|'
// (runtime/exec/engine.cpp writes it). Items that do not start with a digit (…+N) are
// skipped; one that does but is no line number (0, past 2^64, trailing junk) sets `bad`.
std::vector<ProvenanceRow> parse_provenance(const std::string& cell, bool& bad) {
  std::vector<ProvenanceRow> out;
  size_t start = 0;
  while (start <= cell.size()) {
    size_t bar = cell.find('|', start);
    std::string group = cell.substr(start, bar == std::string::npos ? std::string::npos : bar - start);
    size_t colon = group.rfind(':');
    if (colon != std::string::npos) {
      std::string file = group.substr(0, colon), list = group.substr(colon + 1);
      for (size_t p = 0; p <= list.size();) {
        size_t semi = list.find(';', p);
        std::string item = list.substr(p, semi == std::string::npos ? std::string::npos : semi - p);
        if (!item.empty() && std::isdigit(static_cast<unsigned char>(item[0]))) {
          uint64_t line = 0;
          auto [end, ec] = std::from_chars(item.data(), item.data() + item.size(), line);
          if (ec != std::errc() || end != item.data() + item.size() || line == 0) {
            bad = true;
            return out;
          }
          out.push_back({file, line});
        }
        if (semi == std::string::npos) break;
        p = semi + 1;
      }
    }
    if (bar == std::string::npos) break;
    start = bar + 1;
  }
  return out;
}

bool read_lead(const fs::path& file, size_t row, LeadRow& out, std::string& err, std::string& err_code) {
  if (row == 0) {
    err = bilingual(ui_text(TextId::WhyRowFromOne, Lang::En), ui_text(TextId::WhyRowFromOne, Lang::Zh));
    return false;
  }
  csv::ReadOptions opt;
  opt.header_line = 1;
  auto r = csv::CsvFile::open(file.string(), opt);
  if (!r.ok()) {
    const csv::Diagnostic* d = r.diagnostics.empty() ? nullptr : &r.diagnostics[0];
    for (const auto& x : r.diagnostics)
      if (diag::info(csv::registry_code(x.code)).severity == diag::Severity::FileError) {
        d = &x;
        break;
      }
    if (!d) internal_error("the CSV reader failed without a diagnostic: " + file.string());
    err_code = std::string(csv::code_id(d->code));
    err = bilingual(err_code + " " + d->message_en, err_code + " " + d->message_zh);
    return false;
  }
  out.header = r.file->header().names;
  csv::Record rec;
  for (size_t n = 1; r.file->next(rec); ++n)
    if (n == row) {
      for (auto f : rec.fields) out.cells.emplace_back(f);
      return true;
    }
  err = bilingual(ui_text(TextId::WhyFewerRows, Lang::En), ui_text(TextId::WhyFewerRows, Lang::Zh));
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

// Column, slot and param references in an expression, for showing the values a condition read.
void columns_in(const plan::Expr& root, std::vector<const plan::Expr*>& out) {
  plan::visit(root, [&](const plan::Expr& e) {
    if (e.kind != plan::ExprKind::Column && e.kind != plan::ExprKind::Derived && e.kind != plan::ExprKind::Param) return;
    for (const auto* o : out)
      if (o->kind == e.kind && o->binding == e.binding && o->field == e.field && o->derived == e.derived &&
          o->param == e.param)
        return;
    out.push_back(&e);
  });
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

std::string truth(const exec::Vec& v, Lang lang) {
  if (v.size() == 0 || v.is_null_type || !v.valid[0]) return ui_text(TextId::WhyUnknown, lang);
  return ui_text(v.i[0] ? TextId::WhyTrue : TextId::WhyFalse, lang);
}

// What the user wrote for an expression (its place in the model), or the plan's spelling of
// it when it spans lines or was put together by the planner.
std::string written(const SourceManager& sm, const plan::Plan& p, const plan::Layout& lay, const plan::Expr& e) {
  const plan::Loc& s = e.loc;
  if (s.valid() && s.line == s.end_line && s.file < sm.file_count() && s.line <= sm.line_count(s.file)) {
    std::string_view line = sm.line_text(s.file, s.line);
    std::string_view before = utf8_prefix(line, s.col - 1);
    std::string_view upto = utf8_prefix(line, s.end_col - 1);
    if (upto.size() > before.size()) return std::string(upto.substr(before.size()));
  }
  return planner::expr_text(p, lay, e);
}

// The nodes from the first scan up to `top` along the first inputs (the relation and the
// relations it is built on), in the order they ran.
std::vector<const plan::Node*> chain_to(const plan::Plan& p, int top) {
  std::vector<const plan::Node*> out;
  for (int id = top; id >= 0;) {
    const plan::Node& n = p.nodes[size_t(id)];
    out.push_back(&n);
    // A union starts the chain: its parts are walked as joined relations are (walk_chain).
    id = n.inputs.empty() || n.kind == plan::NodeKind::Union ? -1 : n.inputs[0];
  }
  std::reverse(out.begin(), out.end());
  return out;
}

// A node of the walk, its expressions in the output's layout: a relation joined by name is
// walked too (its nodes before the join), with its bindings and slots moved to where the join
// placed them (plan::Node::binding, slot_first), so one frame of the lead's rows serves all.
struct WalkNode {
  plan::Node node;
  int depth = 0;  // 0: the output's chain; 1: a relation it joins; ...
  // Of a joined relation's node: the bindings that relation brought (shown only when the lead
  // has rows of them: not after a left join that found none).
  int first_binding = 0, binding_count = 0;
};

plan::ExprPtr moved(const plan::ExprPtr& e, int boff, int doff) {
  if (!e) return nullptr;
  plan::ExprPtr x = plan::clone(*e);
  plan::rewrite(x, [&](plan::ExprPtr& y) {
    if (y->kind == plan::ExprKind::Column) y->binding += boff;
    if (y->kind == plan::ExprKind::Derived) y->derived += doff;
  });
  return x;
}

void walk_chain(const plan::Plan& p, int top, int boff, int doff, int depth, int scope_first, int scope_count,
                std::vector<WalkNode>& out) {
  for (const plan::Node* n : chain_to(p, top)) {
    // A union's parts: each relation part's chain, its bindings and slots moved to where the
    // union placed them; only the part the lead's row came from has rows, and is shown.
    if (n->kind == plan::NodeKind::Union)
      for (size_t k = 0; k < n->parts.size(); ++k)
        if (n->parts[k].right_layout >= 0)
          walk_chain(p, n->inputs[k], boff + n->parts[k].first_binding, doff + n->parts[k].slot_first, depth + 1,
                     boff + n->parts[k].first_binding, n->parts[k].binding_count, out);
    // A semi or anti join only filtered: the joined relation's rows are not part of the lead.
    if (plan::joins_relation(*n) && n->how != plan::JoinKind::Semi && n->how != plan::JoinKind::Anti)
      walk_chain(p, n->inputs[1], boff + n->binding, doff + n->slot_first, depth + 1, boff + n->binding,
                 n->binding_count, out);
    WalkNode w;
    w.depth = depth;
    w.first_binding = scope_first;
    w.binding_count = scope_count;
    plan::Node& m = w.node;
    m.id = n->id;
    m.kind = n->kind;
    m.having = n->having;
    m.how = n->how;
    m.binding = n->binding + boff;
    m.binding_count = n->binding_count;
    m.right_layout = n->right_layout;
    m.slot_first = n->slot_first + doff;
    m.slot_count = n->slot_count;
    m.alias = n->alias;
    m.condition = moved(n->condition, boff, doff);
    for (const auto& k : n->keys) m.keys.push_back({moved(k.left, boff, doff), moved(k.right, boff, doff)});
    if (n->distance)
      m.distance = plan::Distance{moved(n->distance->left, boff, doff), moved(n->distance->right, boff, doff),
                                  moved(n->distance->radius_m, boff, doff), n->distance->inclusive};
    for (int s : n->slots) m.slots.push_back(s + doff);
    m.parts = n->parts;
    for (auto& u : m.parts) {
      u.first_binding += boff;
      u.slot_first += doff;
    }
    m.inputs = n->inputs;
    for (const auto& v : n->values) m.values.push_back(moved(v, boff, doff));
    m.key_count = n->key_count;
    out.push_back(std::move(w));
  }
}

}  // namespace

int cmd_why(const WhyArgs& a, const Common& c) {
  Lang lang = resolve_lang(c.lang);
  // What the user asked for cannot be explained (a U code, exit 2).
  auto fail = [&](DiagId id, std::vector<std::string> args, std::vector<Note> notes = {}) {
    return usage_error(c, id, std::move(args), std::move(notes));
  };
  fs::path dir(a.dir);
  const std::string manifest_path = (dir / "manifest.json").string();
  std::string manifest_text;
  if (!read_text_file(manifest_path, manifest_text)) return fail(DiagId::NoManifest, {a.dir});
  using Json = nlohmann::json;
  Json manifest = Json::parse(manifest_text, nullptr, false);
  // Another kind of JSON file (none of a manifest's keys) is not a manifest at all; one with
  // some of them is a manifest edited or damaged, and says where.
  if (manifest.is_discarded() || !manifest.is_object() ||
      (!manifest.contains("model") && !manifest.contains("inputs") && !manifest.contains("outputs")))
    return fail(DiagId::NotAManifest, {manifest_path});
  // Every key read below is checked here first (compiler/driver/manifest_schema.h).
  if (std::string bad = manifest_schema_error(manifest); !bad.empty())
    return fail(DiagId::ManifestSchemaViolation, {manifest_path, bad});
  auto str = [](const Json& j, const char* key) {
    return j.contains(key) && j[key].is_string() ? j[key].get<std::string>() : std::string();
  };

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
    return fail(DiagId::BadLeadArgument, {lead});
  }
  const Json& outputs = manifest["outputs"];
  std::vector<std::string> output_names;
  for (const auto& o : outputs) output_names.push_back(str(o, "name"));
  if (output_name.empty()) {
    if (outputs.size() != 1) {
      std::string list;
      for (const auto& n : output_names) list += (list.empty() ? "" : ", ") + n;
      return fail(DiagId::SeveralRunOutputs, {list});
    }
    output_name = str(outputs[0], "name");
  }
  fs::path lead_file;
  for (const auto& o : outputs)
    if (str(o, "name") == output_name) lead_file = str(o, "path");
  if (lead_file.empty()) {
    std::vector<Note> notes;
    if (auto m = closest_match(output_name, output_names)) notes.push_back({NoteId::DidYouMean, {}, {*m}});
    return fail(DiagId::UnknownRunOutput, {output_name}, std::move(notes));
  }
  LeadRow lr;
  std::string err, err_code;
  if (!read_lead(lead_file, row, lr, err, err_code)) {
    SourceManager no_sm;
    DiagnosticSink usage;
    usage.report(DiagId::LeadRowUnreadable, Span{}, {std::to_string(row), lead_file.string(), err})
        .with_data_code(err_code);
    return finish(usage, no_sm, c, false);
  }

  // The model and the inputs, as the run used them: the same bytes, or no explanation (an
  // explanation of a lead from files that changed since would be about other data).
  std::string model_path = str(manifest["model"], "path");
  // Freed on return (a model is small next to a run's tables): `clue why` is also called
  // repeatedly in one process, by its fuzzer (tests/fuzz/fuzz_why.cpp).
  session::Compiled cm;
  std::vector<std::string> disabled;
  if (manifest.contains("plan") && manifest["plan"].contains("disabled_passes"))
    for (const auto& d : manifest["plan"]["disabled_passes"])
      if (d.is_string()) disabled.push_back(d.get<std::string>());
  auto status = session::compile(model_path, plan_options(disabled), cm);
  if (status == session::CompileStatus::Unreadable || status == session::CompileStatus::NotAFile) return fail(DiagId::ModelFileUnreadable, {model_path});
  if (status == session::CompileStatus::Errors) return finish(cm.sink, cm.sm, c, true);
  SourceManager& sm = cm.sm;
  DiagnosticSink& sink = cm.sink;
  if (std::string want = str(manifest["model"], "sha256"); !want.empty() && want != cm.model_sha)
    return fail(DiagId::ModelChangedSinceRun, {model_path});
  // Every imported file as the run read it: an edited schema changes what a field reads
  // while the model's own bytes stay the same. (Manifests before fingerprints have no list.)
  if (manifest["model"].contains("imports")) {
    std::vector<session::FileHash> recorded;
    for (const auto& f : manifest["model"]["imports"]) recorded.push_back({str(f, "path"), str(f, "sha256"), std::nullopt});
    std::vector<std::string> changed = session::changed_parts("", recorded, "", "", cm.imports, "");
    if (!changed.empty()) return fail(DiagId::ImportChangedSinceRun, {changed.front()});
  }
  const typed::Model& model = *cm.fe.model;
  const plan::Plan& physical = cm.plans.physical;
  const plan::Node* out_node = nullptr;
  for (int id : physical.outputs)
    if (physical.nodes[size_t(id)].name == output_name) out_node = &physical.nodes[size_t(id)];
  if (!out_node) return fail(DiagId::UnknownModelOutput, {output_name});
  const plan::Layout& lay = physical.layouts[size_t(out_node->layout)];

  std::vector<std::string> data_args, param_args;
  for (const auto& in : manifest["inputs"]) {
    // One entry a file: a source of several files has several (PATH#SHEET for a sheet).
    const std::string sheet = str(in, "sheet");
    data_args.push_back(str(in, "source") + "=" + str(in, "path") + (sheet.empty() ? "" : "#" + sheet));
    std::string path = str(in, "path"), want = str(in, "sha256");
    if (!want.empty() && io::sha256_file(path) != want) {
      sink.report(DiagId::InputChangedSinceRun, Span{}, {path});
      return finish(sink, sm, c, true);
    }
  }
  // The mapping the run applied, the same bytes, applied again the same way.
  share::Mapping mapping;
  if (manifest.contains("mapping") && manifest["mapping"].is_object()) {
    const std::string mapping_path = str(manifest["mapping"], "path");
    if (io::sha256_file(mapping_path) != str(manifest["mapping"], "sha256"))
      return fail(DiagId::MappingChangedSinceRun, {mapping_path});
    if (!share::load_mapping(mapping_path, model, sm, sink, mapping)) return finish(sink, sm, c, true);
  }
  if (manifest.contains("params") && manifest["params"].is_object())
    for (const auto& [k, v] : manifest["params"].items()) param_args.push_back(k + "=" + (v.is_string() ? v.get<std::string>() : v.dump()));
  exec::ParamValues params;
  std::vector<std::pair<std::string, std::string>> params_shown;
  resolve_params(model, param_args, params, params_shown, sink);
  std::vector<std::vector<session::DataPart>> files =
      resolve_data_files(model, data_args, "", plan::sources_read(physical), sink);
  if (sink.has_errors()) return finish(sink, sm, c, true);

  // The rows behind the lead, from its provenance columns: 来源:<alias> = file:line[;line...],
  // and for a source of several files each file's lines in turn: a.csv:3;9|b.csv:4.
  std::map<std::string, std::vector<ProvenanceRow>> lines_of;
  for (size_t k = 0; k < lr.header.size() && k < lr.cells.size(); ++k) {
    const std::string prefix = "来源:";
    if (lr.header[k].rfind(prefix, 0) != 0) continue;
    std::string alias = lr.header[k].substr(prefix.size());
    bool bad = false;
    std::vector<ProvenanceRow> rows = parse_provenance(lr.cells[k], bad);
    // A line number past 2^64 (or with trailing junk) is no line of any file.
    if (bad) return fail(DiagId::LeadProvenanceInvalid, {lr.cells[k]});
    if (!rows.empty()) lines_of[alias] = std::move(rows);
  }
  if (lines_of.empty()) return fail(DiagId::NoProvenance, {});

  std::cout << ui_text(TextId::WhyLead, lang, {output_name, std::to_string(row), lead_file.string()}) << "\n";
  for (size_t k = 0; k < lr.header.size() && k < lr.cells.size(); ++k)
    if (lr.header[k].rfind("来源:", 0) != 0) std::cout << "  " << lr.header[k] << " = " << lr.cells[k] << "\n";

  // Load the sources behind the lead and find each row by its line: one frame row for the
  // lead, and for a grouped lead one frame per binding holding every member row.
  std::vector<rt::LoadResult> loaded(model.sources.size());
  auto blank = [&](size_t n) {
    exec::Frame f;
    f.tables.assign(lay.bindings.size(), nullptr);
    f.rows.assign(lay.bindings.size(), {});
    f.derived.resize(lay.derived.size());
    f.has_derived.assign(lay.derived.size(), false);
    f.size = n;
    return f;
  };
  exec::Frame frame = blank(1);
  std::vector<exec::Frame> members(lay.bindings.size());
  bool grouped = false;
  std::cout << "\n" << ui_text(TextId::WhyRowsBehind, lang) << "\n";
  for (size_t b = 0; b < lay.bindings.size(); ++b) {
    const auto& bind = lay.bindings[b];
    auto it = lines_of.find(bind.alias);
    if (it == lines_of.end() || bind.source < 0) continue;
    size_t src = size_t(bind.source);
    const std::vector<session::DataPart>& parts = files[src];
    // An inline table: its rows come from the model again (the fingerprint says it is the same).
    const bool inline_table = model.sources[src].is_table;
    if (inline_table && !loaded[src].ok)
      loaded[src] = session::load_inline_table(model.sources[src], session::column_specs(*model.sources[src].schema));
    if (!loaded[src].ok) {
      std::vector<rt::LoadResult> loads;
      for (const auto& part : parts) {
        rt::LoadSpec spec;
        spec.source = model.sources[src].name;
        spec.path = part.path;
        spec.sheet = part.sheet;
        if (!share::specs_for_file(*model.sources[src].schema, mapping, part.path, part.sheet, sink, spec.columns,
                                   spec.encoding))
          return finish(sink, sm, c, true);
        loads.push_back(rt::load_table(spec));
        const rt::LoadResult& l = loads.back();
        if (!l.ok) {
          const std::string prefix = l.error_code.empty() ? "" : l.error_code + " ";
          sink.report(DiagId::InputUnreloadable, Span{}, {part.path, bilingual(prefix + l.error_en, prefix + l.error_zh)})
              .with_data_code(l.error_code);
          return finish(sink, sm, c, false);
        }
      }
      std::vector<rt::LoadResult> part_loads;
      if (!session::join_source_files(model.sources[src], parts, loads, sm, sink, loaded[src], part_loads))
        return finish(sink, sm, c, true);
    }
    const rt::Table& t = loaded[src].table;
    frame.tables[b] = &t;
    members[b] = blank(0);
    members[b].tables[b] = &t;
    for (const ProvenanceRow& pr : it->second) {
      // The row of that file and line (one file: its line). The file is found by its label
      // once, not by building every row's label.
      int64_t found = -1;
      const auto label = std::find(t.part_labels.begin(), t.part_labels.end(), pr.file);
      const bool file_known = t.part.empty() || label != t.part_labels.end();
      const uint16_t part = t.part.empty() ? 0 : uint16_t(label - t.part_labels.begin());
      for (size_t r = 0; file_known && r < t.rows() && found < 0; ++r)
        if (t.line[r] == pr.line && (t.part.empty() || t.part[r] == part)) found = int64_t(r);
      if (found < 0) {
        std::string where = inline_table ? model.sources[src].table_path : parts.size() == 1 ? parts[0].path : pr.file;
        return fail(DiagId::NoRowAtLine, {where, std::to_string(pr.line)});
      }
      members[b].rows[b].push_back(found);
    }
    members[b].size = members[b].rows[b].size();
    frame.rows[b] = {members[b].rows[b].front()};
    grouped |= it->second.size() > 1;
    // The files the rows are in (of a source's several, only those), and each row's line,
    // with its file's label when the rows are in more than one file.
    std::vector<std::string> row_files;
    for (int64_t r : members[b].rows[b]) {
      const std::string& path = inline_table ? model.sources[src].table_path
                                : t.part.empty()  ? parts[0].path
                                                  : parts[t.part[size_t(r)]].path;
      if (std::find(row_files.begin(), row_files.end(), path) == row_files.end()) row_files.push_back(path);
    }
    std::string line_list, file_list;
    for (size_t k = 0; k < it->second.size(); ++k)
      line_list += (k ? ", " : "") + (row_files.size() > 1 ? it->second[k].file + ":" : "") + std::to_string(it->second[k].line);
    for (const auto& f : row_files) file_list += (file_list.empty() ? "" : " + ") + f;
    std::cout << "  "
              << (it->second.size() > 1 ? ui_text(TextId::WhyGroupRowLines, lang,
                                                   {bind.alias, file_list, line_list, std::to_string(it->second.size())})
                                         : ui_text(TextId::WhyRowLines, lang, {bind.alias, file_list, line_list}))
              << "\n";
  }

  // Re-evaluate the plan's nodes on these rows, from the first scan to the output, through
  // the relations this one is built on.
  std::cout << "\n" << ui_text(TextId::WhyHowFound, lang) << "\n";
  exec::EvalContext ctx{physical, lay, frame, params, nullptr};
  auto values_read = [&](const plan::Expr& e, const exec::EvalContext& cx) {
    std::vector<const plan::Expr*> cols;
    columns_in(e, cols);
    std::string s;
    for (const auto* x : cols) {
      if (x->kind == plan::ExprKind::Column &&
          (size_t(x->binding) >= cx.frame.rows.size() || cx.frame.rows[size_t(x->binding)].empty()))
        continue;
      if (x->kind == plan::ExprKind::Derived && !cx.frame.has_derived[size_t(x->derived)]) continue;
      exec::Vec v = exec::eval(*x, cx, 0, 1);
      s += (s.empty() ? "" : ", ") + written(sm, physical, lay, *x) + " = " + shown(v);
    }
    return s;
  };
  // Before the group: a condition over one binding is shown for each member row of it.
  auto per_member = [&](const plan::Expr& cond) {
    uint64_t bs = plan::bindings_read(cond);
    for (size_t b = 0; b < lay.bindings.size(); ++b) {
      if (bs != (uint64_t(1) << b) || members[b].size < 2) continue;
      for (size_t k = 0; k < members[b].size; ++k) {
        exec::Frame one = blank(1);
        one.tables[b] = members[b].tables[b];
        one.rows[b] = {members[b].rows[b][k]};
        exec::EvalContext mc{physical, lay, one, params, nullptr};
        exec::Vec v = exec::eval(cond, mc, 0, 1);
        std::cout << "     "
                  << ui_text(TextId::WhyMemberCondition, lang,
                             {lay.bindings[b].alias, std::to_string(one.tables[b]->line[size_t(one.rows[b][0])]),
                              values_read(cond, mc), truth(v, lang)})
                  << "\n";
      }
      return true;
    }
    return false;
  };
  // Whether `e` can be evaluated on the lead's one row: every column's binding has its row,
  // every derived column was computed on the way (not a group's value).
  auto computable = [&](const plan::Expr& e) {
    return !plan::any_of(e, [&](const plan::Expr& x) {
      if (x.kind == plan::ExprKind::Column)
        return size_t(x.binding) >= frame.rows.size() || frame.rows[size_t(x.binding)].empty();
      if (x.kind == plan::ExprKind::Derived)
        return size_t(x.derived) >= frame.has_derived.size() || !frame.has_derived[size_t(x.derived)];
      return x.kind == plan::ExprKind::Aggregate;
    });
  };
  bool after_group = false;
  size_t n = 0;
  std::vector<WalkNode> walk;
  walk_chain(physical, out_node->inputs[0], 0, 0, 0, 0, 0, walk);
  std::vector<bool> group_at_depth(1, false);  // after_group of each enclosing chain
  int depth = 0;
  for (const WalkNode& w : walk) {
    const plan::Node* node = &w.node;
    // Into a joined relation's chain: its own "after the group"; back out: the outer one's.
    while (depth < w.depth) {
      group_at_depth.push_back(after_group);
      after_group = false;
      ++depth;
    }
    while (depth > w.depth) {
      after_group = group_at_depth.back();
      group_at_depth.pop_back();
      --depth;
    }
    if (node->kind == plan::NodeKind::Scan || node->kind == plan::NodeKind::Sort ||
        node->kind == plan::NodeKind::Distinct || node->kind == plan::NodeKind::Project)
      continue;
    if (w.depth > 0) {
      bool has_rows = false;
      for (int b = w.first_binding; b < w.first_binding + w.binding_count; ++b)
        has_rows |= size_t(b) < frame.rows.size() && !frame.rows[size_t(b)].empty();
      if (!has_rows) continue;
    }
    std::cout << "  " << std::string(size_t(w.depth) * 2, ' ') << ++n << ". #" << node->id << " ";
    switch (node->kind) {
      case plan::NodeKind::Filter: {
        std::cout << (node->having ? "having " : "where ");
        if (!node->condition) {
          std::cout << "true\n";
          break;
        }
        std::cout << written(sm, physical, lay, *node->condition) << "\n";
        if (node->having || after_group || !computable(*node->condition)) {
          std::cout << "     " << ui_text(TextId::WhyGroupSatisfied, lang) << "\n";
          break;
        }
        if (grouped && per_member(*node->condition)) break;
        exec::Vec v = exec::eval(*node->condition, ctx, 0, 1);
        std::cout << "     " << values_read(*node->condition, ctx) << " → " << truth(v, lang) << "\n";
        break;
      }
      case plan::NodeKind::Join: {
        plan::Binding bind = lay.bindings[size_t(node->binding)];
        if (plan::joins_relation(*node))
          bind.alias = node->alias + " (" + physical.layouts[size_t(node->right_layout)].relation + ")";
        const char* how = node->how == plan::JoinKind::Semi ? "semi " : node->how == plan::JoinKind::Anti ? "anti "
                          : node->how == plan::JoinKind::Left ? "left " : "";
        std::cout << how << "join " << bind.alias << "\n";
        if (node->how == plan::JoinKind::Anti) {
          std::cout << "     " << ui_text(TextId::WhyAntiJoin, lang, {bind.alias}) << "\n";
          break;
        }
        if (node->how == plan::JoinKind::Semi) {
          std::cout << "     " << ui_text(TextId::WhySemiJoin, lang, {bind.alias}) << "\n";
          break;
        }
        for (const auto& k : node->keys) {
          // A key over a joined relation's group key is the group's value, not one row's.
          if (!computable(*k.left) || !computable(*k.right)) {
            std::cout << "     " << written(sm, physical, lay, *k.left) << " = " << written(sm, physical, lay, *k.right)
                      << "\n";
            continue;
          }
          exec::Vec l = exec::eval(*k.left, ctx, 0, 1), r = exec::eval(*k.right, ctx, 0, 1);
          std::cout << "     "
                    << ui_text(TextId::WhyKeyMatch, lang,
                               {written(sm, physical, lay, *k.left), shown(l), written(sm, physical, lay, *k.right),
                                shown(r)})
                    << "\n";
          // As written in the two files, when that differs from the normal form.
          for (const auto* side : {k.left.get(), k.right.get()}) {
            if (side->kind != plan::ExprKind::Column || frame.rows[size_t(side->binding)].empty()) continue;
            const auto& b2 = lay.bindings[size_t(side->binding)];
            const auto& f = model.sources[size_t(b2.source)].schema->fields[size_t(side->field)];
            // An inline table's cell is written in the model as the checker normalised it.
            if (model.sources[size_t(b2.source)].is_table) continue;
            const rt::Table* tb = frame.tables[size_t(side->binding)];
            const size_t row = size_t(frame.rows[size_t(side->binding)][0]);
            const auto& parts = files[size_t(b2.source)];
            const std::string& path = tb->part.empty() ? parts[0].path : parts[tb->part[row]].path;
            auto raw = raw_cells(path, f.headers, tb->line[row]);
            exec::Vec v = exec::eval(*side, ctx, 0, 1);
            if (!raw.empty() && raw[0] != shown(v))
              std::cout << "       " << ui_text(TextId::WhyWrittenAs, lang, {b2.alias + "." + f.name, raw[0]}) << "\n";
          }
        }
        if (node->distance) {
          exec::Vec l = exec::eval(*node->distance->left, ctx, 0, 1), r = exec::eval(*node->distance->right, ctx, 0, 1);
          exec::Vec rad = exec::eval(*node->distance->radius_m, ctx, 0, 1);
          double d = 0;
          if (l.valid[0] && r.valid[0]) d = values::haversine_m({l.x[0], l.y[0]}, {r.x[0], r.y[0]});
          std::ostringstream metres;  // as a stream prints a double (six significant digits)
          metres << d;
          std::cout << "     "
                    << ui_text(TextId::WhyDistance, lang,
                               {metres.str(), node->distance->inclusive ? "<=" : "<", shown(rad)})
                    << "\n";
        }
        if (node->condition && computable(*node->condition)) {
          exec::Vec v = exec::eval(*node->condition, ctx, 0, 1);
          std::cout << "     " << ui_text(TextId::WhyJoinCondition, lang, {written(sm, physical, lay, *node->condition)})
                    << "\n     " << values_read(*node->condition, ctx) << " → " << truth(v, lang) << "\n";
        }
        break;
      }
      case plan::NodeKind::Derive: {
        std::cout << "derive";
        for (size_t k = 0; k < node->slots.size(); ++k) {
          const std::string& name = lay.derived[size_t(node->slots[k])].name;
          if (after_group || !computable(*node->values[k])) {  // the group's value, as the lead shows it
            auto col = std::find(lr.header.begin(), lr.header.end(), name);
            std::cout << " " << name << " = " << (col != lr.header.end() ? lr.cells[size_t(col - lr.header.begin())] : "…");
            continue;
          }
          exec::Vec v = exec::eval(*node->values[k], ctx, 0, 1);
          frame.derived[size_t(node->slots[k])] = v;
          frame.has_derived[size_t(node->slots[k])] = true;
          std::cout << " " << name << " = " << shown(v);
        }
        std::cout << "\n";
        break;
      }
      case plan::NodeKind::Aggregate: {
        after_group = true;
        std::cout << ui_text(TextId::WhyGroupBy, lang);
        for (size_t k = 0; k < node->slots.size(); ++k) {
          std::string name = lay.derived[size_t(node->slots[k])].name;
          auto col = std::find(lr.header.begin(), lr.header.end(), name);
          std::cout << (k == node->key_count ? ui_text(TextId::WhyCompute, lang) : "") << " " << name << " = "
                    << (col != lr.header.end() ? lr.cells[size_t(col - lr.header.begin())] : std::string("…"));
        }
        std::cout << "\n";
        break;
      }
      case plan::NodeKind::Union: {
        // The parts whose rows the lead has (several for a group), and the union's columns
        // computed from the lead's one row when it has one.
        const size_t cols = node->slots.size();
        std::cout << "union:";
        bool first = true;
        for (size_t k = 0; k < node->parts.size(); ++k) {
          const auto& u = node->parts[k];
          bool has_rows = false;
          for (int b = u.first_binding; b < u.first_binding + u.binding_count; ++b)
            has_rows |= size_t(b) < frame.rows.size() && !frame.rows[size_t(b)].empty();
          if (!has_rows) continue;
          std::cout << (first ? " " : ", ")
                    << (u.right_layout >= 0 ? physical.layouts[size_t(u.right_layout)].relation
                                            : lay.bindings[size_t(u.first_binding)].alias);
          for (size_t c = 0; c < cols && first; ++c) {
            const plan::Expr& v = *node->values[k * cols + c];
            if (!computable(v)) continue;
            frame.derived[size_t(node->slots[c])] = exec::eval(v, ctx, 0, 1);
            frame.has_derived[size_t(node->slots[c])] = true;
          }
          first = false;
        }
        std::cout << "\n";
        break;
      }
      default:
        break;
    }
  }
  return kExitOk;
}

}  // namespace clue::cli
