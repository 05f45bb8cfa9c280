// `clue run MODEL --on URL`: the model's SQL (compiler/sql/emit.h) run on a PostgreSQL server
// or a ClickHouse server or cluster whose tables `clue ingest` loaded. The statements return
// each output's cells in the engine's text form and order, so the same writers write the same
// files as a local run (CSV, xlsx or JSON lines); the manifest says where it ran: the engine,
// the server's version, each statement's query id and time.
#include <algorithm>
#include <chrono>
#include <set>
#include <iostream>
#include <thread>

#include <nlohmann/json.hpp>

#include "compiler/driver/commands.h"
#include "compiler/driver/ingest_record.h"
#include "compiler/driver/server_command.h"
#include "compiler/driver/write_outputs.h"
#include "compiler/remote/client.h"
#include "compiler/session/fingerprint.h"
#include "compiler/session/inputs.h"
#include "compiler/session/session.h"
#include "compiler/sql/emit.h"
#include "compiler/sql/layout.h"
#include "runtime/exec/writers.h"
#include "runtime/io/files.h"
#include "runtime/io/run_dir.h"
#include "runtime/io/xlsx_writer.h"

namespace clue::cli {

int cmd_run_on(const RunArgs& a, const Common& c) {
  Lang lang = resolve_lang(c.lang);
  session::Compiled cm;
  remote::ServerUrl url;
  if (auto failed = compile_for_server(a.path, plan_options(a.disabled_passes), a.on, c, cm, url)) return *failed;
  SourceManager& sm = cm.sm;
  DiagnosticSink& sink = cm.sink;
  const sql::Dialect dialect = url.engine == remote::Engine::ClickHouse ? sql::Dialect::ClickHouse : sql::Dialect::Postgres;
  exec::ParamValues values;
  std::vector<std::pair<std::string, std::string>> shown;
  if (!session::resolve_params(*cm.fe.model, a.params, values, shown, sink)) return finish(sink, sm, c, true);
  auto statements = sql::emit_sql(cm.plans.logical, values, dialect, sink);
  if (sink.has_errors()) return finish(sink, sm, c, true);

  nlohmann::ordered_json m;
  m["model"]["path"] = a.path;
  m["model"]["fingerprint"] = session::fingerprint(cm.model_sha, cm.imports, "");
  m["engine"] = std::string("sql:") + std::string(sql::dialect_name(dialect));
  m["server"]["url"] = url.display;
  for (const auto& [name, value] : shown) m["params"][name] = value;
  std::vector<exec::OutputTable> outputs;
  try {
    auto client = remote::connect(url, 0);
    m["server"]["version"] = client->server_version();
    // Before anything runs: every table the model reads was loaded whole by `clue ingest` and
    // not changed since (compiler/driver/ingest_record.h). The records relied on go into the
    // manifest: the files and their SHA-256 behind the warehouse's rows.
    std::vector<TableToCheck> tables;
    const plan::Plan& lp = cm.plans.logical;
    std::set<int> seen;
    for (const plan::Node& n : lp.nodes) {
      if (n.kind != plan::NodeKind::Scan || n.source < 0 || !seen.insert(n.source).second) continue;
      const plan::Source& src = lp.sources[size_t(n.source)];
      if (src.inline_table) continue;
      Span place;
      if (size_t(n.source) < cm.fe.model->sources.size()) place = cm.fe.model->sources[size_t(n.source)].span;
      tables.push_back({src.name, sql::table_layout(dialect, src).table, place});
    }
    nlohmann::ordered_json used;
    const auto problems = check_records(*client, dialect, tables, used);
    for (const auto& [t, p] : problems) sink.report(p.id, t.place, p.args);
    if (!problems.empty()) return finish(sink, sm, c, true);
    m["ingest_records"] = used;
    // On a cluster, the tables' sharding as the server has it (system.tables): a join whose
    // keys are both sides' sharding columns runs on each shard (compiler/sql/emit.h).
    if (dialect == sql::Dialect::ClickHouse && !url.cluster.empty()) {
      sql::Sharding sharding;
      sharding.database = url.database;
      const auto rs = client->query_all("SELECT name, engine_full FROM system.tables WHERE database = currentDatabase()");
      std::map<std::string, std::string> engines;
      for (const auto& row : rs.rows_text)
        if (row.size() == 2 && row[0] && row[1]) engines[*row[0]] = *row[1];
      std::set<int> sources;
      for (const plan::Node& n : lp.nodes)
        if (n.kind == plan::NodeKind::Scan && n.source >= 0) sources.insert(n.source);
      for (int s : sources) {
        const plan::Source& src = lp.sources[size_t(s)];
        auto e = engines.find(src.schema);
        if (src.inline_table || e == engines.end()) continue;
        for (const auto& fd : src.fields)
          if (fd.type.kind != TypeKind::Geo &&
              sql::sharded_by(e->second, url.cluster, url.database, src.schema, fd.name, fd.type.kind)) {
            sharding.column_of_table[src.schema] = fd.name;
            m["sharding"][src.schema] = fd.name;
          }
      }
      statements = sql::emit_sql(cm.plans.logical, values, dialect, sink, &sharding);
      if (sink.has_errors()) return finish(sink, sm, c, true);
    }
    remote::QueryOptions opt;
    // SQL null semantics for outer joins on ClickHouse (a missing match is NULL, not 0 or '').
    if (dialect == sql::Dialect::ClickHouse) opt.settings = {{"join_use_nulls", "1"}};
    for (const auto& st : statements) {
      exec::OutputTable t;
      t.name = st.output;
      for (const auto& col : st.columns) {
        t.columns.push_back(col.name);
        if (!col.provenance) t.types.push_back(col.type);
      }
      t.value_columns = t.types.size();
      auto info = client->query(st.sql, [&](const remote::Row& row) {
        std::vector<std::string> cells;
        for (const auto& v : row) cells.emplace_back(v ? std::string(*v) : std::string());
        t.rows.push_back(std::move(cells));
      }, opt);
      // The engine shows no provenance column for an output without rows.
      if (t.rows.empty()) t.columns.resize(t.value_columns);
      m["queries"].push_back({{"output", st.output}, {"query_id", info.query_id}, {"seconds", info.seconds},
                              {"rows", info.rows}});
      outputs.push_back(std::move(t));
    }
  } catch (const remote::RemoteError& e) {
    sink.report(e.id, Span{}, e.args);
    return finish(sink, sm, c, true);
  }

  io::RunDir run_dir;
  if (const io::RunDir::Error e = run_dir.open(a.out)) {
    if (e.kind == io::RunDir::Error::NotARun) sink.report(DiagId::OutFolderNotARun, Span{}, {e.path, e.detail});
    else sink.report(DiagId::OutputWriteFailed, Span{}, {e.path, e.detail});
    return finish(sink, sm, c, true);
  }
  // The local run's write step (write_outputs.h): the same files, the formula guard and the
  // xlsx's changes counted in the manifest alike, on --threads threads (0: every core).
  const int threads = a.threads > 0 ? a.threads : int(std::max(1u, std::thread::hardware_concurrency()));
  const WriteResult wr = write_outputs(outputs, run_dir, a.format, a.xlsx_beside, threads);
  if (!wr.failed_path.empty()) {
    sink.report(DiagId::OutputWriteFailed, Span{}, {wr.failed_path, wr.error});
    return finish(sink, sm, c, true);
  }
  for (size_t i = 0; i < outputs.size(); ++i) {
    m["outputs"].push_back(output_entry(outputs[i], wr.written[i], a.format));
    std::cout << ui_text(TextId::RunOnOutput, lang, {outputs[i].name, std::to_string(outputs[i].rows.size()), url.display})
              << "\n";
  }
  if (std::string err = io::write_atomic(run_dir.staged("manifest.json"), m.dump(2) + "\n"); !err.empty()) {
    sink.report(DiagId::OutputWriteFailed, Span{}, {run_dir.final_path("manifest.json"), err});
    return finish(sink, sm, c, true);
  }
  if (const io::RunDir::Error e = run_dir.commit()) {
    sink.report(DiagId::OutputWriteFailed, Span{}, {e.path, e.detail});
    return finish(sink, sm, c, true);
  }
  return finish(sink, sm, c, true);
}

}  // namespace clue::cli
