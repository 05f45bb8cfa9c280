// The PostgreSQL client: libpq (Debian's libpq-dev). Rows stream in libpq's single-row mode, so
// a large answer is never held whole; bulk loads use COPY ... FROM STDIN in its text format.
#include <libpq-fe.h>

#include <chrono>
#include <memory>

#include "compiler/remote/remote_impl.h"

namespace clue::remote {
namespace {

using Clock = std::chrono::steady_clock;

struct ResultFree {
  void operator()(PGresult* r) const { PQclear(r); }
};
using Result = std::unique_ptr<PGresult, ResultFree>;

std::string trimmed(const char* message) {
  std::string s = message ? message : "";
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}

// The names of the built-in types a result can have.
const char* builtin_type(Oid oid) {
  switch (oid) {
    case 16: return "boolean";
    case 20: return "bigint";
    case 21: return "smallint";
    case 23: return "integer";
    case 25: return "text";
    case 700: return "real";
    case 701: return "double precision";
    case 1042: return "character";
    case 1043: return "character varying";
    case 1082: return "date";
    case 1114: return "timestamp without time zone";
    case 1700: return "numeric";
    default: return nullptr;
  }
}

class PostgresClient final : public Client {
 public:
  PostgresClient(ServerUrl url, std::size_t host) : Client(std::move(url), host) {
    const Endpoint& e = endpoint();
    const std::string port = std::to_string(e.port);
    // Keywords, not a conninfo string: nothing in the URL's parts can inject an option.
    std::vector<const char*> keys = {"host", "port", "dbname", "connect_timeout", "application_name",
                                     "client_encoding"};
    std::vector<const char*> values = {e.host.c_str(), port.c_str(), url_.database.c_str(), "10", "clue", "UTF8"};
    if (!url_.user.empty()) {
      keys.push_back("user");
      values.push_back(url_.user.c_str());
    }
    if (!url_.password.empty()) {
      keys.push_back("password");
      values.push_back(url_.password.c_str());
    }
    keys.push_back(nullptr);
    values.push_back(nullptr);
    conn_ = PQconnectdbParams(keys.data(), values.data(), 0);
    if (!conn_ || PQstatus(conn_) != CONNECTION_OK) {
      std::string why = conn_ ? trimmed(PQerrorMessage(conn_)) : "out of memory";
      if (conn_) PQfinish(conn_);
      conn_ = nullptr;
      throw RemoteError(DiagId::ServerUnreachable, {url_.display, why});
    }
    // The server's NOTICEs ("table ... does not exist, skipping") are not the user's business:
    // libpq would print them on stderr.
    PQsetNoticeProcessor(conn_, [](void*, const char*) {}, nullptr);
  }
  ~PostgresClient() override {
    if (conn_) PQfinish(conn_);
  }

  Engine engine() const override { return Engine::Postgres; }

  std::string server_version() override {
    const int v = PQserverVersion(conn_);  // 150018 -> 15.18 (10 and later: major * 10000 + minor)
    return "PostgreSQL " + std::to_string(v / 10000) + "." + std::to_string(v % 10000);
  }

  QueryInfo execute(std::string_view sql, const QueryOptions& options) override {
    return query(sql, [](const Row&) {}, options);
  }

  QueryInfo query(std::string_view sql, const RowCallback& on_row, const QueryOptions& options) override {
    QueryInfo info;
    info.query_id = next_query_id(options);
    const auto start = Clock::now();
    const bool transaction = !options.settings.empty();
    if (transaction) begin_with_settings(options, sql);
    const std::string text(sql);
    if (!PQsendQuery(conn_, text.c_str())) fail_statement(trimmed(PQerrorMessage(conn_)), sql);
    PQsetSingleRowMode(conn_);
    std::string error;
    Row row;
    bool described = false;
    while (PGresult* raw = PQgetResult(conn_)) {
      Result res(raw);
      const ExecStatusType status = PQresultStatus(raw);
      if (status == PGRES_SINGLE_TUPLE || status == PGRES_TUPLES_OK) {
        if (!described) {
          describe(raw, info);
          described = true;
        }
        const int n = PQnfields(raw);
        for (int r = 0; r < PQntuples(raw); ++r) {
          row.assign(n, std::nullopt);
          for (int c = 0; c < n; ++c) {
            if (!PQgetisnull(raw, r, c)) row[c] = std::string_view(PQgetvalue(raw, r, c), PQgetlength(raw, r, c));
          }
          ++info.rows;
          if (error.empty()) on_row(row);
        }
      } else if (status == PGRES_COMMAND_OK) {
        // A statement without rows.
      } else if (error.empty()) {
        error = trimmed(PQresultErrorMessage(raw));
      }
    }
    if (transaction) simple(error.empty() ? "COMMIT" : "ROLLBACK", sql);
    if (!error.empty()) fail_statement(error, sql);
    info.seconds = std::chrono::duration<double>(Clock::now() - start).count();
    return info;
  }

