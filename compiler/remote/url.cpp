// Server URLs (client.h): parsed strictly, so a typo is a coded usage error naming the part
// that is wrong rather than a connection attempt to the wrong place.
#include <cctype>
#include <charconv>
#include <cstdlib>

#include "compiler/remote/client.h"

namespace clue::remote {
namespace {

// "host" or "host:port" (IPv6 as "[::1]:port"); the default port when none is given.
Endpoint parse_endpoint(std::string_view url, std::string_view text, int default_port) {
  auto bad = [&] { return RemoteError(DiagId::ServerUrlBadHost, {std::string(url), std::string(text)}); };
  Endpoint e;
  std::string_view host = text, port;
  if (!text.empty() && text.front() == '[') {
    const size_t close = text.find(']');
    if (close == std::string_view::npos) throw bad();
    host = text.substr(1, close - 1);
    std::string_view rest = text.substr(close + 1);
    if (!rest.empty()) {
      if (rest.front() != ':') throw bad();
      port = rest.substr(1);
      if (port.empty()) throw bad();
    }
  } else if (const size_t colon = text.rfind(':'); colon != std::string_view::npos) {
    host = text.substr(0, colon);
    port = text.substr(colon + 1);
    if (port.empty()) throw bad();
  }
  if (host.empty()) throw bad();
  for (char c : host) {
    const bool ok = std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '_' || c == ':';
    if (!ok) throw bad();
  }
  e.host = std::string(host);
  e.port = default_port;
  if (!port.empty()) {
    int p = 0;
    auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), p);
    if (ec != std::errc() || end != port.data() + port.size() || p < 1 || p > 65535) throw bad();
    e.port = p;
  }
  return e;
}

// %XX in user, password and database names (a password with '@' or '/' must be written so).
std::string percent_decode(std::string_view url, std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '%') {
      out += s[i];
      continue;
    }
    int v = 0;
    if (i + 2 >= s.size()) {
      throw RemoteError(DiagId::ServerUrlBadOption, {std::string(url), std::string(s)});
    }
    auto [end, ec] = std::from_chars(s.data() + i + 1, s.data() + i + 3, v, 16);
    if (ec != std::errc() || end != s.data() + i + 3) {
      throw RemoteError(DiagId::ServerUrlBadOption, {std::string(url), std::string(s)});
    }
    out += static_cast<char>(v);
    i += 2;
  }
  return out;
}

}  // namespace

const char* engine_name(Engine e) { return e == Engine::Postgres ? "postgres" : "clickhouse"; }

RemoteError::RemoteError(DiagId id_, std::vector<std::string> args_)
    : std::runtime_error(std::string(diag_info(id_).code) + ": " +
                         format_template(diag_info(id_).en, args_, Lang::En)),
      id(id_),
      args(std::move(args_)) {}

ServerUrl parse_server_url(std::string_view text) {
  const std::string url(text);
  ServerUrl out;
  std::string_view rest = text;
  if (rest.starts_with("postgres://")) {
    out.engine = Engine::Postgres;
    rest.remove_prefix(11);
  } else if (rest.starts_with("postgresql://")) {
    out.engine = Engine::Postgres;
    rest.remove_prefix(13);
  } else if (rest.starts_with("clickhouse://")) {
    out.engine = Engine::ClickHouse;
    rest.remove_prefix(13);
  } else {
    throw RemoteError(DiagId::ServerUrlScheme, {url});
  }
  std::string_view query;
  if (const size_t q = rest.find('?'); q != std::string_view::npos) {
    query = rest.substr(q + 1);
    rest = rest.substr(0, q);
  }
  const size_t slash = rest.find('/');
  if (slash == std::string_view::npos || slash + 1 == rest.size()) {
    throw RemoteError(DiagId::ServerUrlNoDatabase, {url});
  }
  std::string_view authority = rest.substr(0, slash), database = rest.substr(slash + 1);
  if (database.find('/') != std::string_view::npos) throw RemoteError(DiagId::ServerUrlNoDatabase, {url});
  out.database = percent_decode(url, database);
  std::string_view hosts = authority;
  size_t userinfo_end = 0;
  if (const size_t at = authority.rfind('@'); at != std::string_view::npos) {
    std::string_view userinfo = authority.substr(0, at);
    hosts = authority.substr(at + 1);
    userinfo_end = at;
    if (const size_t colon = userinfo.find(':'); colon != std::string_view::npos) {
      out.user = percent_decode(url, userinfo.substr(0, colon));
      out.password = percent_decode(url, userinfo.substr(colon + 1));
    } else {
      out.user = percent_decode(url, userinfo);
    }
  }
  const int default_port = out.engine == Engine::Postgres ? 5432 : 8123;
  size_t start = 0;
  while (true) {
    const size_t comma = hosts.find(',', start);
    out.hosts.push_back(parse_endpoint(url, hosts.substr(start, comma - start), default_port));
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  if (out.engine == Engine::Postgres && out.hosts.size() > 1) {
    throw RemoteError(DiagId::ServerUrlSeveralHosts, {url, std::to_string(out.hosts.size())});
  }
  if (!query.empty()) {
    size_t pos = 0;
    while (pos <= query.size()) {
      const size_t amp = query.find('&', pos);
      std::string_view option = query.substr(pos, amp == std::string_view::npos ? std::string_view::npos : amp - pos);
      const size_t eq = option.find('=');
      const bool cluster = out.engine == Engine::ClickHouse && eq != std::string_view::npos &&
                           option.substr(0, eq) == "cluster" && eq + 1 < option.size() && out.cluster.empty();
      if (!cluster) throw RemoteError(DiagId::ServerUrlBadOption, {url, std::string(option)});
      out.cluster = percent_decode(url, option.substr(eq + 1));
      if (amp == std::string_view::npos) break;
      pos = amp + 1;
    }
  }
  if (out.password.empty()) {
    const char* env = std::getenv(out.engine == Engine::Postgres ? "PGPASSWORD" : "CLICKHOUSE_PASSWORD");
    if (env) out.password = env;
  }
  // The display form: the password (if any was written) masked.
  out.display = url;
  if (userinfo_end) {
    std::string_view userinfo = authority.substr(0, userinfo_end);
    if (const size_t colon = userinfo.find(':'); colon != std::string_view::npos) {
      const size_t scheme = url.find("://") + 3;
      out.display = url.substr(0, scheme + colon + 1) + "***" + url.substr(scheme + userinfo_end);
    }
  }
  return out;
}

}  // namespace clue::remote
