// Ingest records (docs/scale-out.md, "Ingest records"): the warehouse's own account of what
// `clue ingest` loaded, so that `clue run --on` never reads a table that an interrupted ingest
// left half loaded, or that was changed behind Clue's back, without a word.
//
// The records are an insert-only log in one table, `_clue_ingest` (on a ClickHouse cluster: a
// MergeTree table on the URL's first host, the one `run --on` asks), the same on both servers.
// For each source, ingest writes a `started` row before it touches the table (with `replace`
// set under --replace: every earlier record of the table is void from then on) and a
// `completed` row with the rows loaded only after all of them are in (on ClickHouse after the
// synchronous insert through the Distributed table). Insert-only because ClickHouse 18.16 has
// no synchronous DELETE (its mutations run later), and a record must be void the moment a
// reload starts.
//
// `run --on` checks, per table the model reads: the records since the table's last replace are
// all completed, there is one at least, and the table's row count is the sum of their rows.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "compiler/diag/diagnostic.h"
#include "compiler/remote/client.h"
#include "compiler/sql/dialect.h"

namespace clue::cli {

inline constexpr const char* kIngestRecordTable = "_clue_ingest";
// The table layout's version (compiler/sql/layout.h): a table loaded by another layout is
// refused by `run --on` like a table without a record. 2: raw text of key fields filled.
inline constexpr int64_t kLayoutVersion = 2;

struct IngestRecord {
  std::string id;      // one ingest of one source (random)
  std::string table;   // the table (the schema's name)
  std::string source;  // the model's source name
  std::string state;   // "started" or "completed"
  bool replace = false;
  int64_t rows = 0, rejected = 0;
  int64_t seq = 0;     // microseconds since 1970 when the row was written: the log's order
  std::string started, completed;  // UTC, 2026-12-07T20:31:05Z ("" in a started row)
  std::string clue_version;
  int64_t layout_version = kLayoutVersion;
  std::string sharding_key;  // ClickHouse cluster: the column rows are sharded by ("" = rand())
  nlohmann::json files = nlohmann::json::array();  // [{path, label, sha256, bytes}]
};

std::string utc_now();
int64_t micros_now();
std::string new_record_id();

// Creates `_clue_ingest` unless it exists.
void ensure_record_table(remote::Client& client, sql::Dialect d);
void write_record(remote::Client& client, sql::Dialect d, const IngestRecord& r);

// What `run --on` found for one table the model reads.
struct RecordProblem {
  DiagId id;                       // IngestRecordMissing, IngestIncomplete, IngestRowsDiffer
  std::vector<std::string> args;   // the code's {0}, {1}, ...
};
struct TableToCheck {
  std::string source, table;
  Span place;  // the source's declaration
};
// Checks every table; the completed records relied on go to `used` (for the run manifest).
std::vector<std::pair<TableToCheck, RecordProblem>> check_records(remote::Client& client, sql::Dialect d,
                                                                  const std::vector<TableToCheck>& tables,
                                                                  nlohmann::ordered_json& used);

}  // namespace clue::cli
