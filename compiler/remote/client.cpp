// What both clients share: quoting, the TSV escape of bulk loads, collecting a query's rows.
#include "compiler/remote/client.h"
#include "compiler/remote/remote_impl.h"

namespace clue::remote {

void tsv_escape(std::string_view value, std::string& out) {
  for (char c : value) {
    switch (c) {
      case '\\': out += "\\\\"; break;
      case '\t': out += "\\t"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      default: out += c;
    }
  }
}

std::string quote_identifier(Engine e, std::string_view name) {
  const char q = e == Engine::Postgres ? '"' : '`';
  std::string out(1, q);
  for (char c : name) {
    if (c == q) out += e == Engine::Postgres ? '"' : '\\';
    else if (c == '\\' && e == Engine::ClickHouse) out += '\\';
    out += c;
  }
  out += q;
  return out;
}

std::string quote_literal(Engine e, std::string_view text) {
  std::string out = "'";
  for (char c : text) {
    if (c == '\'') out += e == Engine::Postgres ? "''" : "\\'";
    else if (c == '\\' && e == Engine::ClickHouse) out += "\\\\";
    else out += c;
  }
  out += '\'';
  return out;
}

ResultSet Client::query_all(std::string_view sql, const QueryOptions& options) {
  ResultSet out;
  QueryInfo info = query(sql, [&](const Row& row) {
    auto& r = out.rows_text.emplace_back();
    r.reserve(row.size());
    for (const auto& v : row) r.push_back(v ? std::optional<std::string>(*v) : std::nullopt);
  }, options);
  static_cast<QueryInfo&>(out) = std::move(info);
  return out;
}

}  // namespace clue::remote

namespace clue::remote {

std::string statement_head(std::string_view sql) {
  std::string out;
  bool space = false;
  for (char c : sql) {
    if (c == '\n' || c == '\r' || c == '\t' || c == ' ') {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
    if (out.size() >= 200) break;
  }
  if (out.size() >= 200) {
    while (!out.empty() && (static_cast<unsigned char>(out.back()) & 0xC0) == 0x80) out.pop_back();
    if (!out.empty() && (static_cast<unsigned char>(out.back()) & 0x80)) out.pop_back();
    out += " ...";
  }
  return out;
}

std::unique_ptr<Client> connect(const ServerUrl& url, std::size_t host) {
  if (host >= url.hosts.size()) host = 0;
  return url.engine == Engine::Postgres ? connect_postgres(url, host) : connect_clickhouse(url, host);
}

}  // namespace clue::remote
