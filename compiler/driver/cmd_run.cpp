// `clue run`: check the model, load its sources, execute, and write the leads, the rejects and
// a manifest that lets anyone reproduce or audit the run.
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <functional>
#include <charconv>
#include <cmath>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <map>
#include <optional>
#include <thread>
#include <tuple>

#include <nlohmann/json.hpp>

#include "compiler/driver/commands.h"
#include "compiler/driver/kept_until_exit.h"
#include "compiler/driver/write_outputs.h"
#include "compiler/session/inputs.h"
#include "compiler/session/run.h"
#include "compiler/plan/print.h"
#include "compiler/session/session.h"
#include "compiler/share/package.h"
#include "runtime/diag/registry.h"
#include "runtime/exec/engine.h"
#include "runtime/exec/writers.h"
#include "runtime/fs/regular_file.h"
#include "runtime/io/files.h"
#include "runtime/io/run_dir.h"
#include "runtime/io/xlsx_writer.h"
#include "runtime/table/parallel.h"

namespace clue::cli {
namespace fs = std::filesystem;
namespace {

using Clock = std::chrono::steady_clock;
double since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

// rejects.csv, written as it is serialised (it can be tens of MB per million input rows).
std::string write_rejects(const std::string& path, const std::vector<const rt::RejectRecord*>& rejects) {
  io::AtomicFile f;
  if (std::string err = f.open(path); !err.empty()) return err;
  exec::write_rejects_csv(rejects, [&](std::string_view piece) { f.write(piece); });
  return f.commit();
}

std::string fixed(double v, int digits) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", digits, v);
  return buf;
}

// Pads to a display width (CJK characters take two cells).
std::string pad(const std::string& s, size_t width) {
  size_t w = display_width(s);
  return w >= width ? s : s + std::string(width - w, ' ');
}

// Rejects counted by source, column and code: the summary shows the largest kinds, the
// manifest all of them (rejects.by_kind), so a handful of IDs Excel turned into floats are
// not lost among thousands of companies' codes.
struct RejectKind {
  const rt::RejectRecord* first = nullptr;  // its first reject: source, column, code, an example
  uint64_t count = 0;
  uint64_t rows_not_used = 0;  // of them, rejects of a whole row
};

// Most frequent first; kinds of the same size in the order first met (rejects come in source
// order, then file order), so the list is the same on every run.
std::vector<RejectKind> reject_kinds(const std::vector<const rt::RejectRecord*>& rejects) {
  std::vector<RejectKind> kinds;
  std::map<std::tuple<std::string_view, std::string_view, std::string_view>, size_t> index;
  size_t last = SIZE_MAX;  // rejects of one kind often come in runs: the previous kind first
  for (const auto* r : rejects) {
    const rt::RejectRecord* prev = last == SIZE_MAX ? nullptr : kinds[last].first;
    if (!prev || prev->code.view() != r->code.view() || prev->column.view() != r->column.view() ||
        prev->source.view() != r->source.view()) {
      auto [it, added] = index.try_emplace({r->source.view(), r->column.view(), r->code.view()}, kinds.size());
      if (added) kinds.push_back({r, 0, 0});
      last = it->second;
    }
    RejectKind& k = kinds[last];
    ++k.count;
    k.rows_not_used += r->row_rejected;
  }
  std::stable_sort(kinds.begin(), kinds.end(), [](const RejectKind& a, const RejectKind& b) { return a.count > b.count; });
  return kinds;
}

// A kind's line in the summary: where, how many, the code and its text (for a code whose text
// is filled in per reject, such as C0101's line and field counts, its first reject's).
std::string reject_kind_line(const RejectKind& k, Lang lang) {
  const rt::RejectRecord& r = *k.first;
  const std::string source(r.source.view()), column(r.column.view());
  const std::string where = column.empty() ? ui_text(TextId::RunRejectsWholeRow, lang, {source}) : source + "." + column;
  std::string text;
  if (auto code = diag::by_code(r.code.view())) text = diag::info(*code).text(registry_lang(lang));
  if (text.empty() || text.find('{') != std::string::npos)
    text = ui_text(TextId::RunRejectsExample, lang, {lang == Lang::Zh ? r.reason_zh.view() : r.reason_en.view()});
  return ui_text(TextId::RunRejectsKind, lang, {where, std::to_string(k.count), r.code.view(), text});
}

// A param's value in the summary, written as in a model: text in quotes, a list in brackets,
// so an item's exact extent is visible.
std::string shown_value(const session::ParamShown& p) {
  auto one = [&](const std::string& v) { return p.quoted ? "\"" + v + "\"" : v; };
  if (!p.list) return p.items.empty() ? std::string() : one(p.items[0]);
  std::string s = "[";
  for (size_t i = 0; i < p.items.size(); ++i) s += (i ? ", " : "") + one(p.items[i]);
  return s + "]";
}

void print_preview(const exec::OutputTable& t, size_t limit, Lang lang, std::ostream& out) {
  size_t cols = t.value_columns;
  std::vector<size_t> width(cols, 0);
  for (size_t c = 0; c < cols; ++c) width[c] = display_width(t.columns[c]);
  size_t shown = std::min(limit, t.rows.size());
  for (size_t r = 0; r < shown; ++r)
    for (size_t c = 0; c < cols; ++c) width[c] = std::max(width[c], display_width(t.rows[r][c]));
  auto line = [&](const std::vector<std::string>& cells) {
    std::string s = "  ";
    for (size_t c = 0; c < cols; ++c) s += pad(cells[c], width[c]) + (c + 1 < cols ? "  " : "");
    out << s << "\n";
  };
  line(t.columns);
  std::string rule = "  ";
  for (size_t c = 0; c < cols; ++c) rule += std::string(width[c], '-') + (c + 1 < cols ? "  " : "");
  out << rule << "\n";
  for (size_t r = 0; r < shown; ++r) line(t.rows[r]);
  if (t.rows.size() > shown) out << "  " << ui_text(TextId::RunPreviewMore, lang, {std::to_string(t.rows.size() - shown)}) << "\n";
}

}  // namespace


