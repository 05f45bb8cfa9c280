// The ClickHouse client: its HTTP interface through libcurl (Debian's libcurl4-openssl-dev; no
// Debian package speaks ClickHouse's native protocol). A statement is POSTed as the body; query
// id, database, user and per-query settings are URL parameters, which ClickHouse 18.16 reads.
//
// Results come as TabSeparatedWithNamesAndTypes and are parsed as they arrive (a row callback,
// nothing held). wait_end_of_query=1 makes the server finish the query before it answers: once
// it has sent a 200 status it can no longer report an error except as text appended to the rows,
// which a reader cannot tell from data; buffered, every error is a non-200 answer with the
// server's message as its body.
#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstring>
#include <exception>
#include <memory>
#include <mutex>
#include <random>

#include "compiler/remote/remote_impl.h"

namespace clue::remote {
namespace {

using Clock = std::chrono::steady_clock;

void global_init() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

std::string random_query_id() {
  static std::mutex m;
  static std::mt19937_64 gen{std::random_device{}()};
  std::lock_guard lock(m);
  static const char* hex = "0123456789abcdef";
  std::string id = "clue-";
  std::uint64_t a = gen(), b = gen();
  for (int i = 0; i < 16; ++i) id += hex[(a >> (4 * i)) & 15];
  for (int i = 0; i < 16; ++i) id += hex[(b >> (4 * i)) & 15];
  return id;
}

// ClickHouse's error body: "Code: 60, e.displayText() = DB::Exception: Table x doesn't exist.,
// e.what() = DB::Exception" -> "Code: 60: Table x doesn't exist." (the code kept: it is what
// ClickHouse's documentation lists).
std::string server_message(std::string body) {
  while (!body.empty() && (body.back() == '\n' || body.back() == ' ')) body.pop_back();
  const std::string display = "e.displayText() = ";
  const size_t d = body.find(display);
  if (body.starts_with("Code: ") && d != std::string::npos) {
    const size_t comma = body.find(',');
    std::string code = body.substr(0, comma);
    std::string text = body.substr(d + display.size());
    if (text.starts_with("DB::Exception: ")) text.erase(0, 15);
    if (const size_t what = text.rfind(", e.what() = "); what != std::string::npos) text.erase(what);
    return code + ": " + text;
  }
  if (body.size() > 2000) body = body.substr(0, 2000) + " ...";
  return body;
}

// TabSeparated's escapes: \b \f \r \n \t \0 \' \\ ; "\N" alone is NULL.
bool unescape_field(std::string_view in, std::string& out) {
  out.clear();
  for (size_t i = 0; i < in.size(); ++i) {
    if (in[i] != '\\') {
      out += in[i];
      continue;
    }
    if (++i == in.size()) return false;
    switch (in[i]) {
      case 'b': out += '\b'; break;
      case 'f': out += '\f'; break;
      case 'r': out += '\r'; break;
      case 'n': out += '\n'; break;
      case 't': out += '\t'; break;
      case '0': out += '\0'; break;
      case 'a': out += '\a'; break;
      case 'v': out += '\v'; break;
      default: out += in[i];  // \\ \' \" and any other escaped character: itself
    }
  }
  return true;
}

class ClickHouseClient final : public Client {
 public:
  ClickHouseClient(ServerUrl url, std::size_t host) : Client(std::move(url), host) {
    global_init();
    handle_.reset(curl_easy_init());
    curl_ = handle_.get();
    if (!curl_) throw RemoteError(DiagId::ServerUnreachable, {url_.display, "libcurl could not start"});
    const Endpoint& e = endpoint();
    const bool v6 = e.host.find(':') != std::string::npos;
    base_ = "http://" + (v6 ? "[" + e.host + "]" : e.host) + ":" + std::to_string(e.port) + "/";
    // The connection check, and the version, in one request; it names the database, so a
    // missing one is reported now.
    version_ = "ClickHouse " + scalar("SELECT version()");
  }

  Engine engine() const override { return Engine::ClickHouse; }
  std::string server_version() override { return version_; }

