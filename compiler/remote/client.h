// Clients of the warehouses a model can run on (issue 17, docs/scale-out.md): PostgreSQL through
// libpq, ClickHouse through its HTTP interface with libcurl (no Debian package speaks its native
// protocol). One small interface for both, so `clue ingest` and `clue run --on` are written once.
//
// Errors are coded: a bad URL is a U038x usage error, anything the server or the network says is
// an E083x error carrying the server's own message. They are thrown as RemoteError; the driver
// reports them through its DiagnosticSink (`sink.report(e.id, Span{}, e.args)`).
#pragma once
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "compiler/diag/diagnostic.h"

namespace clue::remote {

enum class Engine { Postgres, ClickHouse };
const char* engine_name(Engine e);  // "postgres", "clickhouse"

struct Endpoint {
  std::string host;
  int port = 0;
};

// postgres://[user[:password]@]host[:port]/database
// clickhouse://[user[:password]@]host[:port][,host[:port]...]/database[?cluster=NAME]
// Default ports: 5432 (postgres), 8123 (clickhouse's HTTP port). A password may also come from
// PGPASSWORD / CLICKHOUSE_PASSWORD, so it need not be on the command line.
struct ServerUrl {
  Engine engine = Engine::Postgres;
  std::string user;      // empty: libpq's default (the OS user) / ClickHouse's "default"
  std::string password;  // empty: none (or the environment's)
  std::vector<Endpoint> hosts;  // postgres: exactly one; clickhouse: one or more (the shards)
  std::string database;
  std::string cluster;  // clickhouse ?cluster=NAME (the remote_servers entry), else empty
  // The URL as given with the password replaced by "***": for messages and run manifests.
  std::string display;
};

// Throws RemoteError with a U038x code (UsageError: the command exits with code 2).
ServerUrl parse_server_url(std::string_view text);

struct RemoteError : std::runtime_error {
  RemoteError(DiagId id, std::vector<std::string> args);
  DiagId id;
  std::vector<std::string> args;  // fill the code's {0}, {1}, ... (English text in what())
};

// Per-query options. ClickHouse settings go into the request (e.g. {"join_use_nulls", "1"});
// on PostgreSQL each becomes `SET LOCAL name = value` in the statement's transaction.
struct QueryOptions {
  std::vector<std::pair<std::string, std::string>> settings;
  std::string query_id;  // empty: the client makes one ("clue-<random>")
};

// What a query did: its columns, the server's id for it (ClickHouse: the query_id, which
// system.query_log knows; PostgreSQL: "pid:<backend pid>/<n>"), wall time and rows.
struct QueryInfo {
  std::vector<std::string> columns;
  std::vector<std::string> types;  // the server's type names (Nullable(String), int8, text, ...)
  std::string query_id;
  double seconds = 0;
  std::uint64_t rows = 0;
};

// A row as text, one entry per column: nullopt is SQL NULL. The views are valid only during
// the callback.
using Row = std::vector<std::optional<std::string_view>>;
using RowCallback = std::function<void(const Row&)>;

struct ResultSet : QueryInfo {
  std::vector<std::vector<std::optional<std::string>>> rows_text;
};

// Bulk load input, in the one text format both servers read: tab-separated lines, "\N" for
// NULL, backslash escapes (\\ \t \n \r) inside values (PostgreSQL's COPY text format and
// ClickHouse's TabSeparated; tsv_escape writes a value so). The source is pulled: it appends
// the next piece (whole lines or not) to `chunk` and returns false when there is no more.
using ChunkSource = std::function<bool(std::string& chunk)>;
void tsv_escape(std::string_view value, std::string& out);

struct LoadInfo {
  std::string query_id;
  double seconds = 0;
  std::uint64_t bytes = 0;
};

class Client {
 public:
  virtual ~Client() = default;
  virtual Engine engine() const = 0;
  const ServerUrl& url() const { return url_; }
  const Endpoint& endpoint() const { return url_.hosts.at(host_); }
  // "PostgreSQL 15.18" / "ClickHouse 18.16.1" as the server reports it.
  virtual std::string server_version() = 0;
  // A statement without rows (CREATE, DROP, INSERT ... SELECT).
  virtual QueryInfo execute(std::string_view sql, const QueryOptions& options = {}) = 0;
  // Streams the rows of a query to on_row, in the server's order, without holding them.
  virtual QueryInfo query(std::string_view sql, const RowCallback& on_row, const QueryOptions& options = {}) = 0;
  // Collects every row: for small answers only.
  ResultSet query_all(std::string_view sql, const QueryOptions& options = {});
  // Appends rows to `table` (an existing table; names are given unquoted and the client
  // quotes them as its server needs), columns in the order the lines have them.
  // options.settings: ClickHouse settings of the INSERT (e.g. insert_distributed_sync=1, so a
  // load into a Distributed table has reached its shards when bulk_load returns); PostgreSQL
  // applies them with SET LOCAL around the COPY.
  virtual LoadInfo bulk_load(std::string_view table, const std::vector<std::string>& columns,
                             const ChunkSource& source, const QueryOptions& options = {}) = 0;

 protected:
  Client(ServerUrl url, std::size_t host) : url_(std::move(url)), host_(host) {}
  ServerUrl url_;
  std::size_t host_ = 0;
};

// Connects to host `host` of the URL (0: the first, the initiator of distributed queries on a
// ClickHouse cluster); checks the connection (E0830 when it fails).
std::unique_ptr<Client> connect(const ServerUrl& url, std::size_t host = 0);

// Quotes an identifier for the engine: "name" (PostgreSQL), `name` (ClickHouse).
std::string quote_identifier(Engine e, std::string_view name);
// A string literal for the engine ('it''s' / 'it\'s').
std::string quote_literal(Engine e, std::string_view text);

}  // namespace clue::remote