int cmd_run(const RunArgs& a, const Common& c) {
  if (!a.on.empty()) return cmd_run_on(a, c);  // the model's SQL on a server
  Lang lang = resolve_lang(c.lang);
  uint64_t memory_budget = 0;
  if (!a.max_memory.empty()) {
    // The budget: the big consumers (loaded columns, streamed pieces, key sets, hash tables,
    // join pairs) are accounted against it, the plan streams probe sides to stay inside it,
    // and a run that cannot stops with E0580. Behind it, an address-space limit makes any
    // other allocation past it fail (std::bad_alloc, reported as E0514 by main) instead of
    // the kernel's OOM killer ending the process without a word: twice the budget (what is
    // not accounted — the JIT's code, thread stacks, small vectors — gets as much again) plus
    // the input files, whose mappings count as address space but are not memory in use.
    memory_budget = parse_size(a.max_memory);
    if (memory_budget == 0) return usage_error(c, DiagId::BadMaxMemory, {a.max_memory});
    uint64_t inputs = 0;
    auto add_file = [&](const std::string& path) {
      std::error_code ec;
      if (fs::is_regular_file(path, ec)) inputs += uint64_t(fs::file_size(path, ec));
    };
    for (const auto& d : a.data) {
      const size_t eq = d.find('=');
      if (eq == std::string::npos) continue;
      std::string path = d.substr(eq + 1);
      if (const size_t hash = path.rfind('#'); hash != std::string::npos && !fs::exists(path)) path.resize(hash);
      add_file(path);
    }
    if (!a.data_dir.empty()) {
      std::error_code ec;
      for (const auto& e : fs::directory_iterator(a.data_dir, ec)) add_file(e.path().string());
    }
    // Only the soft limit: main() lifts it again to report the error.
    struct rlimit rl;
    getrlimit(RLIMIT_AS, &rl);
    rl.rlim_cur = memory_budget * 2 + inputs;
    setrlimit(RLIMIT_AS, &rl);
  }
  // 0 (the default) is all cores; a negative count used to mean that too, silently.
  constexpr int kMaxThreads = 1024;
  int threads_given = a.threads;
  if (!a.threads_text.empty()) {
    const char* end = a.threads_text.data() + a.threads_text.size();
    auto [stop, ec] = std::from_chars(a.threads_text.data(), end, threads_given);
    if (ec != std::errc() || stop != end) threads_given = -1;  // not an int at all: out of range
  }
  if (threads_given < 0 || threads_given > kMaxThreads)
    return usage_error(c, DiagId::ThreadsOutOfRange,
                       {a.threads_text.empty() ? std::to_string(threads_given) : a.threads_text, std::to_string(kMaxThreads)});
  // An empty --out would write the run into the current folder.
  if (a.out.empty()) return usage_error(c, DiagId::EmptyOutFolder, {});
  auto t_start = Clock::now();
  for (const auto& d : a.data)
    if (d.find('=') == std::string::npos || d.front() == '=' || d.back() == '=')
      return usage_error(c, DiagId::BadDataOption, {d});
  // Never freed, like the session below: the process ends right after the run.
  session::Compiled& cm = kept_until_exit<session::Compiled>();
  SourceManager& sm = cm.sm;
  DiagnosticSink& sink = cm.sink;
  switch (session::compile(a.path, plan_options(a.disabled_passes), cm)) {
    case session::CompileStatus::Unreadable: return usage_error(c, DiagId::ModelFileUnreadable, {a.path});
    case session::CompileStatus::NotAFile:
      return usage_error(c, DiagId::ModelNotARegularFile,
                         {a.path, bilingual(fsafe::kind_text_en(cm.path_kind), fsafe::kind_text_zh(cm.path_kind))});
    case session::CompileStatus::Errors: return finish(sink, sm, c, true);
    case session::CompileStatus::Ok: break;
  }
  const double compile_s = cm.compile_s;
  const typed::Model& model = *cm.fe.model;
  const plan::Plan& physical = cm.plans.physical;
  // An empty file or a library of schemas checks clean but has nothing to write: a run that
  // "succeeds" with an empty manifest would look like a run that found no leads.
  if (model.outputs.empty()) {
    sink.report(DiagId::NothingToRun, Span{}, {a.path});
    return finish(sink, sm, c, true);
  }

  // Deliberately never freed (like clang's -disable-free): the process ends right after the
  // run, and handing hundreds of MB of columns and rejects back to malloc one by one only
  // delays the exit. The kernel reclaims it all at once.
  // A model installed from a package (clue install) has its install record beside it: the
  // manifest names the package, and a package installed without a trusted signature is
  // marked so in every run (W0602 and "trusted": false).
  std::optional<nlohmann::json> installed;
  {
    const fs::path record = fs::path(a.path).parent_path() / share::kInstallRecord;
    std::string rec_text, rec_error;
    if (fsafe::read_regular(record.string(), rec_text, nullptr, &rec_error)) {
      installed = nlohmann::json::parse(rec_text, nullptr, false);
      if (installed->is_discarded() || !installed->is_object()) installed = nlohmann::json{{"trusted", false}};
      if (!installed->value("trusted", false))
        sink.report(DiagId::RunUntrustedPackage, Span{},
                    {installed->value("name", std::string("?")), installed->value("version", std::string("?"))});
    }
  }
  // So is every installed package the model imports (import "NAME@RANGE"): its import entry
  // in the manifest says "trusted": false.
  for (const auto& f : cm.imports)
    if (f.package && !f.package->trusted)
      sink.report(DiagId::RunImportsUntrustedPackage, Span{}, {f.package->name, f.package->version});
  RunSession& session = kept_until_exit<RunSession>();
  RunArgs options = a;
  options.threads = threads_given;
  options.memory_budget = memory_budget;
  // A join that spills (runtime/exec/grace_join.h) writes beside --out, on the disk the run is
  // written to, in a folder of this process's own, removed afterwards.
  {
    fs::path out_path = fs::absolute(fs::path(a.out)).lexically_normal();
    if (out_path.filename().empty()) out_path = out_path.parent_path();  // "out/"
    options.spill_dir = (out_path.parent_path() /
                         ("." + out_path.filename().string() + ".spill-" + std::to_string(::getpid()))).string();
  }
  if (!load_and_execute(model, physical, options, sm, sink, session, lang)) return finish(sink, sm, c, true);
  // The run is written into a staging folder and moved into place as a whole at the end
  // (runtime/io/run_dir.h). Made once the model and its inputs have proved usable, so their
  // errors come first.
  // A rerun into the same --out: what the run it replaces was fingerprinted with, so the
  // manifest says whether the model, an import or the mapping changed since (previous_run).
  std::optional<nlohmann::json> previous;
  {
    std::string prev_text, prev_error;
    if (fsafe::read_regular((fs::path(a.out) / "manifest.json").string(), prev_text, nullptr, &prev_error)) {
      auto j = nlohmann::json::parse(prev_text, nullptr, false);
      if (!j.is_discarded() && j.is_object() && j.contains("model") && j["model"].is_object()) previous = std::move(j);
    }
  }
  io::RunDir run_dir;  // its destructor removes the staging folder of a run that fails
  if (const io::RunDir::Error e = run_dir.open(a.out)) {
    if (e.kind == io::RunDir::Error::NotARun) sink.report(DiagId::OutFolderNotARun, Span{}, {e.path, e.detail});
    else sink.report(DiagId::OutputWriteFailed, Span{}, {e.path, e.detail});
    return finish(sink, sm, c, true);
  }
  // Except the loaded tables' columns: the outputs hold their values as text by now, so they
  // are freed before the outputs are written, whose memory would otherwise come on top of
  // theirs (the peak RSS of a 1-thread run at 5 M rows). With threads to spare, on another
  // thread while the outputs are written: the kernel's work of taking their pages back then
  // overlaps the writing. With one, here (the exit would take them back anyway).
  std::thread release;
  {
    auto doomed = std::make_unique<std::vector<rt::Table>>();
    for (auto& l : session.loaded) {
      doomed->emplace_back();
      doomed->back().columns = std::move(l.table.columns);
      doomed->back().line = std::move(l.table.line);
      doomed->back().offset = std::move(l.table.offset);
    }
    if (session.threads >= 2) release = std::thread([d = std::move(doomed)]() mutable { d.reset(); });
  }
  struct Join {
    std::thread& t;
    ~Join() {
      if (t.joinable()) t.join();
    }
  } join_release{release};
  // SHA-256 of every input for the manifest: computed now with one thread, or already done
  // alongside loading with more (then this only waits for what is left).
  auto t_hash = Clock::now();
  std::vector<std::string> input_sha = session.input_sha();
  size_t slots = 0;
  for (const auto& sl : session.hash_slot) slots += sl.size();
  input_sha.resize(slots);
  double hash_s = since(t_hash);
  const auto& files = session.files;
  const auto& loaded = session.loaded;
  const auto& tables = session.tables;
  const auto& params_shown = session.params_shown;
  const std::vector<session::ParamShown> params = session::describe_params(model, a.params);
  const exec::RunResult& result = session.result;
  int threads = session.threads;
  double read_s = session.read_s, exec_s = session.exec_s;

  // Rejects, in source order then file order.
  std::vector<const rt::RejectRecord*> rejects;
  for (const auto& l : loaded)
    for (const auto& r : l.rejects) rejects.push_back(&r);

#ifdef CLUE_TEST_HOOKS
  // Fault injection for the tests (docs/testing.md): a shell command run once the inputs are
  // loaded, e.g. one that rewrites an input, so that "an input changed during the run" is
  // tested deterministically rather than by racing a writer. Only the test build's
  // clue-test-hooks has it: the shipped clue must not run a command named by its environment.
  if (const char* hook = std::getenv("CLUE_FAULT_AFTER_LOAD"); hook && *hook) {
    if (std::system(hook) != 0) std::cerr << "CLUE_FAULT_AFTER_LOAD failed\n";
  }
#endif
  // Nothing is written from inputs that changed while they were read (or were truncated under
  // their mapping): the leads, the rejects and the manifest's SHA-256 must be of one content.
  if (auto changed = session.changed_input()) {
    sink.report(DiagId::InputChangedDuringRun, Span{}, {changed->path, bilingual(changed->en, changed->zh)});
    return finish(sink, sm, c, true);
  }
  auto t_write = Clock::now();
  std::string rejects_path = run_dir.final_path("rejects.csv");
  if (a.strict && !rejects.empty()) {
    // A strict run that met rejects fails before writing any lead: only the evidence is
    // written, and it is the run now in --out (an earlier run's leads beside these rejects
    // would mix two runs).
    std::string err = write_rejects(run_dir.staged("rejects.csv"), rejects);
    if (err.empty())
      if (const io::RunDir::Error e = run_dir.commit()) err = e.detail;
    if (!err.empty()) sink.report(DiagId::OutputWriteFailed, Span{}, {rejects_path, err});
    sink.report(DiagId::StrictRejects, Span{}, {std::to_string(rejects.size()), rejects_path});
    return finish(sink, sm, c, true);
  }
  // Every output, the xlsx beside each CSV (docs/outputs.md) and rejects.csv, with --threads N
  // on up to N threads (write_outputs.h, shared with `run --on`); errors are reported in the
  // order of sequential writing, the first one ending the run.
  const WriteResult wr =
      write_outputs(result.outputs, run_dir, a.format, a.xlsx_beside, threads,
                    {{rejects_path, [&] { return write_rejects(run_dir.staged("rejects.csv"), rejects); }}});
  if (!wr.failed_path.empty()) {
    sink.report(DiagId::OutputWriteFailed, Span{}, {wr.failed_path, wr.error});
    return finish(sink, sm, c, true);
  }
  const std::vector<WrittenOutput>& written = wr.written;
  double write_s = since(t_write);

  // The manifest: enough to reproduce and audit the run. Timings are the only part that
  // differs between two runs on the same inputs.
  using Json = nlohmann::ordered_json;
  Json m;
  m["clue_version"] = CLUE_VERSION;
  m["model"] = {{"path", a.path}, {"sha256", cm.model_sha}, {"id", model.meta.id}};
  // What the leads depend on besides the data: the model, every file it imports and the
  // mapping, each hashed, and the fingerprint over all of them (session/fingerprint.h).
  m["model"]["imports"] = Json::array();
  for (const auto& f : cm.imports) {
    Json entry = {{"path", f.path}, {"sha256", f.sha256}};
    // A file of an installed package: which package, the version the range resolved to, the
    // installed .cluepkg's SHA-256 and whether its signature was trusted.
    if (f.package)
      entry["package"] = {{"name", f.package->name},
                          {"version", f.package->version},
                          {"sha256", f.package->package_sha256.empty() ? Json(nullptr) : Json(f.package->package_sha256)},
                          {"trusted", f.package->trusted}};
    m["model"]["imports"].push_back(std::move(entry));
  }
  m["model"]["fingerprint"] = session::fingerprint(cm.model_sha, cm.imports, session.mapping_sha);
  if (installed) m["package"] = *installed;
  if (previous) {
    auto text_of = [](const nlohmann::json& j, const char* key) {
      return j.is_object() && j.contains(key) && j[key].is_string() ? j[key].get<std::string>() : std::string();
    };
    const nlohmann::json& pm = (*previous)["model"];
    std::vector<session::FileHash> prev_imports;
    if (pm.contains("imports") && pm["imports"].is_array())
      for (const auto& f : pm["imports"]) prev_imports.push_back({text_of(f, "path"), text_of(f, "sha256"), std::nullopt});
    const std::string prev_mapping = previous->contains("mapping") ? text_of((*previous)["mapping"], "sha256") : "";
    Json changed = Json::array();
    for (const auto& part : session::changed_parts(text_of(pm, "sha256"), prev_imports, prev_mapping, cm.model_sha,
                                                   cm.imports, session.mapping_sha))
      changed.push_back(part);
    m["previous_run"] = {{"fingerprint", pm.contains("fingerprint") ? Json(text_of(pm, "fingerprint")) : Json(nullptr)},
                         {"changed", changed}};
  }
  m["mapping"] = session.mapping_path.empty() ? Json(nullptr)
                                              : Json({{"path", session.mapping_path}, {"sha256", session.mapping_sha}});
  m["params"] = Json::object();
  for (const auto& [name, value] : params_shown) m["params"][name] = value;
  // Each param with its type, its value (a list's items too) and whether it is the model's
  // default: `params` stays NAME → value for older readers (and `clue why`).
  m["params_detail"] = Json::array();
  for (const auto& p : params) {
    Json d = {{"name", p.name}, {"type", p.type}, {"value", p.value}};
    if (p.list) d["items"] = p.items;
    d["default"] = p.is_default;
    m["params_detail"].push_back(std::move(d));
  }
  // One entry a file: a source read from several files has one per file, in reading order.
  m["inputs"] = Json::array();
  for (size_t i = 0; i < model.sources.size(); ++i) {
    if (!tables[i]) continue;
    const bool several = files[i].size() > 1;
    for (size_t k = 0; k < files[i].size(); ++k) {
      const rt::LoadResult& l = several ? session.part_loads[i][k] : loaded[i];
      const auto& st = l.stats;
      const std::string& sha = input_sha[session.hash_slot[i][k]];
      Json in = {{"source", model.sources[i].name}, {"path", files[i][k].path}};
      if (!files[i][k].sheet.empty()) in["sheet"] = files[i][k].sheet;
      if (several) in["label"] = files[i][k].label;
      in["sha256"] = sha.empty() ? Json(nullptr) : Json(sha);
      // Computed by this run, or remembered for the file's unchanged identity (digest_cache.h).
      if (!sha.empty()) in["sha256_from"] = session.cached_sha[session.hash_slot[i][k]].empty() ? "computed" : "cache";
      in["encoding"] = st.encoding;
      in["header_line"] = st.header_line;
      in["rows_read"] = st.rows_read;
      in["rows_used"] = st.rows_used;
      in["rows_rejected"] = st.rows_rejected;
      // What the loader noticed without rejecting anything (C03xx: lines in another encoding,
      // a row that reads two ways, ...), in file order.
      if (!l.warnings.empty()) {
        in["warnings"] = Json::array();
        for (const auto& w : l.warnings)
          in["warnings"].push_back({{"code", w.code}, {"line", w.line}, {"message", w.message_en}});
      }
      // Fields parsed only for the rows the outputs print (see docs/engine.md, late parsing).
      if (i < session.late_fields.size() && !session.late_fields[i].empty()) {
        in["late_fields"] = session.late_fields[i];
        in["late_rows"] = session.late_rows[i];
      }
      m["inputs"].push_back(std::move(in));
    }
  }
  // Per source: its files, rows, and the rows its exports repeat byte for byte.
  m["sources"] = Json::array();
  for (size_t i = 0; i < model.sources.size(); ++i) {
    if (!tables[i]) continue;
    const auto& st = loaded[i].stats;
    Json src = {{"name", model.sources[i].name},
                {"files", files[i].size()},
                {"rows_read", st.rows_read},
                {"rows_used", st.rows_used},
                {"rows_rejected", st.rows_rejected},
                {"distinct", model.sources[i].distinct},
                {"duplicate_rows", st.duplicate_rows}};
    // An inline table: its rows are model text (covered by the model's fingerprint), no file.
    if (model.sources[i].is_table) src["table"] = true;
    if (st.duplicate_rows)
      src["first_duplicate"] = {{"at", st.first_duplicate_line}, {"repeats", st.first_duplicate_of}};
    m["sources"].push_back(std::move(src));
  }
  m["outputs"] = Json::array();
  for (size_t i = 0; i < result.outputs.size(); ++i)
    m["outputs"].push_back(output_entry(result.outputs[i], written[i], a.format));
  const std::vector<RejectKind> kinds = reject_kinds(rejects);
  // rejects.csv's cells from the data (file, raw value) that got the formula guard.
  const uint64_t rejects_guarded = exec::rejects_guarded_cells(rejects);
  m["rejects"] = {{"path", rejects_path},
                  {"count", rejects.size()},
                  {"formula_guarded_cells", rejects_guarded},
                  {"by_kind", Json::array()}};
  for (const auto& k : kinds) {
    const rt::RejectRecord& r = *k.first;
    m["rejects"]["by_kind"].push_back({{"source", r.source.view()},
                                       {"column", r.column.view().empty() ? Json(nullptr) : Json(r.column.view())},
                                       {"code", r.code.view()},
                                       {"count", k.count},
                                       {"rows_not_used", k.rows_not_used}});
  }
  m["engine"] = a.engine;
  m["threads"] = threads;
  m["engine_note"] = session.engine_note;
  if (a.engine == "jit")
    m["jit_cache"] = {{"hits", session.jit_cache_hits}, {"misses", session.jit_cache_misses},
                      {"rejected", session.jit_cache_rejected}};
  // The plan as it ran: the passes, and per node its rows and the decisions taken.
  m["plan"] = {{"passes", physical.passes}, {"disabled_passes", a.disabled_passes}, {"nodes", Json::array()}};
  for (const auto& st : result.nodes) {
    Json node = {{"id", st.node},
                 {"op", plan::node_kind_name(physical.nodes[size_t(st.node)].kind)},
                 {"rows_in", st.rows_in},
                 {"rows_out", st.rows_out}};
    if (!st.taken.empty()) node["taken"] = st.taken;
    if (st.null_dropped) node["null_dropped"] = st.null_dropped;
    m["plan"]["nodes"].push_back(std::move(node));
  }
  // The memory budget and what was accounted against it at most; the probe sides streamed.
  {
    Json mem = {{"budget_bytes", session.budget ? session.budget->limit() : 0},
                {"budget_from", session.budget_given ? "--max-memory" : "default"},
                {"peak_accounted_bytes", session.budget ? session.budget->peak() : 0},
                {"streamed", Json::array()}};
    for (const auto& st : result.streamed)
      mem["streamed"].push_back({{"source", physical.sources[size_t(st.source)].name},
                                 {"join", st.join},
                                 {"side", st.left ? "relation" : "joined source"},
                                 {"pieces", st.pieces},
                                 {"rows", st.rows},
                                 {"rows_filtered", st.filtered},
                                 {"rows_kept", st.kept}});
    m["memory"] = std::move(mem);
  }
  auto secs = [](double v) { return std::round(v * 1e4) / 1e4; };
  m["timings_s"] = {{"compile", secs(compile_s)}, {"jit_compile", secs(session.jit_compile_s)}, {"read", secs(read_s)},
                    {"execute", secs(exec_s)},    {"write", secs(write_s)},                    {"hash_inputs", secs(hash_s)}};
  const std::string manifest_path = run_dir.final_path("manifest.json");
  // A path that is not UTF-8 (file names are bytes) is written with U+FFFD in its place
  // rather than failing the run; `clue why` then says it cannot find that file.
  const std::string manifest_text = m.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n";
  if (std::string err = io::write_atomic(run_dir.staged("manifest.json"), manifest_text); !err.empty()) {
    sink.report(DiagId::OutputWriteFailed, Span{}, {manifest_path, err});
    return finish(sink, sm, c, true);
  }
  // Last look before the run becomes --out: an input changed while its hash was computed or
  // while the outputs were written is caught here.
  if (auto changed = session.changed_input()) {
    sink.report(DiagId::InputChangedDuringRun, Span{}, {changed->path, bilingual(changed->en, changed->zh)});
    return finish(sink, sm, c, true);
  }
  if (const io::RunDir::Error e = run_dir.commit()) {
    if (e.kind == io::RunDir::Error::NotARun) sink.report(DiagId::OutFolderNotARun, Span{}, {e.path, e.detail});
    else sink.report(DiagId::OutputWriteFailed, Span{}, {e.path, e.detail});
    return finish(sink, sm, c, true);
  }
  // Every input was found as it was before loading: the digests computed are of its bytes
  // and may be remembered for the next run.
  int64_t hashed_later_ns = 0;
#ifdef CLUE_TEST_HOOKS
  // The racy window (digest_cache.h) is two seconds after a file's last change; the tests
  // move the clock on rather than wait (docs/testing.md).
  if (const char* later = std::getenv("CLUE_TEST_HASHED_LATER_S"); later && *later)
    hashed_later_ns = int64_t(std::atoll(later)) * 1000000000;
#endif
  session.remember_digests(input_sha, hashed_later_ns);

  int code = finish(sink, sm, c, false);

  // Summary: what was read, what was found, where it is.
  std::ostream& out = std::cout;
  auto num = [](auto n) { return std::to_string(n); };
  for (const auto& p : params)
    out << ui_text(p.is_default ? TextId::RunParamDefault : TextId::RunParamGiven, lang, {p.name, shown_value(p)})
        << "\n";
  for (size_t i = 0; i < model.sources.size(); ++i) {
    if (!tables[i]) continue;
    const auto& st = loaded[i].stats;
    if (model.sources[i].is_table) {  // written in the model: no file, no encoding
      out << ui_text(TextId::RunReadTable, lang,
                     {model.sources[i].name, fs::path(model.sources[i].table_path).filename().string(),
                      num(st.rows_read), num(st.rows_used), num(st.rows_rejected)})
          << "\n";
      continue;
    }
    if (files[i].size() == 1) {
      out << ui_text(TextId::RunRead, lang,
                     {model.sources[i].name, files[i][0].path, num(st.rows_read), num(st.rows_used),
                      num(st.rows_rejected), st.encoding})
          << "\n";
      continue;
    }
    out << ui_text(TextId::RunReadParts, lang,
                   {model.sources[i].name, num(files[i].size()), num(st.rows_read), num(st.rows_used),
                    num(st.rows_rejected), st.encoding})
        << "\n";
    for (size_t k = 0; k < files[i].size(); ++k) {
      const auto& ps = session.part_loads[i][k].stats;
      std::string where = files[i][k].path + (files[i][k].sheet.empty() ? "" : "#" + files[i][k].sheet);
      out << ui_text(TextId::RunReadPart, lang,
                     {where, num(ps.rows_read), num(ps.rows_used), num(ps.rows_rejected), ps.encoding})
          << "\n";
    }
  }
  // The local mapping that changed how the exports were read (docs/sharing.md).
  if (!session.mapping_path.empty()) out << ui_text(TextId::MappingApplied, lang, {session.mapping_path}) << "\n";
  // Rows the exports repeat byte for byte, per source.
  for (size_t i = 0; i < model.sources.size(); ++i) {
    if (!tables[i] || loaded[i].stats.duplicate_rows == 0) continue;
    const auto& st = loaded[i].stats;
    out << ui_text(model.sources[i].distinct ? TextId::RunDuplicatesDropped : TextId::RunDuplicates, lang,
                   {model.sources[i].name, num(st.duplicate_rows), st.first_duplicate_line, st.first_duplicate_of})
        << "\n";
  }
  // The loader's warnings per source: how many of each code, and the first of them.
  for (size_t i = 0; i < model.sources.size(); ++i) {
    if (!tables[i] || loaded[i].warnings.empty()) continue;
    out << ui_text(TextId::RunWarnings, lang, {model.sources[i].name, num(loaded[i].warnings.size())}) << "\n";
    std::vector<std::string> codes;
    for (const auto& w : loaded[i].warnings)
      if (std::find(codes.begin(), codes.end(), w.code) == codes.end()) codes.push_back(w.code);
    for (const auto& code : codes) {
      size_t n = 0;
      const rt::LoadWarning* first = nullptr;
      for (const auto& w : loaded[i].warnings)
        if (w.code == code && n++ == 0) first = &w;
      const std::string at = first->path.empty() ? num(first->line) : first->path + ":" + num(first->line);
      out << ui_text(TextId::RunWarningKind, lang,
                     {code, num(n), at, lang == Lang::Zh ? first->message_zh : first->message_en})
          << "\n";
    }
  }
  for (size_t i = 0; i < result.outputs.size(); ++i) {
    const auto& t = result.outputs[i];
    const WrittenOutput& w = written[i];
    out << "\n" << ui_text(TextId::RunOutput, lang, {t.name, num(t.rows.size()), w.path}) << "\n";
    if (a.format == "csv" && a.xlsx_beside) out << ui_text(TextId::RunOutputXlsx, lang, {w.xlsx}) << "\n";
    if (w.guarded) out << ui_text(TextId::RunFormulaGuarded, lang, {num(w.guarded), w.path}) << "\n";
    const io::XlsxStats& xs = w.xlsx_stats;
    if (xs.replaced_cells || xs.truncated_cells || xs.numbers_as_text)
      out << ui_text(TextId::RunXlsxAltered, lang,
                     {w.xlsx, num(xs.replaced_cells), num(xs.truncated_cells), num(xs.numbers_as_text)})
          << "\n";
    if (a.preview > 0 && !t.rows.empty()) print_preview(t, size_t(a.preview), lang, out);
  }
  size_t rows_rejected = size_t(std::count_if(rejects.begin(), rejects.end(), [](const rt::RejectRecord* r) { return r->row_rejected; }));
  out << "\n"
      << ui_text(TextId::RunRejects, lang,
                 {num(rejects.size()), rejects_path, num(rows_rejected), num(rejects.size() - rows_rejected)})
      << "\n";
  if (rejects_guarded) out << ui_text(TextId::RunFormulaGuarded, lang, {num(rejects_guarded), rejects_path}) << "\n";
  constexpr size_t kKindsShown = 5;
  for (size_t i = 0; i < kinds.size() && i < kKindsShown; ++i) out << reject_kind_line(kinds[i], lang) << "\n";
  if (kinds.size() > kKindsShown) {
    uint64_t rest = 0;
    for (size_t i = kKindsShown; i < kinds.size(); ++i) rest += kinds[i].count;
    out << ui_text(TextId::RunRejectsMoreKinds, lang, {num(kinds.size() - kKindsShown), num(rest)}) << "\n";
  }
  // Rows a condition dropped because a value was null, not false: a prosecutor should see
  // the leads that missing data may have cost.
  bool null_header = false;
  for (const auto& st : result.nodes) {
    if (!st.null_dropped) continue;
    if (!null_header) out << ui_text(TextId::RunNullDropped, lang, {}) << "\n";
    null_header = true;
    const plan::Node& n = physical.nodes[size_t(st.node)];
    const plan::Layout& lay = physical.layouts[size_t(n.layout)];
    std::string what = n.kind == plan::NodeKind::Join
                           ? std::string(plan::join_kind_name(n.how)) + " join " + (n.alias.empty() ? lay.bindings[size_t(n.binding)].alias : n.alias)
                       : n.condition ? std::string(n.having ? "having " : "where ") + planner::expr_text(physical, lay, *n.condition)
                                     : std::string(plan::node_kind_name(n.kind));
    out << ui_text(TextId::RunNullDroppedNode, lang, {num(n.id), what, n.relation, num(st.null_dropped)}) << "\n";
  }
  out << ui_text(TextId::RunManifest, lang, {manifest_path}) << "\n";
  if (!session.engine_note.empty()) out << ui_text(TextId::RunEngine, lang, {a.engine, session.engine_note}) << "\n";
  // The memory line when there is something to say: a budget given, or a probe side streamed.
  if (session.budget && (session.budget_given || !result.streamed.empty())) {
    out << ui_text(TextId::RunMemory, lang,
                   {session::bytes_text(session.budget->limit()), session::bytes_text(session.budget->peak())})
        << "\n";
    for (const auto& st : result.streamed)
      out << ui_text(TextId::RunStreamed, lang,
                     {physical.sources[size_t(st.source)].name, num(st.join), num(st.pieces), num(st.kept),
                      num(st.left ? st.filtered : st.rows)})
          << "\n";
  }
  const size_t digests_cached = size_t(
      std::count_if(session.cached_sha.begin(), session.cached_sha.end(), [](const std::string& d) { return !d.empty(); }));
  if (digests_cached > 0)
    out << ui_text(TextId::RunDigestsCached, lang, {num(digests_cached), num(session.cached_sha.size())}) << "\n";
  if (session.jit_cache_rejected > 0)
    out << ui_text(TextId::RunJitCacheRejected, lang, {std::to_string(session.jit_cache_rejected)}) << "\n";
  out << ui_text(TextId::RunTime, lang,
                 {fixed(since(t_start), 3), fixed(compile_s + session.jit_compile_s, 3), fixed(read_s, 3),
                  fixed(exec_s, 3), fixed(write_s, 3)})
      << "\n";
  return code;
}

}  // namespace clue::cli