  QueryInfo execute(std::string_view sql, const QueryOptions& options) override {
    QueryInfo info;
    info.query_id = options.query_id.empty() ? random_query_id() : options.query_id;
    const auto start = Clock::now();
    std::string body;
    request(sql, options, info.query_id, nullptr, &body);
    info.seconds = std::chrono::duration<double>(Clock::now() - start).count();
    return info;
  }

  QueryInfo query(std::string_view sql, const RowCallback& on_row, const QueryOptions& options) override {
    QueryInfo info;
    info.query_id = options.query_id.empty() ? random_query_id() : options.query_id;
    const auto start = Clock::now();
    // The format is the client's, not the caller's: a statement ending in FORMAT ... would be
    // read wrongly, and ClickHouse rejects two FORMAT clauses, so that is an error there.
    std::string text(sql);
    while (!text.empty() && (text.back() == ';' || std::isspace(static_cast<unsigned char>(text.back())))) {
      text.pop_back();
    }
    text += "\nFORMAT TabSeparatedWithNamesAndTypes";
    Parser parser{info, on_row, {}, {}, {}, 0};
    request(text, options, info.query_id, &parser, nullptr);
    if (!parser.pending.empty()) {
      throw RemoteError(DiagId::ServerAnswerUnreadable, {url_.display, "the answer ends inside a row"});
    }
    if (parser.header_lines < 2) {
      throw RemoteError(DiagId::ServerAnswerUnreadable, {url_.display, "no column names and types before the rows"});
    }
    info.seconds = std::chrono::duration<double>(Clock::now() - start).count();
    return info;
  }

  LoadInfo bulk_load(std::string_view table, const std::vector<std::string>& columns,
                     const ChunkSource& source, const QueryOptions& options) override {
    LoadInfo info;
    info.query_id = options.query_id.empty() ? random_query_id() : options.query_id;
    const auto start = Clock::now();
    std::string insert = "INSERT INTO " + quote_identifier(Engine::ClickHouse, table) + " (";
    for (size_t i = 0; i < columns.size(); ++i) insert += (i ? ", " : "") + quote_identifier(Engine::ClickHouse, columns[i]);
    insert += ") FORMAT TabSeparated";
    Upload upload{source, {}, 0, 0, {}};
    std::string body;
    try {
      request_upload(insert, options, info.query_id, upload, body);
    } catch (const RemoteError& e) {
      if (e.id == DiagId::ServerRejectedStatement) {
        throw RemoteError(DiagId::ServerLoadFailed, {std::string(table), url_.display, e.args.at(1)});
      }
      throw;
    }
    info.bytes = upload.bytes;
    info.seconds = std::chrono::duration<double>(Clock::now() - start).count();
    return info;
  }

 private:
  // Splits the answer into lines as it arrives, and lines into rows.
  struct Parser {
    QueryInfo& info;
    const RowCallback& on_row;
    std::string pending;  // the start of a line not yet complete
    std::vector<std::string> fields;
    Row row;
    int header_lines = 0;
    std::exception_ptr error{};

    void feed(const char* data, size_t size) {
      size_t start = 0;
      for (size_t i = 0; i < size; ++i) {
        if (data[i] != '\n') continue;
        if (pending.empty()) {
          line(std::string_view(data + start, i - start));
        } else {
          pending.append(data + start, i - start);
          line(pending);
          pending.clear();
        }
        start = i + 1;
      }
      pending.append(data + start, size - start);
    }
    void line(std::string_view text) {
      std::vector<std::string_view> parts;
      size_t start = 0;
      for (size_t i = 0; i <= text.size(); ++i) {
        if (i == text.size() || text[i] == '\t') {
          parts.push_back(text.substr(start, i - start));
          start = i + 1;
        }
      }
      if (header_lines < 2) {
        auto& target = header_lines == 0 ? info.columns : info.types;
        for (auto p : parts) {
          std::string v;
          if (!unescape_field(p, v)) throw std::runtime_error("a bad escape in the column names");
          target.push_back(std::move(v));
        }
        if (++header_lines == 2 && info.types.size() != info.columns.size()) {
          throw std::runtime_error("as many types as column names expected");
        }
        return;
      }
      if (parts.size() != info.columns.size()) {
        throw std::runtime_error("a row of " + std::to_string(parts.size()) + " fields, " +
                                 std::to_string(info.columns.size()) + " columns expected");
      }
      fields.resize(parts.size());
      row.assign(parts.size(), std::nullopt);
      for (size_t c = 0; c < parts.size(); ++c) {
        if (parts[c] == "\\N") continue;
        if (!unescape_field(parts[c], fields[c])) throw std::runtime_error("a bad escape in a value");
        row[c] = fields[c];
      }
      ++info.rows;
      on_row(row);
    }
  };

