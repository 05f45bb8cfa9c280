#include "compiler/driver/ingest_record.h"

#include <chrono>
#include <ctime>
#include <map>
#include <random>
#include <set>

#include "compiler/sql/layout.h"

namespace clue::cli {
namespace {

std::string q(sql::Dialect d, const std::string& text) { return sql::quote_text(d, text); }

// The columns, in the order of the CREATE and the INSERT.
struct Col {
  const char* name;
  bool integer;
};
constexpr Col kCols[] = {{"id", false},           {"tbl", false},         {"source", false},
                         {"state", false},        {"replace", true},      {"rows", true},
                         {"rejected", true},      {"seq", true},          {"started", false},
                         {"completed", false},    {"clue_version", false}, {"layout_version", true},
                         {"sharding_key", false}, {"files", false}};

}  // namespace

std::string utc_now() {
  const std::time_t t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

int64_t micros_now() {
  return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string new_record_id() {
  static std::mt19937_64 gen{std::random_device{}()};
  char buf[40];
  std::snprintf(buf, sizeof buf, "%016llx%016llx", (unsigned long long)gen(), (unsigned long long)gen());
  return buf;
}

void ensure_record_table(remote::Client& client, sql::Dialect d) {
  const bool ch = d == sql::Dialect::ClickHouse;
  std::string s = "CREATE TABLE IF NOT EXISTS " + sql::quote_ident(d, kIngestRecordTable) + " (";
  bool first = true;
  for (const Col& c : kCols) {
    s += (first ? "" : ", ") + sql::quote_ident(d, c.name) + " " +
         (c.integer ? (ch ? "Int64" : "BIGINT") : (ch ? "String" : "TEXT"));
    first = false;
  }
  s += ")";
  // A plain table on the first host (not Distributed): the log is small and `run --on` reads
  // it there.
  if (ch) s += " ENGINE = MergeTree() ORDER BY (tbl, seq)";
  client.execute(s);
}

void write_record(remote::Client& client, sql::Dialect d, const IngestRecord& r) {
  const std::string values[] = {r.id,
                                r.table,
                                r.source,
                                r.state,
                                r.replace ? "1" : "0",
                                std::to_string(r.rows),
                                std::to_string(r.rejected),
                                std::to_string(r.seq),
                                r.started,
                                r.completed,
                                r.clue_version,
                                std::to_string(r.layout_version),
                                r.sharding_key,
                                r.files.dump()};
  std::string s = "INSERT INTO " + sql::quote_ident(d, kIngestRecordTable) + " (";
  std::string v;
  for (size_t i = 0; i < std::size(kCols); ++i) {
    s += (i ? ", " : "") + sql::quote_ident(d, kCols[i].name);
    v += (i ? ", " : "") + (kCols[i].integer ? values[i] : q(d, values[i]));
  }
  client.execute(s + ") VALUES (" + v + ")");
}

std::vector<std::pair<TableToCheck, RecordProblem>> check_records(remote::Client& client, sql::Dialect d,
                                                                  const std::vector<TableToCheck>& tables,
                                                                  nlohmann::ordered_json& used) {
  const bool ch = d == sql::Dialect::ClickHouse;
  std::vector<std::pair<TableToCheck, RecordProblem>> problems;
  const std::string server = client.url().display;
  // No record table at all: nothing was ingested by Clue here.
  const std::string exists =
      ch ? "SELECT count() FROM system.tables WHERE database = currentDatabase() AND name = " + q(d, kIngestRecordTable)
         : "SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = " +
               q(d, kIngestRecordTable);
  const auto e = client.query_all(exists);
  const bool have_log = !e.rows_text.empty() && e.rows_text[0][0] && *e.rows_text[0][0] != "0";
  used = nlohmann::ordered_json::array();
  for (const TableToCheck& t : tables) {
    std::vector<IngestRecord> log;
    if (have_log) {
      std::string cols;
      for (size_t i = 0; i < std::size(kCols); ++i) cols += (i ? ", " : "") + sql::quote_ident(d, kCols[i].name);
      const auto rs = client.query_all("SELECT " + cols + " FROM " + sql::quote_ident(d, kIngestRecordTable) +
                                       " WHERE " + sql::quote_ident(d, "tbl") + " = " + q(d, t.table) + " ORDER BY " +
                                       sql::quote_ident(d, "seq") + ", " + sql::quote_ident(d, "state") + " DESC");
      for (const auto& row : rs.rows_text) {
        auto s = [&](size_t i) { return row[i] ? *row[i] : std::string(); };
        auto n = [&](size_t i) { return row[i] ? std::stoll(*row[i]) : 0LL; };
        IngestRecord r;
        r.id = s(0), r.table = s(1), r.source = s(2), r.state = s(3), r.replace = n(4) != 0;
        r.rows = n(5), r.rejected = n(6), r.seq = n(7), r.started = s(8), r.completed = s(9);
        r.clue_version = s(10), r.layout_version = n(11), r.sharding_key = s(12);
        r.files = nlohmann::json::parse(s(13), nullptr, false);
        log.push_back(std::move(r));
      }
    }
    // The log since the table's last replace (its start voids every earlier record).
    size_t from = 0;
    for (size_t i = 0; i < log.size(); ++i)
      if (log[i].state == "started" && log[i].replace) from = i;
    std::map<std::string, const IngestRecord*> started, completed;
    for (size_t i = from; i < log.size(); ++i) {
      if (log[i].state == "started") started[log[i].id] = &log[i];
      else if (log[i].state == "completed") completed[log[i].id] = &log[i];
    }
    const IngestRecord* incomplete = nullptr;
    int64_t expected = 0;
    std::vector<const IngestRecord*> mine;
    for (const auto& [id, r] : started) {
      auto c = completed.find(id);
      if (c == completed.end() || c->second->layout_version != kLayoutVersion) {
        if (!incomplete || r->seq > incomplete->seq) incomplete = r;
        continue;
      }
      expected += c->second->rows;
      mine.push_back(c->second);
    }
    if (incomplete) {
      // A started row: the ingest was killed, lost its connection or failed; or a record of
      // another layout version.
      problems.push_back({t, {DiagId::IngestIncomplete, {t.source, t.table, incomplete->id.substr(0, 8), server}}});
      continue;
    }
    if (mine.empty()) {
      problems.push_back({t, {DiagId::IngestRecordMissing, {t.source, t.table, server}}});
      continue;
    }
    const auto rs = client.query_all("SELECT count(*) FROM " + sql::quote_ident(d, t.table));
    const int64_t actual = !rs.rows_text.empty() && rs.rows_text[0][0] ? std::stoll(*rs.rows_text[0][0]) : -1;
    if (actual != expected) {
      problems.push_back(
          {t, {DiagId::IngestRowsDiffer, {t.source, t.table, std::to_string(actual), std::to_string(expected), server}}});
      continue;
    }
    std::sort(mine.begin(), mine.end(), [](const IngestRecord* a, const IngestRecord* b) { return a->seq < b->seq; });
    for (const IngestRecord* r : mine)
      used.push_back({{"source", t.source},
                      {"table", r->table},
                      {"record", r->id},
                      {"ingested_as", r->source},
                      {"started", r->started},
                      {"completed", r->completed},
                      {"rows", r->rows},
                      {"rejected", r->rejected},
                      {"clue_version", r->clue_version},
                      {"layout_version", r->layout_version},
                      {"sharding_key", r->sharding_key},
                      {"files", r->files}});
  }
  return problems;
}

}  // namespace clue::cli
