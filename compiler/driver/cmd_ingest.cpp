// `clue ingest --to URL --data-dir DIR MODEL`: the model's sources read with Clue's own readers
// and normalisers (the same load as `clue run`: rejects.csv and row counts are a run's), then
// created and loaded as tables of the layout (compiler/sql/layout.h) on a PostgreSQL server
// (COPY) or a ClickHouse server or cluster (INSERT … FORMAT TabSeparated over HTTP). On a
// `?cluster=NAME` URL each shard gets a local MergeTree table and every host a Distributed
// table over them, sharded by cityHash64 of the column the model joins the source on, so the
// rows a join pairs live on one shard.
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <set>

#include <nlohmann/json.hpp>

#include "compiler/driver/commands.h"
#include "compiler/driver/server_command.h"
#include "compiler/driver/kept_until_exit.h"
#include "compiler/driver/ingest_record.h"
#include "compiler/remote/client.h"
#include "compiler/session/session.h"
#include "compiler/sql/layout.h"
#include "runtime/exec/writers.h"
#include "runtime/values/idcard.h"

namespace clue::cli {
namespace {

using Clock = std::chrono::steady_clock;

// Rows a ClickHouse cluster's in-memory staging table holds at once (see the load below).
// CLUE_INGEST_BATCH_ROWS sets it for the tests, so that a fixture of a few rows goes through
// several batches as a 10 M-row export does.
size_t ingest_batch_rows() {
  if (const char* v = std::getenv("CLUE_INGEST_BATCH_ROWS"); v && *v) {
    char* end = nullptr;
    const unsigned long long n = std::strtoull(v, &end, 10);
    if (end && *end == '\0' && n > 0) return size_t(n);
  }
  return 1'000'000;
}

// Drops what ingest made for one source: the table, and on a ClickHouse cluster each host's
// local table, Distributed table and staging table. Best effort: it runs after a failure.
void drop_tables(const remote::ServerUrl& url, sql::Dialect dialect, const std::string& name, bool cluster) {
  const size_t hosts = cluster ? url.hosts.size() : 1;
  for (size_t h = 0; h < hosts; ++h) {
    try {
      auto cl = remote::connect(url, h);
      cl->execute("DROP TABLE IF EXISTS " + sql::quote_ident(dialect, name));
      if (cluster) {
        cl->execute("DROP TABLE IF EXISTS " + sql::quote_ident(dialect, name + "_local"));
        cl->execute("DROP TABLE IF EXISTS " + sql::quote_ident(dialect, name + "_clue_staging"));
      }
    } catch (...) {
    }
  }
}

// A loaded value as the layout stores it, escaped for the tab-separated stream ("\N": NULL).
void append_value(const rt::Column& c, size_t r, sql::ColumnRole role, bool clickhouse, std::string& out) {
  if (c.is_null(r) || c.deferred) {
    out += "\\N";
    return;
  }
  switch (c.phys) {
    case rt::Phys::I64:
      if (c.logical == rt::Logical::IdCard) out += values::to_string(values::IdCard{uint64_t(c.i64[r])});
      else out += std::to_string(c.i64[r]);
      return;
    case rt::Phys::I32: out += std::to_string(c.i32[r]); return;
    case rt::Phys::U8: out += clickhouse ? (c.u8[r] ? "1" : "0") : (c.u8[r] ? "t" : "f"); return;
    case rt::Phys::Geo: {
      char buf[40];
      std::snprintf(buf, sizeof buf, "%.17g", role == sql::ColumnRole::GeoLon ? c.x[r] : c.y[r]);
      out += buf;
      return;
    }
    case rt::Phys::Str: remote::tsv_escape(c.str.at(r), out); return;
  }
}

// The field each source is joined on (a plain column of it in a join's keys): the sharding key.
std::vector<std::string> join_columns(const plan::Plan& p) {
  std::vector<std::string> out(p.sources.size());
  for (const plan::Node& n : p.nodes) {
    if (n.kind != plan::NodeKind::Join) continue;
    const plan::Layout& L = p.layouts[size_t(n.layout)];
    for (const auto& k : n.keys)
      for (const plan::Expr* e : {k.left.get(), k.right.get()}) {
        if (e->kind != plan::ExprKind::Column) continue;
        const int s = L.bindings[size_t(e->binding)].source;
        if (s >= 0 && out[size_t(s)].empty()) out[size_t(s)] = p.sources[size_t(s)].fields[size_t(e->field)].name;
      }
  }
  return out;
}

}  // namespace

int cmd_ingest(const IngestArgs& a, const Common& c) {
  Lang lang = resolve_lang(c.lang);
  if (a.path.empty()) return usage_error(c, DiagId::SqlNoModel, {"clue ingest"});
  session::Compiled cm;
  // Every field of every source is loaded (no column pruning, nothing parsed late): the
  // warehouse's table serves any model over the schema.
  remote::ServerUrl url;
  if (auto failed = compile_for_server(a.path, plan_options({"prune-columns"}), a.to, c, cm, url)) return *failed;
  SourceManager& sm = cm.sm;
  DiagnosticSink& sink = cm.sink;
  const bool ch = url.engine == remote::Engine::ClickHouse;
  const sql::Dialect dialect = ch ? sql::Dialect::ClickHouse : sql::Dialect::Postgres;

  RunSession& run = kept_until_exit<RunSession>();
  session::RunOptions ro;
  ro.path = a.path;
  ro.data = a.data;
  ro.data_dir = a.data_dir;
  ro.eager = true;
  ro.engine = "interp";
  // Each file's SHA-256 goes into the ingest record: the provenance of the warehouse's rows.
  ro.input_hash = "sha256";
  ro.disabled_passes = {"prune-columns"};
  ro.raw_key_text = true;  // _clue_raw_<field>: the key fields' cells as exported
  ro.stream_never = true;  // every row goes to the warehouse, not only those a join keeps
  auto t_read = Clock::now();
  if (!load_and_execute(*cm.fe.model, cm.plans.physical, ro, sm, sink, run, lang)) return finish(sink, sm, c, true);
  const double read_s = std::chrono::duration<double>(Clock::now() - t_read).count();

  const plan::Plan& plan = cm.plans.physical;
  // One table per schema: two sources of one schema would mix their rows in it.
  std::map<std::string, size_t> schema_source;
  for (size_t s = 0; s < plan.sources.size(); ++s) {
    if (!run.tables[s] || plan.sources[s].inline_table) continue;
    auto [it, fresh] = schema_source.emplace(plan.sources[s].schema, s);
    if (!fresh) {
      sink.report(DiagId::IngestSchemaTwice, Span{}, {plan.sources[s].schema, plan.sources[it->second].name, plan.sources[s].name});
      return finish(sink, sm, c, true);
    }
  }
  const auto keys = join_columns(plan);

  nlohmann::json manifest;
  manifest["server"] = url.display;
  manifest["model"] = a.path;
  manifest["read_seconds"] = read_s;
  std::vector<const rt::RejectRecord*> rejects;
  std::vector<std::string> input_sha = run.input_sha();
  try {
    auto client = remote::connect(url, 0);
    manifest["server_version"] = client->server_version();
    ensure_record_table(*client, dialect);
    for (size_t s = 0; s < plan.sources.size(); ++s) {
      const rt::Table* t = run.tables[s];
      // An inline table is written into the statements (compiler/sql/inline_table.h): no table.
      if (!t || plan.sources[s].inline_table) continue;
      for (const auto& r : run.loaded[s].rejects) rejects.push_back(&r);
      const sql::TableLayout layout = sql::table_layout(dialect, plan.sources[s]);
      const std::string name = layout.table;
      auto t0 = Clock::now();
      // The record's `started` row goes in before the table is touched: from now on `run --on`
      // refuses the table until the `completed` row below is written (with --replace, every
      // earlier record of the table is void from this row on).
      IngestRecord rec;
      rec.id = new_record_id();
      rec.table = name;
      rec.source = plan.sources[s].name;
      rec.state = "started";
      rec.replace = a.replace;
      rec.seq = micros_now();
      rec.started = utc_now();
      rec.clue_version = CLUE_VERSION;
      if (ch && !url.cluster.empty()) rec.sharding_key = keys[s];
      for (size_t k = 0; k < run.files[s].size(); ++k) {
        const auto& part = run.files[s][k];
        const size_t slot = s < run.hash_slot.size() && k < run.hash_slot[s].size() ? run.hash_slot[s][k] : size_t(-1);
        std::error_code fec;
        const auto bytes = std::filesystem::file_size(part.path, fec);
        nlohmann::json f = {{"path", part.path}, {"label", part.label}};
        if (!part.sheet.empty()) f["sheet"] = part.sheet;
        f["sha256"] = slot < input_sha.size() && !input_sha[slot].empty() ? nlohmann::json(input_sha[slot]) : nlohmann::json(nullptr);
        f["bytes"] = fec ? nlohmann::json(nullptr) : nlohmann::json(uint64_t(bytes));
        rec.files.push_back(std::move(f));
      }
      write_record(*client, dialect, rec);
      if (!ch) {
        if (a.replace) client->execute("DROP TABLE IF EXISTS " + sql::quote_ident(dialect, name));
        std::string create = sql::create_table_sql(dialect, layout);
        client->execute("CREATE TABLE IF NOT EXISTS" + create.substr(std::string("CREATE TABLE").size()));
      } else {
        // On every host: the local MergeTree table and (with a cluster) the Distributed table.
        // 18.16 has no ON CLUSTER without ZooKeeper, so each host is told itself.
        const std::string local = url.cluster.empty() ? name : name + "_local";
        // The sharding expression may not be Nullable: a missing key hashes as '' (or 0).
        std::string key = "rand()";
        if (!keys[s].empty()) {
          TypeKind kt = TypeKind::Text;
          for (const auto& fd : plan.sources[s].fields)
            if (fd.name == keys[s]) kt = fd.type.kind;
          key = sql::sharding_expression(keys[s], kt);
        }
        for (size_t h = 0; h < (url.cluster.empty() ? 1 : url.hosts.size()); ++h) {
          auto hc = h == 0 ? nullptr : remote::connect(url, h);
          remote::Client& cl = h == 0 ? *client : *hc;
          if (a.replace) {
            cl.execute("DROP TABLE IF EXISTS " + sql::quote_ident(dialect, name));
            if (!url.cluster.empty()) cl.execute("DROP TABLE IF EXISTS " + sql::quote_ident(dialect, local));
          }
          std::string create = sql::create_table_sql(dialect, layout, "", url.cluster.empty() ? "" : "_local");
          cl.execute("CREATE TABLE IF NOT EXISTS" + create.substr(std::string("CREATE TABLE").size()));
          if (!url.cluster.empty())
            cl.execute("CREATE TABLE IF NOT EXISTS " + sql::quote_ident(dialect, name) + " AS " +
                       sql::quote_ident(dialect, local) + " ENGINE = Distributed(" + sql::quote_ident(dialect, url.cluster) +
                       ", " + sql::quote_ident(dialect, url.database) + ", " + sql::quote_ident(dialect, local) + ", " +
                       key + ")");
        }
      }
      std::vector<std::string> cols;
      std::vector<int> index;  // per layout column: the table's column (-1: none)
      for (const auto& col : layout.columns) {
        cols.push_back(col.name);
        int ix = -1;
        if (col.field >= 0 && col.role != sql::ColumnRole::Raw) ix = t->column_index(plan.sources[s].fields[size_t(col.field)].name);
        else if (col.role == sql::ColumnRole::Raw) ix = t->column_index(col.name);
        index.push_back(ix);
      }
      const size_t rows = t->rows();
      // Rows [from, to) as TSV, 4,096 at a time, into `into`.
      auto load_rows = [&](const std::string& into, size_t from, size_t to) {
        size_t next = from;
        return client->bulk_load(into, cols, [&](std::string& chunk) {
          if (next >= to) return false;
          for (size_t end = std::min(to, next + 4096); next < end; ++next) {
            for (size_t k = 0; k < layout.columns.size(); ++k) {
              if (k) chunk += '\t';
              const auto& col = layout.columns[k];
              if (col.role == sql::ColumnRole::File) remote::tsv_escape(t->file_label(next), chunk);
              else if (col.role == sql::ColumnRole::Line) chunk += std::to_string(t->line[next]);
              else if (index[k] < 0) chunk += "\\N";
              else append_value(t->columns[size_t(index[k])], next, col.role, ch, chunk);
            }
            chunk += '\n';
          }
          return true;
        });
      };
      remote::LoadInfo info{};
      try {
        if (!ch || url.cluster.empty()) {
          info = load_rows(name, 0, rows);
        } else {
          // Rows go to a staging table, then through the Distributed table synchronously, so
          // they are on their shards when ingest returns. The staging table is in memory and
          // the server's max_memory_usage bounds one INSERT … SELECT, so it holds at most a
          // batch of rows (10 M 民事 rows at once took 3.7 GB and failed on a 4 GB limit).
          const std::string staging = name + "_clue_staging";
          remote::QueryOptions opt;
          opt.settings = {{"insert_distributed_sync", "1"}};
          const size_t batch = ingest_batch_rows();
          for (size_t from = 0; from < rows || from == 0; from += batch) {
            client->execute("DROP TABLE IF EXISTS " + sql::quote_ident(dialect, staging));
            client->execute("CREATE TABLE " + sql::quote_ident(dialect, staging) + " AS " +
                            sql::quote_ident(dialect, name + "_local") + " ENGINE = Memory");
            const remote::LoadInfo part = load_rows(staging, from, std::min(rows, from + batch));
            info.bytes += part.bytes;
            client->execute("INSERT INTO " + sql::quote_ident(dialect, name) + " SELECT * FROM " +
                                sql::quote_ident(dialect, staging),
                            opt);
            client->execute("DROP TABLE " + sql::quote_ident(dialect, staging));
            if (rows == 0) break;
          }
        }
      } catch (const remote::RemoteError&) {
        // A table left half loaded would give `run --on` fewer leads without a word: a source
        // whose load failed leaves no table (best effort: the connection may be what failed).
        drop_tables(url, dialect, name, ch && !url.cluster.empty());
        throw;
      }
      // Every row is in (on a cluster: on its shard, the inserts were synchronous): the record
      // that `run --on` relies on.
      rec.state = "completed";
      rec.rows = int64_t(rows);
      rec.rejected = int64_t(run.loaded[s].stats.rows_rejected);
      rec.seq = micros_now();
      rec.completed = utc_now();
      write_record(*client, dialect, rec);
      nlohmann::json j;
      j["source"] = plan.sources[s].name;
      j["record"] = rec.id;
      j["table"] = name;
      j["rows"] = rows;
      j["rejects"] = run.loaded[s].rejects.size();
      j["bytes"] = info.bytes;
      j["seconds"] = std::chrono::duration<double>(Clock::now() - t0).count();
      if (ch && !url.cluster.empty()) j["sharding_key"] = keys[s].empty() ? "rand()" : "cityHash64(" + keys[s] + ")";
      manifest["tables"].push_back(j);
      std::cout << ui_text(TextId::IngestTable, lang, {plan.sources[s].name, name, std::to_string(rows),
                                                       std::to_string(run.loaded[s].rejects.size())})
                << "\n";
    }
  } catch (const remote::RemoteError& e) {
    sink.report(e.id, Span{}, e.args);
    return finish(sink, sm, c, true);
  }
  // The evidence of what was not loaded, as a run writes it.
  std::error_code ec;
  std::filesystem::create_directories(a.out, ec);
  {
    std::ofstream f(std::filesystem::path(a.out) / "rejects.csv", std::ios::binary);
    exec::write_rejects_csv(rejects, [&](std::string_view piece) { f.write(piece.data(), std::streamsize(piece.size())); });
    std::ofstream m(std::filesystem::path(a.out) / "ingest.json", std::ios::binary);
    m << manifest.dump(2) << "\n";
  }
  return finish(sink, sm, c, true);
}

}  // namespace clue::cli