  struct Upload {
    const ChunkSource& source;
    std::string chunk;
    size_t offset = 0;
    std::uint64_t bytes = 0;
    std::exception_ptr error{};
    bool done = false;
  };

  static size_t on_data(char* data, size_t, size_t size, void* user) {
    auto* sink = static_cast<std::pair<Parser*, std::string*>*>(user);
    if (sink->second) {  // an error body, or an answer nobody reads: keep (the start of) it
      if (sink->second->size() < 65536) sink->second->append(data, size);
      return size;
    }
    Parser* p = sink->first;
    try {
      p->feed(data, size);
    } catch (...) {
      p->error = std::current_exception();
      return 0;  // stops the transfer
    }
    return size;
  }

  static size_t on_read(char* buffer, size_t, size_t size, void* user) {
    auto* up = static_cast<Upload*>(user);
    try {
      while (up->offset == up->chunk.size() && !up->done) {
        up->chunk.clear();
        up->offset = 0;
        up->done = !up->source(up->chunk);
      }
    } catch (...) {
      up->error = std::current_exception();
      return CURL_READFUNC_ABORT;
    }
    const size_t n = std::min(size, up->chunk.size() - up->offset);
    std::memcpy(buffer, up->chunk.data() + up->offset, n);
    up->offset += n;
    up->bytes += n;
    return n;
  }

  std::string escape(std::string_view s) {
    char* e = curl_easy_escape(curl_, s.data(), static_cast<int>(s.size()));
    std::string out = e ? e : "";
    curl_free(e);
    return out;
  }

  std::string url_for(const QueryOptions& options, const std::string& query_id, std::string_view query_param) {
    std::string url = base_ + "?database=" + escape(url_.database) + "&query_id=" + escape(query_id);
    if (!url_.user.empty()) url += "&user=" + escape(url_.user);
    if (!url_.password.empty()) url += "&password=" + escape(url_.password);
    for (const auto& [name, value] : options.settings) url += "&" + escape(name) + "=" + escape(value);
    if (!query_param.empty()) url += "&query=" + escape(query_param);
    return url;
  }

  // POSTs `sql` (the body); the answer goes to parser, or to sink_body when parser is null.
  void request(std::string_view sql, const QueryOptions& options, const std::string& query_id,
               Parser* parser, std::string* sink_body) {
    QueryOptions with_wait = options;
    with_wait.settings.emplace_back("wait_end_of_query", "1");
    const std::string url = url_for(with_wait, query_id, "");
    std::string error_body;
    std::pair<Parser*, std::string*> sink{parser, sink_body};
    curl_easy_reset(curl_);
    curl_easy_setopt(curl_, CURLOPT_URL, url.c_str());
    curl_easy_setopt(curl_, CURLOPT_POST, 1L);
    curl_easy_setopt(curl_, CURLOPT_POSTFIELDS, sql.data());
    curl_easy_setopt(curl_, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(sql.size()));
    perform(sql, sink, error_body, parser ? &parser->error : nullptr);
  }

