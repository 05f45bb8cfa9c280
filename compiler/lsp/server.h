// clue lsp: the Language Server Protocol over stdin/stdout. One thread: it reads every message
// already waiting before it acts, so a change that supersedes another is seen before the
// older text is checked, and a $/cancelRequest before the request it cancels. A change is
// checked `debounce_ms` after the last keystroke (typing does not check every character);
// a request (hover, completion, ...) on a changed document checks it at once.
#pragma once
#include <chrono>
#include <deque>
#include <map>
#include <memory>
#include <set>
#include <string>

#include "compiler/lsp/analysis.h"
#include "compiler/lsp/documents.h"
#include "compiler/lsp/features.h"
#include "compiler/lsp/transport.h"

namespace clue::lsp {

struct ServerOptions {
  std::string lang;      // "en", "zh", or "" (the client's locale, else LANG)
  int debounce_ms = 30;  // the client may change it: initializationOptions.debounceMs
  bool trace = false;    // one line on stderr per check: how long it took (bench/lsp_edit.mjs)
};

class Server {
 public:
  Server(Transport& t, ServerOptions o) : transport_(t), options_(std::move(o)) {}
  // Serves until `exit` (0 after shutdown, 1 without), the end of input (the same), or a
  // stream that is not LSP's framing (2, U0360 on stderr).
  int run();

 private:
  using Clock = std::chrono::steady_clock;
  struct State {
    std::shared_ptr<Analysis> current;    // the check of `checked_version`
    std::shared_ptr<Analysis> last_good;  // the last check whose model had sources (completion)
    int64_t checked_version = -1;
    bool dirty = false;
    Clock::time_point due;
  };

  void handle(const json& msg);
  void request(const json& id, const std::string& method, const json& params);
  void notification(const std::string& method, const json& params);
  json initialize(const json& params);
  // The check of an open document, made now if its text changed since the last one.
  std::shared_ptr<Analysis> fresh(const std::string& uri);
  void check(const std::string& uri);
  void check_due();
  int next_due_ms() const;
  std::vector<const Analysis*> open_checks();
  void reply(const json& id, json result);
  void reply_error(const json& id, int code, const std::string& message, json data = nullptr);
  void reply_error(const json& id, const RequestError& e);

  Transport& transport_;
  ServerOptions options_;
  Context ctx_;
  Documents docs_;
  std::map<std::string, State> state_;
  std::map<std::string, std::string> open_uris_;  // canonical path -> uri
  std::deque<json> queue_;
  std::set<std::string> cancelled_;  // request ids (dumped) cancelled before they were handled
  bool shutdown_ = false;
  bool exit_ = false;
};

}  // namespace clue::lsp