  LoadInfo bulk_load(std::string_view table, const std::vector<std::string>& columns,
                     const ChunkSource& source, const QueryOptions& options) override {
    LoadInfo info;
    info.query_id = next_query_id(options);
    const bool transaction = !options.settings.empty();
    if (transaction) {
      begin_with_settings(options, "COPY");
      try {
        load(table, columns, source, info);
      } catch (...) {
        Result r(PQexec(conn_, "ROLLBACK"));
        throw;
      }
      simple("COMMIT", "COPY");
    } else {
      load(table, columns, source, info);
    }
    return info;
  }

 private:
  void begin_with_settings(const QueryOptions& options, std::string_view for_sql) {
    simple("BEGIN", for_sql);
    for (const auto& [name, value] : options.settings) {
      simple("SET LOCAL " + quote_identifier(Engine::Postgres, name) + " = " + quote_literal(Engine::Postgres, value),
             for_sql);
    }
  }

  void load(std::string_view table, const std::vector<std::string>& columns, const ChunkSource& source,
            LoadInfo& info) {
    const auto start = Clock::now();
    std::string copy = "COPY " + quote_identifier(Engine::Postgres, table) + " (";
    for (size_t i = 0; i < columns.size(); ++i) copy += (i ? ", " : "") + quote_identifier(Engine::Postgres, columns[i]);
    copy += ") FROM STDIN";
    Result res(PQexec(conn_, copy.c_str()));
    if (PQresultStatus(res.get()) != PGRES_COPY_IN) {
      throw RemoteError(DiagId::ServerLoadFailed,
                        {std::string(table), url_.display, trimmed(PQresultErrorMessage(res.get()))});
    }
    std::string chunk;
    std::string error;
    bool more = true;
    while (more) {
      chunk.clear();
      try {
        more = source(chunk);
      } catch (...) {
        PQputCopyEnd(conn_, "clue: the input failed");
        while (PGresult* r = PQgetResult(conn_)) PQclear(r);
        throw;
      }
      if (!chunk.empty() && PQputCopyData(conn_, chunk.data(), static_cast<int>(chunk.size())) != 1) {
        error = trimmed(PQerrorMessage(conn_));
        break;
      }
      info.bytes += chunk.size();
    }
    if (PQputCopyEnd(conn_, error.empty() ? nullptr : error.c_str()) != 1 && error.empty()) {
      error = trimmed(PQerrorMessage(conn_));
    }
    while (PGresult* raw = PQgetResult(conn_)) {
      Result r(raw);
      if (PQresultStatus(raw) != PGRES_COMMAND_OK && error.empty()) error = trimmed(PQresultErrorMessage(raw));
    }
    if (!error.empty()) throw RemoteError(DiagId::ServerLoadFailed, {std::string(table), url_.display, error});
    info.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  }
  std::string next_query_id(const QueryOptions& options) {
    if (!options.query_id.empty()) return options.query_id;
    return "pid:" + std::to_string(PQbackendPID(conn_)) + "/" + std::to_string(++statements_);
  }

  void simple(const std::string& statement, std::string_view for_sql) {
    Result res(PQexec(conn_, statement.c_str()));
    const ExecStatusType status = PQresultStatus(res.get());
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
      fail_statement(trimmed(PQresultErrorMessage(res.get())), for_sql);
    }
  }

  [[noreturn]] void fail_statement(const std::string& message, std::string_view sql) {
    if (PQstatus(conn_) != CONNECTION_OK) throw RemoteError(DiagId::ServerUnreachable, {url_.display, message});
    throw RemoteError(DiagId::ServerRejectedStatement, {url_.display, message, statement_head(sql)});
  }

  void describe(PGresult* res, QueryInfo& info) {
    const int n = PQnfields(res);
    for (int c = 0; c < n; ++c) {
      info.columns.emplace_back(PQfname(res, c));
      info.types.push_back(type_name(PQftype(res, c)));
    }
  }

  std::string type_name(Oid oid) {
    if (const char* t = builtin_type(oid)) return t;
    // Another type: its number (the connection is busy streaming rows, so it cannot be asked
    // for the name; Clue's own statements only produce the types above).
    return "oid " + std::to_string(oid);
  }

  PGconn* conn_ = nullptr;
  std::uint64_t statements_ = 0;
};

}  // namespace

std::unique_ptr<Client> connect_postgres(const ServerUrl& url, std::size_t host) {
  return std::make_unique<PostgresClient>(url, host);
}

}  // namespace clue::remote