  void request_upload(const std::string& insert, const QueryOptions& options, const std::string& query_id,
                      Upload& upload, std::string& body) {
    const std::string url = url_for(options, query_id, insert);
    std::pair<Parser*, std::string*> sink{nullptr, &body};
    curl_slist* headers = curl_slist_append(nullptr, "Transfer-Encoding: chunked");
    headers = curl_slist_append(headers, "Expect:");  // no 100-continue round trip
    headers = curl_slist_append(headers, "Content-Type: text/tab-separated-values");
    curl_easy_reset(curl_);
    curl_easy_setopt(curl_, CURLOPT_URL, url.c_str());
    curl_easy_setopt(curl_, CURLOPT_POST, 1L);
    curl_easy_setopt(curl_, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(curl_, CURLOPT_READFUNCTION, &on_read);
    curl_easy_setopt(curl_, CURLOPT_READDATA, &upload);
    std::string error_body;
    try {
      perform(insert, sink, error_body, &upload.error);
    } catch (...) {
      curl_slist_free_all(headers);
      throw;
    }
    curl_slist_free_all(headers);
  }

  // Runs the prepared request; a non-200 answer is the server's error message.
  void perform(std::string_view sql, std::pair<Parser*, std::string*>& sink, std::string& error_body,
               std::exception_ptr* callback_error) {
    char curl_error[CURL_ERROR_SIZE] = {0};
    curl_easy_setopt(curl_, CURLOPT_ERRORBUFFER, curl_error);
    curl_easy_setopt(curl_, CURLOPT_CONNECTTIMEOUT, 10L);
    curl_easy_setopt(curl_, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl_, CURLOPT_WRITEFUNCTION, &on_data);
    curl_easy_setopt(curl_, CURLOPT_WRITEDATA, &sink);
    // The status is known before the body: an error answer's body goes to error_body.
    curl_easy_setopt(curl_, CURLOPT_HEADERFUNCTION, &on_header);
    Status status{&sink, &error_body, 0};
    curl_easy_setopt(curl_, CURLOPT_HEADERDATA, &status);
    const CURLcode rc = curl_easy_perform(curl_);
    if (callback_error && *callback_error) {
      try {
        std::rethrow_exception(*callback_error);
      } catch (const RemoteError&) {
        throw;
      } catch (const std::runtime_error& e) {
        if (sink.first) throw RemoteError(DiagId::ServerAnswerUnreadable, {url_.display, e.what()});
        throw;
      }
    }
    if (rc != CURLE_OK) {
      throw RemoteError(DiagId::ServerUnreachable, {url_.display, curl_error[0] ? curl_error : curl_easy_strerror(rc)});
    }
    long code = 0;
    curl_easy_getinfo(curl_, CURLINFO_RESPONSE_CODE, &code);
    if (code != 200) {
      const std::string message = server_message(error_body.empty() ? "HTTP status " + std::to_string(code) : error_body);
      // Code 81: the URL's database does not exist; 516/192/193: the user or password.
      if (message.starts_with("Code: 81:") || message.starts_with("Code: 192:") ||
          message.starts_with("Code: 193:") || message.starts_with("Code: 516:")) {
        throw RemoteError(DiagId::ServerUnreachable, {url_.display, message});
      }
      throw RemoteError(DiagId::ServerRejectedStatement, {url_.display, message, statement_head(sql)});
    }
  }

  struct Status {
    std::pair<Parser*, std::string*>* sink;
    std::string* error_body;
    long code;
  };
  // "HTTP/1.1 500 Internal Server Error": from then on the body is an error message.
  static size_t on_header(char* data, size_t, size_t size, void* user) {
    auto* s = static_cast<Status*>(user);
    std::string_view line(data, size);
    if (line.starts_with("HTTP/")) {
      const size_t sp = line.find(' ');
      if (sp != std::string_view::npos) s->code = std::atol(std::string(line.substr(sp + 1, 3)).c_str());
      if (s->code != 200 && s->code != 100) s->sink->second = s->error_body;
    }
    return size;
  }

  std::string scalar(std::string_view sql) {
    std::string value;
    bool got = false;
    query(sql, [&](const Row& r) {
      if (!r.empty() && r[0]) value = std::string(*r[0]);
      got = true;
    }, {});
    if (!got) throw RemoteError(DiagId::ServerAnswerUnreadable, {url_.display, "no row"});
    return value;
  }

  // Owned by a member, not the destructor: a constructor that throws (the server does not
  // answer) must still free it.
  struct Cleanup {
    void operator()(CURL* c) const { curl_easy_cleanup(c); }
  };
  std::unique_ptr<CURL, Cleanup> handle_;
  CURL* curl_ = nullptr;
  std::string base_;
  std::string version_;
};

}  // namespace

std::unique_ptr<Client> connect_clickhouse(const ServerUrl& url, std::size_t host) {
  return std::make_unique<ClickHouseClient>(url, host);
}

}  // namespace clue::remote
